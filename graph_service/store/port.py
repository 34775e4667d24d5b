"""GraphStore and its narrow ports: the interfaces the rest of Maillage sees.

Every backend (embedded LadybugDB, Neo4j) implements it, and answers with domain models only: no
driver object ever crosses this line. The contract suite (``tests/contract``) runs the same cases
on every implementation.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Protocol

from graph_service.model import (
    Alliance,
    AllianceInfo,
    AllianceMode,
    CatalystProfile,
    ChangeRecord,
    ConnectionPath,
    EcosystemFrame,
    Maturity,
    MembershipEdge,
    OpenDataTie,
    Organisation,
    Page,
    PopulatedTerritory,
    StoreCounts,
    Subgraph,
    SubgraphFilter,
    Territory,
    TerritoryLevel,
    TerritoryView,
    World,
    WriteCounts,
)
from graph_service.store.access_port import AccountStore, TokenStore
from graph_service.store.algorithms import GraphAlgorithms
from graph_service.store.changes import ChangeLog

MAX_PATH_HOPS = 6
MAX_NEIGHBOUR_DEPTH = 3


class TerritoryReads(Protocol):
    """The territory reference: codes, names, levels, and which territories hold organisations."""

    @abstractmethod
    def resolve_territory(self, code: str) -> str:
        """The key of a territory given its key (``level:code``) or a bare INSEE code."""

    @abstractmethod
    def get_territory(self, code: str) -> TerritoryView:
        """A territory with its ancestors and children."""

    @abstractmethod
    def search_territories(
        self,
        query: str = "",
        *,
        level: TerritoryLevel | None = None,
        parent: str | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> Page[Territory]:
        """Territories by name or code, level, and direct parent."""

    @abstractmethod
    def get_territories(self, keys: Sequence[str]) -> list[Territory]:
        """The territories of these keys that exist, in the order asked."""

    @abstractmethod
    def populated_territories(self, level: TerritoryLevel) -> list[PopulatedTerritory]:
        """The territories of one level that hold organisations, the fullest first."""

    @abstractmethod
    def territory_world_counts(self, code: str) -> dict[str, int]:
        """Organisations located inside a territory, counted by world."""

    @abstractmethod
    def existing_territory_keys(self, keys: Iterable[str]) -> set[str]:
        """Which of ``keys`` are territories in the store."""

    @abstractmethod
    def organisation_areas(self, code: str) -> dict[str, str]:
        """For each organisation inside a territory, the key of the territory's child it lies in
        (the EPCI of a département, the commune of an EPCI); informal areas are not children here."""


class GraphReads(Protocol):
    """Organisations, alliances, open-data ties, ecosystems and paths."""

    @abstractmethod
    def get_organisation(self, organisation_id: str) -> Organisation:
        """One organisation; raises :class:`~graph_service.errors.NotFound`."""

    @abstractmethod
    def get_organisations(self, ids: Sequence[str]) -> list[Organisation]:
        """The organisations among ``ids`` that exist, in the order asked."""

    @abstractmethod
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
        """Name search (prefix first, then substring; accent- and case-insensitive) with filters."""

    @abstractmethod
    def territory_organisations(
        self, code: str, *, world: World | None = None, limit: int = 50, offset: int = 0
    ) -> Page[Organisation]:
        """Organisations located anywhere inside a territory, at any level."""

    @abstractmethod
    def organisation_alliances(self, organisation_id: str) -> list[Alliance]:
        """The alliances an organisation belongs to, with all their members."""

    @abstractmethod
    def ecosystem(self, code: str, filters: SubgraphFilter | None = None) -> Subgraph:
        """A territory's organisations (isolated ones included) and the alliances among them."""

    @abstractmethod
    def ecosystem_frame(self, code: str, filters: SubgraphFilter | None = None) -> EcosystemFrame:
        """The same as :meth:`ecosystem`, its memberships as id columns: what analyses read."""

    @abstractmethod
    def neighbours(self, organisation_id: str, depth: int = 1) -> Subgraph:
        """Organisations reachable through at most ``depth`` shared alliances, and those alliances."""

    @abstractmethod
    def shortest_paths(
        self, source: str, target: str, *, max_hops: int = 4, limit: int = 10
    ) -> list[ConnectionPath]:
        """The shortest ways two organisations are connected through alliances."""

    @abstractmethod
    def get_alliance(self, alliance_id: str) -> Alliance:
        """One alliance with all its members; raises NotFound."""

    @abstractmethod
    def get_alliances(self, ids: Sequence[str]) -> list[Alliance]:
        """The alliances of these ids that exist, with their members, in the order given."""

    @abstractmethod
    def search_alliances(
        self, query: str = "", *, modes: Sequence[AllianceMode] = (), limit: int = 20, offset: int = 0
    ) -> Page[Alliance]:
        """Alliances by name, filtered by mode, with their members."""

    @abstractmethod
    def open_data_ties(self, code: str, filters: SubgraphFilter) -> list[OpenDataTie]:
        """Subsidies and contracts with at least one party located in the territory, dated in the
        filters' window (without the ecosystem around them)."""

    @abstractmethod
    def organisation_open_data_ties(self, organisation_id: str) -> list[OpenDataTie]:
        """The subsidies and contracts an organisation gives or receives, latest first."""

    @abstractmethod
    def open_data_ties_by_key(self, ends: Sequence[tuple[str, str]]) -> list[OpenDataTie]:
        """The subsidies and contracts of these (funder or buyer id, key) pairs that exist."""

    @abstractmethod
    def existing_organisation_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are organisations in the store."""

    @abstractmethod
    def existing_alliance_ids(self, ids: Iterable[str]) -> set[str]:
        """Which of ``ids`` are alliances in the store."""

    @abstractmethod
    def alliance_member_ids(self, alliance_ids: Iterable[str]) -> dict[str, set[str]]:
        """The current members of each existing alliance among ``alliance_ids``."""

    @abstractmethod
    def alliance_ids_of_organisations(self, organisation_ids: Sequence[str]) -> set[str]:
        """The alliances any of these organisations is a member of."""

    @abstractmethod
    def organisation_ids_by_rna(self, rnas: Iterable[str]) -> dict[str, set[str]]:
        """The ids of the organisations holding each RNA number (more than one is a conflict)."""

    @abstractmethod
    def organisation_ids_by_siren(self, sirens: Iterable[str]) -> dict[str, set[str]]:
        """The ids of the organisations holding each SIREN: ``siren:<SIREN>``, or an authority the
        reference knew without it (``collectivite:region:84``) that SIRENE completed."""

    @abstractmethod
    def counts(self) -> StoreCounts:
        """Nodes by label, relationships by type, organisations by world."""

    def graph_algorithms(self) -> GraphAlgorithms | None:
        """The database's own graph algorithms, if its server runs them (Neo4j with GDS)."""
        return None


