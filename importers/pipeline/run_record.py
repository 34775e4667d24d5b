"""The record every import run leaves in the store, whatever its source: its id, a record made
when it starts (so that even a killed import names what it committed), and a record made when it
ends, finished or failed, with its counts.

>>> import tempfile, pathlib
>>> from graph_service.store.embedded import EmbeddedStore
>>> store = EmbeddedStore(pathlib.Path(tempfile.mkdtemp()) / "g.lbug"); store.init_schema()
>>> run = ImportRun("somme")
>>> with run.recorded(store, lambda: "3 created", dry_run=False):
...     store.snapshot_id() == run.id  # under way: recorded, but not yet the data's snapshot
False
>>> store.snapshot_id() == run.id, run.summary("3 created")
(True, '3 created')
>>> store.close()
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

from graph_service.identifiers import run_id
from graph_service.store.port import RunsAndChanges

RUNNING = "running"
"""The summary of a run under way."""

IMPORT_AUTHOR = "import"
"""Who a change an import made is recorded by, when its caller names no one."""


@dataclass
class ImportRun:
    """One import run: its dataset, when it started, and why it stopped early if it did."""

    dataset: str
    started: datetime = field(default_factory=lambda: datetime.now(UTC))
    failure: str | None = None
    """Why the run stopped before its end; its counts then say what was committed."""

    @property
    def id(self) -> str:
        return run_id(self.dataset, self.started)

    def summary(self, counts: str) -> str:
        """The run record's line: the counts, after the failure if there was one."""
        return f"failed ({self.failure}); committed before: {counts}" if self.failure else counts

    @contextmanager
    def recorded(self, store: RunsAndChanges, counts: Callable[[], str], *, dry_run: bool) -> Iterator[None]:
        """Record the run as under way, run the block, then record it as ended with ``counts()``,
        whether the block finished or raised (a dry run records nothing)."""
        if dry_run:
            yield
            return
        store.record_import_run(self.id, self.dataset, self.started, RUNNING, finished=False)
        try:
            yield
        except BaseException as error:
            self.failure = str(error) or type(error).__name__
            raise
        finally:
            store.record_import_run(self.id, self.dataset, self.started, self.summary(counts()))
