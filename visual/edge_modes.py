"""Which alliance mode an edge of the drawing shows: its colour and the legend's line.

A tie between two organisations comes from the alliances they share: one mode when they all have
it, ``mixed`` when they differ, ``open_data`` when the tie comes from open data only.
"""

from __future__ import annotations

import numpy as np

from graph_service.analysis.projection import ProjectedGraph
from visual.style import MIXED_MODES, OPEN_DATA


def edge_modes(graph: ProjectedGraph, edges: np.ndarray | None = None) -> list[str]:
    """The alliance mode of each edge (of ``edges``, all by default): the one mode its shared
    alliances have, ``mixed`` when they differ, ``open_data`` when the tie comes from open data only.

    >>> from graph_service.model import AllianceInfo, MembershipEdge, Organisation, Subgraph
    >>> from graph_service.analysis.projection import project
    >>> orgs = [Organisation(id=f"demo:{k}", name=k, world="association") for k in "abc"]
    >>> alliances = [AllianceInfo(id="demo:x", name="x", mode="mecenat"),
    ...              AllianceInfo(id="demo:y", name="y", mode="innovation_societale")]
    >>> ties = [("a", "x"), ("b", "x"), ("a", "y"), ("b", "y"), ("c", "y")]
    >>> edges = [MembershipEdge(organisation_id=f"demo:{o}", alliance_id=f"demo:{a}", role="membre")
    ...          for o, a in ties]
    >>> sub = Subgraph(organisations=orgs, alliances=alliances, memberships=edges)
    >>> edge_modes(project(sub))
    ['mixed', 'innovation_societale', 'innovation_societale']
    """
    chosen = np.arange(graph.edge_count) if edges is None else edges
    alliances_of = graph.alliances_of
    modes = []
    for s, t in zip(graph.source[chosen].tolist(), graph.target[chosen].tolist(), strict=True):
        shared = set(alliances_of[s]).intersection(alliances_of[t]) if alliances_of else set()
        found = {graph.alliances[a].mode.value for a in shared if a in graph.alliances}
        modes.append(OPEN_DATA if not found else found.pop() if len(found) == 1 else MIXED_MODES)
    return modes