class GraphWrites(Protocol):
    """Upserts and deletions; each write names the import run (or API call) it belongs to."""

    @abstractmethod
    def upsert_territories(self, territories: Sequence[Territory], run: str) -> WriteCounts:
        """Create or update territories and replace their ``PART_OF`` parents."""

    @abstractmethod
    def upsert_organisations(self, organisations: Sequence[Organisation], run: str) -> WriteCounts:
        """Create or update organisations and their location; a given catalyst profile is applied too."""

    @abstractmethod
    def upsert_catalysts(self, profiles: dict[str, CatalystProfile], source: str, run: str) -> WriteCounts:
        """Make existing organisations catalysts: missions, start year, animated territories."""

    @abstractmethod
    def upsert_alliances(self, alliances: Sequence[AllianceInfo], run: str) -> WriteCounts:
        """Create or update alliance nodes (members go through :meth:`upsert_memberships`)."""

    @abstractmethod
    def upsert_memberships(self, memberships: Sequence[MembershipEdge], source: str, run: str) -> WriteCounts:
        """Add memberships or update their role; existing memberships are never removed here."""

    @abstractmethod
    def upsert_open_data_ties(self, ties: Sequence[OpenDataTie], run: str) -> WriteCounts:
        """Add subsidies (``FUNDS``) and public contracts (``CONTRACTS_WITH``) between existing
        organisations, told apart by their ``key``; a tie already stored is updated, never doubled."""

    @abstractmethod
    def delete_open_data_ties(self, ties: Sequence[OpenDataTie]) -> None:
        """Remove these subsidies and contracts (found by funder or buyer, and key)."""

    @abstractmethod
    def delete_organisation(self, organisation_id: str) -> list[str]:
        """Remove an organisation and its relationships; raises NotFound.

        An alliance left with fewer than two members is no longer an alliance: it is removed too,
        and its id returned.
        """

    @abstractmethod
    def delete_organisations(self, organisation_ids: Sequence[str]) -> list[str]:
        """Remove those of these organisations that exist, in bulk (an import undone), as
        :meth:`delete_organisation` removes one; the alliances dissolved."""

    @abstractmethod
    def delete_alliance(self, alliance_id: str) -> None:
        """Remove an alliance and its memberships; raises NotFound."""

    @abstractmethod
    def delete_alliances(self, alliance_ids: Sequence[str]) -> None:
        """Remove those of these alliances that exist, with their memberships, in bulk."""

    @abstractmethod
    def remove_catalyst(self, organisation_id: str, run: str) -> None:
        """Make a catalyst a plain organisation again (profile and animated territories dropped)."""


