"""Subgraph reads: a territory's ecosystem (with partners outside and open-data ties), an
organisation's neighbourhood and the shortest paths between two organisations."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import timedelta

from graph_service.errors import InvalidInput
from graph_service.model import (
    ConnectionPath,
    EcosystemFrame,
    MembershipEdge,
    OpenDataTie,
    PathStep,
    Subgraph,
    SubgraphFilter,
)
from graph_service.model.filters import EARLIEST
from graph_service.store.entity_reads import MIN_MEMBERS, NO_FILTER, EntityQueries
from graph_service.store.port import MAX_NEIGHBOUR_DEPTH, MAX_PATH_HOPS
from graph_service.store.records import (
    alliances_from_columns,
    open_data_tie_from_record,
    organisations_from_columns,
)
from graph_service.store.sync_engine import SyncEngine, chunked
from graph_service.store.territory_reads import TerritoryQueries

OPEN_DATA_TIE_REACH = timedelta(days=365)


class SubgraphQueries:
    """Subgraphs assembled from memberships into domain models."""

    def __init__(self, engine: SyncEngine, territories: TerritoryQueries, entities: EntityQueries) -> None:
        self.engine = engine
        self.territories = territories
        self.entities = entities

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
        organisations = sorted(self.entities.get_organisations(sorted(inside)), key=lambda o: o.id)
        memberships = sorted(
            (edge for members in kept.values() for edge in members),
            key=lambda e: (e.alliance_id, e.organisation_id),
        )
        return Subgraph(
            organisations=organisations,
            alliances=self.entities.alliances(sorted(kept)),
            memberships=memberships,
        )

    def ecosystem(self, code: str, filters: SubgraphFilter | None = None) -> Subgraph:
        return self.ecosystem_frame(code, filters).to_subgraph()

    def ecosystem_frame(self, code: str, filters: SubgraphFilter | None = None) -> EcosystemFrame:
        filters = filters or NO_FILTER
        key = self.territories.resolve_territory(code)
        params = {"territory": key, **self.entities.filter_params(filters)}
        columns = self.engine.read_columns("ecosystem_organisations", self.territories.territory_params(key))
        flags = zip(columns.get("id", []), columns.get("is_catalyst", []), strict=True)
        catalysts = [organisation_id for organisation_id, catalyst in flags if catalyst]
        animated: dict[str, list[str]] = defaultdict(list)
        for chunk in chunked(catalysts, self.engine.batch_size):
            for record in self.engine.read("catalyst_animates", {"ids": list(chunk)}):
                animated[record["id"]].append(record["key"])
        inside_organisations = organisations_from_columns(columns, animated)
        inside = {o.id for o in inside_organisations}
        ties = self.engine.read_columns("memberships_in_territory", params)
        members, alliance_ids, roles = (ties.get(c, []) for c in ("organisation_id", "alliance_id", "role"))
        external: set[str] = set()
        if filters.include_external:
            edges = self.entities.memberships_of_alliances(sorted(set(alliance_ids)))
            members = [edge.organisation_id for edge in edges]
            alliance_ids = [edge.alliance_id for edge in edges]
            roles = [edge.role for edge in edges]
            external = set(members) - inside
        open_data_ties: list[OpenDataTie] = []
        if filters.include_open_data:
            # A funder or a buyer seated elsewhere (a département council, a ministry) is the
            # territory's partner: it comes in as an outside organisation, with its ties.
            open_data_ties = self.open_data_ties(key, filters)
            ends = {t.source_id for t in open_data_ties} | {t.target_id for t in open_data_ties}
            external |= ends - inside
        kept_members: dict[str, set[str]] = defaultdict(set)
        for organisation_id, alliance_id in zip(members, alliance_ids, strict=True):
            kept_members[alliance_id].add(organisation_id)
        kept = {a for a, found in kept_members.items() if len(found) >= MIN_MEMBERS}
        order = sorted(
            (i for i, alliance_id in enumerate(alliance_ids) if alliance_id in kept),
            key=lambda i: (alliance_ids[i], members[i]),
        )
        alliances = alliances_from_columns(self.engine.read_columns("ecosystem_alliances", params))
        frame = EcosystemFrame(
            organisations=sorted(
                [*inside_organisations, *self.entities.get_organisations(sorted(external))],
                key=lambda o: o.id,
            ),
            alliances=sorted((a for a in alliances if a.id in kept), key=lambda a: a.id),
            member_ids=[members[i] for i in order],
            alliance_ids=[alliance_ids[i] for i in order],
            roles=[roles[i] or "membre" for i in order],
            external_ids=sorted(external),
        )
        frame.open_data_ties = open_data_ties
        return frame

    def open_data_ties(self, code: str, filters: SubgraphFilter) -> list[OpenDataTie]:
        """Subsidies and contracts with at least one party located in the territory, dated in the
        window; for an ``as_of`` day, the year before it, since a grant or a contract ties its
        parties beyond its own date."""
        key = self.territories.resolve_territory(code)
        since, until = filters.window()
        if filters.as_of:
            since = filters.as_of - OPEN_DATA_TIE_REACH
        records = self.engine.read(
            "open_data_ties_in_territory", {"territory": key, "since": since, "until": until}
        )
        ties = [open_data_tie_from_record(r) for r in records]
        return sorted(ties, key=lambda t: (t.source_id, t.target_id, t.kind, t.day or EARLIEST))

    def organisation_open_data_ties(self, organisation_id: str) -> list[OpenDataTie]:
        records = self.engine.read("open_data_ties_of_organisation", {"id": organisation_id})
        return [open_data_tie_from_record(r) for r in records]

    def open_data_ties_by_key(self, ends: Sequence[tuple[str, str]]) -> list[OpenDataTie]:
        ties: list[OpenDataTie] = []
        for chunk in chunked(list(ends), self.engine.batch_size):
            rows = [{"from_key": source_id, "tie_key": key} for source_id, key in chunk]
            ties += [
                open_data_tie_from_record(r)
                for r in self.engine.read("open_data_ties_by_key", {"rows": rows})
            ]
        return ties

    def neighbours(self, organisation_id: str, depth: int = 1) -> Subgraph:
        if not 1 <= depth <= MAX_NEIGHBOUR_DEPTH:
            raise InvalidInput(f"depth {depth} must be between 1 and {MAX_NEIGHBOUR_DEPTH}")
        self.entities.get_organisation(organisation_id)
        reached, frontier, seen_alliances = {organisation_id}, [organisation_id], set[str]()
        for _ in range(depth):
            alliance_ids = {
                e.alliance_id for e in self.entities.memberships_of_organisations(frontier, NO_FILTER)
            }
            new_alliances = sorted(alliance_ids - seen_alliances)
            seen_alliances |= alliance_ids
            members = {edge.organisation_id for edge in self.entities.memberships_of_alliances(new_alliances)}
            frontier = sorted(members - reached)
            reached |= members
            if not frontier:
                break
        edges = self.entities.memberships_of_organisations(sorted(reached), NO_FILTER)
        return self._induced_subgraph(reached, edges)

    def shortest_paths(
        self, source: str, target: str, *, max_hops: int = 4, limit: int = 10
    ) -> list[ConnectionPath]:
        if not 1 <= max_hops <= MAX_PATH_HOPS:
            raise InvalidInput(f"max_hops {max_hops} must be between 1 and {MAX_PATH_HOPS}")
        if source == target:
            raise InvalidInput("a path needs two different organisations")
        for organisation_id in (source, target):
            self.entities.get_organisation(organisation_id)
        records = self.engine.read(
            "shortest_paths", {"source": source, "target": target, "max_length": 2 * max_hops, "limit": limit}
        )
        id_paths = list(dict.fromkeys(tuple(record["ids"]) for record in records))
        organisations = {
            o.id: o for o in self.entities.get_organisations([i for p in id_paths for i in p[0::2]])
        }
        alliances = {a.id: a for a in self.entities.alliances([i for p in id_paths for i in p[1::2]])}
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
