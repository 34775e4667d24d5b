"""Projection of subgraphs: n-ary alliances, isolated organisations, external partners, open-data ties."""

from __future__ import annotations

from datetime import date
from itertools import combinations

import numpy as np
import pytest

from graph_service.analysis.projection import ProjectedGraph, pair_weights, project
from graph_service.model import AllianceInfo, MembershipEdge, OpenDataTie, Organisation, RelType, Subgraph


def _subgraph() -> Subgraph:
    organisations = [Organisation(id=f"t:{k}", name=k, world="association") for k in "abcdef"]
    alliances = [AllianceInfo(id=f"t:{k}", name=k, mode="mecenat") for k in ("big", "pair", "pair2")]
    members = {"big": "abcd", "pair": "ab", "pair2": "be"}
    memberships = [
        MembershipEdge(organisation_id=f"t:{o}", alliance_id=f"t:{a}", role="membre")
        for a, orgs in members.items()
        for o in orgs
    ]
    ties = [
        OpenDataTie(
            kind=RelType.FUNDS, source_id="t:c", target_id="t:f", day=date(2022, 1, 1), amount=5000.0
        ),
        OpenDataTie(kind=RelType.CONTRACTS_WITH, source_id="t:a", target_id="t:b"),
    ]
    return Subgraph(
        organisations=organisations,
        alliances=alliances,
        memberships=memberships,
        external_ids=["t:e"],
        open_data_ties=ties,
    )


def _edges(g: ProjectedGraph) -> dict[tuple[str, str], float]:
    return {
        (g.ids[u], g.ids[v]): w
        for u, v, w in zip(g.source.tolist(), g.target.tolist(), g.weight.tolist(), strict=True)
    }


def test_nary_alliance_becomes_a_clique_weighted_one_over_k_minus_one() -> None:
    graph = project(_subgraph())
    edges = _edges(graph)
    # The four-member alliance gives each of its pairs 1/3; the bilateral ones 1.
    expected = {(f"t:{x}", f"t:{y}"): pytest.approx(1 / 3) for x, y in combinations("abcd", 2)}
    expected[("t:a", "t:b")] = pytest.approx(1 / 3 + 1)
    expected[("t:b", "t:e")] = 1.0
    assert edges == expected
    # Each member spends a weight of one per alliance: its strength is its number of alliances.
    strength = dict(zip(graph.ids, graph.strength.tolist(), strict=True))
    assert strength == pytest.approx({"t:a": 2.0, "t:b": 3.0, "t:c": 1.0, "t:d": 1.0, "t:e": 1.0, "t:f": 0.0})


def test_isolated_and_external_organisations_are_nodes() -> None:
    graph = project(_subgraph())
    assert graph.node_count == 6
    assert [graph.ids[i] for i in graph.isolated()] == ["t:f"]
    assert [graph.ids[i] for i in np.flatnonzero(graph.external)] == ["t:e"]


def test_open_data_ties_count_only_when_asked() -> None:
    without = _edges(project(_subgraph()))
    with_ties = _edges(project(_subgraph(), include_open_data=True))
    assert ("t:c", "t:f") not in without
    assert with_ties[("t:c", "t:f")] == 1.0
    assert with_ties[("t:a", "t:b")] == without[("t:a", "t:b")] + 1


def test_pair_weights_on_many_groups_of_mixed_sizes() -> None:
    rng = np.random.default_rng(0)
    groups = [rng.choice(40, size=rng.integers(2, 7), replace=False) for _ in range(300)]
    source, target, weight = pair_weights(groups, 40)
    counted: dict[tuple[int, int], float] = {}
    for group in groups:
        for u, v in combinations(sorted(group.tolist()), 2):
            counted[(u, v)] = counted.get((u, v), 0.0) + 1 / (group.size - 1)
    found = dict(zip(zip(source.tolist(), target.tolist(), strict=True), weight.tolist(), strict=True))
    assert found == pytest.approx(counted)


def test_an_alliance_above_the_cap_is_a_network_and_draws_no_tie() -> None:
    capped = project(_subgraph(), network_min_members=3)
    # The four-member alliance is a network: only the bilateral ones tie.
    assert capped.networks == {"t:big": 4}
    assert _edges(capped) == {("t:a", "t:b"): 1.0, ("t:b", "t:e"): 1.0}
    assert project(_subgraph(), network_min_members=4).networks == {}
