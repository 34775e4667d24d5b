"""Mixing between worlds (Newman 2003; Krackhardt and Stern 1988): do peers only tie with peers?

- the world-by-world tie matrix (ties and their weights);
- attribute assortativity of the worlds, from the normalised tie matrix ``e``:
  ``r = (Σ e_ii - Σ a_i b_i) / (1 - Σ a_i b_i)``, 1 when every tie stays inside a world;
- the E-I index of each world: (ties out - ties in) / all its ties;
- the pairs of worlds present in the territory that never meet.

>>> import numpy as np
>>> from graph_service.model import Organisation
>>> from graph_service.analysis.projection import ProjectedGraph
>>> orgs = [Organisation(id=f"demo:{i}", name=str(i), world=w)
...         for i, w in enumerate(["association", "association", "entreprise", "etat"])]
>>> g = ProjectedGraph(organisations=orgs, source=np.array([0, 1]), target=np.array([1, 2]),
...                    weight=np.ones(2), external=np.zeros(4, bool), areas=[])
>>> m = world_mixing(g)
>>> m.ties["association"]["association"], m.ties["association"]["entreprise"], m.never_meet
(1, 1, [('association', 'etat'), ('entreprise', 'etat')])
>>> m.ei_index["association"], m.ei_index["entreprise"]
(0.0, 1.0)
"""

from __future__ import annotations

from itertools import combinations

import numpy as np
from pydantic import BaseModel, Field

from graph_service.analysis.projection import WORLDS, ProjectedGraph


class WorldMixing(BaseModel):
    """How the worlds of a territory tie with each other."""

    worlds: dict[str, int] = Field(description="organisations of each world present")
    ties: dict[str, dict[str, int]] = Field(description="ties between each pair of worlds (symmetric)")
    weights: dict[str, dict[str, float]] = Field(description="shared alliances between each pair of worlds")
    assortativity: float | None = Field(description="None when there is no tie or a single world")
    ei_index: dict[str, float | None]
    never_meet: list[tuple[str, str]]


def assortativity(matrix: np.ndarray) -> float | None:
    """Newman's assortativity coefficient of a symmetric mixing matrix (counts or weights).

    >>> assortativity(np.array([[2.0, 0.0], [0.0, 2.0]])), assortativity(np.array([[0.0, 2.0], [2.0, 0.0]]))
    (1.0, -1.0)
    """
    total = matrix.sum()
    if total == 0:
        return None
    e = matrix / total
    expected = float((e.sum(axis=1) * e.sum(axis=0)).sum())
    if expected >= 1.0:
        return None
    return float((np.trace(e) - expected) / (1.0 - expected))


def world_mixing(graph: ProjectedGraph) -> WorldMixing:
    """The mixing of worlds among the ties of ``graph``."""
    k = len(WORLDS)
    codes = graph.world_code
    head, tail = codes[graph.source], codes[graph.target]
    ties = np.zeros((k, k))
    weights = np.zeros((k, k))
    np.add.at(ties, (head, tail), 1)
    np.add.at(weights, (head, tail), graph.weight)
    ties = ties + ties.T - np.diag(np.diag(ties))
    weights = weights + weights.T - np.diag(np.diag(weights))
    present = np.bincount(codes, minlength=k)
    names = [world.value for world in WORLDS]
    shown = [i for i in range(k) if present[i]]
    # The coefficient counts each tie from both ends, so the diagonal is doubled.
    doubled = ties + np.diag(np.diag(ties))
    ei: dict[str, float | None] = {}
    for i in shown:
        internal, external = ties[i, i], ties[i].sum() - ties[i, i]
        ei[names[i]] = float((external - internal) / (external + internal)) if internal + external else None
    return WorldMixing(
        worlds={names[i]: int(present[i]) for i in shown},
        ties={names[i]: {names[j]: int(ties[i, j]) for j in shown} for i in shown},
        weights={names[i]: {names[j]: float(weights[i, j]) for j in shown} for i in shown},
        assortativity=assortativity(doubled[np.ix_(shown, shown)]),
        ei_index=ei,
        never_meet=[(names[i], names[j]) for i, j in combinations(shown, 2) if ties[i, j] == 0],
    )
