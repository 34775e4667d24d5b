"""The run of one single write (an API call, a form): its id, recorded once the write is done.

Each write is a run of its own, so that the data snapshot moves with the data; the run is recorded
once the write is done (even a failed one, which may have written part): recorded before, a reader
could cache the old data under the new snapshot and serve it after the write's answer.

>>> from graph_service.config import Settings
>>> from graph_service.store import open_store
>>> import tempfile, pathlib
>>> with open_store(Settings(db_path=pathlib.Path(tempfile.mkdtemp()) / "x.lbug")) as store:
...     store.init_schema()
...     before = store.snapshot_id()
...     with recorded_run(store, "nothing") as run:
...         pass
...     store.snapshot_id() != before, run.startswith("api@")
(True, True)
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from graph_service.identifiers import run_id
from graph_service.store.port import RunsAndChanges


@contextmanager
def recorded_run(store: RunsAndChanges, summary: str) -> Iterator[str]:
    """A new run id for the writes inside the block, recorded in the store when the block ends."""
    now = datetime.now(UTC)
    run = run_id("api", now)
    try:
        yield run
    finally:
        store.record_import_run(run, "api", now, summary)
