"""The graph libraries an analysis runs on, built straight from a projection's numpy arrays.

networkit is the fast engine (communities, paths, spectral measures). networkx is the reference
that tests compare against and the graph researchers get from ``to_networkx``.

>>> from graph_service.analysis.projection import ProjectedGraph
>>> import numpy as np
>>> g = ProjectedGraph(organisations=[], source=np.array([0]), target=np.array([1]), weight=np.array([2.0]),
...                    external=np.zeros(2, dtype=bool), areas=[])
>>> engine = to_networkit(g)
>>> engine.numberOfEdges(), engine.weight(0, 1)
(1, 2.0)
"""

from __future__ import annotations

import networkit as nk
import networkx as nx
import numpy as np

from graph_service.analysis.projection import ProjectedGraph


def to_networkit(
    graph: ProjectedGraph, *, weighted: bool = True, order: np.ndarray | None = None
) -> nk.Graph:
    """A networkit graph with the projection's nodes and edges; unweighted for hop-distance measures.

    ``order`` renumbers the nodes (node ``i`` becomes ``order[i]``).
    """
    n = graph.node_count
    engine = nk.Graph(n, weighted=weighted)
    if graph.edge_count:
        source = graph.source if order is None else order[graph.source]
        target = graph.target if order is None else order[graph.target]
        ends = (source.astype(np.uint64), target.astype(np.uint64))
        engine.addEdges((graph.weight.astype(np.float64), ends) if weighted else ends)
    return engine


def to_networkx(graph: ProjectedGraph) -> nx.Graph:
    """The projection as a networkx graph keyed by node index, with ``id``, ``name`` and ``world``."""
    reference = nx.Graph()
    reference.add_nodes_from(
        (i, {"id": o.id, "name": o.name, "world": o.world.value}) for i, o in enumerate(graph.organisations)
    )
    reference.add_weighted_edges_from(
        zip(graph.source.tolist(), graph.target.tolist(), graph.weight.tolist(), strict=True)
    )
    return reference
