"""The closure card of each community, and the explainable ``concentrated`` verdict.

A concentrated community (*communauté concentrée*) is closed (E-I index low, low conductance),
internally dense, and narrow compared with its territory: few worlds, and a small share of its
organisations or one place. Every card lists each criterion with its value and threshold, so a
catalyst sees why a community was, or was not, flagged.

A group is measured on its members located inside the territory: a tie to a partner outside is a
tie out, whatever community the partition gave that partner. Its share and its worlds are measured
against a :class:`TerritoryContext`: the enclosing département when the territory is an EPCI or a
commune, so that a club gets the same verdict whatever level the catalyst looks at.

The verdicts: ``concentrated``; ``uncertain`` (the rule holds, but fewer than half of the ensemble's
runs flag the group); ``local_and_closed`` (closed and local, but many worlds: a healthy local
ecosystem); ``not_concentrated``.

>>> for part in ClosureThresholds().rule().split(" and "): print(part)
size ≥ 4
ei_index ≤ -0.2
conductance ≤ 0.25
density ≥ 0.1
(diversity_ratio ≤ 0.6 or diversity ≤ 0.4)
(coverage ≤ 0.25 or largest_area_share ≥ 0.75)
flagged in ≥ 50% of the runs
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from pydantic import BaseModel, Field

from graph_service.analysis.communities import Partition
from graph_service.analysis.group_measures import GroupMeasurer, GroupMeasures
from graph_service.analysis.projection import WORLDS, ProjectedGraph
from graph_service.analysis.territory_context import TerritoryContext
from graph_service.analysis.thresholds import ClosureThresholds

CONCENTRATED = "concentrated"
UNCERTAIN = "uncertain"
LOCAL_AND_CLOSED = "local_and_closed"
NOT_CONCENTRATED = "not_concentrated"


class Criterion(BaseModel):
    """One test of the concentrated rule, with the numbers behind it."""

    name: str
    value: float
    comparison: str
    threshold: float
    passed: bool


class TopMember(BaseModel):
    id: str
    name: str
    world: str
    internal_degree: int


class ClosureCard(BaseModel):
    """How closed, dense and narrow one community is."""

    community: int
    name: str = Field(
        default="",
        description="what the group is, « Associations de la Matheysine (La Mure) »: its main worlds, "
        "its EPCI and main commune; the same from the département, its EPCI or a commune's view",
    )
    key: str = Field(
        default="",
        description="a key that stays with the group across views and dates while its members stay "
        "(the hash of its lowest-hashing member)",
    )
    size: int
    inside: int = Field(description="members located in the territory (the rest are outside partners)")
    internal_ties: int
    external_ties: int
    outside_ties: int = Field(
        default=0, description="ties of its members located inside to organisations located outside"
    )
    outside_counted: bool = Field(
        default=True,
        description="whether partners outside the territory were read (include_external); if not, "
        "its ties out are only those inside the territory",
    )
    density: float
    conductance: float
    ei_index: float
    worlds: dict[str, int]
    diversity: float = Field(description="normalised Shannon entropy of its worlds, 0 (one world) to 1")
    territory_diversity: float = Field(description="the same, of the context's organisations")
    diversity_ratio: float
    areas: int = Field(description="sub-territories its members lie in")
    largest_area: str | None
    largest_area_share: float
    coverage: float = Field(description="share of the context's organisations it holds")
    territory_share: float = Field(default=0.0, description="share of the analysed territory's organisations")
    internal_weight: float = Field(
        default=0.0, description="weight of its ties inside, a pair counting at most 1 (the projection's)"
    )
    expected_internal_weight: float = Field(
        default=0.0,
        description="weight a random graph with the same weighted degrees would hold inside it "
        "(configuration model)",
    )
    chance_p: float | None = Field(
        default=None,
        description="p-value of its inside weight beyond the spanning tree any connected group holds, "
        "under the configuration model (see graph_service/analysis/significance.py); none: not tested",
    )
    chance_level: float | None = Field(
        default=None,
        description="the p-value it must reach: 0.01 over the number of candidate groups tested (Bonferroni)",
    )
    context: str | None = Field(
        default=None,
        description="the territory its coverage and worlds are measured against (the enclosing "
        "département of an EPCI or a commune); none: the analysed territory itself",
    )
    scale: float | None = Field(
        default=None, description="the modularity resolution at which the group was found"
    )
    flag_share: float | None = Field(
        default=None, description="share of the ensemble's runs, at any scale, that flag this group"
    )
    stability: float = Field(description="mean stability of its members across the ensemble")
    top_members: list[TopMember]
    verdict: str = Field(
        default=NOT_CONCENTRATED,
        description="concentrated, uncertain (flagged by too few runs), local_and_closed, not_concentrated",
    )
    concentrated: bool
    criteria: list[Criterion]
    fired: str = Field(description="the rule and numbers behind the verdict, in one sentence")


def verdict(concentrated: bool, local_closed: bool, flag_share: float | None, minimum: float) -> str:
    """The verdict of a group from its rule and how often the ensemble flags it.

    >>> verdict(True, False, 0.4, 0.5), verdict(True, False, None, 0.5), verdict(False, True, 1.0, 0.5)
    ('uncertain', 'concentrated', 'local_and_closed')
    """
    if concentrated:
        return UNCERTAIN if flag_share is not None and flag_share < minimum else CONCENTRATED
    return LOCAL_AND_CLOSED if local_closed else NOT_CONCENTRATED


def _criteria(
    m: GroupMeasures, g: int, t: ClosureThresholds, flag_share: float | None, level: float | None
) -> list[Criterion]:
    def test(name: str, value: float, comparison: str, threshold: float) -> Criterion:
        passed = value <= threshold if comparison == "≤" else value >= threshold
        return Criterion.model_construct(
            name=name,
            value=round(float(value), 4),
            comparison=comparison,
            threshold=threshold,
            passed=bool(passed),
        )

    criteria = [
        test("size", m.inside[g], "≥", t.min_size),
        test("ei_index", m.ei_index[g], "≤", t.max_ei),
        test("conductance", m.conductance[g], "≤", t.max_conductance),
        test("density", m.density[g], "≥", t.min_density),
        test("diversity_ratio", m.diversity_ratio[g], "≤", t.max_diversity_ratio),
        test("diversity", m.diversity[g], "≤", t.max_diversity),
        test("coverage", m.coverage[g], "≤", t.max_coverage),
        test("largest_area_share", m.largest_area_share[g], "≥", t.min_area_share),
    ]
    if level is not None:
        criteria.append(test("chance", m.chance_p[g], "≤", level))
    if flag_share is not None:
        criteria.append(test("flag_share", flag_share, "≥", t.min_flag_share))
    return criteria


def _sentence(verdict_name: str, criteria: list[Criterion]) -> str:
    shown = ", ".join(
        f"{c.name} {c.value:g} {c.comparison} {c.threshold:g} {'✓' if c.passed else '✗'}" for c in criteria
    )
    return f"{verdict_name.replace('_', ' ')}: {shown}"


@dataclass(frozen=True)
class Found:
    """Where a group of the final partition came from: its scale and how often runs flag it."""

    scale: float
    flag_share: float


def closure_cards(
    graph: ProjectedGraph,
    partition: Partition,
    thresholds: ClosureThresholds,
    *,
    context: TerritoryContext | None = None,
    found: dict[int, Found] | None = None,
    min_card_size: int | None = None,
    top: int = 5,
    outside_counted: bool = True,
) -> list[ClosureCard]:
    """A card for each community with at least ``min_card_size`` members inside (default: the
    smallest size the rule can flag), largest first. ``found`` gives the scale and flag share of
    the communities the multi-scale detection chose; the others are at the partition's scale."""
    measurer = GroupMeasurer(graph, thresholds, context)
    measures = measurer.measure(partition.membership)
    return cards_of(measurer, measures, partition, found or {}, min_card_size, top, outside_counted)


