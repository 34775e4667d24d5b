"""The write path every API write takes: record the run, then upsert or delete, then read back.

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
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Generic, TypeVar

from graph_service.errors import ConstraintViolation, InvalidInput
from graph_service.identifiers import run_id
from graph_service.model import Alliance, CatalystProfile, MembershipEdge, Organisation
from graph_service.store.port import ReadWriteStore

T = TypeVar("T")


@dataclass(frozen=True)
class Written(Generic[T]):
    """What a write left in the store, read back, and the run that wrote it."""

    value: T
    run: str


@contextmanager
def recorded_run(store: ReadWriteStore, summary: str) -> Iterator[str]:
    """A new run id for the writes inside the block, recorded in the store when the block ends."""
    now = datetime.now(UTC)
    run = run_id("api", now)
    try:
        yield run
    finally:
        store.record_import_run(run, "api", now, summary)


def create_organisation(store: ReadWriteStore, organisation: Organisation) -> Written[Organisation]:
    """A new organisation; one with the same id is a conflict."""
    if store.existing_organisation_ids([organisation.id]):
        raise ConstraintViolation(f"organisation {organisation.id} already exists; use PUT to change it")
    return put_organisation(store, organisation, "create")


def put_organisation(
    store: ReadWriteStore, organisation: Organisation, action: str = "put"
) -> Written[Organisation]:
    """The organisation created or replaced."""
    with recorded_run(store, f"{action} organisation {organisation.id}") as run:
        store.upsert_organisations([organisation], run)
    return Written(store.get_organisation(organisation.id), run)


def delete_organisation(store: ReadWriteStore, organisation_id: str) -> Written[list[str]]:
    """The organisation removed; the value is the alliances it left with fewer than two members."""
    store.get_organisation(organisation_id)
    with recorded_run(store, f"delete organisation {organisation_id}") as run:
        dissolved = store.delete_organisation(organisation_id)
    return Written(dissolved, run)


def put_catalyst(
    store: ReadWriteStore, organisation_id: str, profile: CatalystProfile
) -> Written[Organisation]:
    """The organisation made a catalyst of the territories named (by code or key, at any level)."""
    store.get_organisation(organisation_id)
    resolved = profile.model_copy(
        update={"territories": sorted({store.resolve_territory(t) for t in profile.territories})}
    )
    with recorded_run(store, f"catalyst {organisation_id}") as run:
        store.upsert_catalysts({organisation_id: resolved}, "api", run)
    return Written(store.get_organisation(organisation_id), run)


def remove_catalyst(store: ReadWriteStore, organisation_id: str) -> Written[str]:
    """The organisation's catalyst profile removed; the organisation stays."""
    store.get_organisation(organisation_id)
    with recorded_run(store, f"remove catalyst {organisation_id}") as run:
        store.remove_catalyst(organisation_id, run)
    return Written(organisation_id, run)


def create_alliance(store: ReadWriteStore, alliance: Alliance) -> Written[Alliance]:
    """A new alliance with its members; one with the same id is a conflict."""
    if store.existing_alliance_ids([alliance.id]):
        raise ConstraintViolation(f"alliance {alliance.id} already exists; use PUT to change it")
    return put_alliance(store, alliance, "create")


def put_alliance(store: ReadWriteStore, alliance: Alliance, action: str = "put") -> Written[Alliance]:
    """The alliance created or updated; members are added or their roles updated, others kept."""
    member_ids = {m.organisation_id for m in alliance.members}
    missing = member_ids - store.existing_organisation_ids(member_ids)
    if missing:
        raise InvalidInput(f"members: unknown organisation(s) {', '.join(sorted(missing))}")
    edges = [
        MembershipEdge(organisation_id=m.organisation_id, alliance_id=alliance.id, role=m.role)
        for m in alliance.members
    ]
    with recorded_run(store, f"{action} alliance {alliance.id}") as run:
        store.upsert_alliances([alliance.info], run)
        store.upsert_memberships(edges, alliance.source, run)
    return Written(store.get_alliance(alliance.id), run)


def delete_alliance(store: ReadWriteStore, alliance_id: str) -> Written[str]:
    """The alliance removed with its memberships."""
    store.get_alliance(alliance_id)
    with recorded_run(store, f"delete alliance {alliance_id}") as run:
        store.delete_alliance(alliance_id)
    return Written(alliance_id, run)
