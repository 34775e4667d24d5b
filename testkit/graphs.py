"""Small test graphs built with networkx and turned into projections, so both engines see the same graph."""

from __future__ import annotations

import networkx as nx
import numpy as np

from graph_service.analysis.projection import WORLDS, ProjectedGraph
from graph_service.model import Organisation


def projection_of(reference: nx.Graph, worlds: list[int] | None = None, seed: int = 0) -> ProjectedGraph:
    """The projection of a networkx graph on nodes ``0..n-1``, weights from the ``weight`` attribute."""
    n = reference.number_of_nodes()
    assert sorted(reference.nodes) == list(range(n))
    rng = np.random.default_rng(seed)
    codes = worlds if worlds is not None else rng.integers(0, len(WORLDS), n).tolist()
    organisations = [Organisation(id=f"test:{i}", name=f"org {i}", world=WORLDS[codes[i]]) for i in range(n)]
    edges = sorted((min(u, v), max(u, v), d.get("weight", 1.0)) for u, v, d in reference.edges(data=True))
    return ProjectedGraph(
        organisations=organisations,
        source=np.array([e[0] for e in edges], dtype=np.int64),
        target=np.array([e[1] for e in edges], dtype=np.int64),
        weight=np.array([e[2] for e in edges], dtype=np.float64),
        external=np.zeros(n, dtype=bool),
        areas=[None] * n,
    )


def weighted_random(n: int, m: int, seed: int, isolates: int = 0) -> nx.Graph:
    graph = nx.gnm_random_graph(n, m, seed=seed)
    rng = np.random.default_rng(seed)
    for u, v in graph.edges:
        graph[u][v]["weight"] = float(rng.integers(1, 4))
    graph.add_nodes_from(range(n, n + isolates))
    return graph


def connected_random(n: int, m: int, seed: int) -> nx.Graph:
    graph = weighted_random(n, m, seed)
    largest = max(nx.connected_components(graph), key=len)
    return nx.convert_node_labels_to_integers(graph.subgraph(largest).copy())
