"""Whether a group is closed beyond what chance gives: a configuration-model test that knows the
group was *chosen* by a community detection.

Under the configuration model (a random graph with the same weighted degrees), the weight expected
inside a set of nodes of volume ``V`` (the sum of their strengths), in a graph of total weight
``W``, is ``V² / 4W``. In a sparse graph that is close to nothing, so every group a detection
returns looks wildly significant against it: the detection only returns *connected* groups, and a
connected group of ``s`` members holds at least the ``s − 1`` ties of a tree, whatever the graph.
So the test conditions on that: the **excess** inside weight beyond a spanning tree,
``floor(w_in − (s − 1))``, against a Poisson law of mean ``λ = (V − 2(s − 1))² / 4W`` (the
configuration-model expectation among the stubs the tree leaves). A pair tied by several
alliances counts once (its weight is capped at 1), and an alliance of ``k`` members weighs
``k / 2`` across its ``k − 1`` tree ties: neither makes a tree look closed. A small group of a
sparse random background is a tree, or a tree and a chance tie: it is not significant; a club of five whose
members all know each other holds six ties beyond its tree, which chance does not give.

The p-values are corrected for the number of candidate groups tested (Bonferroni): a group is
significant when ``p ≤ α / m``, with ``α`` = :data:`ALPHA` and ``m`` the number of distinct
candidates the ensemble met. The same law tells the **smallest group that can ever be told from
chance** in a graph (:func:`smallest_telling_size`): a complete group of ``s`` members with the
graph's median strength; below it, no closure is evidence.

>>> import numpy as np
>>> inner, volume, members = np.array([10.0, 4.0]), np.array([22.0, 14.0]), np.array([5, 5])
>>> expected, p = excess_p_values(inner, volume, members, total_weight=5000.0)
>>> expected.round(3).tolist(), bool(p[0] < 1e-9), float(p[1])
([0.024, 0.01], True, 1.0)
>>> smallest_telling_size(median_strength=4.0, total_weight=8000.0, candidates=200)
4

A group gives way to its pieces (two clubs joined by a tie are two clubs) only when each piece
stands apart from the rest of the group (:func:`stands_apart`): its ties to the other members are
ties out, and they must be far fewer than a random wiring *inside the group* would give. A large
club that a fine resolution cuts in two, or a diverse group cut into homogeneous slices, is
judged as a whole.

>>> # Two cliques of ten ties joined by one tie; a clique sliced out of one dense group.
>>> stands_apart(np.array([10.0, 6.0]), np.array([10.0, 1.0]), np.array([1.0, 3.0])).tolist()
[True, False]
"""

from __future__ import annotations

import numpy as np
from scipy.stats import poisson

ALPHA = 0.01
"""Family-wise error rate of the flags of one detection, before the Bonferroni correction."""


def excess_p_values(
    inner_weight: np.ndarray, volume: np.ndarray, members: np.ndarray, total_weight: float
) -> tuple[np.ndarray, np.ndarray]:
    """The configuration-model expectation of each group's inside weight, and the p-value of its
    excess beyond a spanning tree (1.0 when it has none)."""
    if total_weight <= 0:
        return np.zeros(inner_weight.shape), np.ones(inner_weight.shape)
    expected = volume**2 / (4 * total_weight)
    tree = np.maximum(members - 1, 0)
    excess = np.floor(inner_weight - tree + 1e-9)
    rate = np.maximum(volume - 2 * tree, 0.0) ** 2 / (4 * total_weight)
    p = np.where(excess >= 1, poisson.sf(np.maximum(excess, 1) - 1, np.maximum(rate, 1e-300)), 1.0)
    return expected, np.asarray(p, dtype=np.float64)


def significance_level(candidates: int) -> float:
    """The p-value a group must reach among ``candidates`` tested (Bonferroni).

    >>> significance_level(100)
    0.0001
    """
    return ALPHA / max(candidates, 1)


def smallest_telling_size(
    median_strength: float, total_weight: float, candidates: int, largest: int = 50
) -> int:
    """The smallest complete group (pair ties, every member of the median strength) whose closure
    a detection among ``candidates`` could tell from chance."""
    for size in range(2, largest + 1):
        inner = size * (size - 1) / 2
        volume = max(size * median_strength, 2 * inner)
        _, p = excess_p_values(np.array([inner]), np.array([volume]), np.array([size]), total_weight)
        if p[0] <= significance_level(candidates):
            return size
    return largest


def stands_apart(inner: np.ndarray, rest_inner: np.ndarray, between: np.ndarray) -> np.ndarray:
    """Whether each piece stands apart from the rest of the group it was cut from: given the
    piece's weight inside, the rest's weight inside and the weight between them, the ties between
    are at most half what the configuration model *within the group* expects, and fewer than
    chance gives at :data:`ALPHA` (a Poisson lower tail)."""
    total = inner + rest_inner + between
    piece_volume, rest_volume = 2 * inner + between, 2 * rest_inner + between
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = np.where(total > 0, piece_volume * rest_volume / (2 * np.where(total > 0, total, 1)), 0.0)
    p = poisson.cdf(np.floor(between + 1e-9), np.maximum(expected, 1e-300))
    return np.asarray((between <= expected / 2) & (p <= ALPHA))
