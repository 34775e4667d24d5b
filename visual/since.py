"""What is new since a day, for the drawing's "since year Y" view: the ties formed since then.

A tie counts as formed on or after the day when every alliance its two ends share started then;
an alliance without a start date counts as older.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from graph_service.analysis.projection import ProjectedGraph


def new_ties(graph: ProjectedGraph, edges: np.ndarray, since: date) -> np.ndarray:
    """Whether each tie was formed on or after ``since``: every alliance its two ends share started
    then (an alliance without a start date counts as older).

    >>> from graph_service.analysis.projection import project
    >>> from graph_service.model import AllianceInfo, MembershipEdge, Organisation, Subgraph
    >>> orgs = [Organisation(id=f"d:{k}", name=k, world="association") for k in "abc"]
    >>> alliances = [AllianceInfo(id="d:old", name="old", mode="mecenat", start=date(2015, 1, 1)),
    ...              AllianceInfo(id="d:new", name="new", mode="mecenat", start=date(2022, 1, 1))]
    >>> ties = [("a", "old"), ("b", "old"), ("b", "new"), ("c", "new")]
    >>> g = project(Subgraph(organisations=orgs, alliances=alliances, memberships=[
    ...     MembershipEdge(organisation_id=f"d:{o}", alliance_id=f"d:{a}", role="membre") for o, a in ties]))
    >>> new_ties(g, np.arange(g.edge_count), date(2020, 1, 1)).tolist()
    [False, True]
    """
    alliances_of = graph.alliances_of or [[] for _ in range(graph.node_count)]
    found = np.zeros(edges.size, dtype=bool)
    for k, e in enumerate(edges.tolist()):
        shared = set(alliances_of[int(graph.source[e])]) & set(alliances_of[int(graph.target[e])])
        starts = [graph.alliances[a].start if a in graph.alliances else None for a in shared]
        found[k] = bool(starts) and all(start is not None and start >= since for start in starts)
    return found
