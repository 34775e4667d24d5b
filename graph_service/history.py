"""Every write of an organisation or an alliance recorded with who, when, and its values before
and after; undone by :mod:`graph_service.undo`.

A write is one run (:func:`graph_service.write_run.recorded_run`) that may change several entities
(deleting an organisation takes it out of its alliances and dissolves those left with one member;
an import writes thousands): each entity changed gets its record. An import records its batches
with :func:`recorded_write`, their values read in bulk before and after.

>>> import tempfile, pathlib
>>> from graph_service.store.embedded import EmbeddedStore
>>> from graph_service.model import Organisation
>>> from graph_service import writes
>>> store = EmbeddedStore(pathlib.Path(tempfile.mkdtemp()) / "g.lbug"); store.init_schema()
>>> created = writes.put_organisation(store, Organisation(id="t:a", name="A", world="association"),
...                                   author="claire@example.fr")
>>> [(c.action.value, c.author) for c in store.list_changes(entity_id="t:a").items]
[('create', 'claire@example.fr')]
>>> batch = [Organisation(id="t:a", name="A bis", world="association"),
...          Organisation(id="t:b", name="B", world="entreprise")]
>>> write = lambda: store.upsert_organisations(batch, "import-1")
>>> ids = ["t:a", "t:b"]
>>> changed = recorded_write(store, EntityKind.ORGANISATION, ids, write, run="import-1", author="cli")
>>> sorted((c.entity_id, c.action.value) for c in store.list_changes(run="import-1").items)
[('t:a', 'update'), ('t:b', 'create')]
>>> store.close()
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any, TypeVar

from graph_service.errors import NotFound
from graph_service.model import (
    Alliance,
    ChangeAction,
    ChangeRecord,
    EntityKind,
    MembershipEdge,
    Organisation,
    location_key,
    tie_ends,
    tie_entity_id,
)
from graph_service.store.port import ReadWriteStore, TerritoryReads
from graph_service.store.sync_engine import chunked

T = TypeVar("T")
READ_CHUNK = 1_000
"""Entities read by one statement when a batch's values are read before and after."""

VOLATILE = ("run",)
"""Fields a write stamps on every value it touches: not a change of the entity."""


def territories_of_communes(store: TerritoryReads, communes: Iterable[str | None]) -> set[str]:
    """The keys of these communes and of every territory above them."""
    return _Places(store).of(communes)


class _Places:
    """The territories above communes, each commune read once however many changes lie there."""

    def __init__(self, store: TerritoryReads) -> None:
        self.store = store
        self._above: dict[str, set[str]] = {}

    def of(self, communes: Iterable[str | None]) -> set[str]:
        keys: set[str] = set()
        for commune in {c for c in communes if c}:
            if commune not in self._above:
                self._above[commune] = self._read(commune)
            keys |= self._above[commune]
        return keys

    def _read(self, commune: str) -> set[str]:
        key = location_key(commune)
        try:
            view = self.store.get_territory(key)
        except NotFound:
            return set()
        return {key, *(territory.key for territory in view.ancestors)}


def current_values(
    store: ReadWriteStore, kind: EntityKind, entity_ids: Iterable[str]
) -> dict[str, dict[str, Any] | None]:
    """Organisations, alliances or open-data ties as JSON, as a change records them (None when
    absent), by id."""
    ids = sorted(set(entity_ids))
    found: dict[str, dict[str, Any]] = {}
    for chunk in chunked(ids, READ_CHUNK):
        if kind is EntityKind.TIE:
            ties = store.open_data_ties_by_key([tie_ends(i) for i in chunk])
            found |= {tie_entity_id(t.source_id, t.key): t.model_dump(mode="json") for t in ties}
            continue
        read = store.get_organisations if kind is EntityKind.ORGANISATION else store.get_alliances
        found |= {entity.id: _comparable(entity.model_dump(mode="json")) for entity in read(chunk)}
    return {entity_id: found.get(entity_id) for entity_id in ids}


def current_value(store: ReadWriteStore, kind: EntityKind, entity_id: str) -> dict[str, Any] | None:
    """An organisation or alliance as JSON, as a change records it (None when absent)."""
    return current_values(store, kind, [entity_id])[entity_id]


def _comparable(value: dict[str, Any]) -> dict[str, Any]:
    return {key: item for key, item in value.items() if key not in VOLATILE}


def _parties(value: dict[str, Any]) -> list[str]:
    """The organisations an alliance (its members) or an open-data tie (its two ends) lies between."""
    if "members" in value:
        return [member["organisation_id"] for member in value["members"]]
    return [value[end] for end in ("source_id", "target_id") if end in value]


def _party_communes(store: ReadWriteStore, values: Iterable[dict[str, Any] | None]) -> dict[str, str | None]:
    parties = sorted({party for v in values if v for party in _parties(v)})
    return {o.id: o.commune for chunk in chunked(parties, READ_CHUNK) for o in store.get_organisations(chunk)}


def record_all(
    store: ReadWriteStore,
    kind: EntityKind,
    befores: dict[str, dict[str, Any] | None],
    *,
    run: str,
    author: str,
    undoes: dict[str, str] | None = None,
) -> list[ChangeRecord]:
    """Record what a write did to each entity of ``befores`` (its value before, by id), read now,
    after it; the entities it did not change are left out. ``undoes``: the change each undid."""
    afters = current_values(store, kind, befores)
    changed = {i: (before, afters[i]) for i, before in befores.items() if before != afters[i]}
    places = _Places(store)
    communes = _party_communes(store, (v for pair in changed.values() for v in pair))
    now = datetime.now(UTC)
    changes = []
    for entity_id, (before, after) in changed.items():
        present = [v for v in (before, after) if v]
        if kind is EntityKind.ORGANISATION:
            where = [v.get("commune") for v in present]
        else:
            where = [communes.get(party) for v in present for party in _parties(v)]
        changes.append(
            ChangeRecord(
                id=secrets.token_hex(8),
                at=now,
                author=author,
                action=_action(before, after),
                kind=kind,
                entity_id=entity_id,
                territories=sorted(places.of(where)),
                run=run,
                before=before,
                after=after,
                undoes=(undoes or {}).get(entity_id),
            )
        )
    store.record_changes(changes)
    return changes


def _action(before: dict[str, Any] | None, after: dict[str, Any] | None) -> ChangeAction:
    if before is None:
        return ChangeAction.CREATE
    return ChangeAction.DELETE if after is None else ChangeAction.UPDATE


def record(
    store: ReadWriteStore,
    kind: EntityKind,
    entity_id: str,
    before: dict[str, Any] | None,
    *,
    run: str,
    author: str,
) -> ChangeRecord | None:
    """Record what a write did to one entity (read now, after it); None when it changed nothing."""
    made = record_all(store, kind, {entity_id: before}, run=run, author=author)
    return made[0] if made else None


def recorded_write(
    store: ReadWriteStore,
    kind: EntityKind,
    entity_ids: Iterable[str],
    write: Callable[[], T],
    *,
    run: str,
    author: str | None,
) -> T:
    """Run ``write`` and record what it did to these entities (an import's batch): their values
    read in bulk before and after. No author: a bulk load the operator chose not to record
    (``maillage import --no-history``), written alone."""
    if author is None:
        return write()
    befores = current_values(store, kind, entity_ids)
    result = write()
    record_all(store, kind, befores, run=run, author=author)
    return result


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
