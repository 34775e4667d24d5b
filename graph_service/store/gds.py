"""Neo4j Graph Data Science as the store's in-database algorithms (:mod:`graph_service.store.algorithms`).

A projection and the algorithms run on it share one read transaction: GDS keeps its graph
catalogue in the memory of the server that projected it, so on a cluster every call must reach
that same server, and one transaction is one connection. The projection is a Cypher projection
(``gds.graph.project`` as an aggregation) whose weights are summed inside the database
(``cypher/neo4j/gds_project.cypher``); each projection has a name of its own, so concurrent
analyses never collide, and it is dropped when its context closes, whatever happened.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from typing import TYPE_CHECKING, Any

import neo4j
from neo4j import Transaction
from neo4j.exceptions import DriverError, Neo4jError

from graph_service.errors import StoreError, StoreUnavailable
from graph_service.store.algorithms import (
    AlgorithmsMissing,
    GraphAlgorithms,
    ProjectedInDatabase,
    ProjectionRequest,
)
from graph_service.store.cypher import load_query
from graph_service.store.sync_engine import Record

if TYPE_CHECKING:
    from graph_service.store.neo4j import Neo4jStore

DIALECT = "neo4j"
PAGERANK_SCALER = "NONE"
"""GDS scales nothing; the engine normalises the scores as the in-process PageRank does."""


def _run(tx: Transaction, name: str, params: dict[str, Any]) -> list[Record]:
    from graph_service.store.neo4j import translate_error

    query = load_query(DIALECT, name)
    query.check(params)
    try:
        result = tx.run(query.text, params)
        return [record.data() for record in result]
    except (DriverError, Neo4jError) as error:
        raise translate_error(error, name) from error


class GdsGraph(ProjectedInDatabase):
    """One projected graph, read through the transaction that projected it."""

    def __init__(self, tx: Transaction, name: str, nodes: int, relationships: int) -> None:
        self._tx = tx
        self.name = name
        self.nodes = nodes
        self.relationships = relationships

    def _values(self, statement: str, config: dict[str, Any]) -> dict[str, Any]:
        rows = _run(self._tx, statement, {"graph": self.name, "config": {"concurrency": 1, **config}})
        return {str(row["id"]): row["value"] for row in rows}

    def pagerank(self, *, damping: float, tolerance: float, max_iterations: int) -> dict[str, float]:
        config = {
            "relationshipWeightProperty": "weight",
            "dampingFactor": damping,
            "tolerance": tolerance,
            "maxIterations": max_iterations,
            "scaler": PAGERANK_SCALER,
        }
        return {k: float(v) for k, v in self._values("gds_pagerank", config).items()}

    def betweenness(self, *, samples: int | None, seed: int) -> dict[str, float]:
        config: dict[str, Any] = {}
        if samples is not None:
            config = {"samplingSize": samples, "samplingSeed": seed}
        return {k: float(v) for k, v in self._values("gds_betweenness", config).items()}

    def leiden(self, *, resolution: float, seed: int) -> dict[str, int]:
        config = {
            "relationshipWeightProperty": "weight",
            "gamma": resolution,
            "randomSeed": seed,
            "includeIntermediateCommunities": False,
        }
        return {k: int(v) for k, v in self._values("gds_leiden", config).items()}

    def weights(self) -> Iterator[tuple[str, str, float]]:
        for row in _run(self._tx, "gds_weights", {"graph": self.name}):
            yield str(row["source"]), str(row["target"]), float(row["weight"])


class GdsAlgorithms(GraphAlgorithms):
    """The GDS library of the Neo4j server behind a store."""

    def __init__(self, store: Neo4jStore) -> None:
        self._store = store

    def version(self) -> str:
        try:
            return str(self._store.read("gds_version", {})[0]["version"])
        except StoreUnavailable:
            raise
        except StoreError as error:
            raise AlgorithmsMissing(
                "MAILLAGE_ANALYSIS_ENGINE=gds needs the Graph Data Science library on the Neo4j "
                f"server (RETURN gds.version() failed: {error})"
            ) from error

    @contextmanager
    def project(self, request: ProjectionRequest) -> Iterator[ProjectedInDatabase]:
        from graph_service.store.neo4j import translate_error

        store = self._store
        name = f"maillage-{uuid.uuid4().hex}"
        params = {
            "graph": name,
            "organisations": list(request.organisations),
            "alliances": list(request.alliances),
            "pairs": [list(pair) for pair in request.pairs],
        }
        try:
            session = store._driver.session(database=store.database, default_access_mode=neo4j.READ_ACCESS)
            tx = session.begin_transaction(timeout=store.timeout_seconds)
        except (DriverError, Neo4jError) as error:
            raise translate_error(error, "gds_project") from error
        try:
            shape = _run(tx, "gds_project", params)[0]
            try:
                yield GdsGraph(tx, name, int(shape["nodes"]), int(shape["relationships"]) // 2)
            finally:
                if tx.closed():
                    # The transaction failed: drop the graph in a fresh one, without hiding why.
                    with suppress(StoreError):
                        store.read("gds_drop", {"graph": name})
                else:
                    _run(tx, "gds_drop", {"graph": name})
        finally:
            if not tx.closed():
                tx.close()
            session.close()
