"""« Annuler »: a write undone by putting back what its run changed, itself recorded as a run.

Every entity the run changed is put back as it was before the run's first change of it (an
alliance with exactly its members of then), in batches read and written in bulk, so that an
import's thousands of changes are undone as an API call's one. A run is undone only while what it
wrote is still there: an entity changed again since must be undone from its latest change first
(409 otherwise), so that an undo never erases later work.

>>> import tempfile, pathlib
>>> from graph_service.store.embedded import EmbeddedStore
>>> from graph_service.history import recorded_write
>>> store = EmbeddedStore(pathlib.Path(tempfile.mkdtemp()) / "g.lbug"); store.init_schema()
>>> batch = [Organisation(id=f"t:{n}", name=f"O{n}", world="association") for n in range(3)]
>>> ids = [o.id for o in batch]
>>> write = lambda: store.upsert_organisations(batch, "import-1")
>>> counts = recorded_write(store, EntityKind.ORGANISATION, ids, write, run="import-1", author="cli")
>>> undone = undo(store, store.list_changes(run="import-1").items[0].id, "admin@example.fr")
>>> sorted((c.entity_id, c.action.value) for c in undone), store.existing_organisation_ids(ids)
([('t:0', 'delete'), ('t:1', 'delete'), ('t:2', 'delete')], set())
>>> store.close()
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from graph_service.errors import ConstraintViolation
from graph_service.history import READ_CHUNK, current_values, record_all, write_exact_alliance
from graph_service.model import Alliance, ChangeRecord, EntityKind, OpenDataTie, Organisation, tie_entity_id
from graph_service.progress import SILENT, Progress
from graph_service.store.port import ReadWriteStore
from graph_service.store.sync_engine import chunked
from graph_service.write_run import recorded_run

Value = dict[str, Any]


Latest = dict[tuple[EntityKind, str], tuple[ChangeRecord, ChangeRecord]]
"""Each entity's latest and first change of a run."""


def run_changes(store: ReadWriteStore, run: str) -> list[ChangeRecord]:
    """Every change of a run, newest first, read page by page (an import's may be thousands)."""
    changes: list[ChangeRecord] = []
    while True:
        page = store.list_changes(run=run, offset=len(changes), limit=READ_CHUNK)
        changes += page.items
        if not page.items or len(changes) >= page.total:
            return changes


def _latest_and_first(changes: list[ChangeRecord]) -> Latest:
    """Each entity's latest change of a run and its first (an import may write one twice)."""
    found: Latest = {}
    for change in changes:  # newest first
        key = (change.kind, change.entity_id)
        found[key] = (found[key][0] if key in found else change, change)
    return found


def undo(
    store: ReadWriteStore, change_id: str, author: str, progress: Progress = SILENT
) -> list[ChangeRecord]:
    """Undo the write (the run) ``change_id`` belongs to, an import's thousands of changes as an
    API call's one; the changes this makes, recorded.

    Raises NotFound for an unknown change, ConstraintViolation when an entity it wrote has changed
    since (undo the later change first)."""
    change = store.get_change(change_id)
    entities = _latest_and_first(run_changes(store, change.run))
    for kind in EntityKind:
        mine = {i: latest for (k, i), (latest, _) in entities.items() if k is kind}
        now = current_values(store, kind, mine)
        for entity_id, latest in mine.items():
            if now[entity_id] != latest.after:
                raise ConstraintViolation(
                    f"{kind.value} {entity_id} has changed since change {latest.id}: "
                    "undo its later changes first"
                )
    restore = {key: first.before for key, (_, first) in entities.items()}
    undoes = {i: latest.id for (_, i), (latest, _) in entities.items()}
    with recorded_run(store, f"undo {change.run}") as run:
        put_back = PutBack(store, run, author, undoes, progress)
        # Organisations back first (an alliance put back needs its members), alliances next, and
        # the organisations the run created last (deleting one first could dissolve an alliance).
        put_back.organisations({i: v for (k, i), v in restore.items() if k is EntityKind.ORGANISATION and v})
        put_back.alliances({i: v for (k, i), v in restore.items() if k is EntityKind.ALLIANCE})
        put_back.ties({i: v for (k, i), v in restore.items() if k is EntityKind.TIE})
        put_back.remove_organisations(
            [i for (k, i), v in restore.items() if k is EntityKind.ORGANISATION and not v]
        )
    return put_back.made


