"""One data snapshot per answer: within a scope, the snapshot is read once and shared.

Building one page asks for the data snapshot many times (each territory it names is resolved
through the territory reference, which follows the snapshot). On Neo4j each ask is a round trip;
the API therefore opens a scope per request, and every ask inside it gets the snapshot read first
in that scope, begun after the request arrived. A write recorded inside the scope forgets it, so
what follows sees the write. Outside any scope (the CLI, the background refresher) every ask reads.

>>> reads = iter(["run-1", "run-2", "run-3"])
>>> with one_snapshot():
...     scoped(lambda: next(reads)), scoped(lambda: next(reads))
('run-1', 'run-1')
>>> scoped(lambda: next(reads))
'run-2'
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

_held: ContextVar[dict[str, str] | None] = ContextVar("maillage_snapshot_scope", default=None)


@contextmanager
def one_snapshot() -> Iterator[None]:
    """A scope (a request) in which the snapshot is read once; threads it starts share it."""
    token = _held.set({})
    try:
        yield
    finally:
        _held.reset(token)


def scoped(read: Callable[[], str]) -> str:
    """The scope's snapshot, read by ``read`` the first time; ``read()`` outside a scope."""
    held = _held.get()
    if held is None:
        return read()
    if "snapshot" not in held:
        held["snapshot"] = read()
    return held["snapshot"]


def forget_scoped() -> None:
    """A write landed in this scope: the next ask reads the snapshot again."""
    held = _held.get()
    if held is not None:
        held.pop("snapshot", None)
