"""Every write of an organisation or an alliance recorded with who, when, and its values before
and after; and « Annuler »: a write undone by putting back what it changed, itself recorded.

A write is one run (:func:`graph_service.writes.recorded_run`) that may change several entities
(deleting an organisation takes it out of its alliances and dissolves those left with one member):
each entity changed gets its record, and undoing a change undoes its whole run, latest first.
A change is undone only while what it wrote is still there: an entity changed again since must be
undone from its latest change first (409 otherwise), so that an undo never erases later work.

>>> import tempfile, pathlib
>>> from graph_service.store.embedded import EmbeddedStore
>>> from graph_service.model import Organisation
>>> from graph_service import writes
>>> store = EmbeddedStore(pathlib.Path(tempfile.mkdtemp()) / "g.lbug"); store.init_schema()
>>> created = writes.put_organisation(store, Organisation(id="t:a", name="A", world="association"),
...                                   author="claire@example.fr")
>>> [(c.action.value, c.author) for c in store.list_changes(entity_id="t:a").items]
[('create', 'claire@example.fr')]
>>> undone = undo(store, store.list_changes(entity_id="t:a").items[0].id, "admin@example.fr")
>>> [c.action.value for c in undone], store.existing_organisation_ids(["t:a"])
(['delete'], set())
>>> store.close()
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from graph_service.errors import ConstraintViolation, NotFound
from graph_service.model import (
    Alliance,
    ChangeAction,
    ChangeRecord,
    EntityKind,
    MembershipEdge,
    Organisation,
    location_key,
)
from graph_service.store.port import ReadWriteStore, TerritoryReads
from graph_service.write_run import recorded_run

VOLATILE = ("run",)
"""Fields a write stamps on every value it touches: not a change of the entity."""


def territories_of_communes(store: TerritoryReads, communes: Iterable[str | None]) -> set[str]:
    """The keys of these communes and of every territory above them."""
    keys: set[str] = set()
    for commune in {c for c in communes if c}:
        key = location_key(commune)
        try:
            view = store.get_territory(key)
        except NotFound:
            continue
        keys |= {key, *(territory.key for territory in view.ancestors)}
    return keys


def current_value(store: ReadWriteStore, kind: EntityKind, entity_id: str) -> dict[str, Any] | None:
    """An organisation or alliance as JSON, as a change records it (None when absent)."""
    if kind is EntityKind.ORGANISATION:
        found = store.get_organisations([entity_id])
        return _comparable(found[0].model_dump(mode="json")) if found else None
    try:
        return _comparable(store.get_alliance(entity_id).model_dump(mode="json"))
    except NotFound:
        return None


def _comparable(value: dict[str, Any]) -> dict[str, Any]:
    return {key: item for key, item in value.items() if key not in VOLATILE}


def _territories(store: ReadWriteStore, kind: EntityKind, values: list[dict[str, Any] | None]) -> list[str]:
    present = [v for v in values if v]
    if kind is EntityKind.ORGANISATION:
        communes = [v.get("commune") for v in present]
    else:
        members = {m["organisation_id"] for v in present for m in v.get("members", [])}
        communes = [o.commune for o in store.get_organisations(sorted(members))]
    return sorted(territories_of_communes(store, communes))


def record(
    store: ReadWriteStore,
    kind: EntityKind,
    entity_id: str,
    before: dict[str, Any] | None,
    *,
    run: str,
    author: str,
    undoes: str | None = None,
) -> ChangeRecord | None:
    """Record what a write did to one entity (read now, after it); None when it changed nothing."""
    after = current_value(store, kind, entity_id)
    if before == after:
        return None
    action = (
        ChangeAction.CREATE
        if before is None
        else ChangeAction.DELETE
        if after is None
        else ChangeAction.UPDATE
    )
    change = ChangeRecord(
        id=secrets.token_hex(8),
        at=datetime.now(UTC),
        author=author,
        action=action,
        kind=kind,
        entity_id=entity_id,
        territories=_territories(store, kind, [before, after]),
        run=run,
        before=before,
        after=after,
        undoes=undoes,
    )
    store.record_change(change)
    return change


def write_exact_organisation(
    store: ReadWriteStore, organisation: Organisation, run: str, existed: bool
) -> None:
    """Make the organisation exactly ``organisation``: without a catalyst profile, the one it
    had is removed (an upsert alone keeps it)."""
    store.upsert_organisations([organisation], run)
    if organisation.catalyst is None and existed:
        store.remove_catalyst(organisation.id, run)


def write_exact_alliance(store: ReadWriteStore, alliance: Alliance, run: str, existed: bool) -> None:
    """Make the alliance exactly ``alliance``, with exactly its members (an upsert alone keeps
    the others); a member no longer in the store is left out."""
    if existed:
        store.delete_alliance(alliance.id)
    present = store.existing_organisation_ids([m.organisation_id for m in alliance.members])
    store.upsert_alliances([alliance.info], run)
    edges = [
        MembershipEdge(organisation_id=m.organisation_id, alliance_id=alliance.id, role=m.role)
        for m in alliance.members
        if m.organisation_id in present
    ]
    store.upsert_memberships(edges, alliance.source, run)


def _put_back(store: ReadWriteStore, change: ChangeRecord, run: str) -> None:
    """Make the entity what it was before ``change`` (absent if it was)."""
    exists = current_value(store, change.kind, change.entity_id) is not None
    if change.kind is EntityKind.ORGANISATION:
        if change.before is not None:
            write_exact_organisation(store, Organisation.model_validate(change.before), run, exists)
        elif exists:
            store.delete_organisation(change.entity_id)
        return
    if change.before is not None:
        # An alliance is put back with exactly its members of before: none added since is kept.
        write_exact_alliance(store, Alliance.model_validate(change.before), run, exists)
    elif exists:
        store.delete_alliance(change.entity_id)


def undo(store: ReadWriteStore, change_id: str, author: str) -> list[ChangeRecord]:
    """Undo the write (the run) ``change_id`` belongs to; the changes this makes, recorded.

    Raises NotFound for an unknown change, ConstraintViolation when an entity it wrote has changed
    since (undo the later change first)."""
    change = store.get_change(change_id)
    changes = store.list_changes(run=change.run, limit=1_000).items  # newest first
    for done in changes:
        if current_value(store, done.kind, done.entity_id) != done.after:
            raise ConstraintViolation(
                f"{done.kind.value} {done.entity_id} has changed since change {done.id}: "
                "undo its later changes first"
            )
    made: list[ChangeRecord] = []
    # Organisations first: an alliance put back needs its members there.
    ordered = sorted(changes, key=lambda c: c.kind is not EntityKind.ORGANISATION)
    with recorded_run(store, f"undo {change.run}") as run:
        for done in ordered:
            before = current_value(store, done.kind, done.entity_id)
            _put_back(store, done, run)
            again = record(store, done.kind, done.entity_id, before, run=run, author=author, undoes=done.id)
            made += [again] if again else []
    return made
