"""Concentrated communities at every scale: groups found across resolutions and runs, kept when the
closure rule holds, reduced to the best-explained, and carved into the partition.

Modularity at one resolution cannot see a club smaller than about the square root of the ties (it
is merged into a larger community), and at a fine resolution a large club falls apart into pieces
that each look open. So the ensemble runs at several resolutions, factors of the base one
(:data:`SCALES`), and every group of every run and resolution is a candidate:

1. each candidate is measured (:class:`~graph_service.analysis.closure.GroupMeasurer`) and kept if
   the rule calls it concentrated or local and closed;
2. candidates of different runs or resolutions with the same members (Jaccard ≥ 2/3) are one group;
   its *flag share* is the share of runs that flag it at some resolution, and its members are
   those most of its candidates hold, the ties deciding the contested ones (a consensus: the
   seed does not move them);
   a group whose closure chance explains (:mod:`~graph_service.analysis.significance`) is dropped;
3. overlapping groups are reduced to the best-explained: a group that splits into flagged groups
   and a closed remainder, each standing apart from the rest of the group, is explained by those
   pieces and gives way to them; otherwise the most often flagged, then the largest, stays;
4. the groups kept are carved out of the base partition as communities of their own, so every card,
   drawing and export sees them; each card says at which resolution its group was found.

>>> import numpy as np
>>> from graph_service.analysis.projection import ProjectedGraph
>>> from graph_service.model import Organisation
>>> cliques = [(a, b) for c in range(0, 18, 6) for a in range(c, c + 6) for b in range(a + 1, c + 6)]
>>> edges = np.array(cliques + [(5, 6), (11, 12)])
>>> g = ProjectedGraph(organisations=[Organisation(id=f"x:{i}", name=str(i), world="association")
...     for i in range(18)], source=edges[:, 0], target=edges[:, 1], weight=np.ones(len(edges)),
...     external=np.zeros(18, bool), areas=["epci:1"] * 12 + ["epci:2"] * 6)
>>> found = detect_groups(g, ClosureThresholds(), resolution=1.0, seed=1, runs=3)
>>> [(c.size, c.verdict, c.flag_share, c.largest_area) for c in found.cards]
[(6, 'concentrated', 1.0, 'epci:1'), (6, 'concentrated', 1.0, 'epci:1'), (6, 'concentrated', 1.0, 'epci:2')]
>>> card = found.cards[0]  # 15 ties inside; a volume of 31 in a graph of 47 ties: 31² / (4 × 47)
>>> card.internal_weight, card.expected_internal_weight, card.chance_p < card.chance_level
(15.0, 5.1117, True)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components

from graph_service.analysis.closure import ClosureCard, Found, GroupMeasurer, TerritoryContext, cards_of
from graph_service.analysis.communities import Partition, modularity, partition_of, ranked_labels
from graph_service.analysis.engine import IN_PROCESS, Engine
from graph_service.analysis.group_measures import incidence_of
from graph_service.analysis.projection import ProjectedGraph
from graph_service.analysis.significance import significance_level, smallest_telling_size
from graph_service.analysis.thresholds import ClosureThresholds

SCALES = (0.25, 1.0, 4.0, 16.0, 64.0)
"""Resolutions tried, as factors of the base resolution (1.0 is the partition's own)."""
SAME_GROUP = 2 / 3
"""Jaccard similarity at or above which two candidates are the same group."""
PART_OF = 0.8
"""Share of a group's members inside a larger one for it to be one of its parts."""
CLEARLY_IN, CLEARLY_OUT = 0.75, 0.25
"""Shares of a group's candidates holding a node above which it is a member by vote alone, and
at or below which it is not; in between, its ties decide (:meth:`Group.consensus`)."""


@dataclass
class Group:
    """A flagged group and the runs that flag it."""

    members: np.ndarray
    runs: set[int] = field(default_factory=set)
    concentrated_runs: set[int] = field(default_factory=set)
    runs_by_scale: dict[float, set[int]] = field(default_factory=dict)
    """The runs that flag it at each resolution, in the order they were met."""
    seen: Counter[int] = field(default_factory=Counter)
    """How many of the candidates merged into it hold each node."""
    candidates: int = 0

    def add(self, members: np.ndarray) -> None:
        self.seen.update(members.tolist())
        self.candidates += 1

    def consensus(self, graph: ProjectedGraph) -> None:
        """Settle its members: the vote of its candidates decides the clear cases, the ties decide
        the contested ones, so that a member one run adds and the next leaves out does not make
        the flag change with the seed.

        A node held by at least three quarters of its candidates is a member, one held by at most
        a quarter is not. The contested ones in between are judged by block: contested nodes tied
        to each other hang together (a chain or a small cluster at the group's edge), and a block
        joins when more than half of its ties out of itself (capped weights) lead to the members.
        An organisation with one tie into the group and one out of it stays out, a chain that
        only leads into the group comes in, whatever the runs did.
        """
        if not self.candidates:
            return
        nodes = np.array(sorted(self.seen), dtype=np.int64)
        share = np.array([self.seen[n] for n in nodes.tolist()], dtype=np.float64) / self.candidates
        sure = nodes[share >= CLEARLY_IN]
        contested = nodes[(share > CLEARLY_OUT) & (share < CLEARLY_IN)]
        if not contested.size:
            self.members = sure
            return
        adjacency = graph.capped_adjacency
        # Each contested node's ties, read from the CSR arrays: fancy sparse indexing, once per
        # group, cost more than the whole detection on a large territory.
        starts, ends = adjacency.indptr[contested], adjacency.indptr[contested + 1]
        row = np.repeat(np.arange(contested.size), ends - starts)
        ties = np.concatenate([np.arange(a, b) for a, b in zip(starts.tolist(), ends.tolist(), strict=True)])
        neighbour, weight = adjacency.indices[ties], adjacency.data[ties]
        at = np.minimum(np.searchsorted(contested, neighbour), contested.size - 1)
        among = contested[at] == neighbour
        links = sp.coo_matrix((weight[among], (row[among], at[among])), shape=(contested.size,) * 2)
        count, block = connected_components(links, directed=False)
        at_sure = np.minimum(np.searchsorted(sure, neighbour), max(sure.size - 1, 0))
        to_sure = (sure[at_sure] == neighbour) if sure.size else np.zeros(neighbour.size, dtype=bool)
        into = np.bincount(block[row[to_sure]], weight[to_sure], count)
        outward = np.bincount(block[row[~among]], weight[~among], count)
        # Blocks are tied to no other contested node, so each is judged against the sure members.
        joins = 2 * into > outward
        self.members = np.union1d(sure, contested[joins[block]]).astype(np.int64)

    @property
    def size(self) -> int:
        return int(self.members.size)

    @property
    def scale(self) -> float:
        """The resolution at which the most runs flag it (the first met, on a tie)."""
        return max(self.runs_by_scale, key=lambda s: len(self.runs_by_scale[s]))


@dataclass
class Detection:
    partition: Partition
    cards: list[ClosureCard]
    groups: list[Group]
    """Every flagged group found closed beyond chance, kept or not."""
    candidates: int = 0
    """How many distinct groups the ensemble flagged before the chance test: the Bonferroni ``m``."""
    smallest_telling_size: int = 0
    """The smallest complete group of median members whose closure this graph could tell from
    chance (:func:`~graph_service.analysis.significance.smallest_telling_size`)."""


def scales_for(ties: int, max_ties: int) -> tuple[float, ...]:
    """The resolutions swept for a graph of ``ties`` ties: only the base one above ``max_ties``,
    where a sweep would multiply a long run.

    >>> scales_for(30_000, 150_000), scales_for(1_500_000, 150_000)
    ((0.25, 1.0, 4.0, 16.0, 64.0), (1.0,))
    """
    return SCALES if ties <= max_ties else (1.0,)


def detect_groups(
    graph: ProjectedGraph,
    thresholds: ClosureThresholds,
    *,
    resolution: float,
    seed: int,
    runs: int,
    context: TerritoryContext | None = None,
    scales: tuple[float, ...] = SCALES,
    outside_counted: bool = True,
    engine: Engine = IN_PROCESS,
) -> Detection:
    """The partition at ``resolution`` with the flagged groups of every scale carved out, and its
    cards; the ensemble's runs go to ``engine``."""
    measurer = GroupMeasurer(graph, thresholds, context)
    if graph.node_count == 0:
        empty = np.zeros(0, dtype=np.int64)
        partition = Partition(empty, 0.0, resolution, seed, max(runs, 1), np.zeros(0, dtype=np.float64))
        return Detection(partition, [], [])
    factors = sorted(set(scales) | {1.0}, key=lambda f: (f != 1.0, f))
    resolutions = [resolution * f for f in factors]
    labelings = engine.labelings(graph, resolutions, seed=seed, runs=runs)
    detection = groups_of(measurer, labelings, resolutions, seed=seed, outside_counted=outside_counted)
    detection.partition.algorithm = engine.community_algorithm
    return detection


def groups_of(
    measurer: GroupMeasurer,
    labelings: list[list[np.ndarray]],
    resolutions: list[float],
    *,
    seed: int,
    outside_counted: bool = True,
) -> Detection:
    """What :func:`detect_groups` makes of the labellings of an ensemble: ``labelings[s][r]`` is
    run ``r`` at ``resolutions[s]``, the first resolution being the partition's own."""
    graph, resolution = measurer.graph, resolutions[0]
    base = partition_of(graph, labelings[0], resolution=resolution, seed=seed)
    candidates = _flagged_groups(measurer, labelings, resolutions, base.best_run)
    # Every candidate met was a test: the level a group must reach is corrected for them all.
    measurer.level = significance_level(len(candidates))
    beyond_chance = measurer.closed_sets([g.members for g in candidates])
    groups = [g for g, significant in zip(candidates, beyond_chance, strict=True) if significant]
    kept = _best_explained(measurer, groups, len(labelings[0]))
    membership = base.membership.copy()
    for k, group in enumerate(kept):
        membership[group.members] = base.community_count + k
    membership = ranked_labels(membership)
    partition = Partition(
        membership=membership,
        modularity=modularity(graph, membership),
        resolution=resolution,
        seed=seed,
        runs=base.runs,
        stability=base.stability,
        uncertain_pairs=base.uncertain_pairs,
        best_run=base.best_run,
    )
    measures = measurer.measure(membership)
    found = {}
    flagged = np.flatnonzero(measures.concentrated | measures.local_closed)
    members_of = _members_by_label(membership, measurer.inside)
    flagged_labels = flagged.tolist()
    same_of = _same_groups([members_of[label] for label in flagged_labels], groups, graph.node_count)
    for i, label in enumerate(flagged_labels):
        same = groups[same_of[i]] if i in same_of else None
        # A concentrated group counts the runs that flag it concentrated; a local one, any flag.
        runs = (same.concentrated_runs if measures.concentrated[label] else same.runs) if same else set()
        share = len(runs) / base.runs
        found[label] = Found(scale=same.scale if same else resolution, flag_share=round(share, 4))
    cards = cards_of(measurer, measures, partition, found, outside_counted=outside_counted)
    strengths = graph.capped_strength[measurer.inside & (graph.capped_strength > 0)]
    smallest = smallest_telling_size(
        float(np.median(strengths)) if strengths.size else 0.0, measurer.pair_total, len(candidates)
    )
    return Detection(partition, cards, groups, candidates=len(candidates), smallest_telling_size=smallest)


def _members_by_label(labels: np.ndarray, inside: np.ndarray) -> list[np.ndarray]:
    """The members located inside of each label, as sorted node indices."""
    k = int(labels.max()) + 1 if labels.size else 0
    nodes = np.flatnonzero(inside)
    order = nodes[np.argsort(labels[nodes], kind="stable")]
    starts = np.searchsorted(labels[order], np.arange(k + 1))
    return [order[starts[g] : starts[g + 1]] for g in range(k)]


def _overlaps(a: list[np.ndarray], b: list[np.ndarray], node_count: int) -> sp.coo_matrix:
    """How many nodes each set of ``a`` shares with each set of ``b``, the pairs that share any."""
    return (incidence_of(a, node_count) @ incidence_of(b, node_count).T).tocoo()


def _same_groups(sets: list[np.ndarray], groups: list[Group], node_count: int) -> dict[int, int]:
    """For each set, the index of the group with the same members (the most similar at Jaccard
    ≥ 2/3), if any."""
    if not sets or not groups:
        return {}
    shared = _overlaps(sets, [g.members for g in groups], node_count)
    found: dict[int, tuple[float, int]] = {}
    for i, k, common in zip(shared.row.tolist(), shared.col.tolist(), shared.data.tolist(), strict=True):
        similarity = common / (sets[i].size + groups[k].size - common)
        if similarity >= SAME_GROUP and similarity > found.get(i, (0.0, k))[0]:
            found[i] = (similarity, k)
    return {i: k for i, (_, k) in found.items()}


def _flagged_groups(
    measurer: GroupMeasurer, labelings: list[list[np.ndarray]], resolutions: list[float], best_run: int
) -> list[Group]:
    """Every group any run flags at any resolution, candidates with the same members merged.

    The base partition's best run at the base resolution comes first, so that a group it holds is
    named by its own members and scale.
    """
    runs = len(labelings[0])
    jobs = [(0, best_run)] + [
        (s, r) for s in range(len(resolutions)) for r in range(runs) if (s, r) != (0, best_run)
    ]
    groups: list[Group] = []
    for s, r in jobs:
        labels = labelings[s][r]
        measures = measurer.measure(labels)
        flagged = np.flatnonzero(measures.concentrated | measures.local_closed).tolist()
        if not flagged:
            continue
        members_of = _members_by_label(labels, measurer.inside)
        # The candidates of one run are disjoint: each matches at most one group, never another.
        same = _same_groups([members_of[label] for label in flagged], groups, measurer.graph.node_count)
        for i, label in enumerate(flagged):
            similar = same.get(i)
            if similar is None:
                similar = len(groups)
                groups.append(Group(members=members_of[label]))
            groups[similar].add(members_of[label])
            groups[similar].runs.add(r)
            groups[similar].runs_by_scale.setdefault(resolutions[s], set()).add(r)
            if measures.concentrated[label]:
                groups[similar].concentrated_runs.add(r)
    for group in groups:
        group.consensus(measurer.graph)
    return groups


def _core(graph: ProjectedGraph, members: np.ndarray) -> np.ndarray:
    """``members`` without those tied more outside the group than inside it: what is left of a
    group once its parts are taken out carries the organisations that leaned on those parts."""
    if not members.size:
        return members
    adjacency = graph.binary_adjacency[members]
    inner = np.asarray(adjacency[:, members].sum(axis=1)).ravel()
    return members[inner * 2 >= graph.degree[members]]


def _best_explained(measurer: GroupMeasurer, groups: list[Group], runs: int) -> list[Group]:
    """Flagged groups that do not overlap.

    A group that holds steady flagged groups (its parts) gives way to them when the pieces it
    splits into (the parts, and what is left if that is large enough) are each closed and each
    stands apart from the rest of the group: two clubs joined by a tie or two are two clubs, a
    club cut in two by a fine resolution is one. What is left then becomes a group of its own,
    flagged by the runs that flagged the whole. Among the rest, the most often flagged, then the largest,
    wins over the groups it overlaps.
    """
    thresholds, node_count = measurer.thresholds, measurer.graph.node_count
    sizes = np.array([g.size for g in groups])
    steady = np.array([len(g.runs) / runs >= thresholds.min_flag_share for g in groups], dtype=bool)
    shared = _overlaps([g.members for g in groups], [g.members for g in groups], node_count).tocsr()
    # Each group's split into its parts and what is left, all measured at once.
    splits: list[tuple[int, int, np.ndarray]] = []
    pieces: list[np.ndarray] = []
    wholes: list[np.ndarray] = []  # the group each piece was cut from
    for k in np.argsort(-sizes, kind="stable").tolist():
        parts = _parts_of(k, shared, sizes, steady)
        if not parts:
            continue
        in_parts = np.concatenate([groups[p].members for p in parts])
        rest = _core(measurer.graph, np.setdiff1d(groups[k].members, in_parts, assume_unique=True))
        if len(parts) < 2 and 0 < rest.size < thresholds.min_size:
            continue
        first = len(pieces)
        pieces += [groups[p].members for p in parts] + ([rest] if rest.size >= thresholds.min_size else [])
        wholes += [groups[k].members] * (len(pieces) - first)
        splits.append((k, first, rest))
    closed = measurer.closed_sets(pieces)
    apart = measurer.stand_apart(pieces, wholes)
    explained: set[int] = set()
    leftovers: list[Group] = []
    for n, (k, first, rest) in enumerate(splits):
        last = splits[n + 1][1] if n + 1 < len(splits) else len(pieces)
        # Each piece is closed, and stands apart from the rest of the group: a group cut into
        # pieces that a random wiring inside it would give is judged as a whole.
        if closed[first:last].all() and apart[first:last].all():
            explained.add(k)
            if rest.size >= thresholds.min_size:
                group = groups[k]
                leftovers.append(
                    Group(rest, set(group.runs), set(group.concentrated_runs), dict(group.runs_by_scale))
                )
    return _without_overlaps([g for k, g in enumerate(groups) if k not in explained] + leftovers)


def _parts_of(k: int, shared: sp.csr_matrix, sizes: np.ndarray, steady: np.ndarray) -> list[int]:
    """The parts of group ``k``: steady groups mostly inside it and clearly smaller, that do not
    overlap each other, the largest first."""
    start, end = shared.indptr[k], shared.indptr[k + 1]
    inner = dict(zip(shared.indices[start:end].tolist(), shared.data[start:end].tolist(), strict=True))
    parts: list[int] = []
    for h in sorted(inner, key=lambda h: (-sizes[h], h)):
        if h == k or not steady[h] or sizes[h] > PART_OF * sizes[k] or inner[h] < PART_OF * sizes[h]:
            continue
        if all(shared[h, p] == 0 for p in parts):
            parts.append(h)
    return parts


def _without_overlaps(candidates: list[Group]) -> list[Group]:
    """The most often flagged, then the largest, wins over the groups it overlaps by a third."""
    kept: list[Group] = []
    taken: set[int] = set()
    for group in sorted(candidates, key=lambda g: (-len(g.runs), -g.size)):
        members = set(group.members.tolist())
        if len(members & taken) * 3 < len(members):
            kept.append(group)
            taken |= members
    return kept
