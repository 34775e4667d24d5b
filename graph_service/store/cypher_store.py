"""The GraphStore shared by every Cypher backend, assembled from one class per concern:

- :mod:`~graph_service.store.sync_engine`: the diffing-upsert engine over named statements;
- :mod:`~graph_service.store.territory_reads`: territories from the reference in memory;
- :mod:`~graph_service.store.entity_reads`: organisations, alliances and tokens;
- :mod:`~graph_service.store.subgraph_reads`: ecosystems, neighbourhoods and paths;
- :mod:`~graph_service.store.entity_writes`: upserts and deletions.

An adapter (:mod:`~graph_service.store.embedded`, :mod:`~graph_service.store.neo4j`) supplies the
primitives and translates its driver's errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graph_service.errors import StoreUnavailable
from graph_service.model import StoreCounts
from graph_service.store.background_check import BackgroundCheck
from graph_service.store.entity_writes import EntityWrites
from graph_service.store.port import GraphStore
from graph_service.store.sync_engine import Record

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


class CypherGraphStore(EntityWrites, GraphStore):
    """A GraphStore over named Cypher statements; subclasses bind it to one database."""

    HEALTH_PROBE_KEY = "pays:FR"

    def _probe_read(self, name: str, params: dict[str, Any]) -> list[Record]:
        """How the health probe reads (an adapter may give it a connection of its own)."""
        return self._read(name, params)

    def __init__(self, batch_size: int) -> None:
        super().__init__(batch_size)
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
        def tally(name: str) -> dict[str, int]:
            return {str(r["name"]): int(r["total"]) for r in self._read(name, {}) if r["name"] is not None}

        nodes = tally("count_nodes")
        nodes["Catalyst"] = int(self._read("count_catalysts", {})[0]["total"])
        return StoreCounts(
            nodes=dict(sorted(nodes.items())),
            relationships=dict(sorted(tally("count_relationships").items())),
            organisations_by_world=dict(sorted(tally("count_organisations_by_world").items())),
        )
