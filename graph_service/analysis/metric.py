"""The centralities an analysis computes, by name: a leaf module, so that the CLI and the API can
declare their options without loading the graph libraries that compute them.

>>> [metric.value for metric in Metric][:3]
['degree', 'strength', 'betweenness']
"""

from __future__ import annotations

from enum import StrEnum


class Metric(StrEnum):
    """The centralities a table holds, and that a ranking can follow."""

    DEGREE = "degree"
    STRENGTH = "strength"
    BETWEENNESS = "betweenness"
    HARMONIC = "harmonic"
    PAGERANK = "pagerank"
    EIGENVECTOR = "eigenvector"
