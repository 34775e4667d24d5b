"""The write path every API write takes: one run per write (:mod:`graph_service.write_run`),
upsert or delete, record the change (:mod:`graph_service.history`), then read back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from graph_service.errors import ConstraintViolation, InvalidInput, NotFound
from graph_service.history import (
    current_value,
    current_values,
    record,
    record_all,
    write_exact_alliance,
    write_exact_organisation,
)
from graph_service.model import Alliance, CatalystProfile, EntityKind, MembershipEdge, Organisation
from graph_service.store.port import ReadWriteStore
from graph_service.write_run import recorded_run

T = TypeVar("T")
ANONYMOUS = "api"
"""The author of a write whose caller named none."""


@dataclass(frozen=True)
class Written(Generic[T]):
    """What a write left in the store, read back, and the run that wrote it."""

    value: T
    run: str


def create_organisation(
    store: ReadWriteStore, organisation: Organisation, *, author: str = ANONYMOUS
) -> Written[Organisation]:
    """A new organisation; one with the same id is a conflict."""
    if store.existing_organisation_ids([organisation.id]):
        raise ConstraintViolation(f"organisation {organisation.id} already exists; use PUT to change it")
    return put_organisation(store, organisation, "create", author=author)


def put_organisation(
    store: ReadWriteStore,
    organisation: Organisation,
    action: str = "put",
    *,
    author: str = ANONYMOUS,
    catalyst_as_given: bool = False,
) -> Written[Organisation]:
    """The organisation created or replaced. Its catalyst profile is kept when it comes without
    one (the API manages profiles at ``/catalyst``), unless ``catalyst_as_given``: then no profile
    removes the one it had, in the same recorded run (the page's form ticks it on and off)."""
    before = current_value(store, EntityKind.ORGANISATION, organisation.id)
    with recorded_run(store, f"{action} organisation {organisation.id}") as run:
        if catalyst_as_given:
            write_exact_organisation(store, organisation, run, existed=before is not None)
        else:
            store.upsert_organisations([organisation], run)
        record(store, EntityKind.ORGANISATION, organisation.id, before, run=run, author=author)
    return Written(store.get_organisation(organisation.id), run)


def delete_organisation(
    store: ReadWriteStore, organisation_id: str, *, author: str = ANONYMOUS
) -> Written[list[str]]:
    """The organisation removed; the value is the alliances it left with fewer than two members."""
    before = current_value(store, EntityKind.ORGANISATION, organisation_id)
    if before is None:
        raise NotFound("organisation", organisation_id)
    # Its alliances change too (a member less, or dissolved): each is recorded, to be put back.
    alliances = current_values(
        store, EntityKind.ALLIANCE, store.alliance_ids_of_organisations([organisation_id])
    )
    with recorded_run(store, f"delete organisation {organisation_id}") as run:
        dissolved = store.delete_organisation(organisation_id)
        record(store, EntityKind.ORGANISATION, organisation_id, before, run=run, author=author)
        record_all(store, EntityKind.ALLIANCE, alliances, run=run, author=author)
    return Written(dissolved, run)


def put_catalyst(
    store: ReadWriteStore, organisation_id: str, profile: CatalystProfile, *, author: str = ANONYMOUS
) -> Written[Organisation]:
    """The organisation made a catalyst of the territories named (by code or key, at any level)."""
    before = current_value(store, EntityKind.ORGANISATION, organisation_id)
    if before is None:
        raise NotFound("organisation", organisation_id)
    resolved = profile.model_copy(
        update={"territories": sorted({store.resolve_territory(t) for t in profile.territories})}
    )
    with recorded_run(store, f"catalyst {organisation_id}") as run:
        store.upsert_catalysts({organisation_id: resolved}, "api", run)
        record(store, EntityKind.ORGANISATION, organisation_id, before, run=run, author=author)
    return Written(store.get_organisation(organisation_id), run)


def remove_catalyst(store: ReadWriteStore, organisation_id: str, *, author: str = ANONYMOUS) -> Written[str]:
    """The organisation's catalyst profile removed; the organisation stays."""
    before = current_value(store, EntityKind.ORGANISATION, organisation_id)
    if before is None:
        raise NotFound("organisation", organisation_id)
    with recorded_run(store, f"remove catalyst {organisation_id}") as run:
        store.remove_catalyst(organisation_id, run)
        record(store, EntityKind.ORGANISATION, organisation_id, before, run=run, author=author)
    return Written(organisation_id, run)


def create_alliance(
    store: ReadWriteStore, alliance: Alliance, *, author: str = ANONYMOUS
) -> Written[Alliance]:
    """A new alliance with its members; one with the same id is a conflict."""
    if store.existing_alliance_ids([alliance.id]):
        raise ConstraintViolation(f"alliance {alliance.id} already exists; use PUT to change it")
    return put_alliance(store, alliance, "create", author=author)


def _check_members(store: ReadWriteStore, alliance: Alliance) -> None:
    """422 when a member is no known organisation, before anything is written."""
    member_ids = {m.organisation_id for m in alliance.members}
    missing = member_ids - store.existing_organisation_ids(member_ids)
    if missing:
        raise InvalidInput(f"members: unknown organisation(s) {', '.join(sorted(missing))}")


def put_alliance(
    store: ReadWriteStore, alliance: Alliance, action: str = "put", *, author: str = ANONYMOUS
) -> Written[Alliance]:
    """The alliance created or updated; members are added or their roles updated, others kept."""
    _check_members(store, alliance)
    edges = [
        MembershipEdge(organisation_id=m.organisation_id, alliance_id=alliance.id, role=m.role)
        for m in alliance.members
    ]
    before = current_value(store, EntityKind.ALLIANCE, alliance.id)
    with recorded_run(store, f"{action} alliance {alliance.id}") as run:
        store.upsert_alliances([alliance.info], run)
        store.upsert_memberships(edges, alliance.source, run)
        record(store, EntityKind.ALLIANCE, alliance.id, before, run=run, author=author)
    return Written(store.get_alliance(alliance.id), run)


def replace_alliance(
    store: ReadWriteStore, alliance: Alliance, *, author: str = ANONYMOUS
) -> Written[Alliance]:
    """The alliance made exactly ``alliance``: members it no longer lists leave it (where
    :func:`put_alliance` keeps them), in one recorded run that an undo puts back."""
    _check_members(store, alliance)
    before = current_value(store, EntityKind.ALLIANCE, alliance.id)
    with recorded_run(store, f"replace alliance {alliance.id}") as run:
        write_exact_alliance(store, alliance, run, existed=before is not None)
        record(store, EntityKind.ALLIANCE, alliance.id, before, run=run, author=author)
    return Written(store.get_alliance(alliance.id), run)


def delete_alliance(store: ReadWriteStore, alliance_id: str, *, author: str = ANONYMOUS) -> Written[str]:
    """The alliance removed with its memberships."""
    before = current_value(store, EntityKind.ALLIANCE, alliance_id)
    if before is None:
        raise NotFound("alliance", alliance_id)
    with recorded_run(store, f"delete alliance {alliance_id}") as run:
        store.delete_alliance(alliance_id)
        record(store, EntityKind.ALLIANCE, alliance_id, before, run=run, author=author)
    return Written(alliance_id, run)
