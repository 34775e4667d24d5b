"""The closure card of each community, and the explainable ``concentrated`` flag.

A concentrated community (*communauté concentrée*) is closed (E-I index near -1, low conductance),
internally dense, and narrow compared with its territory: a small share of its organisations, and
few worlds or few sub-territories. Every card lists each criterion with its value and threshold,
so a catalyst sees why a community was, or was not, flagged.

The rule, with its default thresholds (a closed, dense, multi-world cluster of one EPCI is a healthy
local ecosystem, so few worlds is required and place or share only narrows it further):

>>> for part in ClosureThresholds().rule().split(" and "): print(part)
size ≥ 4
ei_index ≤ -0.6
conductance ≤ 0.2
density ≥ 0.2
diversity_ratio ≤ 0.6
(coverage ≤ 0.25 or largest_area_share ≥ 0.75)
"""

from __future__ import annotations

import math

import numpy as np
from pydantic import BaseModel, Field

from graph_service.analysis.communities import Partition
from graph_service.analysis.projection import WORLDS, ProjectedGraph
from graph_service.analysis.thresholds import ClosureThresholds


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
    territory_diversity: float
    diversity_ratio: float
    areas: int = Field(description="sub-territories its members lie in")
    largest_area: str | None
    largest_area_share: float
    coverage: float = Field(description="share of the territory's organisations it holds")
    stability: float = Field(description="mean stability of its members across the ensemble")
    top_members: list[TopMember]
    concentrated: bool
    criteria: list[Criterion]
    fired: str = Field(description="the rule and numbers behind the flag, in one sentence")


def _entropy_rows(counts: np.ndarray) -> np.ndarray:
    """Shannon entropy of each row of world counts, divided by its maximum (all worlds equally present).

    >>> _entropy_rows(np.array([[5, 0, 0, 0, 0, 0, 0], [1, 1, 0, 0, 0, 0, 0]])).round(3).tolist()
    [0.0, 0.356]
    """
    totals = counts.sum(axis=1, keepdims=True).astype(np.float64)
    shares = np.divide(counts, totals, out=np.zeros(counts.shape), where=totals > 0)
    logs = np.log(shares, out=np.zeros(counts.shape), where=shares > 0)
    return np.asarray(np.abs((shares * logs).sum(axis=1)) / math.log(len(WORLDS)))


def _criteria(card: dict[str, float], thresholds: ClosureThresholds) -> tuple[bool, list[Criterion]]:
    def test(name: str, comparison: str, threshold: float) -> Criterion:
        value = card[name]
        passed = value <= threshold if comparison == "≤" else value >= threshold
        return Criterion.model_construct(
            name=name,
            value=round(float(value), 4),
            comparison=comparison,
            threshold=threshold,
            passed=bool(passed),
        )

    size = test("size", "≥", thresholds.min_size)
    ei = test("ei_index", "≤", thresholds.max_ei)
    conductance = test("conductance", "≤", thresholds.max_conductance)
    density = test("density", "≥", thresholds.min_density)
    coverage = test("coverage", "≤", thresholds.max_coverage)
    worlds = test("diversity_ratio", "≤", thresholds.max_diversity_ratio)
    area = test("largest_area_share", "≥", thresholds.min_area_share)
    criteria = [size, ei, conductance, density, worlds, coverage, area]
    narrow = worlds.passed and (coverage.passed or area.passed)
    return size.passed and ei.passed and conductance.passed and density.passed and narrow, criteria


def _sentence(concentrated: bool, criteria: list[Criterion]) -> str:
    shown = ", ".join(
        f"{c.name} {c.value:g} {c.comparison} {c.threshold:g} {'✓' if c.passed else '✗'}" for c in criteria
    )
    return ("concentrated: " if concentrated else "not concentrated: ") + shown