class ChangeHistory(Protocol):
    """Every write of an organisation or an alliance, with who, when, and the values before and
    after."""

    @abstractmethod
    def record_changes(self, changes: Sequence[ChangeRecord]) -> None:
        """Keep changes (their ids are new), an import's thousands in a few statements."""

    @abstractmethod
    def get_change(self, change_id: str) -> ChangeRecord:
        """One change; raises NotFound."""

    @abstractmethod
    def list_changes(
        self,
        *,
        offset: int = 0,
        limit: int = 50,
        territory: str | None = None,
        entity_id: str | None = None,
        kind: str | None = None,
        author: str | None = None,
        run: str | None = None,
    ) -> Page[ChangeRecord]:
        """The changes that match every filter given, newest first (``territory`` is a key)."""


class RunsAndChanges(Protocol):
    """Which backend answers, what the data is a snapshot of (the import runs that made it), which
    territories the writes touched, and whether the store answers."""

    backend: str
    changes: ChangeLog
    """The territories this store's writes touched, for the analyses that depend on them."""

    @abstractmethod
    def record_import_run(
        self, run: str, dataset: str, started: datetime, summary: str, *, finished: bool = True
    ) -> None:
        """Remember an import run, so that provenance can name it.

        A finished run becomes the data snapshot (the latest run to finish); an unfinished one
        (an import under way) is only a record of what it has committed so far.
        """

    @abstractmethod
    def snapshot_id(self) -> str:
        """An id of the data's state: the latest import run, or ``empty``."""

    @abstractmethod
    def check_health(self) -> None:
        """Read a node every initialised store holds (France); raise StoreUnavailable otherwise."""


class Reads(TerritoryReads, GraphReads, Protocol):
    """Every read of the graph and of the territory reference."""


class AnalysisStore(Reads, RunsAndChanges, Protocol):
    """What the analyses read, and the snapshot and changes they are kept by: no write, no token."""


class ReadWriteStore(TerritoryReads, GraphReads, GraphWrites, ChangeHistory, RunsAndChanges, Protocol):
    """What the importers and the checked writes use: reads to find who is known, writes, and the
    run record; no token."""


class GraphStore(
    TerritoryReads, GraphReads, GraphWrites, TokenStore, AccountStore, ChangeHistory, RunsAndChanges, ABC
):
    """Reads and writes the territorial ecosystem graph: every narrow port, and the lifecycle.

    A consumer names the narrow port it uses (:class:`AnalysisStore`, :class:`ReadWriteStore`,
    :class:`TokenStore` …), so that what it may do with the store is read in its signature.
    """

    @abstractmethod
    def init_schema(self) -> None:
        """Create tables, constraints and indexes; safe to call on every start."""

    @abstractmethod
    def close(self) -> None:
        """Release the database; the store is unusable afterwards."""

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
