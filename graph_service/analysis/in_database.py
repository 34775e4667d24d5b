"""The analysis engine inside the database: GDS runs the ensemble, PageRank and betweenness.

The graph is the projection's (same organisations, same alliances, networks left out, the same
``1/(k-1)`` weights summed in the database: :mod:`graph_service.store.algorithms`). What comes back
is put in the projection's node order and on its scale, so the rest of an analysis cannot tell
which engine ran:

- PageRank: GDS leaves the scores unnormalised and lets isolated nodes keep their teleport share;
  on an undirected graph the only dangling nodes are isolated ones, whose uniform redistribution
  (networkx, networkit) changes the scores by one common factor, so dividing by their sum gives
  the in-process scores exactly;
- betweenness: GDS counts each pair of an undirected graph once, unnormalised; dividing by the
  ``(n-1)(n-2)/2`` pairs that can pass through a node gives networkx's normalised value (sampled,
  from ``s`` sources, it is scaled up by ``n/s`` first, as networkit's estimate is);
- communities: Leiden (GDS has no resolution for Louvain) at each resolution, one run per seed
  ``seed, seed + 1, …``, a single thread so that a seed gives one answer.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from graph_service.analysis.centrality import PAGERANK_DAMPING
from graph_service.analysis.communities import ranked_labels
from graph_service.analysis.engine import IN_PROCESS, PathAndRankScores
from graph_service.analysis.projection import ProjectedGraph
from graph_service.store.algorithms import GraphAlgorithms, ProjectionRequest

PAGERANK_TOLERANCE = 1e-10
"""GDS stops when no score moves by more than this: agreement within 1e-6 with room to spare."""
PAGERANK_MAX_ITERATIONS = 1_000


def projection_request(graph: ProjectedGraph) -> ProjectionRequest:
    """What the database must project to hold the same graph as ``graph``.

    >>> import numpy as np
    >>> from graph_service.model import Organisation
    >>> orgs = [Organisation(id=f"demo:{k}", name=k, world="association") for k in "abc"]
    >>> g = ProjectedGraph(organisations=orgs, source=np.array([0]), target=np.array([1]),
    ...     weight=np.ones(1), external=np.zeros(3, bool), areas=[None] * 3,
    ...     alliances_of=[["demo:x", "demo:big"], ["demo:x"], ["demo:big"]], networks={"demo:big": 40})
    >>> r = projection_request(g)
    >>> list(r.organisations), list(r.alliances), list(r.pairs)
    (['demo:a', 'demo:b', 'demo:c'], ['demo:x'], [])
    """
    alliances = {a for ids in graph.alliances_of for a in ids} - set(graph.networks)
    ids = graph.ids
    pairs = [(ids[a], ids[b]) for (a, b), ties in graph.money.items() for _ in ties]
    return ProjectionRequest(organisations=ids, alliances=sorted(alliances), pairs=pairs)


def _in_node_order(
    graph: ProjectedGraph, values: Mapping[str, float], dtype: type = np.float64
) -> np.ndarray:
    array: np.ndarray = np.zeros(graph.node_count, dtype=dtype)
    index = graph.index
    for organisation_id, value in values.items():
        array[index[organisation_id]] = value
    return array


class InDatabaseEngine:
    """Runs the costly algorithms with the store's own graph library (Neo4j GDS)."""

    def __init__(self, algorithms: GraphAlgorithms, version: str) -> None:
        self.algorithms = algorithms
        self.name = f"gds {version}"
        self.community_algorithm = f"leiden (Neo4j GDS {version})"

    def labelings(
        self, graph: ProjectedGraph, resolutions: list[float], *, seed: int, runs: int
    ) -> list[list[np.ndarray]]:
        if graph.node_count == 0:
            return IN_PROCESS.labelings(graph, resolutions, seed=seed, runs=runs)
        with self.algorithms.project(projection_request(graph)) as projected:
            return [
                [
                    ranked_labels(
                        _in_node_order(
                            graph, projected.leiden(resolution=resolution, seed=seed + run), np.int64
                        )
                    )
                    for run in range(max(runs, 1))
                ]
                for resolution in resolutions
            ]

    def centralities(
        self, graph: ProjectedGraph, *, exact: bool, samples: int, seed: int
    ) -> PathAndRankScores:
        n = graph.node_count
        if n < 3:
            return IN_PROCESS.centralities(graph, exact=exact, samples=samples, seed=seed)
        with self.algorithms.project(projection_request(graph)) as projected:
            rank = _in_node_order(
                graph,
                projected.pagerank(
                    damping=PAGERANK_DAMPING,
                    tolerance=PAGERANK_TOLERANCE,
                    max_iterations=PAGERANK_MAX_ITERATIONS,
                ),
            )
            sources = n if exact else min(samples, n)
            sampled = projected.betweenness(samples=None if exact else sources, seed=seed)
            paths = _in_node_order(graph, sampled)
        # Sampled, GDS sums the paths from the sampled sources only: scaled up as networkit does.
        pairs = (n - 1) * (n - 2) / 2
        return PathAndRankScores(pagerank=rank / rank.sum(), betweenness=paths * (n / sources) / pairs)