def cards_of(
    measurer: GroupMeasurer,
    m: GroupMeasures,
    partition: Partition,
    found: dict[int, Found],
    min_card_size: int | None = None,
    top: int = 5,
    outside_counted: bool = True,
) -> list[ClosureCard]:
    """The cards of a partition already measured."""
    min_card_size = measurer.thresholds.min_size if min_card_size is None else min_card_size
    ranked = _RankedMembers.of(measurer, partition)
    cards = [
        _card(measurer, m, partition, int(g), found.get(int(g)), ranked, top, outside_counted)
        for g in np.flatnonzero(m.inside >= min_card_size)
    ]
    cards.sort(key=lambda card: (-card.size, card.community))
    return cards


@dataclass(frozen=True)
class _RankedMembers:
    """Each community's members, those inside the territory first, then by ties inside it."""

    order: np.ndarray
    starts: np.ndarray
    internal_degree: np.ndarray

    @classmethod
    def of(cls, measurer: GroupMeasurer, partition: Partition) -> _RankedMembers:
        graph, labels = measurer.graph, partition.membership
        same = labels[graph.source] == labels[graph.target]
        same &= measurer.inside[graph.source] & measurer.inside[graph.target]
        internal_degree = np.bincount(graph.source[same], minlength=graph.node_count) + np.bincount(
            graph.target[same], minlength=graph.node_count
        )
        order = np.lexsort((-internal_degree, ~measurer.inside, labels))
        starts = np.searchsorted(labels[order], np.arange(partition.community_count + 1))
        return cls(order, starts, internal_degree)

    def of_community(self, g: int) -> np.ndarray:
        return self.order[self.starts[g] : self.starts[g + 1]]


