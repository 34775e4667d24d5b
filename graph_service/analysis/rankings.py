"""Organisations ranked by one score, with every score beside it, as the reports list them.

>>> import numpy as np
>>> from graph_service.analysis.projection import ProjectedGraph
>>> from graph_service.model import Organisation
>>> orgs = [Organisation(id=f"demo:{k}", name=k, world="association") for k in "ab"]
>>> graph = ProjectedGraph(organisations=orgs, source=np.array([0]), target=np.array([1]),
...     weight=np.ones(1), external=np.zeros(2, bool), areas=[None, None])
>>> [row.id for row in scores_rows(graph, np.zeros(2, int), {"x": np.array([1.0, 2.0])}, "x", 5)]
['demo:b', 'demo:a']
"""

from __future__ import annotations

import numpy as np

from graph_service.analysis.projection import ProjectedGraph
from graph_service.analysis.reports import OrganisationScores


def scores_rows(
    graph: ProjectedGraph, membership: np.ndarray, columns: dict[str, np.ndarray], order_by: str, top: int
) -> list[OrganisationScores]:
    """The ``top`` organisations by ``order_by`` (ties by node order), with all ``columns``."""
    values = columns[order_by]
    order = np.lexsort((np.arange(values.size), -np.nan_to_num(values, nan=-np.inf)))[:top]
    return [
        OrganisationScores(
            id=graph.ids[i],
            name=graph.organisations[i].name,
            world=graph.organisations[i].world.value,
            public=graph.organisations[i].world.is_public,
            catalyst=graph.organisations[i].catalyst is not None,
            community=int(membership[i]),
            scores={
                name: None if np.isnan(column[i]) else float(column[i]) for name, column in columns.items()
            },
        )
        for i in order.tolist()
    ]
