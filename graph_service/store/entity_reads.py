"""Organisation, alliance and membership reads: by id, or searched a page at a time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from graph_service.errors import NotFound
from graph_service.identifiers import search_key
from graph_service.model import (
    Alliance,
    AllianceInfo,
    AllianceMode,
    Maturity,
    Membership,
    MembershipEdge,
    Organisation,
    Page,
    SubgraphFilter,
    World,
)
from graph_service.model.alliance import domain_key
from graph_service.store import kinds, statements
from graph_service.store.records import (
    alliance_from_record,
    organisation_from_record,
)
from graph_service.store.sync_engine import Record, SyncEngine, chunked
from graph_service.store.territory_reads import TerritoryQueries

NO_FILTER = SubgraphFilter()
MIN_MEMBERS = 2


class EntityQueries:
    """Organisations and alliances by id or searched."""

    def __init__(self, engine: SyncEngine, territories: TerritoryQueries) -> None:
        self.engine = engine
        self.territories = territories

    @staticmethod
    def name_params(query: str) -> dict[str, Any]:
        """A name search: its accent-free key, and the raw text for an exact id or code."""
        return {"q": search_key(query), "raw": query.strip()}

    @staticmethod
    def filter_params(filters: SubgraphFilter) -> dict[str, Any]:
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
    def edges(records: Iterable[Record]) -> list[MembershipEdge]:
        return [
            MembershipEdge(
                organisation_id=r["organisation_id"], alliance_id=r["alliance_id"], role=r["role"] or "membre"
            )
            for r in records
        ]

    def memberships_of_alliances(self, alliance_ids: Sequence[str]) -> list[MembershipEdge]:
        edges: list[MembershipEdge] = []
        for chunk in chunked(list(alliance_ids), self.engine.batch_size):
            edges += self.edges(self.engine.read_by_ids(statements.MEMBERSHIPS_OF_ALLIANCES, chunk))
        return edges

    def memberships_of_organisations(
        self, organisation_ids: Sequence[str], filters: SubgraphFilter
    ) -> list[MembershipEdge]:
        edges: list[MembershipEdge] = []
        params = self.filter_params(filters)
        for chunk in chunked(list(organisation_ids), self.engine.batch_size):
            edges += self.edges(
                self.engine.read_by_ids(statements.MEMBERSHIPS_OF_ORGANISATIONS, chunk, **params)
            )
        return edges

    def get_organisations(self, ids: Sequence[str]) -> list[Organisation]:
        found: dict[str, Organisation] = {}
        for chunk in chunked(list(dict.fromkeys(ids)), self.engine.batch_size):
            for record in self.engine.read_by_ids(statements.ORGANISATIONS_GET, chunk):
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
            **self.name_params(query),
            "world": World(world).value if world else "",
            "maturity": Maturity(maturity).value if maturity else "",
            # 0 = any, 1 = yes, 2 = no: LadybugDB cannot type a null parameter.
            "ess": 0 if ess is None else 1 if ess else 2,
            "catalyst": 0 if catalyst is None else 1 if catalyst else 2,
        }
        search = statements.ORGANISATION_SEARCH
        if territory:
            params.update(self.territories.territory_params(territory))
            search = statements.ORGANISATION_SEARCH_IN_TERRITORY
        total, ids = self.engine.page_keys(search, params, "id", limit, offset)
        return Page[Organisation](items=self.get_organisations(ids), total=total, limit=limit, offset=offset)

    def territory_organisations(
        self, code: str, *, world: World | None = None, limit: int = 50, offset: int = 0
    ) -> Page[Organisation]:
        return self.search_organisations("", world=world, territory=code, limit=limit, offset=offset)

    def alliances(self, ids: Sequence[str]) -> list[AllianceInfo]:
        found: dict[str, AllianceInfo] = {}
        for chunk in chunked(list(ids), self.engine.batch_size):
            for record in self.engine.read_by_ids(statements.ALLIANCES_GET, chunk):
                alliance = alliance_from_record(record["a"])
                found[alliance.id] = alliance
        return [found[i] for i in ids if i in found]

    def with_members(self, infos: Sequence[AllianceInfo]) -> list[Alliance]:
        """The alliances with their members; one with fewer than two members (left by an import
        stopped between an alliance and its members) is not an alliance yet and is left out."""
        members: dict[str, list[Membership]] = defaultdict(list)
        for edge in self.memberships_of_alliances([info.id for info in infos]):
            members[edge.alliance_id].append(Membership(organisation_id=edge.organisation_id, role=edge.role))
        return [
            # Read back as stored: validation happened when the alliance was written.
            Alliance.model_construct(
                **dict(info), members=sorted(members[info.id], key=lambda m: m.organisation_id)
            )
            for info in infos
            if len({m.organisation_id for m in members[info.id]}) >= MIN_MEMBERS
        ]

    def get_alliances(self, ids: Sequence[str]) -> list[Alliance]:
        return self.with_members(self.alliances(ids))

    def get_alliance(self, alliance_id: str) -> Alliance:
        found = self.get_alliances([alliance_id])
        if not found:
            raise NotFound("alliance", alliance_id)
        return found[0]

    def search_alliances(
        self, query: str = "", *, modes: Sequence[AllianceMode] = (), limit: int = 20, offset: int = 0
    ) -> Page[Alliance]:
        params: dict[str, Any] = {
            **self.name_params(query),
            "any_mode": not modes,
            "modes": [AllianceMode(mode).value for mode in modes] or [""],
        }
        total, ids = self.engine.page_keys(statements.ALLIANCE_SEARCH, params, "id", limit, offset)
        return Page[Alliance](
            items=self.with_members(self.alliances(ids)), total=total, limit=limit, offset=offset
        )

    def organisation_alliances(self, organisation_id: str) -> list[Alliance]:
        self.get_organisation(organisation_id)
        own = self.memberships_of_organisations([organisation_id], NO_FILTER)
        alliance_ids = sorted({edge.alliance_id for edge in own})
        infos = sorted(self.alliances(alliance_ids), key=lambda a: (a.start or date.min, a.id))
        return self.with_members(infos)

    def existing_organisation_ids(self, ids: Iterable[str]) -> set[str]:
        return self.engine.existing_keys(kinds.ORGANISATION, ids)

    def organisation_ids_by_rna(self, rnas: Iterable[str]) -> dict[str, set[str]]:
        return self.holders("organisation_ids_by_rna", rnas)

    def organisation_ids_by_siren(self, sirens: Iterable[str]) -> dict[str, set[str]]:
        return self.holders("organisation_ids_by_siren", sirens)

    def holders(self, statement: str, numbers: Iterable[str]) -> dict[str, set[str]]:
        """Number → ids of the organisations holding it, from a statement taking ``$numbers``."""
        found: dict[str, set[str]] = {}
        for chunk in chunked(sorted(set(numbers)), self.engine.batch_size):
            for record in self.engine.read(statement, {"numbers": list(chunk)}):
                found.setdefault(record["number"], set()).add(record["id"])
        return found

    def existing_alliance_ids(self, ids: Iterable[str]) -> set[str]:
        return self.engine.existing_keys(kinds.ALLIANCE, ids)

    def alliance_ids_of_organisations(self, organisation_ids: Sequence[str]) -> set[str]:
        return {edge.alliance_id for edge in self.memberships_of_organisations(organisation_ids, NO_FILTER)}

    def alliance_member_ids(self, alliance_ids: Iterable[str]) -> dict[str, set[str]]:
        members: dict[str, set[str]] = defaultdict(set)
        for edge in self.memberships_of_alliances(sorted(set(alliance_ids))):
            members[edge.alliance_id].add(edge.organisation_id)
        return dict(members)
