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

from typing import Any

from graph_service.errors import StoreUnavailable
from graph_service.model import StoreCounts
from graph_service.store.entity_writes import EntityWrites
from graph_service.store.port import GraphStore
from graph_service.store.sync_engine import Record


class CypherGraphStore(EntityWrites, GraphStore):
    """A GraphStore over named Cypher statements; subclasses bind it to one database."""

    HEALTH_PROBE_KEY = "pays:FR"

    def _probe_read(self, name: str, params: dict[str, Any]) -> list[Record]:
        """How the health probe reads (an adapter may give it a connection of its own)."""
        return self._read(name, params)

    def check_health(self) -> None:
        if not self._probe_read("health_probe", {"key": self.HEALTH_PROBE_KEY}):
            raise StoreUnavailable(
                f"the store answers but holds no territory {self.HEALTH_PROBE_KEY}: run `maillage init`"
            )

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
