"""Mandatory pass-through points (*points de passage obligés*): who the ecosystem cannot do without.

Two signals, both reported with their numbers:

- **cut points**: articulation points, whose removal splits their component. The block–cut tree
  gives, for each, how many organisations would be cut off from the largest remaining part and how
  many pairs of organisations *of different worlds* would no longer be connected at all;
- **between-worlds betweenness**: the share of the shortest paths between organisations of
  different worlds that run through the organisation. Computed for sampled sources at once, with
  sparse matrix products level by level (Brandes' accumulation restricted to cross-world targets).

The domain warns about public actors becoming the point through which everything must pass, so
every entry says whether the organisation is public.

>>> import numpy as np
>>> from graph_service.analysis.projection import ProjectedGraph
>>> path = ProjectedGraph(organisations=[], source=np.array([0, 1, 2]), target=np.array([1, 2, 3]),
...                       weight=np.ones(3), external=np.zeros(4, bool), areas=[])
>>> cuts = cut_points(path, groups=np.array([0, 0, 1, 1]))
>>> cuts.articulation.tolist(), cuts.bridges
([1, 2], [(0, 1), (1, 2), (2, 3)])
>>> cuts.cut_off.tolist(), cuts.separated_cross_world_pairs.tolist()
([0, 1, 1, 0], [0, 2, 2, 0])
>>> between_worlds_share(path, groups=np.array([0, 0, 1, 1])).tolist()
[0.0, 0.5, 0.5, 0.0]
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import networkit as nk
import numpy as np
import scipy.sparse as sp

from graph_service.analysis.graph_libraries import to_networkit
from graph_service.analysis.projection import ProjectedGraph

SOURCE_BATCH = 16


@dataclass
class CutPoints:
    articulation: np.ndarray
    """Indices of the articulation points."""
    bridges: list[tuple[int, int]]
    cut_off: np.ndarray
    """Per node: organisations separated from the largest remaining part if it is removed."""
    separated_cross_world_pairs: np.ndarray
    """Per node: pairs of organisations of different worlds no longer connected if it is removed."""


def _cross_pairs(vectors: np.ndarray) -> np.ndarray:
    """Pairs of different groups inside each row of group counts."""
    return np.asarray((vectors.sum(axis=-1) ** 2 - (vectors**2).sum(axis=-1)) / 2)


def cut_points(graph: ProjectedGraph, groups: np.ndarray | None = None) -> CutPoints:
    """Articulation points and bridges, and what removing each articulation point would break."""
    n = graph.node_count
    groups = graph.world_code if groups is None else groups
    k = int(groups.max()) + 1 if n else 1
    engine = to_networkit(graph, weighted=False)
    finder = nk.components.BiconnectedComponents(engine)
    finder.run()
    blocks = [list(block) for block in finder.getComponents()]
    blocks_of: dict[int, list[int]] = defaultdict(list)
    for b, block in enumerate(blocks):
        for node in block:
            blocks_of[node].append(b)
    articulation = np.array(sorted(v for v, bs in blocks_of.items() if len(bs) > 1), dtype=np.int64)
    bridges = sorted((min(block), max(block)) for block in blocks if len(block) == 2)
    cut_off = np.zeros(n, dtype=np.int64)
    separated = np.zeros(n, dtype=np.int64)
    if articulation.size == 0:
        return CutPoints(articulation, bridges, cut_off, separated)
    cut_index = {int(v): len(blocks) + i for i, v in enumerate(articulation)}
    weight, neighbours = _block_cut_tree(blocks, blocks_of, cut_index, groups, k)
    subtree, parent, root_of = _rooted_sums(weight, neighbours)
    for v, t in cut_index.items():
        total = subtree[root_of[t]]
        pieces = [subtree[b] for b in neighbours[t] if parent[b] == t]
        if parent[t] >= 0:
            pieces.append(total - subtree[t])
        piece_vectors = np.array(pieces)
        sizes = piece_vectors.sum(axis=1)
        cut_off[v] = int(sizes.sum() - sizes.max())
        remaining = piece_vectors.sum(axis=0)
        separated[v] = round(_cross_pairs(remaining) - _cross_pairs(piece_vectors).sum())
    return CutPoints(articulation, bridges, cut_off, separated)


def _block_cut_tree(
    blocks: list[list[int]],
    blocks_of: dict[int, list[int]],
    cut_index: dict[int, int],
    groups: np.ndarray,
    k: int,
) -> tuple[np.ndarray, dict[int, list[int]]]:
    """The block–cut tree: tree nodes 0..B-1 are blocks, ``cut_index[v]`` is articulation point
    ``v``. A block weighs its members that are not articulation points, per group; an articulation
    point weighs itself."""
    weight = np.zeros((len(blocks) + len(cut_index), k))
    for b, block in enumerate(blocks):
        for node in block:
            if node not in cut_index:
                weight[b, groups[node]] += 1
    for v, t in cut_index.items():
        weight[t, groups[v]] += 1
    neighbours: dict[int, list[int]] = defaultdict(list)
    for v, t in cut_index.items():
        for b in blocks_of[v]:
            neighbours[t].append(b)
            neighbours[b].append(t)
    return weight, neighbours


def _rooted_sums(
    weight: np.ndarray, neighbours: dict[int, list[int]]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each tree of the forest rooted at its first node: every node's subtree weight, parent (−1
    for a root) and root."""
    size = len(weight)
    subtree = weight.copy()
    parent = np.full(size, -1)
    root_of = np.full(size, -1)
    for root in range(size):
        if root_of[root] >= 0 or not neighbours[root]:
            continue
        order, stack = [], [root]
        root_of[root] = root
        while stack:
            node = stack.pop()
            order.append(node)
            for nxt in neighbours[node]:
                if root_of[nxt] < 0:
                    root_of[nxt], parent[nxt] = root, node
                    stack.append(nxt)
        for node in reversed(order[1:]):
            subtree[parent[node]] += subtree[node]
    return subtree, parent, root_of


