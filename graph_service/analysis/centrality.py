"""Centrality of the organisations of a projection: who is central, by ties, by paths, by influence.

Degree counts ties and strength sums their weights. Path measures (betweenness, harmonic closeness)
count hops, since a weight of shared alliances is a closeness, not a distance. PageRank and
eigenvector use the weights. Betweenness is exact up to ``exact_max_nodes`` and estimated from
``samples`` source nodes beyond (Geisberger, Sanders and Schultes), and the answer says which.

>>> import numpy as np
>>> from graph_service.analysis.projection import ProjectedGraph
>>> star = ProjectedGraph(organisations=[], source=np.array([0, 0, 0]), target=np.array([1, 2, 3]),
...                       weight=np.ones(3), external=np.zeros(4, bool), areas=[])
>>> table = centrality(star, closeness=True)
>>> table.betweenness_mode, table.values["betweenness"].tolist(), table.values["degree"].tolist()
('exact', [1.0, 0.0, 0.0, 0.0], [3, 1, 1, 1])
>>> [round(x, 3) for x in table.values["harmonic"].tolist()]
[1.0, 0.667, 0.667, 0.667]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import networkit as nk
import numpy as np
from scipy.sparse.linalg import eigsh

from graph_service.analysis.graph_libraries import to_networkit
from graph_service.analysis.projection import ProjectedGraph

if TYPE_CHECKING:
    from graph_service.analysis.engine_port import Engine


PAGERANK_DAMPING = 0.85
PAGERANK_TOLERANCE = 1e-12


@dataclass
class CentralityTable:
    """One array per metric, indexed by node; ``harmonic`` only when closeness was asked for."""

    values: dict[str, np.ndarray]
    betweenness_mode: str
    """``exact`` or ``sampled``."""
    betweenness_samples: int | None = None
    parameters: dict[str, object] = field(default_factory=dict)


def pagerank(graph: ProjectedGraph) -> np.ndarray:
    """Weighted PageRank summing to 1; isolated organisations spread their rank uniformly, as in networkx."""
    engine = to_networkit(graph)
    if engine.numberOfNodes() == 0:
        return np.zeros(0)
    algorithm = nk.centrality.PageRank(
        engine,
        damp=PAGERANK_DAMPING,
        tol=PAGERANK_TOLERANCE,
        distributeSinks=nk.centrality.SinkHandling.DistributeSinks,
    )
    algorithm.run()
    scores = np.asarray(algorithm.scores(), dtype=np.float64)
    return scores / scores.sum()


def eigenvector(graph: ProjectedGraph) -> np.ndarray:
    """Leading eigenvector of the weighted adjacency (ARPACK), unit length, non-negative.

    On a disconnected graph it lives on the component with the largest eigenvalue, and is zero
    elsewhere, as in igraph. The start vector is fixed, so the answer is reproducible.
    """
    n = graph.node_count
    if graph.edge_count == 0:
        return np.zeros(n)
    if n <= 3:
        _, vectors = np.linalg.eigh(graph.adjacency.toarray())
        leading = vectors[:, -1]
    else:
        _, vectors = eigsh(graph.adjacency, k=1, which="LA", tol=1e-12, v0=np.ones(n))
        leading = vectors[:, 0]
    scores = np.abs(leading)
    return np.asarray(scores / np.linalg.norm(scores))


def betweenness(graph: ProjectedGraph, *, exact: bool, samples: int, seed: int = 42) -> np.ndarray:
    """Normalised betweenness over hop-shortest paths, like networkx's ``betweenness_centrality``."""
    engine = to_networkit(graph, weighted=False)
    n = engine.numberOfNodes()
    if n < 3:
        return np.zeros(n)
    if exact:
        algorithm = nk.centrality.Betweenness(engine, normalized=True)
    else:
        algorithm = nk.centrality.EstimateBetweenness(
            engine, min(samples, n), normalized=True, parallel=False
        )
    algorithm.run()
    return np.asarray(algorithm.scores(), dtype=np.float64)


def harmonic_closeness(graph: ProjectedGraph) -> np.ndarray:
    """Harmonic closeness over hops, divided by ``n - 1`` (defined on disconnected graphs)."""
    engine = to_networkit(graph, weighted=False)
    n = engine.numberOfNodes()
    if n < 2:
        return np.zeros(n)
    algorithm = nk.centrality.HarmonicCloseness(engine, normalized=True)
    algorithm.run()
    return np.asarray(algorithm.scores(), dtype=np.float64)


def centrality(
    graph: ProjectedGraph,
    *,
    exact_max_nodes: int = 5_000,
    samples: int = 64,
    seed: int = 42,
    exact: bool = False,
    closeness: bool = False,
    engine: Engine | None = None,
) -> CentralityTable:
    """Every centrality of ``graph``; exact path measures when asked or when the graph is small.

    PageRank and betweenness run on ``engine`` (in process by default).
    """
    if engine is None:
        from graph_service.analysis.engine import IN_PROCESS

        engine = IN_PROCESS
    n = graph.node_count
    exact_paths = exact or n <= exact_max_nodes
    scores = engine.centralities(graph, exact=exact_paths, samples=samples, seed=seed)
    values = {
        "degree": graph.degree,
        "strength": graph.strength,
        "betweenness": scores.betweenness,
        "pagerank": scores.pagerank,
        "eigenvector": eigenvector(graph),
    }
    if closeness or exact_paths:
        values["harmonic"] = harmonic_closeness(graph)
    return CentralityTable(
        values=values,
        betweenness_mode="exact" if exact_paths else "sampled",
        betweenness_samples=None if exact_paths else min(samples, n),
        parameters={
            "pagerank_damping": PAGERANK_DAMPING,
            "pagerank_tolerance": PAGERANK_TOLERANCE,
            "exact_max_nodes": exact_max_nodes,
            "path_weights": "hops",
        },
    )
