"""Entity writes: upserts and deletions of territories, organisations, catalysts, alliances and
memberships, each recording which territories it touched (:class:`~graph_service.store.changes.ChangeLog`)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager

from graph_service.errors import InvalidInput, NotFound, StoreError
from graph_service.model import (
    AllianceInfo,
    CatalystProfile,
    MembershipEdge,
    OpenDataTie,
    Organisation,
    Territory,
    TerritoryLevel,
    WriteCounts,
    location_key,
)
from graph_service.store import kinds, statements
from graph_service.store.changes import ChangeLog
from graph_service.store.entity_reads import MIN_MEMBERS, EntityQueries
from graph_service.store.records import (
    alliance_row,
    catalyst_row,
    organisation_row,
    territory_row,
)
from graph_service.store.sync_engine import SyncEngine, chunked
from graph_service.store.territory_reads import TerritoryQueries

TOUCH_REACH_MAX = 1_000
"""Organisations and alliances a write may name before it counts as touching every territory."""


class GraphWriter:
    """Writes through the sync engine, with the territories they touch recorded in ``changes``."""

    def __init__(
        self, engine: SyncEngine, territories: TerritoryQueries, entities: EntityQueries, changes: ChangeLog
    ) -> None:
        self.engine = engine
        self.territories = territories
        self.entities = entities
        self.changes = changes

    def _require_organisations(self, ids: Iterable[str], why: str) -> None:
        wanted = set(ids)
        missing = wanted - self.entities.existing_organisation_ids(wanted)
        if missing:
            raise InvalidInput(f"{why}: unknown organisation(s) {', '.join(sorted(missing)[:10])}")

    @contextmanager
    def _touching(self, organisations: Iterable[str] = (), alliances: Iterable[str] = ()) -> Iterator[None]:
        """Record in :attr:`changes` the territories the write inside touches: those of the
        organisations and alliances named and of their partners, before and after, with their
        ancestors; everything when it names too many to be worth working out."""
        named = (sorted(set(organisations)), sorted(set(alliances)))
        before = self._reach(*named)
        try:
            yield
        finally:
            try:
                after = self._reach(*named)
            except StoreError:
                after = None
            self.changes.touch(
                None if before is None or after is None else self.territories.with_ancestors(before | after)
            )

    def _reach(self, organisations: list[str], alliances: list[str]) -> set[str] | None:
        if len(organisations) + len(alliances) > TOUCH_REACH_MAX:
            return None
        records = [
            *self.engine.read_by_ids(statements.ORGANISATION_REACH, organisations),
            *self.engine.read_by_ids(statements.ALLIANCE_REACH, alliances),
        ]
        return {record["key"] for record in records if record["key"]}

    def upsert_territories(self, territories: Sequence[Territory], run: str) -> WriteCounts:
        parent_keys = {link.key for territory in territories for link in territory.parents}
        member_keys = {key for territory in territories for key in territory.members}
        own_keys = {territory.key for territory in territories}
        self.territories.require_territories(parent_keys - own_keys, "PART_OF parent")
        self.territories.require_territories(member_keys - own_keys, "area member")
        try:
            return self._upsert_territories(territories, own_keys, run)
        finally:
            self.territories.forget_territories()
            self.changes.touch(None)

    def _upsert_territories(
        self, territories: Sequence[Territory], own_keys: set[str], run: str
    ) -> WriteCounts:
        nodes = self.engine.sync_nodes(kinds.TERRITORY, (territory_row(t, run) for t in territories))
        links = [
            {"from_key": t.key, "to_key": link.key, "partial": link.partial, "source": t.source, "run": run}
            for t in territories
            for link in t.parents
        ]
        parents = self.engine.sync_relationships(kinds.PART_OF, links, own_keys)
        areas = [t for t in territories if t.level is TerritoryLevel.PROJET]
        members = [
            {"from_key": key, "to_key": area.key, "partial": False, "source": area.source, "run": run}
            for area in areas
            for key in area.members
        ]
        gathered = self.engine.sync_relationships(kinds.AREA_MEMBER, members, {area.key for area in areas})
        return self.engine.owner_counts(nodes, parents, gathered)

    def upsert_organisations(self, organisations: Sequence[Organisation], run: str) -> WriteCounts:
        with self._touching(organisations=[o.id for o in organisations]):
            return self._upsert_organisations(organisations, run)

    def _upsert_organisations(self, organisations: Sequence[Organisation], run: str) -> WriteCounts:
        located = {o.id: location_key(o.commune) for o in organisations if o.commune}
        self.territories.require_territories(located.values(), "organisation location")
        defaults = {field: value for field, value in catalyst_row("", None).items() if field != "id"}
        rows = [{**defaults, **organisation_row(o, run)} for o in organisations]
        result = self.engine.sync_nodes(kinds.ORGANISATION, rows)
        sources = {o.id: o.source for o in organisations}
        links = [
            {"from_key": org_id, "to_key": key, "source": sources[org_id], "run": run}
            for org_id, key in located.items()
        ]
        self.engine.sync_relationships(kinds.LOCATED_IN, links, sources)
        catalysts = [o for o in organisations if o.catalyst is not None]
        for source in {o.source for o in catalysts}:
            profiles = {o.id: o.catalyst for o in catalysts if o.source == source and o.catalyst}
            self.upsert_catalysts(profiles, source, run)
        # Most organisations never become catalysts: forget them rather than hold every id a
        # long-running server ever created (a later profile then looks its territories up).
        self.engine.unlinked[kinds.ANIMATES.name] -= {o.id for o in organisations if o.catalyst is None}
        return result.counts

    def upsert_catalysts(self, profiles: dict[str, CatalystProfile], source: str, run: str) -> WriteCounts:
        with self._touching(organisations=profiles):
            return self._upsert_catalysts(profiles, source, run)

    def _upsert_catalysts(self, profiles: dict[str, CatalystProfile], source: str, run: str) -> WriteCounts:
        self.territories.require_territories(
            {key for p in profiles.values() for key in p.territories}, "animated territory"
        )
        rows = [catalyst_row(org_id, profile) for org_id, profile in profiles.items()]
        nodes = self.engine.sync_nodes(kinds.ORGANISATION_CATALYST, rows, create=False)
        links = [
            {"from_key": org_id, "to_key": key, "source": source, "run": run}
            for org_id, profile in profiles.items()
            for key in profile.territories
        ]
        animated = self.engine.sync_relationships(kinds.ANIMATES, links, profiles)
        return self.engine.owner_counts(nodes, animated)

    def upsert_alliances(self, alliances: Sequence[AllianceInfo], run: str) -> WriteCounts:
        with self._touching(alliances=[a.id for a in alliances]):
            return self.engine.sync_nodes(kinds.ALLIANCE, (alliance_row(a, run) for a in alliances)).counts

    def upsert_memberships(self, memberships: Sequence[MembershipEdge], source: str, run: str) -> WriteCounts:
        self._require_organisations({m.organisation_id for m in memberships}, "alliance member")
        rows = [
            {
                "from_key": m.organisation_id,
                "to_key": m.alliance_id,
                "role": m.role,
                "source": source,
                "run": run,
            }
            for m in memberships
        ]
        alliances = {m.alliance_id for m in memberships}
        with self._touching(alliances=alliances):
            result = self.engine.sync_relationships(kinds.MEMBER_OF, rows, alliances)
        return WriteCounts(
            created=result.created_rows, updated=result.updated_rows, unchanged=result.unchanged
        )

    def upsert_open_data_ties(self, ties: Sequence[OpenDataTie], run: str) -> WriteCounts:
        if any(not tie.key for tie in ties):
            raise InvalidInput("an open-data tie needs its key, which tells it apart from the pair's others")
        self._require_organisations(
            {t.source_id for t in ties} | {t.target_id for t in ties}, "open-data tie"
        )
        totals = WriteCounts()
        for kind in (kinds.FUNDS, kinds.CONTRACTS_WITH):
            rows = [
                {
                    "from_key": t.source_id,
                    "to_key": t.target_id,
                    "tie_key": t.key,
                    "amount": t.amount,
                    "date": t.day,
                    "object": t.object,
                    "reference": t.reference,
                    "nature": t.nature,
                    "dataset": t.dataset,
                    "source_file": t.file,
                    "source_line": t.line,
                    "source": t.source,
                    "run": run,
                }
                for t in ties
                if t.kind == kind.type
            ]
            if not rows:
                continue
            owners = {t.source_id for t in ties if t.kind == kind.type}
            with self._touching(organisations=owners | {t.target_id for t in ties if t.kind == kind.type}):
                result = self.engine.sync_relationships(kind, rows, owners)
            totals = WriteCounts(
                created=totals.created + result.created_rows,
                updated=totals.updated + result.updated_rows,
                unchanged=totals.unchanged + result.unchanged,
            )
        return totals

    def delete_open_data_ties(self, ties: Sequence[OpenDataTie]) -> None:
        with self._touching(organisations={t.source_id for t in ties} | {t.target_id for t in ties}):
            for chunk in chunked(ties, self.engine.batch_size):
                rows = [{"from_key": tie.source_id, "tie_key": tie.key} for tie in chunk]
                self.engine.write("open_data_ties_delete", {"rows": rows})

    def delete_organisation(self, organisation_id: str) -> list[str]:
        self.entities.get_organisation(organisation_id)
        return self.delete_organisations([organisation_id])

    def delete_organisations(self, organisation_ids: Sequence[str]) -> list[str]:
        ids = sorted(self.entities.existing_organisation_ids(organisation_ids))
        alliance_ids = sorted(self.entities.alliance_ids_of_organisations(ids))
        # The organisations' reach, read before, holds every member of their alliances.
        with self._touching(organisations=ids):
            for chunk in chunked(ids, self.engine.batch_size):
                self.engine.write("organisations_delete", {"ids": list(chunk)})
            remaining = self.entities.alliance_member_ids(alliance_ids)
            dissolved = [a for a in alliance_ids if len(remaining.get(a, set())) < MIN_MEMBERS]
            self._delete_alliances(dissolved)
        return dissolved

    def delete_alliance(self, alliance_id: str) -> None:
        if not self.entities.existing_alliance_ids([alliance_id]):
            raise NotFound("alliance", alliance_id)
        self.delete_alliances([alliance_id])

    def delete_alliances(self, alliance_ids: Sequence[str]) -> None:
        ids = sorted(self.entities.existing_alliance_ids(alliance_ids))
        with self._touching(alliances=ids):
            self._delete_alliances(ids)

    def _delete_alliances(self, ids: Sequence[str]) -> None:
        for chunk in chunked(ids, self.engine.batch_size):
            self.engine.write("alliances_delete", {"ids": list(chunk)})

    def remove_catalyst(self, organisation_id: str, run: str) -> None:
        self.entities.get_organisation(organisation_id)
        with self._touching(organisations=[organisation_id]):
            self.engine.sync_nodes(
                kinds.ORGANISATION_CATALYST, [catalyst_row(organisation_id, None)], create=False
            )
            self.engine.sync_relationships(kinds.ANIMATES, [], [organisation_id])
