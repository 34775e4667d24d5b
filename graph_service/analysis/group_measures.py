"""The closure numbers of every group of a labelling, measured at once: :class:`GroupMeasurer`.

A group is measured on its members located inside the territory: a tie to a partner outside is a
tie out, whatever community the partition gave that partner. Its share and its worlds are measured
against a :class:`~graph_service.analysis.territory_context.TerritoryContext`. The rule's tests
(closed, few worlds, local, narrow) come out as boolean arrays, one entry per group.

>>> import numpy as np
>>> from graph_service.analysis.projection import ProjectedGraph
>>> from graph_service.analysis.thresholds import ClosureThresholds
>>> from graph_service.model import Organisation
>>> ties = np.array([(0, 1), (1, 2), (2, 3), (0, 3), (0, 2), (3, 4), (4, 5), (5, 6), (4, 6)])
>>> g = ProjectedGraph(organisations=[Organisation(id=f"x:{i}", name=str(i), world="association")
...     for i in range(7)], source=ties[:, 0], target=ties[:, 1], weight=np.ones(9),
...     external=np.array([False] * 4 + [True] * 3), areas=["epci:1"] * 4 + [None] * 3)
>>> measurer = GroupMeasurer(g, ClosureThresholds())
>>> m = measurer.measure(np.zeros(7, dtype=np.int64))
>>> m.inside.tolist(), m.internal_ties.tolist(), m.outside_ties.tolist(), m.ei_index.round(3).tolist()
([4], [5], [1], [-0.667])
>>> m.closed.tolist(), measurer.closed_sets([np.arange(4), np.array([0, 1, 3])]).tolist()
([True], [True, False])
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import scipy.sparse as sp

from graph_service.analysis.projection import WORLDS, ProjectedGraph
from graph_service.analysis.significance import excess_p_values, stands_apart
from graph_service.analysis.territory_context import TerritoryContext
from graph_service.analysis.thresholds import ClosureThresholds


def entropy_rows(counts: np.ndarray) -> np.ndarray:
    """Shannon entropy of each row of world counts, divided by its maximum (all worlds equally present).

    >>> entropy_rows(np.array([[5, 0, 0, 0, 0, 0, 0], [1, 1, 0, 0, 0, 0, 0]])).round(3).tolist()
    [0.0, 0.356]
    """
    totals = counts.sum(axis=1, keepdims=True).astype(np.float64)
    shares = np.divide(counts, totals, out=np.zeros(counts.shape), where=totals > 0)
    logs = np.log(shares, out=np.zeros(counts.shape), where=shares > 0)
    return np.asarray(np.abs((shares * logs).sum(axis=1)) / math.log(len(WORLDS)))


@dataclass
class GroupMeasures:
    """The closure numbers of every group of one labelling, as arrays indexed by group."""

    inside: np.ndarray
    size: np.ndarray
    internal_ties: np.ndarray
    boundary: np.ndarray
    outside_ties: np.ndarray
    density: np.ndarray
    conductance: np.ndarray
    ei_index: np.ndarray
    world_counts: np.ndarray
    diversity: np.ndarray
    diversity_ratio: np.ndarray
    coverage: np.ndarray
    territory_share: np.ndarray
    areas: np.ndarray
    largest_area: np.ndarray
    largest_area_share: np.ndarray
    internal_weight: np.ndarray
    """The weight inside each group, a pair counting at most 1 (the chance test's measure)."""
    expected_weight: np.ndarray
    """What a random graph with the same weighted degrees holds inside each group."""
    chance_p: np.ndarray
    """The p-value of each group's inside weight beyond a spanning tree (:mod:`significance`)."""
    closed: np.ndarray
    few_worlds: np.ndarray
    local: np.ndarray
    concentrated: np.ndarray
    local_closed: np.ndarray


def incidence_of(sets: list[np.ndarray], node_count: int) -> sp.csr_matrix:
    """A 0/1 matrix with one row per set of nodes.

    >>> incidence_of([np.array([0, 2]), np.array([1])], 3).toarray().tolist()
    [[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]]
    """
    rows = np.repeat(np.arange(len(sets)), [s.size for s in sets])
    columns = np.concatenate(sets) if sets else np.zeros(0, dtype=np.int64)
    return sp.csr_matrix((np.ones(rows.size), (rows, columns)), shape=(len(sets), node_count))


class GroupMeasurer:
    """Measures the groups of any labelling of one graph against one context and rule.

    The graph's fixed parts (who is inside, areas, the context's mix) are prepared once, so that
    the many labellings of a multi-scale ensemble cost one pass over the ties each.
    """

    def __init__(
        self, graph: ProjectedGraph, thresholds: ClosureThresholds, context: TerritoryContext | None = None
    ) -> None:
        self.graph = graph
        self.thresholds = thresholds
        self.context = context or TerritoryContext()
        self.inside = ~graph.external
        self.territory_size = int(self.inside.sum())
        codes = graph.world_code
        own_worlds = np.bincount(codes[self.inside], minlength=len(WORLDS))
        context_worlds = np.array(self.context.worlds) if self.context.worlds else own_worlds
        self.context_size = self.context.organisations or self.territory_size
        self.territory_diversity = float(entropy_rows(context_worlds[None, :])[0])
        self.total_volume = float(graph.strength.sum())
        self.pair_total = float(graph.capped_strength.sum()) / 2
        self.level: float | None = None
        """The p-value a group must reach to be closed beyond chance; ``None``: not tested (the
        multi-scale detection sets it once it knows how many candidates it tested)."""

    @cached_property
    def _areas(self) -> tuple[np.ndarray, np.ndarray]:
        """The area names, and each node's area code (-1: outside or unknown)."""
        names = sorted({a for a, inside in zip(self.graph.areas, self.inside, strict=False) if a and inside})
        code_of = {name: k for k, name in enumerate(names)}
        codes = np.full(self.graph.node_count, -1, dtype=np.int64)
        for i, area in enumerate(self.graph.areas):
            if area and self.inside[i]:
                codes[i] = code_of[area]
        return np.array(names, dtype=object), codes

    def area_name(self, code: int) -> str | None:
        if self.context.local:
            return self.context.view
        return str(self._areas[0][code]) if code >= 0 else None

    def measure(self, labels: np.ndarray) -> GroupMeasures:
        """The numbers of each group ``0..labels.max()``; partners outside belong to none."""
        graph, t = self.graph, self.thresholds
        k = int(labels.max()) + 1 if labels.size else 0
        groups = k + 1  # the last one gathers the partners outside
        own = np.where(self.inside, labels, k)
        head, same = own[graph.source], own[graph.source] == own[graph.target]
        same &= head != k
        internal, internal_weight, boundary, cut, outside_ties = self._tie_counts(own, k)
        volume = np.bincount(own, weights=graph.strength, minlength=groups)[:k]
        members = np.bincount(own, minlength=groups)[:k]
        size = np.bincount(labels, minlength=k)[:k] if k else members
        world_counts = np.bincount(
            own * len(WORLDS) + graph.world_code, minlength=groups * len(WORLDS)
        ).reshape(groups, len(WORLDS))[:k]
        diversity = entropy_rows(world_counts)
        pairs = np.maximum(members * (members - 1), 1)
        conductance, ei = self._openness(internal_weight, cut, volume)
        areas, largest, largest_share = self._largest_areas(own, k, members)
        ratio = diversity / self.territory_diversity if self.territory_diversity else np.ones(k)
        coverage = members / self.context_size if self.context_size else np.zeros(k)
        inner_pairs = np.bincount(head[same], weights=graph.pair_weight[same], minlength=groups)[:k]
        pair_volume = np.bincount(own, weights=graph.capped_strength, minlength=groups)[:k]
        expected, chance_p = excess_p_values(inner_pairs, pair_volume, members, self.pair_total)
        closed = self._closed(members, ei, conductance, 2 * internal / pairs, chance_p)
        few = (ratio <= t.max_diversity_ratio) | (diversity <= t.max_diversity)
        local = largest_share >= t.min_area_share
        narrow = (coverage <= t.max_coverage) | local
        return GroupMeasures(
            inside=members,
            size=size,
            internal_ties=internal,
            boundary=boundary,
            outside_ties=outside_ties,
            density=2 * internal / pairs,
            conductance=conductance,
            ei_index=ei,
            world_counts=world_counts,
            diversity=diversity,
            diversity_ratio=ratio,
            coverage=coverage,
            territory_share=members / self.territory_size if self.territory_size else np.zeros(k),
            areas=areas,
            largest_area=largest,
            largest_area_share=largest_share,
            internal_weight=inner_pairs,
            expected_weight=expected,
            chance_p=chance_p,
            closed=closed,
            few_worlds=few,
            local=local,
            concentrated=closed & few & narrow,
            local_closed=closed & ~few & local,
        )

    def _tie_counts(self, own: np.ndarray, k: int) -> tuple[np.ndarray, ...]:
        """Per group ``0..k-1`` (``k`` gathers the partners outside): ties inside, their weight,
        ties crossing its boundary, their weight, and ties to partners outside the territory."""
        graph, groups = self.graph, k + 1
        head, tail = own[graph.source], own[graph.target]
        same = (head == tail) & (head != k)
        internal = np.bincount(head[same], minlength=groups)[:k]
        internal_weight = np.bincount(head[same], weights=graph.weight[same], minlength=groups)[:k]
        apart = ~same
        boundary = np.bincount(head[apart], minlength=groups) + np.bincount(tail[apart], minlength=groups)
        cut = np.bincount(head[apart], weights=graph.weight[apart], minlength=groups)
        cut += np.bincount(tail[apart], weights=graph.weight[apart], minlength=groups)
        crossing = self.inside[graph.source] != self.inside[graph.target]
        inner = np.where(self.inside[graph.source], head, tail)[crossing]
        outside_ties = np.bincount(inner, minlength=groups)[:k]
        return internal, internal_weight, boundary[:k], cut[:k], outside_ties

    def _openness(
        self, inner_weight: np.ndarray, cut: np.ndarray, volume: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Conductance and E-I index of groups from their weight inside, cut and volume.

        E-I is taken on the projection's weights: a federation's many thin ties weigh what its one
        membership does (Newman), not one tie each. With pairs only, it is Krackhardt's on counts.
        """
        ties = inner_weight + cut
        denominator = np.minimum(volume, self.total_volume - volume)
        with np.errstate(divide="ignore", invalid="ignore"):
            conductance = np.where(denominator > 0, cut / np.where(denominator > 0, denominator, 1), 0.0)
            ei = np.where(ties > 0, (cut - inner_weight) / np.where(ties > 0, ties, 1), -1.0)
        return conductance, ei

    def _closed(
        self,
        members: np.ndarray,
        ei: np.ndarray,
        conductance: np.ndarray,
        density: np.ndarray,
        chance_p: np.ndarray,
    ) -> np.ndarray:
        t = self.thresholds
        beyond_chance = chance_p <= self.level if self.level is not None else True
        return np.asarray(
            (members >= t.min_size)
            & (ei <= t.max_ei)
            & (conductance <= t.max_conductance)
            & (density >= t.min_density)
            & beyond_chance
        )

    def closed_sets(self, sets: list[np.ndarray]) -> np.ndarray:
        """Whether each set of nodes located inside, taken alone, passes the rule's closure tests
        (size, E-I, conductance, density): the sets may overlap, each is measured on its own."""
        if not sets:
            return np.zeros(0, dtype=bool)
        incidence = incidence_of(sets, self.graph.node_count)
        inner_weight = (
            np.asarray((incidence @ self.graph.adjacency).multiply(incidence).sum(axis=1)).ravel() / 2
        )
        inner_ties = (
            np.asarray((incidence @ self.graph.binary_adjacency).multiply(incidence).sum(axis=1)).ravel() / 2
        )
        volume = incidence @ self.graph.strength
        cut = volume - 2 * inner_weight
        members = np.array([s.size for s in sets])
        conductance, ei = self._openness(inner_weight, cut, volume)
        density = 2 * inner_ties / np.maximum(members * (members - 1), 1)
        inner_pairs = (
            np.asarray((incidence @ self.graph.capped_adjacency).multiply(incidence).sum(axis=1)).ravel() / 2
        )
        pair_volume = incidence @ self.graph.capped_strength
        _, chance_p = excess_p_values(inner_pairs, pair_volume, members, self.pair_total)
        return self._closed(members, ei, conductance, density, chance_p)

    def stand_apart(self, pieces: list[np.ndarray], wholes: list[np.ndarray]) -> np.ndarray:
        """Whether each piece stands apart from the rest of its whole
        (:func:`~graph_service.analysis.significance.stands_apart`), on pairs of organisations."""
        if not pieces:
            return np.zeros(0, dtype=bool)
        n = self.graph.node_count
        rests = [np.setdiff1d(whole, piece) for piece, whole in zip(pieces, wholes, strict=True)]
        piece_rows, rest_rows = incidence_of(pieces, n), incidence_of(rests, n)
        toward_piece = piece_rows @ self.graph.capped_adjacency
        inner = np.asarray(toward_piece.multiply(piece_rows).sum(axis=1)).ravel() / 2
        between = np.asarray(toward_piece.multiply(rest_rows).sum(axis=1)).ravel()
        toward_rest = rest_rows @ self.graph.capped_adjacency
        rest_inner = np.asarray(toward_rest.multiply(rest_rows).sum(axis=1)).ravel() / 2
        return stands_apart(inner, rest_inner, between)

    def _largest_areas(
        self, own: np.ndarray, k: int, members: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per group: how many areas it spans, its largest one's code and that one's share."""
        if self.context.local:
            return np.ones(k, dtype=np.int64), np.full(k, -1), (members > 0).astype(np.float64)
        names, codes = self._areas
        located = (own < k) & (codes >= 0)
        width = max(len(names), 1)
        pairs, counts = np.unique(own[located] * width + codes[located], return_counts=True)
        group = pairs // width
        areas = np.bincount(group, minlength=k)[:k]
        order = np.lexsort((counts, group))
        last = np.r_[group[order][1:] != group[order][:-1], True] if order.size else order.astype(bool)
        largest = np.full(k, -1)
        largest_count = np.zeros(k)
        largest[group[order][last]] = (pairs % width)[order][last]
        largest_count[group[order][last]] = counts[order][last]
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(members > 0, largest_count / np.where(members > 0, members, 1), 0.0)
        return areas, largest, share
