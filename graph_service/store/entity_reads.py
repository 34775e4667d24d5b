"""Organisation, alliance, membership and token reads: by id, or searched a page at a time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from graph_service.errors import NotFound
from graph_service.identifiers import search_key
from graph_service.model import (
    Alliance,
    AllianceInfo,
    AllianceMode,
    ApiToken,
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
from graph_service.store.sync_engine import Record, chunked
from graph_service.store.territory_reads import TerritoryReads

NO_FILTER = SubgraphFilter()
MIN_MEMBERS = 2


class EntityReads(TerritoryReads):
    """Organisations and alliances by id or searched, and API tokens."""

    @staticmethod
    def _name_params(query: str) -> dict[str, Any]:
        """A name search: its accent-free key, and the raw text for an exact id or code."""
        return {"q": search_key(query), "raw": query.strip()}

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
    def _edges(records: Iterable[Record]) -> list[MembershipEdge]:
        return [
            MembershipEdge(
                organisation_id=r["organisation_id"], alliance_id=r["alliance_id"], role=r["role"] or "membre"
            )
            for r in records
        ]

    def _memberships_of_alliances(self, alliance_ids: Sequence[str]) -> list[MembershipEdge]:
        edges: list[MembershipEdge] = []
        for chunk in chunked(list(alliance_ids), self.batch_size):
            edges += self._edges(self._read_by_ids(statements.MEMBERSHIPS_OF_ALLIANCES, chunk))
        return edges

    def _memberships_of_organisations(
        self, organisation_ids: Sequence[str], filters: SubgraphFilter
    ) -> list[MembershipEdge]:
        edges: list[MembershipEdge] = []
        params = self._filter_params(filters)
        for chunk in chunked(list(organisation_ids), self.batch_size):
            edges += self._edges(self._read_by_ids(statements.MEMBERSHIPS_OF_ORGANISATIONS, chunk, **params))
        return edges

    def get_organisations(self, ids: Sequence[str]) -> list[Organisation]:
        found: dict[str, Organisation] = {}
        for chunk in chunked(list(dict.fromkeys(ids)), self.batch_size):
            for record in self._read_by_ids(statements.ORGANISATIONS_GET, chunk):
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
        search = statements.ORGANISATION_SEARCH
        if territory:
            params.update(self._territory_params(territory))
            search = statements.ORGANISATION_SEARCH_IN_TERRITORY
        total, ids = self._page_keys(search, params, "id", limit, offset)
        return Page[Organisation](items=self.get_organisations(ids), total=total, limit=limit, offset=offset)

    def territory_organisations(
        self, code: str, *, world: World | None = None, limit: int = 50, offset: int = 0
    ) -> Page[Organisation]:
        return self.search_organisations("", world=world, territory=code, limit=limit, offset=offset)

    def _alliances(self, ids: Sequence[str]) -> list[AllianceInfo]:
        found: dict[str, AllianceInfo] = {}
        for chunk in chunked(list(ids), self.batch_size):
            for record in self._read_by_ids(statements.ALLIANCES_GET, chunk):
                alliance = alliance_from_record(record["a"])
                found[alliance.id] = alliance
        return [found[i] for i in ids if i in found]

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
        total, ids = self._page_keys(statements.ALLIANCE_SEARCH, params, "id", limit, offset)
        return Page[Alliance](
            items=self._with_members(self._alliances(ids)), total=total, limit=limit, offset=offset
        )

    def organisation_alliances(self, organisation_id: str) -> list[Alliance]:
        self.get_organisation(organisation_id)
        own = self._memberships_of_organisations([organisation_id], NO_FILTER)
        alliance_ids = sorted({edge.alliance_id for edge in own})
        infos = sorted(self._alliances(alliance_ids), key=lambda a: (a.start or date.min, a.id))
        return self._with_members(infos)

    def existing_organisation_ids(self, ids: Iterable[str]) -> set[str]:
        return self._existing_keys(kinds.ORGANISATION, ids)

    def organisation_ids_by_rna(self, rnas: Iterable[str]) -> dict[str, set[str]]:
        return self._holders("organisation_ids_by_rna", rnas)

    def organisation_ids_by_siren(self, sirens: Iterable[str]) -> dict[str, set[str]]:
        return self._holders("organisation_ids_by_siren", sirens)

    def _holders(self, statement: str, numbers: Iterable[str]) -> dict[str, set[str]]:
        """Number → ids of the organisations holding it, from a statement taking ``$numbers``."""
        found: dict[str, set[str]] = {}
        for chunk in chunked(sorted(set(numbers)), self.batch_size):
            for record in self._read(statement, {"numbers": list(chunk)}):
                found.setdefault(record["number"], set()).add(record["id"])
        return found

    def existing_alliance_ids(self, ids: Iterable[str]) -> set[str]:
        return self._existing_keys(kinds.ALLIANCE, ids)

    def alliance_member_ids(self, alliance_ids: Iterable[str]) -> dict[str, set[str]]:
        members: dict[str, set[str]] = defaultdict(set)
        for edge in self._memberships_of_alliances(sorted(set(alliance_ids))):
            members[edge.alliance_id].add(edge.organisation_id)
        return dict(members)

    def find_token(self, secret_hash: str) -> ApiToken | None:
        records = self._read("token_find", {"hash": secret_hash, "now": datetime.now(UTC)})
        return ApiToken.model_validate(records[0]["t"]) if records else None

    def list_tokens(self) -> list[ApiToken]:
        return [ApiToken.model_validate(record["t"]) for record in self._read("tokens_list", {})]
