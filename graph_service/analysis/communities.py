"""Community detection: seeded Louvain with refinement (networkit PLM), an ensemble for stability.

Modularity at resolution 1 cannot see communities smaller than about the square root of the number
of ties (the resolution limit), so on a département or a region it merges local clusters. The
default resolution therefore grows with the graph: ``max(1, ties / ties_per_unit)``, with
``ties_per_unit`` 4,000 chosen from ``bench/analysis.py`` (planted communities of 10–200 members:
ARI 0.44 → 0.66 on a département, 0.17 → 0.65 on a region).

>>> import numpy as np
>>> from graph_service.analysis.projection import ProjectedGraph
>>> two_triangles = ProjectedGraph(organisations=[], source=np.array([0, 0, 1, 3, 3, 4, 2]),
...     target=np.array([1, 2, 2, 4, 5, 5, 3]), weight=np.ones(7), external=np.zeros(6, bool), areas=[])
>>> p = detect_communities(two_triangles, resolution=1.0, seed=7, runs=3)
>>> p.membership.tolist(), p.community_count
([0, 0, 0, 1, 1, 1], 2)
>>> p.stability.tolist()
[1.0, 1.0, 1.0, 1.0, 1.0, 1.0]
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import networkit as nk
import numpy as np

from graph_service.analysis.graph_libraries import to_networkit
from graph_service.analysis.projection import ProjectedGraph

ALGORITHM = "louvain-plm-refine (networkit)"


RESOLUTION_TIES_PER_UNIT = 4_000.0
"""Ties per unit of the default resolution: chosen on the planted territories of
``bench/analysis.py --planted`` (see the README), where communities of 10–40 members are found
from a few hundred to 1.5 million ties."""


def auto_resolution(edge_count: int, ties_per_unit: float = RESOLUTION_TIES_PER_UNIT) -> float:
    """The default resolution for a graph of ``edge_count`` ties.

    >>> auto_resolution(500), auto_resolution(30_000), auto_resolution(1_500_000)
    (1.0, 7.5, 375.0)
    """
    return max(1.0, edge_count / ties_per_unit)


@dataclass
class UncertainPair:
    """Two tied organisations that share a community in some runs of the ensemble and not others."""

    a: int
    b: int
    together: float
    """Share of the runs that put them in the same community."""


@dataclass
class Partition:
    """A partition of the nodes into communities numbered by decreasing size, and how it was found."""

    membership: np.ndarray
    modularity: float
    resolution: float
    seed: int
    runs: int
    stability: np.ndarray
    """Per node, mean Jaccard similarity of its community with its community in each run."""
    uncertain_pairs: list[UncertainPair] = field(default_factory=list)
    algorithm: str = ALGORITHM
    best_run: int = 0
    """The run of the ensemble whose labelling this is (before multi-scale groups are carved out)."""

    @property
    def community_count(self) -> int:
        return int(self.membership.max()) + 1 if self.membership.size else 0

    @property
    def sizes(self) -> np.ndarray:
        return np.bincount(self.membership, minlength=self.community_count)

    def members(self, community: int) -> np.ndarray:
        return np.flatnonzero(self.membership == community)


def ranked_labels(labels: np.ndarray) -> np.ndarray:
    """Relabel communities ``0..k-1`` by decreasing size, ties broken by their first node.

    >>> ranked_labels(np.array([5, 9, 9, 5, 9, 2])).tolist()
    [1, 0, 0, 1, 0, 2]
    """
    if labels.size == 0:
        return labels.astype(np.int64)
    unique, first, inverse, counts = np.unique(
        labels, return_index=True, return_inverse=True, return_counts=True
    )
    order = np.lexsort((first, -counts))
    rank = np.empty(unique.size, dtype=np.int64)
    rank[order] = np.arange(unique.size)
    return rank[inverse.ravel()]


def modularity(graph: ProjectedGraph, labels: np.ndarray, resolution: float = 1.0) -> float:
    """Weighted Newman–Girvan modularity of ``labels`` (0 for a graph without ties).

    >>> import numpy as np
    >>> from graph_service.analysis.projection import ProjectedGraph
    >>> g = ProjectedGraph(organisations=[], source=np.array([0, 2]), target=np.array([1, 3]),
    ...                    weight=np.ones(2), external=np.zeros(4, bool), areas=[])
    >>> modularity(g, np.array([0, 0, 1, 1]))
    0.5
    """
    total = float(graph.weight.sum())
    if total == 0:
        return 0.0
    k = int(labels.max()) + 1
    head, tail = labels[graph.source], labels[graph.target]
    internal = np.bincount(head, weights=graph.weight * (head == tail), minlength=k)
    volume = np.bincount(head, weights=graph.weight, minlength=k) + np.bincount(
        tail, weights=graph.weight, minlength=k
    )
    return float(internal.sum() / total - resolution * ((volume / (2 * total)) ** 2).sum())


def _one_run(engine: nk.Graph, resolution: float, order: np.ndarray | None) -> np.ndarray:
    """One deterministic PLM run on ``engine``, the graph renumbered by ``order``: that is how
    runs differ.

    PLM's own randomised mode is three times slower and its parallel mode is not reproducible, so
    the ensemble varies the node order instead, from a seeded permutation.
    """
    plm = nk.community.PLM(engine, refine=True, gamma=resolution, par="none")
    plm.run()
    labels = np.asarray(plm.getPartition().getVector(), dtype=np.int64)
    return ranked_labels(labels if order is None else labels[order])


def _node_stability(reference: np.ndarray, other: np.ndarray) -> np.ndarray:
    """Jaccard similarity of each node's community in ``reference`` and in ``other``."""
    pairs = reference * (other.max() + 1) + other
    _, inverse, overlap = np.unique(pairs, return_inverse=True, return_counts=True)
    inter = overlap[inverse.ravel()]
    union = np.bincount(reference)[reference] + np.bincount(other)[other] - inter
    return np.asarray(inter / union, dtype=np.float64)