class PutBack:
    """Entities made again what they were, batch by batch, each batch recorded as undoing."""

    def __init__(
        self, store: ReadWriteStore, run: str, author: str, undoes: dict[str, str], progress: Progress
    ) -> None:
        self.store, self.run, self.author, self.undoes, self.progress = store, run, author, undoes, progress
        self.made: list[ChangeRecord] = []

    def organisations(self, values: dict[str, Value]) -> None:
        """Organisations given back their values (a catalyst profile they lacked, removed)."""
        for chunk in self._chunks("organisations put back", sorted(values)):
            befores = current_values(self.store, EntityKind.ORGANISATION, chunk)
            wanted = [Organisation.model_validate(values[i]) for i in chunk]
            self.store.upsert_organisations(wanted, self.run)
            for organisation in wanted:
                if organisation.catalyst is None and (befores[organisation.id] or {}).get("catalyst"):
                    self.store.remove_catalyst(organisation.id, self.run)
            self._record(EntityKind.ORGANISATION, befores)

    def alliances(self, values: dict[str, Value | None]) -> None:
        """Alliances given back their values and exactly their members, or removed (None)."""
        for chunk in self._chunks("alliances put back", sorted(values)):
            befores = current_values(self.store, EntityKind.ALLIANCE, chunk)
            self.store.delete_alliances([i for i in chunk if values[i] is None])
            for alliance_id in chunk:
                value = values[alliance_id]
                if value is not None:
                    alliance = Alliance.model_validate(value)
                    write_exact_alliance(self.store, alliance, self.run, befores[alliance_id] is not None)
            self._record(EntityKind.ALLIANCE, befores)

    def ties(self, values: dict[str, Value | None]) -> None:
        """Subsidies and contracts given back their values, or removed (None)."""
        for chunk in self._chunks("subsidies and contracts put back", sorted(values)):
            befores = current_values(self.store, EntityKind.TIE, chunk)
            wanted = [OpenDataTie.model_validate(values[i]) for i in chunk if values[i] is not None]
            present = [OpenDataTie.model_validate(befores[i]) for i in chunk if befores[i] is not None]
            self.store.delete_open_data_ties(
                [tie for tie in present if values[tie_entity_id(tie.source_id, tie.key)] is None]
            )
            if wanted:
                self.store.upsert_open_data_ties(wanted, self.run)
            self._record(EntityKind.TIE, befores)

    def remove_organisations(self, ids: Sequence[str]) -> None:
        """Organisations the run created, removed; the alliances they were in since, recorded."""
        for chunk in self._chunks("organisations removed", sorted(ids)):
            befores = current_values(self.store, EntityKind.ORGANISATION, chunk)
            alliances = current_values(
                self.store, EntityKind.ALLIANCE, self.store.alliance_ids_of_organisations(chunk)
            )
            self.store.delete_organisations(chunk)
            self._record(EntityKind.ORGANISATION, befores)
            self._record(EntityKind.ALLIANCE, alliances)

    def _chunks(self, label: str, ids: list[str]) -> Iterator[Sequence[str]]:
        with self.progress.task(label, total=len(ids)) as advance:
            for chunk in chunked(ids, READ_CHUNK):
                yield chunk
                advance(len(chunk))

    def _record(self, kind: EntityKind, befores: dict[str, Value | None]) -> None:
        self.made += record_all(
            self.store, kind, befores, run=self.run, author=self.author, undoes=self.undoes
        )