def between_worlds_share(
    graph: ProjectedGraph, groups: np.ndarray | None = None, *, samples: int | None = None, seed: int = 0
) -> np.ndarray:
    """Per node, the share of cross-world shortest paths (over hops) that pass through it.

    With ``samples``, only that many random sources are used (an unbiased estimate of the share).
    """
    n = graph.node_count
    groups = graph.world_code if groups is None else groups
    through = np.zeros(n)
    if n == 0 or graph.edge_count == 0:
        return through
    sources = np.arange(n)
    if samples is not None and samples < n:
        sources = np.sort(np.random.default_rng(seed).choice(n, size=samples, replace=False))
    ties = sp.csr_matrix(graph.binary_adjacency)
    pairs = 0.0
    for start in range(0, sources.size, SOURCE_BATCH):
        batch = sources[start : start + SOURCE_BATCH]
        batch_through, batch_pairs = _accumulate(ties, groups, batch)
        through += batch_through
        pairs += batch_pairs
    return through / pairs if pairs else through


def _accumulate(ties: sp.csr_matrix, groups: np.ndarray, sources: np.ndarray) -> tuple[np.ndarray, float]:
    """Brandes' dependency of every node on the cross-world pairs of ``sources``, one column a source."""
    n, s = ties.shape[0], sources.size
    columns = np.arange(s)
    sigma = np.zeros((n, s))
    sigma[sources, columns] = 1.0
    reached = sigma > 0
    levels = [sigma.copy()]
    while True:
        frontier = np.asarray(ties @ levels[-1])
        frontier[reached] = 0.0
        if not frontier.any():
            break
        reached |= frontier > 0
        sigma += frontier
        levels.append(frontier)
    wanted = (groups[:, None] != groups[sources][None, :]).astype(np.float64)
    delta = np.zeros((n, s))
    for depth in range(len(levels) - 1, 0, -1):
        on_level = levels[depth] > 0
        coefficient = np.zeros((n, s))
        coefficient[on_level] = (wanted[on_level] + delta[on_level]) / sigma[on_level]
        upper = levels[depth - 1] > 0
        contribution = np.asarray(ties @ coefficient) * sigma
        delta[upper] += contribution[upper]
    delta[sources, columns] = 0.0
    connected_pairs = float((wanted * reached).sum())
    return delta.sum(axis=1), connected_pairs