def closure_cards(
    graph: ProjectedGraph,
    partition: Partition,
    thresholds: ClosureThresholds,
    *,
    min_card_size: int | None = None,
    top: int = 5,
    outside_counted: bool = True,
) -> list[ClosureCard]:
    """A card for each community of at least ``min_card_size`` members (default: the smallest size
    the rule can flag), largest first."""
    min_card_size = thresholds.min_size if min_card_size is None else min_card_size
    labels = partition.membership
    k = partition.community_count
    head, tail = labels[graph.source], labels[graph.target]
    same = head == tail
    internal_ties = np.bincount(head[same], minlength=k)
    boundary = np.bincount(head[~same], minlength=k) + np.bincount(tail[~same], minlength=k)
    cut = np.bincount(head[~same], weights=graph.weight[~same], minlength=k)
    cut = cut + np.bincount(tail[~same], weights=graph.weight[~same], minlength=k)
    volume = np.bincount(labels, weights=graph.strength, minlength=k)
    total_volume = float(graph.strength.sum())
    internal_degree = np.bincount(graph.source[same], minlength=graph.node_count) + np.bincount(
        graph.target[same], minlength=graph.node_count
    )
    inside = ~graph.external
    territory_size = int(inside.sum())
    # A tie between a member located inside and an organisation located outside, by the former.
    crossing = inside[graph.source] != inside[graph.target]
    inner_end = np.where(inside[graph.source], head, tail)[crossing]
    outside_ties = np.bincount(inner_end, minlength=k)
    world_names = [world.value for world in WORLDS]
    codes = graph.world_code
    world_counts = np.bincount(labels * len(WORLDS) + codes, minlength=k * len(WORLDS)).reshape(
        k, len(WORLDS)
    )
    territory_worlds = np.bincount(codes[inside], minlength=len(WORLDS))
    territory_diversity = _entropy_rows(territory_worlds[None, :])[0]
    community_diversity = _entropy_rows(world_counts)
    members_inside = np.bincount(labels[inside], minlength=k)
    area_names, area_codes = np.unique(
        np.array([a or "" for a in graph.areas], dtype=object), return_inverse=True
    )
    located = inside & (
        np.array([a is not None for a in graph.areas], dtype=bool) if graph.areas else inside & False
    )
    pairs, pair_counts = np.unique(
        labels[located] * len(area_names) + area_codes[located], return_counts=True
    )
    pair_community = pairs // max(len(area_names), 1)
    area_total = np.bincount(pair_community, minlength=k)
    largest_count = np.zeros(k, dtype=np.int64)
    largest_code = np.full(k, -1)
    for community, code, count in zip(
        pair_community, pairs % max(len(area_names), 1), pair_counts, strict=True
    ):
        if count > largest_count[community]:
            largest_count[community], largest_code[community] = count, code
    order = np.lexsort((-internal_degree, labels))
    starts = np.searchsorted(labels[order], np.arange(k + 1))
    cards = []
    for community in range(k):
        members = order[starts[community] : starts[community + 1]]
        size = members.size
        if size < min_card_size:
            continue
        member_inside = int(members_inside[community])
        ties = int(internal_ties[community]) + int(boundary[community])
        denominator = min(volume[community], total_volume - volume[community])
        numbers = {
            "size": float(size),
            "density": 2 * internal_ties[community] / (size * (size - 1)),
            "conductance": float(cut[community] / denominator) if denominator > 0 else 0.0,
            "ei_index": (boundary[community] - internal_ties[community]) / ties if ties else -1.0,
            "coverage": member_inside / territory_size if territory_size else 0.0,
            "diversity_ratio": community_diversity[community] / territory_diversity
            if territory_diversity
            else 1.0,
            "largest_area_share": largest_count[community] / member_inside if member_inside else 0.0,
        }
        concentrated, criteria = _criteria(numbers, thresholds)
        worlds = world_counts[community]
        cards.append(
            ClosureCard.model_construct(
                community=community,
                size=int(size),
                inside=member_inside,
                internal_ties=int(internal_ties[community]),
                external_ties=int(boundary[community]),
                outside_ties=int(outside_ties[community]),
                outside_counted=outside_counted,
                density=round(float(numbers["density"]), 4),
                conductance=round(float(numbers["conductance"]), 4),
                ei_index=round(float(numbers["ei_index"]), 4),
                worlds={
                    world_names[w]: int(worlds[w]) for w in np.argsort(-worlds, kind="stable") if worlds[w]
                },
                diversity=round(float(community_diversity[community]), 4),
                territory_diversity=round(float(territory_diversity), 4),
                diversity_ratio=round(float(numbers["diversity_ratio"]), 4),
                areas=int(area_total[community]),
                largest_area=str(area_names[largest_code[community]])
                if largest_code[community] >= 0
                else None,
                largest_area_share=round(float(numbers["largest_area_share"]), 4),
                coverage=round(float(numbers["coverage"]), 4),
                stability=round(float(partition.stability[members].mean()), 4),
                top_members=[
                    TopMember.model_construct(
                        id=graph.organisations[i].id,
                        name=graph.organisations[i].name,
                        world=graph.organisations[i].world.value,
                        internal_degree=int(internal_degree[i]),
                    )
                    for i in members[:top]
                ],
                concentrated=concentrated,
                criteria=criteria,
                fired=_sentence(concentrated, criteria),
            )
        )
    return cards