def _card(
    measurer: GroupMeasurer,
    m: GroupMeasures,
    partition: Partition,
    g: int,
    origin: Found | None,
    ranked: _RankedMembers,
    top: int,
    outside_counted: bool,
) -> ClosureCard:
    """The card of community ``g``: one field per measure, so one line each."""
    graph, t = measurer.graph, measurer.thresholds
    members = ranked.of_community(g)
    share = origin.flag_share if origin else None
    criteria = _criteria(m, g, t, share, measurer.level)
    name = verdict(bool(m.concentrated[g]), bool(m.local_closed[g]), share, t.min_flag_share)
    worlds = m.world_counts[g]
    return ClosureCard.model_construct(
        community=g,
        size=int(m.size[g]),
        inside=int(m.inside[g]),
        internal_ties=int(m.internal_ties[g]),
        external_ties=int(m.boundary[g]),
        outside_ties=int(m.outside_ties[g]),
        outside_counted=outside_counted,
        density=round(float(m.density[g]), 4),
        conductance=round(float(m.conductance[g]), 4),
        ei_index=round(float(m.ei_index[g]), 4),
        worlds={WORLDS[w].value: int(worlds[w]) for w in np.argsort(-worlds, kind="stable") if worlds[w]},
        diversity=round(float(m.diversity[g]), 4),
        territory_diversity=round(measurer.territory_diversity, 4),
        diversity_ratio=round(float(m.diversity_ratio[g]), 4),
        areas=int(m.areas[g]),
        largest_area=measurer.area_name(int(m.largest_area[g])),
        largest_area_share=round(float(m.largest_area_share[g]), 4),
        coverage=round(float(m.coverage[g]), 4),
        internal_weight=round(float(m.internal_weight[g]), 4),
        expected_internal_weight=round(float(m.expected_weight[g]), 4),
        chance_p=float(f"{m.chance_p[g]:.3g}") if measurer.level is not None else None,
        chance_level=measurer.level,
        territory_share=round(float(m.territory_share[g]), 4),
        context=measurer.context.territory,
        scale=origin.scale if origin else partition.resolution,
        flag_share=share,
        stability=round(float(partition.stability[members].mean()), 4) if members.size else 0.0,
        top_members=[
            TopMember.model_construct(
                id=graph.organisations[i].id,
                name=graph.organisations[i].name,
                world=graph.organisations[i].world.value,
                internal_degree=int(ranked.internal_degree[i]),
            )
            for i in members[:top]
        ],
        verdict=name,
        concentrated=name == CONCENTRATED,
        criteria=criteria,
        fired=_sentence(name, criteria),
    )
