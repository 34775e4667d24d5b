"""Where a territory's heavy algorithms run: in this process (networkit), or inside the database.

Communities (the runs of the stability ensemble), PageRank and betweenness are the costly parts of
an analysis. :data:`IN_PROCESS` runs them with networkit on the projection already in memory;
:class:`~graph_service.analysis.in_database.InDatabaseEngine` projects the same graph inside Neo4j
and runs them with the Graph Data Science library, for graphs too large to carry around.
Everything else (the closure rule, the cards, brokerage) reads the arrays they answer, whatever
ran them. ``MAILLAGE_ANALYSIS_ENGINE`` chooses: ``in-process``, ``gds``, or ``auto`` (GDS above
``MAILLAGE_GDS_MIN_TIES`` ties when the store's server has it).

>>> import numpy as np
>>> from graph_service.analysis.projection import ProjectedGraph
>>> path = ProjectedGraph(organisations=[], source=np.array([0, 1]), target=np.array([1, 2]),
...                       weight=np.ones(2), external=np.zeros(3, bool), areas=[])
>>> IN_PROCESS.centralities(path, exact=True, samples=8, seed=1).betweenness.round(4).tolist()
[0.0, 1.0, 0.0]
"""

from __future__ import annotations

import numpy as np

from graph_service.analysis import centrality, communities
from graph_service.analysis.engine_port import Engine, PathAndRankScores
from graph_service.analysis.projection import ProjectedGraph

__all__ = ["IN_PROCESS", "Engine", "InProcessEngine", "PathAndRankScores"]


class InProcessEngine:
    """networkit on the projection in memory: the default, and the reference."""

    name = "in-process (networkit)"
    community_algorithm = communities.ALGORITHM

    def labelings(
        self, graph: ProjectedGraph, resolutions: list[float], *, seed: int, runs: int
    ) -> list[list[np.ndarray]]:
        return communities.ensemble(graph, resolutions, seed=seed, runs=runs)

    def centralities(
        self, graph: ProjectedGraph, *, exact: bool, samples: int, seed: int
    ) -> PathAndRankScores:
        return PathAndRankScores(
            pagerank=centrality.pagerank(graph),
            betweenness=centrality.betweenness(graph, exact=exact, samples=samples, seed=seed),
        )


IN_PROCESS: Engine = InProcessEngine()
