"""A read that many threads share without ever answering from before they asked.

Every answer of the API checks the data snapshot first. On Neo4j that is a round trip to the
server, and 50 clients at once would make 50 of them, queued on the driver and the GIL. A
:class:`CoalescedRead` lets the callers that arrive while no read has started yet share the next
one: each caller gets the answer of a read that *began after it arrived*, so a write committed
before a request came in is always seen, as with one read per request, while a burst of requests
costs one or two reads instead of one each.

>>> calls = []
>>> read = CoalescedRead(lambda: calls.append(1) or len(calls))
>>> read(), read()
(1, 2)
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future
from typing import Generic, TypeVar

T = TypeVar("T")


class CoalescedRead(Generic[T]):
    """Calls ``read`` for the callers waiting for a read that has not begun, one call at a time."""

    def __init__(self, read: Callable[[], T]) -> None:
        self._read = read
        self._changed = threading.Condition()
        self._pending: Future[T] | None = None
        """The next read, not begun yet: a caller arriving now may share it."""
        self._running = False

    def __call__(self) -> T:
        with self._changed:
            leader = self._pending is None
            if leader:
                self._pending = Future()
            shared = self._pending
            assert shared is not None
            if leader:
                while self._running:
                    self._changed.wait()
                self._running = True
                # From here on the read has begun: later callers wait for the next one.
                self._pending = None
        if not leader:
            return shared.result()
        try:
            shared.set_result(self._read())
        except BaseException as error:  # every caller sharing the read gets its error
            shared.set_exception(error)
        finally:
            with self._changed:
                self._running = False
                self._changed.notify_all()
        return shared.result()