def ensemble(
    graph: ProjectedGraph, resolutions: list[float], *, seed: int, runs: int
) -> list[list[np.ndarray]]:
    """The labellings of ``runs`` runs at each resolution: run 0 in the graph's own node order, the
    others in node orders drawn from ``seed``, the same orders at every resolution."""
    rng = np.random.default_rng(seed)
    orders = [None] + [rng.permutation(graph.node_count) for _ in range(max(runs, 1) - 1)]
    # One graph per node order, shared by its runs at every resolution (PLM only reads it).
    engines = [to_networkit(graph, order=order) for order in orders]
    jobs = [(resolution, k) for resolution in resolutions for k in range(len(orders))]
    # Runs are independent and networkit leaves the GIL while it works: one thread per core.
    with ThreadPoolExecutor(max_workers=min(len(jobs), os.cpu_count() or 1)) as pool:
        labelings = list(pool.map(lambda job: _one_run(engines[job[1]], job[0], orders[job[1]]), jobs))
    return [labelings[k * len(orders) : (k + 1) * len(orders)] for k in range(len(resolutions))]


def detect_communities(
    graph: ProjectedGraph,
    *,
    resolution: float,
    seed: int,
    runs: int,
    uncertain_band: tuple[float, float] = (0.2, 0.8),
    max_uncertain_pairs: int = 200,
) -> Partition:
    """Communities of ``graph``: the most modular of ``runs`` runs, the first in the graph's own node
    order and the others in node orders drawn from ``seed``.

    Pairs of tied organisations whose co-membership share lies strictly inside ``uncertain_band``
    are reported, the most uncertain first.
    """
    if graph.node_count == 0:
        # An empty territory has no community; the answer still names its method.
        empty = np.zeros(0, dtype=np.int64)
        return Partition(empty, 0.0, resolution, seed, max(runs, 1), np.zeros(0, dtype=np.float64))
    labelings = ensemble(graph, [resolution], seed=seed, runs=runs)[0]
    return partition_of(
        graph,
        labelings,
        resolution=resolution,
        seed=seed,
        uncertain_band=uncertain_band,
        max_uncertain_pairs=max_uncertain_pairs,
    )


def partition_of(
    graph: ProjectedGraph,
    labelings: list[np.ndarray],
    *,
    resolution: float,
    seed: int,
    uncertain_band: tuple[float, float] = (0.2, 0.8),
    max_uncertain_pairs: int = 200,
) -> Partition:
    """The most modular of ``labelings`` (runs at one resolution), with its stability across them."""
    qualities = [modularity(graph, labels) for labels in labelings]
    best = int(np.argmax(qualities))
    reference = labelings[best]
    stability = np.mean([_node_stability(reference, labels) for labels in labelings], axis=0)
    together = np.mean([labels[graph.source] == labels[graph.target] for labels in labelings], axis=0)
    low, high = uncertain_band
    uncertain = np.flatnonzero((together > low) & (together < high))
    uncertain = uncertain[np.argsort(np.abs(together[uncertain] - 0.5), kind="stable")][:max_uncertain_pairs]
    return Partition(
        membership=reference,
        modularity=float(qualities[best]),
        resolution=resolution,
        seed=seed,
        runs=len(labelings),
        stability=np.asarray(stability, dtype=np.float64),
        uncertain_pairs=[
            UncertainPair(int(graph.source[e]), int(graph.target[e]), float(together[e])) for e in uncertain
        ],
        best_run=best,
    )
