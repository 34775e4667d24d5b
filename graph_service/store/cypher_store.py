"""The GraphStore logic shared by every Cypher backend.

An adapter supplies four primitives (run a named read, run a named write, create new rows in
bulk, create the schema) and translates its driver's errors; everything else (diffing upserts,
resolving territory codes, assembling subgraphs and paths into domain models) lives here once.
"""

from __future__ import annotations

import threading
from abc import abstractmethod
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from graph_service.errors import InvalidInput, NotFound, StoreError, StoreUnavailable
from graph_service.identifiers import search_key
from graph_service.model import (
    Alliance,
    AllianceInfo,
    AllianceMode,
    ApiToken,
    CatalystProfile,
    ConnectionPath,
    EcosystemFrame,
    Maturity,
    Membership,
    MembershipEdge,
    OpenDataTie,
    Organisation,
    Page,
    PathStep,
    PopulatedTerritory,
    RelType,
    StoreCounts,
    Subgraph,
    SubgraphFilter,
    Territory,
    TerritoryLevel,
    TerritoryView,
    World,
    WriteCounts,
    location_key,
)
from graph_service.model.alliance import domain_key
from graph_service.model.filters import EARLIEST
from graph_service.store import kinds
from graph_service.store.changes import ChangeLog
from graph_service.store.kinds import NodeKind, RelKind
from graph_service.store.port import MAX_NEIGHBOUR_DEPTH, MAX_PATH_HOPS, GraphStore
from graph_service.store.records import (
    alliance_from_record,
    alliance_row,
    alliances_from_columns,
    catalyst_row,
    organisation_from_record,
    organisation_row,
    organisations_from_columns,
    territories_from_columns,
    territory_row,
)
from graph_service.store.territory_index import TerritoryIndex

Row = dict[str, Any]
T = TypeVar("T")

NO_FILTER = SubgraphFilter()
MIN_MEMBERS = 2
OPEN_DATA_TIE_REACH = timedelta(days=365)
FEW_IDS = 8
"""Up to this many ids, a read by ids runs once per id (see ``_read_by_ids``)."""
TOUCH_REACH_MAX = 1_000
"""Organisations and alliances a write may name before it counts as touching every territory."""


