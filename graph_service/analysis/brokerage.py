"""Gould–Fernandez brokerage roles (1989), with the worlds as groups.

An organisation ``b`` brokers between two of its partners ``a`` and ``c`` when they are not tied
to each other. The role depends on the worlds of the three:

- coordinator: all three in one world;
- itinerant (consultant): ``a`` and ``c`` in one world, ``b`` in another;
- gatekeeper / representative: ``b`` shares its world with one of them only (ties are undirected
  here, so the two roles of the directed definition are one);
- liaison: three different worlds.

Counts come from sparse products, without listing the pairs: for each world ``x``,
``(A·diag(x)·A) ∘ A`` counts, on each tie ``b–c``, the partners of ``b`` in ``x`` that are tied to
``c``, which gives the *closed* pairs by world; the open pairs are all pairs minus those.

>>> import numpy as np
>>> from graph_service.analysis.projection import ProjectedGraph
>>> g = ProjectedGraph(organisations=[], source=np.array([0, 0, 0, 1]), target=np.array([1, 2, 3, 2]),
...                    weight=np.ones(4), external=np.zeros(4, bool), areas=[])
>>> roles = brokerage_roles(g, np.array([0, 0, 1, 2]))
>>> for name, counts in roles.items(): print(name, counts.tolist())
coordinator [0, 0, 0, 0]
itinerant [0, 0, 0, 0]
gatekeeper_representative [1, 0, 0, 0]
liaison [1, 0, 0, 0]
total [2, 0, 0, 0]
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from graph_service.analysis.projection import ProjectedGraph

ROLES = ("coordinator", "itinerant", "gatekeeper_representative", "liaison")


def brokerage_roles(graph: ProjectedGraph, groups: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Per node, the number of open pairs of partners it brokers in each role, and their total."""
    n = graph.node_count
    groups = graph.world_code if groups is None else groups
    k = int(groups.max()) + 1 if n else 0
    ties = graph.binary_adjacency
    one_hot = sp.csr_matrix((np.ones(n), (np.arange(n), groups)), shape=(n, k))
    counts = np.asarray((ties @ one_hot).todense())
    # Closed pairs (a, c) around each b, by world: ordered pairs, so a pair of one world counts twice.
    closed_same = np.zeros((n, k))
    closed_from_own = np.zeros(n)
    closed_all = np.zeros(n)
    for x in range(k):
        in_x = one_hot[:, x].toarray().ravel()
        through_x = sp.csr_matrix((ties @ sp.diags(in_x) @ ties).multiply(ties))
        by_world = np.asarray((through_x @ one_hot).todense())
        closed_same[:, x] = by_world[:, x]
        closed_all += by_world.sum(axis=1)
        mine = groups == x
        closed_from_own[mine] = by_world[mine].sum(axis=1)
    rows = np.arange(n)
    own = counts[rows, groups]
    degree = counts.sum(axis=1)
    others = degree - own
    other_squares = (counts**2).sum(axis=1) - own**2
    other_self_pairs = (counts * (counts - 1) / 2).sum(axis=1) - own * (own - 1) / 2
    closed_own = closed_same[rows, groups] / 2
    closed_mixed_own = closed_from_own - closed_same[rows, groups]
    closed_itinerant = (closed_same.sum(axis=1) - closed_same[rows, groups]) / 2
    closed_liaison = closed_all / 2 - closed_own - closed_mixed_own - closed_itinerant
    result = {
        "coordinator": own * (own - 1) / 2 - closed_own,
        "itinerant": other_self_pairs - closed_itinerant,
        "gatekeeper_representative": own * others - closed_mixed_own,
        "liaison": (others**2 - other_squares) / 2 - closed_liaison,
    }
    rounded = {name: np.rint(values).astype(np.int64) for name, values in result.items()}
    rounded["total"] = sum(rounded.values(), np.zeros(n, dtype=np.int64))
    return rounded
