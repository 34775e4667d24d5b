"""Community roles (Guimerà and Amaral 2005): participation coefficient and within-community z-score.

The participation coefficient says how evenly an organisation's ties spread over communities (0:
all in its own); the z-score how strongly it is tied inside its own community compared with the
other members. Together they tell *connector hubs* from *provincial hubs*.

>>> import numpy as np
>>> from graph_service.analysis.projection import ProjectedGraph
>>> g = ProjectedGraph(organisations=[], source=np.array([0, 0, 0, 1]), target=np.array([1, 2, 3, 2]),
...                    weight=np.ones(4), external=np.zeros(4, bool), areas=[])
>>> r = community_roles(g, np.array([0, 0, 0, 1]))
>>> [round(x, 3) for x in r.participation.tolist()]
[0.444, 0.0, 0.0, 0.0]
>>> role_name(3.0, 0.5), role_name(3.0, 0.1), role_name(0.0, 0.7)
('connector_hub', 'provincial_hub', 'connector')
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from graph_service.analysis.projection import ProjectedGraph

HUB_Z = 2.5


@dataclass
class CommunityRoles:
    participation: np.ndarray
    within_z: np.ndarray
    roles: list[str]


def role_name(z: float, participation: float) -> str:
    """The Guimerà–Amaral role of a node from its z-score and participation coefficient."""
    if z >= HUB_Z:
        if participation <= 0.30:
            return "provincial_hub"
        return "connector_hub" if participation <= 0.75 else "kinless_hub"
    if participation <= 0.05:
        return "ultra_peripheral"
    if participation <= 0.62:
        return "peripheral"
    return "connector" if participation <= 0.80 else "kinless"


def community_roles(graph: ProjectedGraph, labels: np.ndarray) -> CommunityRoles:
    """Weighted participation coefficient, within-community strength z-score and role of every node."""
    n = graph.node_count
    if n == 0:
        return CommunityRoles(participation=np.zeros(0), within_z=np.zeros(0), roles=[])
    k = int(labels.max()) + 1
    membership = sp.csr_matrix((np.ones(n), (np.arange(n), labels)), shape=(n, k))
    by_community = sp.csr_matrix(graph.adjacency @ membership)
    strength = graph.strength
    squares = np.asarray(by_community.power(2).sum(axis=1)).ravel()
    participation = np.where(strength > 0, 1.0 - squares / np.where(strength > 0, strength, 1.0) ** 2, 0.0)
    own = np.asarray(by_community[np.arange(n), labels]).ravel()
    size = np.bincount(labels, minlength=k)
    mean = np.bincount(labels, weights=own, minlength=k) / np.maximum(size, 1)
    spread = np.sqrt(
        np.maximum(np.bincount(labels, weights=own**2, minlength=k) / np.maximum(size, 1) - mean**2, 0.0)
    )
    within_z = np.divide(own - mean[labels], spread[labels], out=np.zeros(n), where=spread[labels] > 1e-12)
    return CommunityRoles(
        participation=participation,
        within_z=within_z,
        roles=[role_name(float(z), float(p)) for z, p in zip(within_z, participation, strict=True)],
    )