def chunked(items: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """Consecutive slices of at most ``size`` items."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


@dataclass
class SyncResult:
    """Keys a sync created and updated (for relationships: their owners), and how many stayed."""

    created: set[str] = field(default_factory=set)
    updated: set[str] = field(default_factory=set)
    unchanged: int = 0
    created_rows: int = 0
    updated_rows: int = 0

    @property
    def counts(self) -> WriteCounts:
        return WriteCounts(created=len(self.created), updated=len(self.updated), unchanged=self.unchanged)


def _same(stored: Any, wanted: Any) -> bool:
    # Stores give back [] or None for an empty list, and datetimes for dates on some drivers.
    if isinstance(wanted, list) or isinstance(stored, list):
        return list(stored or []) == list(wanted or [])
    if isinstance(stored, datetime) and isinstance(wanted, date):
        return stored.date() == wanted
    return bool(stored == wanted)


class CypherGraphStore(GraphStore):
    """A GraphStore over named Cypher statements; subclasses bind it to one database."""

    dialect: str
    sole_writer = False
    """True when no other process can write the database (an embedded file opened for writing):
    the territory reference then changes only through this store's own writes."""

    def __init__(self, batch_size: int) -> None:
        self.batch_size = batch_size
        self._index: TerritoryIndex | None = None
        self._index_lock = threading.RLock()
        self._index_snapshot = ""
        self._index_version: tuple[Any, ...] = ()
        self.changes = ChangeLog()
        # Per relationship kind: owners this store created whose relationships were never synced.
        self._unlinked: defaultdict[str, set[str]] = defaultdict(set)

    # -- primitives supplied by an adapter -------------------------------------------------
    @abstractmethod
    def _read(self, name: str, params: dict[str, Any]) -> list[Row]:
        """Run the named read; records come back as dicts, nodes as dicts of their properties."""

    @abstractmethod
    def _write(self, name: str, params: dict[str, Any]) -> list[Row]:
        """Run the named write (routed to a writer); returns what it returns, like a read."""

    @abstractmethod
    def _create_nodes(self, kind: NodeKind, rows: list[Row]) -> None:
        """Create nodes whose keys are known to be new."""

    @abstractmethod
    def _create_relationships(self, kind: RelKind, rows: list[Row]) -> None:
        """Create relationships known to be new; rows carry ``from_key``, ``to_key`` and properties."""

    # -- generic sync ------------------------------------------------------------------------
    def _existing_nodes(self, kind: NodeKind, keys: Iterable[str]) -> dict[str, Row]:
        found: dict[str, Row] = {}
        for chunk in chunked(sorted(set(keys)), self.batch_size):
            for record in self._read(kind.existing_query, {"keys": list(chunk)}):
                node = record["n"]
                found[node[kind.key]] = node
        return found

    def _existing_keys(self, kind: NodeKind, keys: Iterable[str]) -> set[str]:
        found: set[str] = set()
        for chunk in chunked(sorted(set(keys)), self.batch_size):
            found.update(record["key"] for record in self._read(kind.keys_query, {"keys": list(chunk)}))
        return found

    def _sync_nodes(self, kind: NodeKind, rows: Iterable[Row], *, create: bool = True) -> SyncResult:
        wanted = {row[kind.key]: row for row in rows}
        existing = self._existing_nodes(kind, wanted)
        compared = [field for field in kind.fields if field != "run"]
        new = [row for key, row in wanted.items() if key not in existing]
        changed = [
            row
            for key, row in wanted.items()
            if key in existing and not all(_same(existing[key].get(f), row.get(f)) for f in compared)
        ]
        if new and not create:
            missing = ", ".join(sorted(row[kind.key] for row in new)[:10])
            raise NotFound(kind.label.value, missing)
        if new:
            self._create_nodes(kind, new)
            for rel_kind in kind.owns:
                self._unlinked[rel_kind].update(row[kind.key] for row in new)
        for chunk in chunked(changed, self.batch_size):
            rows_to_set = [{field: row.get(field) for field in kind.fields} for row in chunk]
            self._write(f"{kind.name}_update", {"rows": rows_to_set})
        return SyncResult(
            created={row[kind.key] for row in new},
            updated={row[kind.key] for row in changed},
            unchanged=len(wanted) - len(new) - len(changed),
        )

    def _existing_relationships(self, kind: RelKind, owners: Iterable[str]) -> dict[tuple[str, str], Row]:
        found: dict[tuple[str, str], Row] = {}
        for chunk in chunked(sorted(set(owners)), self.batch_size):
            for record in self._read(f"{kind.name}_existing", {"keys": list(chunk)}):
                found[(record["from_key"], record["to_key"])] = record["r"] or {}
        return found

    def _sync_relationships(self, kind: RelKind, rows: Iterable[Row], owners: Iterable[str]) -> SyncResult:
        wanted = {(row["from_key"], row["to_key"]): row for row in rows}
        # Nodes this store created and has not linked yet cannot have relationships: skip the look-up.
        unlinked = self._unlinked[kind.name]
        owner_set = set(owners)
        fresh = owner_set & unlinked
        unlinked -= fresh
        existing = self._existing_relationships(kind, owner_set - fresh)
        new = [row for pair, row in wanted.items() if pair not in existing]
        changed = [
            row
            for pair, row in wanted.items()
            if pair in existing and not all(_same(existing[pair].get(p), row.get(p)) for p in kind.props)
        ]
        stale = [{"from_key": a, "to_key": b} for (a, b) in existing if kind.replace and (a, b) not in wanted]
        for chunk in chunked(stale, self.batch_size):
            self._write(f"{kind.name}_delete", {"rows": list(chunk)})
        if new:
            self._create_relationships(kind, new)
        for chunk in chunked(changed, self.batch_size):
            self._write(f"{kind.name}_update", {"rows": list(chunk)})
        side = "from_key" if kind.owner == "from" else "to_key"
        return SyncResult(
            created={row[side] for row in new},
            updated={row[side] for row in changed} | {row[side] for row in stale},
            unchanged=len(wanted) - len(new) - len(changed),
            created_rows=len(new),
            updated_rows=len(changed),
        )

    @staticmethod
    def _owner_counts(nodes: SyncResult, *links: SyncResult) -> WriteCounts:
        """Counts by node, where a node whose links changed counts as updated."""
        touched = set().union(*(result.created | result.updated for result in links))
        updated = nodes.updated | (touched - nodes.created)
        total = len(nodes.created) + len(nodes.updated) + nodes.unchanged
        return WriteCounts(
            created=len(nodes.created),
            updated=len(updated),
            unchanged=total - len(nodes.created) - len(updated),
        )

    def _require_territories(self, keys: Iterable[str], why: str) -> None:
        wanted = set(keys)
        missing = wanted - self.existing_territory_keys(wanted)
        if missing:
            shown = ", ".join(sorted(missing)[:10])
            raise InvalidInput(f"{why}: unknown territor{'y' if len(missing) == 1 else 'ies'} {shown}")

    def _require_organisations(self, ids: Iterable[str], why: str) -> None:
        wanted = set(ids)
        missing = wanted - self.existing_organisation_ids(wanted)
        if missing:
            raise InvalidInput(f"{why}: unknown organisation(s) {', '.join(sorted(missing)[:10])}")

    # -- what a write touches ------------------------------------------------------------------
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
                None if before is None or after is None else self._with_ancestors(before | after)
            )

    def _reach(self, organisations: list[str], alliances: list[str]) -> set[str] | None:
        if len(organisations) + len(alliances) > TOUCH_REACH_MAX:
            return None
        records = [
            *self._read_by_ids("organisation_reach", organisations),
            *self._read_by_ids("alliance_reach", alliances),
        ]
        return {record["key"] for record in records if record["key"]}

    def _read_by_ids(self, name: str, ids: Sequence[str], **params: Any) -> list[Row]:
        """A read of a few ids runs its ``<name>_one`` twin once per id: a primary-key look-up
        (0.6 ms on a 50,000-organisation département) where ``UNWIND $ids … MATCH`` makes
        LadybugDB join the whole table (15-90 ms), and writes name one or two."""
        if not ids:
            return []
        if len(ids) > FEW_IDS:
            return self._read(name, {**params, "ids": list(ids)})
        return [record for one in ids for record in self._read(f"{name}_one", {**params, "id": one})]

    def _with_ancestors(self, keys: set[str]) -> set[str]:
        index = self._territory_index()
        # Informal areas gather communes and EPCI outside the PART_OF tree: count them all touched.
        return keys | index.areas | {above for key in keys for above in index.ancestors(key)}

    # -- writes ------------------------------------------------------------------------------
    def upsert_territories(self, territories: Sequence[Territory], run: str) -> WriteCounts:
        parent_keys = {link.key for territory in territories for link in territory.parents}
        member_keys = {key for territory in territories for key in territory.members}
        own_keys = {territory.key for territory in territories}
        self._require_territories(parent_keys - own_keys, "PART_OF parent")
        self._require_territories(member_keys - own_keys, "area member")
        try:
            return self._upsert_territories(territories, own_keys, run)
        finally:
            self._forget_territories()
            self.changes.touch(None)

    def _upsert_territories(
        self, territories: Sequence[Territory], own_keys: set[str], run: str
    ) -> WriteCounts:
        nodes = self._sync_nodes(kinds.TERRITORY, (territory_row(t, run) for t in territories))
        links = [
            {"from_key": t.key, "to_key": link.key, "partial": link.partial, "source": t.source, "run": run}
            for t in territories
            for link in t.parents
        ]
        parents = self._sync_relationships(kinds.PART_OF, links, own_keys)
        areas = [t for t in territories if t.level is TerritoryLevel.PROJET]
        members = [
            {"from_key": key, "to_key": area.key, "partial": False, "source": area.source, "run": run}
            for area in areas
            for key in area.members
        ]
        gathered = self._sync_relationships(kinds.AREA_MEMBER, members, {area.key for area in areas})
        return self._owner_counts(nodes, parents, gathered)

    def upsert_organisations(self, organisations: Sequence[Organisation], run: str) -> WriteCounts:
        with self._touching(organisations=[o.id for o in organisations]):
            return self._upsert_organisations(organisations, run)

    def _upsert_organisations(self, organisations: Sequence[Organisation], run: str) -> WriteCounts:
        located = {o.id: location_key(o.commune) for o in organisations if o.commune}
        self._require_territories(located.values(), "organisation location")
        defaults = {field: value for field, value in catalyst_row("", None).items() if field != "id"}
        rows = [{**defaults, **organisation_row(o, run)} for o in organisations]
        result = self._sync_nodes(kinds.ORGANISATION, rows)
        sources = {o.id: o.source for o in organisations}
        links = [
            {"from_key": org_id, "to_key": key, "source": sources[org_id], "run": run}
            for org_id, key in located.items()
        ]
        self._sync_relationships(kinds.LOCATED_IN, links, sources)
        catalysts = [o for o in organisations if o.catalyst is not None]
        for source in {o.source for o in catalysts}:
            profiles = {o.id: o.catalyst for o in catalysts if o.source == source and o.catalyst}
            self.upsert_catalysts(profiles, source, run)
        # Most organisations never become catalysts: forget them rather than hold every id a
        # long-running server ever created (a later profile then looks its territories up).
        self._unlinked[kinds.ANIMATES.name] -= {o.id for o in organisations if o.catalyst is None}
        return result.counts

    def upsert_catalysts(self, profiles: dict[str, CatalystProfile], source: str, run: str) -> WriteCounts:
        with self._touching(organisations=profiles):
            return self._upsert_catalysts(profiles, source, run)

    def _upsert_catalysts(self, profiles: dict[str, CatalystProfile], source: str, run: str) -> WriteCounts:
        self._require_territories(
            {key for p in profiles.values() for key in p.territories}, "animated territory"
        )
        rows = [catalyst_row(org_id, profile) for org_id, profile in profiles.items()]
        nodes = self._sync_nodes(kinds.ORGANISATION_CATALYST, rows, create=False)
        links = [
            {"from_key": org_id, "to_key": key, "source": source, "run": run}
            for org_id, profile in profiles.items()
            for key in profile.territories
        ]
        animated = self._sync_relationships(kinds.ANIMATES, links, profiles)
        return self._owner_counts(nodes, animated)

    def upsert_alliances(self, alliances: Sequence[AllianceInfo], run: str) -> WriteCounts:
        with self._touching(alliances=[a.id for a in alliances]):
            return self._sync_nodes(kinds.ALLIANCE, (alliance_row(a, run) for a in alliances)).counts

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
            result = self._sync_relationships(kinds.MEMBER_OF, rows, alliances)
        return WriteCounts(
            created=result.created_rows, updated=result.updated_rows, unchanged=result.unchanged
        )

    def delete_organisation(self, organisation_id: str) -> list[str]:
        self.get_organisation(organisation_id)
        own = self._memberships_of_organisations([organisation_id], NO_FILTER)
        alliance_ids = sorted({edge.alliance_id for edge in own})
        # The organisation's reach, read before, holds every member of its alliances.
        with self._touching(organisations=[organisation_id]):
            self._write("organisation_delete", {"id": organisation_id})
            remaining = self.alliance_member_ids(alliance_ids)
            dissolved = [a for a in alliance_ids if len(remaining.get(a, set())) < MIN_MEMBERS]
            for alliance_id in dissolved:
                self._write("alliance_delete", {"id": alliance_id})
        return dissolved

    def delete_alliance(self, alliance_id: str) -> None:
        if not self.existing_alliance_ids([alliance_id]):
            raise NotFound("alliance", alliance_id)
        with self._touching(alliances=[alliance_id]):
            self._write("alliance_delete", {"id": alliance_id})

    def remove_catalyst(self, organisation_id: str, run: str) -> None:
        self.get_organisation(organisation_id)
        with self._touching(organisations=[organisation_id]):
            self._sync_nodes(kinds.ORGANISATION_CATALYST, [catalyst_row(organisation_id, None)], create=False)
            self._sync_relationships(kinds.ANIMATES, [], [organisation_id])

    def record_import_run(
        self, run: str, dataset: str, started: datetime, summary: str, *, finished: bool = True
    ) -> None:
        self.changes.own_run(run)
        params = {"id": run, "dataset": dataset, "started": started, "summary": summary}
        # LadybugDB cannot type a null parameter: an unfinished run travels as a flag.
        self._write("import_run_record", {**params, "finished": datetime.now(UTC), "is_finished": finished})

    # -- existence checks --------------------------------------------------------------------
    def existing_organisation_ids(self, ids: Iterable[str]) -> set[str]:
        return self._existing_keys(kinds.ORGANISATION, ids)

    def existing_territory_keys(self, keys: Iterable[str]) -> set[str]:
        return self._territory_index().existing(keys)

    def existing_alliance_ids(self, ids: Iterable[str]) -> set[str]:
        return self._existing_keys(kinds.ALLIANCE, ids)

    def alliance_member_ids(self, alliance_ids: Iterable[str]) -> dict[str, set[str]]:
        members: dict[str, set[str]] = defaultdict(set)
        for edge in self._memberships_of_alliances(sorted(set(alliance_ids))):
            members[edge.alliance_id].add(edge.organisation_id)
        return dict(members)

    # -- reads: organisations ---------------------------------------------------------------
    @staticmethod
    def _name_params(query: str) -> dict[str, Any]:
        """A name search: its accent-free key, and the raw text for an exact id or code."""
        return {"q": search_key(query), "raw": query.strip()}

    def _page_keys(
        self, name: str, params: dict[str, Any], column: str, limit: int, offset: int
    ) -> tuple[int, list[str]]:
        """The total of a paged search (its ``_count`` twin) and the keys of one page."""
        total = int(self._read(f"{name}_count", params)[0]["total"])
        if offset >= total or limit <= 0:
            # LadybugDB 0.22 crashes the process on ``ORDER BY … SKIP`` past the end: never page there.
            return total, []
        records = self._read(name, {**params, "limit": limit, "offset": offset})
        return total, [record[column] for record in records]

    def get_organisations(self, ids: Sequence[str]) -> list[Organisation]:
        found: dict[str, Organisation] = {}
        for chunk in chunked(list(dict.fromkeys(ids)), self.batch_size):
            for record in self._read_by_ids("organisations_get", chunk):
                organisation = organisation_from_record(record["o"], record["animates"] or [])
                found[organisation.id] = organisation
        return [found[i] for i in dict.fromkeys(ids) if i in found]

    def get_organisation(self, organisation_id: str) -> Organisation:
        found = self.get_organisations([organisation_id])
        if not found:
            raise NotFound("organisation", organisation_id)
        return found[0]

    def search_organisations(
        self,
        query: str = "",
        *,
        world: World | None = None,
        territory: str | None = None,
        ess: bool | None = None,
        catalyst: bool | None = None,
        maturity: Maturity | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> Page[Organisation]:
        params: dict[str, Any] = {
            **self._name_params(query),
            "world": World(world).value if world else "",
            "maturity": Maturity(maturity).value if maturity else "",
            # 0 = any, 1 = yes, 2 = no: LadybugDB cannot type a null parameter.
            "ess": 0 if ess is None else 1 if ess else 2,
            "catalyst": 0 if catalyst is None else 1 if catalyst else 2,
        }
        name = "organisation_search"
        if territory:
            params["territory"] = self.resolve_territory(territory)
            name = "organisation_search_in_territory"
        total, ids = self._page_keys(name, params, "id", limit, offset)
        return Page[Organisation](items=self.get_organisations(ids), total=total, limit=limit, offset=offset)

    def territory_organisations(
        self, code: str, *, world: World | None = None, limit: int = 50, offset: int = 0
    ) -> Page[Organisation]:
        return self.search_organisations("", world=world, territory=code, limit=limit, offset=offset)

    # -- reads: territories (from the in-memory reference) -----------------------------------
    def _territory_index(self) -> TerritoryIndex:
        """The territory reference in memory, rebuilt after a change of territories.

        This process's own territory writes drop it at once. Another process's (a replica on a
        shared Neo4j) are noticed when the data snapshot moves and the territories' version (count
        and latest run of territories and links) moved with it.
        """
        with self._index_lock:
            index = self._index
            if index is not None and self.sole_writer:
                return index
            snapshot = self.snapshot_id()
            if index is not None and snapshot == self._index_snapshot:
                return index
            version = tuple(self._read("territory_version", {})[0].values())
            if index is None or version != self._index_version:
                index = TerritoryIndex(
                    territories_from_columns(
                        self._read_columns("territories_all", {}),
                        self._read_columns("territory_links_all", {}),
                    )
                )
            self._index, self._index_snapshot, self._index_version = index, snapshot, version
            return index

    def _forget_territories(self) -> None:
        with self._index_lock:
            self._index = None

    def resolve_territory(self, code: str) -> str:
        return self._territory_index().resolve(code)

    def get_territory(self, code: str) -> TerritoryView:
        index = self._territory_index()
        key = index.resolve(code)
        return TerritoryView(
            territory=index.by_key[key],
            ancestors=index.get(index.ancestors(key)),
            children=index.get(index.children(key)),
        )

    # -- reads: alliances and subgraphs -----------------------------------------------------
    @staticmethod
    def _filter_params(filters: SubgraphFilter) -> dict[str, Any]:
        since, until = filters.window()
        # LadybugDB cannot type an empty list parameter, so "any" travels as a flag beside a
        # placeholder list.
        return {
            "since": since,
            "until": until,
            "any_mode": not filters.modes,
            "modes": [mode.value for mode in filters.modes] or [""],
            "any_domain": not filters.domains,
            "domains": [domain_key(domain) for domain in filters.domains] or [""],
        }

    @staticmethod
    def _edges(records: Iterable[Row]) -> list[MembershipEdge]:
        return [
            MembershipEdge(
                organisation_id=r["organisation_id"], alliance_id=r["alliance_id"], role=r["role"] or "membre"
            )
            for r in records
        ]

    def _memberships_of_alliances(self, alliance_ids: Sequence[str]) -> list[MembershipEdge]:
        edges: list[MembershipEdge] = []
        for chunk in chunked(list(alliance_ids), self.batch_size):
            edges += self._edges(self._read_by_ids("memberships_of_alliances", chunk))
        return edges

    def _memberships_of_organisations(
        self, organisation_ids: Sequence[str], filters: SubgraphFilter
    ) -> list[MembershipEdge]:
        edges: list[MembershipEdge] = []
        params = self._filter_params(filters)
        for chunk in chunked(list(organisation_ids), self.batch_size):
            edges += self._edges(self._read_by_ids("memberships_of_organisations", chunk, **params))
        return edges

    def _alliances(self, ids: Sequence[str]) -> list[AllianceInfo]:
        found: dict[str, AllianceInfo] = {}
        for chunk in chunked(list(ids), self.batch_size):
            for record in self._read_by_ids("alliances_get", chunk):
                alliance = alliance_from_record(record["a"])
                found[alliance.id] = alliance
        return [found[i] for i in ids if i in found]

    def organisation_alliances(self, organisation_id: str) -> list[Alliance]:
        self.get_organisation(organisation_id)
        own = self._memberships_of_organisations([organisation_id], NO_FILTER)
        alliance_ids = sorted({edge.alliance_id for edge in own})
        infos = sorted(self._alliances(alliance_ids), key=lambda a: (a.start or date.min, a.id))
        return self._with_members(infos)

    def _induced_subgraph(self, inside: set[str], edges: Sequence[MembershipEdge]) -> Subgraph:
        """Organisations ``inside``, with the alliances having two or more of them."""
        by_alliance: dict[str, list[MembershipEdge]] = defaultdict(list)
        for edge in edges:
            if edge.organisation_id in inside:
                by_alliance[edge.alliance_id].append(edge)
        kept = {
            alliance_id: members
            for alliance_id, members in by_alliance.items()
            if len({m.organisation_id for m in members}) >= MIN_MEMBERS
        }
        organisations = sorted(self.get_organisations(sorted(inside)), key=lambda o: o.id)
        memberships = sorted(
            (edge for members in kept.values() for edge in members),
            key=lambda e: (e.alliance_id, e.organisation_id),
        )
        return Subgraph(
            organisations=organisations, alliances=self._alliances(sorted(kept)), memberships=memberships
        )

    def _read_columns(self, name: str, params: dict[str, Any]) -> dict[str, list[Any]]:
        """A read as columns; an adapter may fetch them column-wise in one go (Arrow)."""
        rows = self._read(name, params)
        return {column: [row[column] for row in rows] for column in (rows[0] if rows else {})}

    def ecosystem(self, code: str, filters: SubgraphFilter | None = None) -> Subgraph:
        return self.ecosystem_frame(code, filters).to_subgraph()

    def ecosystem_frame(self, code: str, filters: SubgraphFilter | None = None) -> EcosystemFrame:
        filters = filters or NO_FILTER
        key = self.resolve_territory(code)
        params = {"territory": key, **self._filter_params(filters)}
        columns = self._read_columns("ecosystem_organisations", {"territory": key})
        flags = zip(columns.get("id", []), columns.get("is_catalyst", []), strict=True)
        catalysts = [organisation_id for organisation_id, catalyst in flags if catalyst]
        animated: dict[str, list[str]] = defaultdict(list)
        for chunk in chunked(catalysts, self.batch_size):
            for record in self._read("catalyst_animates", {"ids": list(chunk)}):
                animated[record["id"]].append(record["key"])
        inside_organisations = organisations_from_columns(columns, animated)
        inside = {o.id for o in inside_organisations}
        ties = self._read_columns("memberships_in_territory", params)
        members, alliance_ids, roles = (ties.get(c, []) for c in ("organisation_id", "alliance_id", "role"))
        external: set[str] = set()
        if filters.include_external:
            edges = self._memberships_of_alliances(sorted(set(alliance_ids)))
            members = [edge.organisation_id for edge in edges]
            alliance_ids = [edge.alliance_id for edge in edges]
            roles = [edge.role for edge in edges]
            external = set(members) - inside
        kept_members: dict[str, set[str]] = defaultdict(set)
        for organisation_id, alliance_id in zip(members, alliance_ids, strict=True):
            kept_members[alliance_id].add(organisation_id)
        kept = {a for a, found in kept_members.items() if len(found) >= MIN_MEMBERS}
        order = sorted(
            (i for i, alliance_id in enumerate(alliance_ids) if alliance_id in kept),
            key=lambda i: (alliance_ids[i], members[i]),
        )
        alliances = alliances_from_columns(self._read_columns("ecosystem_alliances", params))
        frame = EcosystemFrame(
            organisations=sorted(
                [*inside_organisations, *self.get_organisations(sorted(external))], key=lambda o: o.id
            ),
            alliances=sorted((a for a in alliances if a.id in kept), key=lambda a: a.id),
            member_ids=[members[i] for i in order],
            alliance_ids=[alliance_ids[i] for i in order],
            roles=[roles[i] or "membre" for i in order],
            external_ids=sorted(external),
        )
        if filters.include_open_data:
            frame.open_data_ties = self._open_data_ties(key, filters, inside | external)
        return frame

    def _open_data_ties(self, key: str, filters: SubgraphFilter, kept: set[str]) -> list[OpenDataTie]:
        """Subsidies and contracts among ``kept`` organisations dated in the window; for an ``as_of``
        day, the year before it, since a grant or a contract ties its parties beyond its own date."""
        since, until = filters.window()
        if filters.as_of:
            since = filters.as_of - OPEN_DATA_TIE_REACH
        records = self._read(
            "open_data_ties_in_territory", {"territory": key, "since": since, "until": until}
        )
        ties = [
            OpenDataTie(
                kind=RelType(r["kind"]),
                source_id=r["source_id"],
                target_id=r["target_id"],
                day=r["day"],
                amount=r["amount"],
                source=r["source"] or "open-data",
            )
            for r in records
            if r["source_id"] in kept and r["target_id"] in kept
        ]
        return sorted(ties, key=lambda t: (t.source_id, t.target_id, t.kind, t.day or EARLIEST))

    def neighbours(self, organisation_id: str, depth: int = 1) -> Subgraph:
        if not 1 <= depth <= MAX_NEIGHBOUR_DEPTH:
            raise InvalidInput(f"depth {depth} must be between 1 and {MAX_NEIGHBOUR_DEPTH}")
        self.get_organisation(organisation_id)
        reached, frontier, seen_alliances = {organisation_id}, [organisation_id], set[str]()
        for _ in range(depth):
            alliance_ids = {e.alliance_id for e in self._memberships_of_organisations(frontier, NO_FILTER)}
            new_alliances = sorted(alliance_ids - seen_alliances)
            seen_alliances |= alliance_ids
            members = {edge.organisation_id for edge in self._memberships_of_alliances(new_alliances)}
            frontier = sorted(members - reached)
            reached |= members
            if not frontier:
                break
        edges = self._memberships_of_organisations(sorted(reached), NO_FILTER)
        return self._induced_subgraph(reached, edges)

    def shortest_paths(
        self, source: str, target: str, *, max_hops: int = 4, limit: int = 10
    ) -> list[ConnectionPath]:
        if not 1 <= max_hops <= MAX_PATH_HOPS:
            raise InvalidInput(f"max_hops {max_hops} must be between 1 and {MAX_PATH_HOPS}")
        if source == target:
            raise InvalidInput("a path needs two different organisations")
        for organisation_id in (source, target):
            self.get_organisation(organisation_id)
        records = self._read(
            "shortest_paths", {"source": source, "target": target, "max_length": 2 * max_hops, "limit": limit}
        )
        id_paths = list(dict.fromkeys(tuple(record["ids"]) for record in records))
        organisations = {o.id: o for o in self.get_organisations([i for p in id_paths for i in p[0::2]])}
        alliances = {a.id: a for a in self._alliances([i for p in id_paths for i in p[1::2]])}
        return [
            ConnectionPath(
                start=organisations[path[0]],
                steps=[
                    PathStep(alliance=alliances[path[i]], to=organisations[path[i + 1]])
                    for i in range(1, len(path), 2)
                ],
            )
            for path in id_paths
        ]

    def search_territories(
        self,
        query: str = "",
        *,
        level: TerritoryLevel | None = None,
        parent: str | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> Page[Territory]:
        index = self._territory_index()
        level = TerritoryLevel(level) if level else None
        total, found = index.search(query, level=level, parent=index.resolve(parent) if parent else None)
        return Page[Territory](items=found[offset : offset + limit], total=total, limit=limit, offset=offset)

    def organisation_areas(self, code: str) -> dict[str, str]:
        records = self._read("organisation_areas", {"territory": self.resolve_territory(code)})
        return {
            str(r["id"]): str(r["area"])
            for r in sorted(records, key=lambda r: (str(r["id"]), str(r["area"])))
        }

    def get_territories(self, keys: Sequence[str]) -> list[Territory]:
        return self._territory_index().get(keys)

    def populated_territories(self, level: TerritoryLevel) -> list[PopulatedTerritory]:
        totals = {
            str(r["key"]): int(r["total"])
            for r in self._read("populated_territories", {"level": TerritoryLevel(level).value})
        }
        territories = self._territory_index().get(sorted(totals))
        ranked = sorted(territories, key=lambda t: (-totals[t.key], t.key))
        return [PopulatedTerritory(territory=t, organisations=totals[t.key]) for t in ranked]

    def territory_world_counts(self, code: str) -> dict[str, int]:
        records = self._read("territory_world_counts", {"territory": self.resolve_territory(code)})
        return {str(r["name"]): int(r["total"]) for r in sorted(records, key=lambda r: str(r["name"]))}

    def _with_members(self, infos: Sequence[AllianceInfo]) -> list[Alliance]:
        """The alliances with their members; one with fewer than two members (left by an import
        stopped between an alliance and its members) is not an alliance yet and is left out."""
        members: dict[str, list[Membership]] = defaultdict(list)
        for edge in self._memberships_of_alliances([info.id for info in infos]):
            members[edge.alliance_id].append(Membership(organisation_id=edge.organisation_id, role=edge.role))
        return [
            # Read back as stored: validation happened when the alliance was written.
            Alliance.model_construct(
                **dict(info), members=sorted(members[info.id], key=lambda m: m.organisation_id)
            )
            for info in infos
            if len({m.organisation_id for m in members[info.id]}) >= MIN_MEMBERS
        ]

    def get_alliance(self, alliance_id: str) -> Alliance:
        found = self._with_members(self._alliances([alliance_id]))
        if not found:
            raise NotFound("alliance", alliance_id)
        return found[0]

    def search_alliances(
        self, query: str = "", *, modes: Sequence[AllianceMode] = (), limit: int = 20, offset: int = 0
    ) -> Page[Alliance]:
        params: dict[str, Any] = {
            **self._name_params(query),
            "any_mode": not modes,
            "modes": [AllianceMode(mode).value for mode in modes] or [""],
        }
        total, ids = self._page_keys("alliance_search", params, "id", limit, offset)
        return Page[Alliance](
            items=self._with_members(self._alliances(ids)), total=total, limit=limit, offset=offset
        )

    # -- API tokens ----------------------------------------------------------------------------
    def save_token(self, token: ApiToken, secret_hash: str) -> None:
        params = {"id": token.id, "name": token.name, "hash": secret_hash, "scope": token.scope.value}
        expiry = {"has_expiry": token.expires is not None, "expires": token.expires or token.created}
        self._write("token_create", {**params, "created": token.created, **expiry})

    def find_token(self, secret_hash: str) -> ApiToken | None:
        records = self._read("token_find", {"hash": secret_hash, "now": datetime.now(UTC)})
        return ApiToken.model_validate(records[0]["t"]) if records else None

    def list_tokens(self) -> list[ApiToken]:
        return [ApiToken.model_validate(record["t"]) for record in self._read("tokens_list", {})]

    def revoke_token(self, token_id: str) -> None:
        if not self._write("token_revoke", {"id": token_id}):
            raise NotFound("token", token_id)

    # -- health ------------------------------------------------------------------------------
    HEALTH_PROBE_KEY = "pays:FR"

    def _probe_read(self, name: str, params: dict[str, Any]) -> list[Row]:
        """How the health probe reads (an adapter may give it a connection of its own)."""
        return self._read(name, params)

    def check_health(self) -> None:
        if not self._probe_read("health_probe", {"key": self.HEALTH_PROBE_KEY}):
            raise StoreUnavailable(
                f"the store answers but holds no territory {self.HEALTH_PROBE_KEY}: run `maillage init`"
            )

    # -- reads: counts -------------------------------------------------------------------------
    def counts(self) -> StoreCounts:
        def tally(name: str) -> dict[str, int]:
            return {str(r["name"]): int(r["total"]) for r in self._read(name, {}) if r["name"] is not None}

        nodes = tally("count_nodes")
        nodes["Catalyst"] = int(self._read("count_catalysts", {})[0]["total"])
        return StoreCounts(
            nodes=dict(sorted(nodes.items())),
            relationships=dict(sorted(tally("count_relationships").items())),
            organisations_by_world=dict(sorted(tally("count_organisations_by_world").items())),
        )

    def snapshot_id(self) -> str:
        records = self._read("latest_import_run", {})
        return str(records[0]["id"]) if records else "empty"
