"""What an engine answers, and the protocol every engine follows: a leaf module, so that the
measures an engine runs (:mod:`~graph_service.analysis.centrality`) and the engines
(:mod:`~graph_service.analysis.engine`, :mod:`~graph_service.analysis.in_database`) can name it
without importing each other.

>>> import numpy as np
>>> PathAndRankScores(pagerank=np.ones(2) / 2, betweenness=np.zeros(2)).pagerank.sum()
np.float64(1.0)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

import numpy as np

from graph_service.analysis.projection import ProjectedGraph


@dataclass
class PathAndRankScores:
    """The two centralities an engine computes: normalised PageRank and betweenness, by node."""

    pagerank: np.ndarray
    betweenness: np.ndarray


class Engine(Protocol):
    """Runs the costly algorithms of an analysis on a projected graph."""

    name: str
    """How answers name the engine (``in-process (networkit)``, ``gds 2.13.9``)."""
    community_algorithm: str

    def labelings(
        self, graph: ProjectedGraph, resolutions: list[float], *, seed: int, runs: int
    ) -> list[list[np.ndarray]]:
        """``runs`` labellings at each resolution, communities numbered by decreasing size."""

    def centralities(
        self, graph: ProjectedGraph, *, exact: bool, samples: int, seed: int
    ) -> PathAndRankScores:
        """PageRank (summing to 1) and betweenness (normalised as networkx), exact or sampled."""
