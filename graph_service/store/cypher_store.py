"""The GraphStore shared by every Cypher backend, composed of one query object per concern over
one executor:

- the executor is the store itself: :mod:`~graph_service.store.sync_engine` (the diffing-upsert
  engine over named statements), whose primitives an adapter (:mod:`~graph_service.store.embedded`,
  :mod:`~graph_service.store.neo4j`) binds to its database, translating its driver's errors;
- :mod:`~graph_service.store.territory_reads`: territories from the reference in memory;
- :mod:`~graph_service.store.entity_reads`: organisations and alliances;
- :mod:`~graph_service.store.subgraph_reads`: ecosystems, neighbourhoods and paths;
- :mod:`~graph_service.store.entity_writes`: upserts and deletions, recorded in a change log;
- :mod:`~graph_service.store.token_queries`: API tokens.

Each port method is answered by the query object that owns it (:class:`Delegated`); the store
itself answers for the runs, the snapshot and health.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from graph_service.errors import StoreUnavailable
from graph_service.model import StoreCounts
from graph_service.model.territory import REFERENCE_SOURCE
from graph_service.store.account_queries import AccountQueries
from graph_service.store.background_check import BackgroundCheck
from graph_service.store.change_queries import ChangeQueries
from graph_service.store.changes import ChangeLog
from graph_service.store.entity_reads import EntityQueries
from graph_service.store.entity_writes import GraphWriter
from graph_service.store.port import GraphStore
from graph_service.store.subgraph_reads import SubgraphQueries
from graph_service.store.sync_engine import Record, SyncEngine
from graph_service.store.territory_reads import TerritoryQueries
from graph_service.store.token_queries import TokenQueries

HEALTH_SCANS = (
    "latest_import_run",
    "health_scan_organisations",
    "health_scan_alliances",
    "health_scan_members",
)
"""What the health check reads in full: the data snapshot every answer names, and every text
column of the organisations, alliances and memberships (the pages a search or a listing would
decode)."""
HEALTH_ALLIANCES = 5_000
"""Alliances whose records and members the health check reads as a listing does (an even sample
beyond this many)."""
HEALTH_SCAN_SECONDS = 60.0
"""How often at most the health check's full read runs (in the background: see
:mod:`~graph_service.store.background_check`)."""


class Delegated:
    """A port method answered by the query object held in attribute ``part`` of the store."""

    def __init__(self, part: str) -> None:
        self.part = part
        self.name = ""

    def __set_name__(self, owner: type, name: str) -> None:
        # One object per name: chained assignments would give every name the last one's.
        assert not self.name, f"Delegated shared by {self.name} and {name}"
        self.name = name

    def __get__(self, store: object, owner: type | None = None) -> Any:
        if store is None:
            return self
        return getattr(getattr(store, self.part), self.name)


class CypherGraphStore(SyncEngine, GraphStore):
    """A GraphStore over named Cypher statements; subclasses bind it to one database."""

    HEALTH_PROBE_KEY = "pays:FR"

    resolve_territory = Delegated("territories")
    get_territory = Delegated("territories")
    search_territories = Delegated("territories")
    get_territories = Delegated("territories")
    populated_territories = Delegated("territories")
    territory_world_counts = Delegated("territories")
    existing_territory_keys = Delegated("territories")
    organisation_areas = Delegated("territories")
    get_organisation = Delegated("entities")
    get_organisations = Delegated("entities")
    search_organisations = Delegated("entities")
    territory_organisations = Delegated("entities")
    organisation_alliances = Delegated("entities")
    get_alliance = Delegated("entities")
    get_alliances = Delegated("entities")
    search_alliances = Delegated("entities")
    existing_organisation_ids = Delegated("entities")
    existing_alliance_ids = Delegated("entities")
    alliance_member_ids = Delegated("entities")
    alliance_ids_of_organisations = Delegated("entities")
    organisation_ids_by_rna = Delegated("entities")
    organisation_ids_by_siren = Delegated("entities")
    ecosystem = Delegated("subgraphs")
    ecosystem_frame = Delegated("subgraphs")
    neighbours = Delegated("subgraphs")
    shortest_paths = Delegated("subgraphs")
    open_data_ties = Delegated("subgraphs")
    organisation_open_data_ties = Delegated("subgraphs")
    open_data_ties_by_key = Delegated("subgraphs")
    upsert_territories = Delegated("writer")
    upsert_organisations = Delegated("writer")
    upsert_catalysts = Delegated("writer")
    upsert_alliances = Delegated("writer")
    upsert_memberships = Delegated("writer")
    upsert_open_data_ties = Delegated("writer")
    delete_organisation = Delegated("writer")
    delete_organisations = Delegated("writer")
    delete_open_data_ties = Delegated("writer")
    delete_alliances = Delegated("writer")
    delete_alliance = Delegated("writer")
    remove_catalyst = Delegated("writer")
    save_token = Delegated("tokens")
    find_token = Delegated("tokens")
    list_tokens = Delegated("tokens")
    revoke_token = Delegated("tokens")
    save_user = Delegated("accounts")
    find_user = Delegated("accounts")
    get_user = Delegated("accounts")
    list_users = Delegated("accounts")
    set_password_hash = Delegated("accounts")
    save_password_link = Delegated("accounts")
    take_password_link = Delegated("accounts")
    save_session = Delegated("accounts")
    find_session = Delegated("accounts")
    extend_session = Delegated("accounts")
    end_session = Delegated("accounts")
    end_sessions_of = Delegated("accounts")
    record_changes = Delegated("history")
    get_change = Delegated("history")
    list_changes = Delegated("history")

    def _probe_read(self, name: str, params: dict[str, Any]) -> list[Record]:
        """How the health probe reads (an adapter may give it a connection of its own)."""
        return self.read(name, params)

    def __init__(self, batch_size: int) -> None:
        super().__init__(batch_size)
        self.changes = ChangeLog()
        self.territories = TerritoryQueries(self)
        self.entities = EntityQueries(self, self.territories)
        self.subgraphs = SubgraphQueries(self, self.territories, self.entities)
        self.writer = GraphWriter(self, self.territories, self.entities, self.changes)
        self.tokens = TokenQueries(self)
        self.accounts = AccountQueries(self)
        self.history = ChangeQueries(self)
        self._health_scan = BackgroundCheck(self._scan_for_health, every=HEALTH_SCAN_SECONDS)

    def check_health(self) -> None:
        """The store answers and holds the reference, and the last full read of its data passed.

        The full read runs in the background (at most once a minute, again at once after a
        failure): it reads every text column of the organisations, alliances and memberships, and
        the alliances' records and members as a listing reads them, so a damaged file fails here
        as a search or a listing would, not only on one fixed node."""
        if not self._probe_read("health_probe", {"key": self.HEALTH_PROBE_KEY}):
            raise StoreUnavailable(
                f"the store answers but holds no territory {self.HEALTH_PROBE_KEY}: run `maillage init`"
            )
        failure = self._health_scan.failure()
        if failure is not None:
            raise failure

    def record_import_run(
        self, run: str, dataset: str, started: datetime, summary: str, *, finished: bool = True
    ) -> None:
        self.changes.own_run(run)
        params = {"id": run, "dataset": dataset, "started": started, "summary": summary}
        # LadybugDB cannot type a null parameter: an unfinished run travels as a flag.
        self.write("import_run_record", {**params, "finished": datetime.now(UTC), "is_finished": finished})

    def scan_for_health(self) -> None:
        """The health check's full read, run here and now (``check_health`` runs it in the
        background); raises the StoreError it meets."""
        for _ in self._scan_for_health():
            pass

    def _scan_for_health(self) -> Iterator[None]:
        for statement in HEALTH_SCANS:
            self._probe_read(statement, {})
            yield
        ids = [str(r["id"]) for r in self._probe_read("health_alliance_ids", {})]
        sample = ids[:: max(1, len(ids) // HEALTH_ALLIANCES)]
        for start in range(0, len(sample), 1_000):
            chunk = sample[start : start + 1_000]
            self._probe_read("alliances_get", {"ids": chunk})
            self._probe_read("memberships_of_alliances", {"ids": chunk})
            yield

    def counts(self) -> StoreCounts:
        def tally(name: str, **parameters: Any) -> dict[str, int]:
            rows = self.read(name, parameters)
            return {str(r["name"]): int(r["total"]) for r in rows if r["name"] is not None}

        nodes = tally("count_nodes")
        nodes["Catalyst"] = int(self.read("count_catalysts", {})[0]["total"])
        return StoreCounts(
            nodes=dict(sorted(nodes.items())),
            relationships=dict(sorted(tally("count_relationships").items())),
            organisations_by_world=dict(sorted(tally("count_organisations_by_world").items())),
            waiting_authorities_by_world=dict(
                sorted(tally("count_waiting_authorities_by_world", reference_source=REFERENCE_SOURCE).items())
            ),
        )
