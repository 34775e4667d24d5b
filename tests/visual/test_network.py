"""The drawing's encodings, checked on hand-built graphs whose answers are known by construction."""

from __future__ import annotations

import numpy as np
import pytest

from graph_service.analysis.closure import ClosureCard, ClosureThresholds, closure_cards
from graph_service.analysis.communities import detect_communities
from graph_service.analysis.projection import ProjectedGraph
from graph_service.model import CatalystProfile, Organisation, World
from visual.ecosystem import AnalysedEcosystem
from visual.network import community_network, organisation_network
from visual.style import CONCENTRATED_BORDER, PALETTE, SMALL_COMMUNITY_COLOUR, WORLD_SHAPES


def _cliques(sizes: list[int], bridges: list[tuple[int, int]]) -> ProjectedGraph:
    """Cliques numbered in order, plus the bridge edges given (node indices), all of weight 1."""
    edges: list[tuple[int, int]] = []
    start = 0
    for size in sizes:
        edges += [(start + a, start + b) for a in range(size) for b in range(a + 1, size)]
        start += size
    edges += bridges
    worlds = list(World)
    organisations = [
        Organisation(id=f"test:{i}", name=f"Org {i}", world=worlds[i % len(worlds)]) for i in range(start)
    ]
    source = np.array([min(e) for e in edges])
    target = np.array([max(e) for e in edges])
    return ProjectedGraph(
        organisations=organisations,
        source=source,
        target=target,
        weight=np.ones(len(edges)),
        external=np.zeros(start, dtype=bool),
        areas=[None] * start,
    )


def _ecosystem(graph: ProjectedGraph, thresholds: ClosureThresholds | None = None) -> AnalysedEcosystem:
    partition = detect_communities(graph, resolution=1.0, seed=3, runs=1)
    cards = closure_cards(graph, partition, thresholds or ClosureThresholds())
    return AnalysedEcosystem(
        graph=graph, membership=partition.membership, cards=cards, sizes=graph.strength, seed=3
    )


def _link(organisation_id: str) -> str:
    return f"/organisations/{organisation_id}"


def test_nodes_take_their_community_colour_and_world_shape() -> None:
    graph = _cliques([6, 5, 4], [(0, 6), (6, 11)])
    eco = _ecosystem(graph, ClosureThresholds(min_size=4, max_ei=1, max_conductance=1, min_density=0))
    drawing = organisation_network(eco, link=_link)
    by_id = {node["id"]: node for node in drawing.network.nodes}
    for i, organisation in enumerate(graph.organisations):
        node = by_id[organisation.id]
        assert node["shape"] == WORLD_SHAPES[organisation.world]
        assert node["color"]["background"] == PALETTE[int(eco.membership[i]) % len(PALETTE)]
    # Members of one clique share a colour; the three cliques have three colours.
    colours = [
        {by_id[f"test:{i}"]["color"]["background"] for i in block} for block in (range(6), range(6, 11))
    ]
    assert all(len(c) == 1 for c in colours) and colours[0] != colours[1]


def test_concentrated_communities_get_the_red_border_halo_and_a_label() -> None:
    # A dense clique hanging by one bridge is closed; the rule without diversity or coverage limits.
    graph = _cliques([8, 4, 4], [(0, 8), (8, 12), (9, 13), (10, 14)])
    thresholds = ClosureThresholds(min_size=4, max_diversity_ratio=10, max_coverage=1)
    eco = _ecosystem(graph, thresholds)
    flagged = {card.community for card in eco.cards if card.concentrated}
    assert flagged, "the isolated clique is concentrated under this rule"
    drawing = organisation_network(eco, link=_link)
    for node, i in zip(drawing.network.nodes, range(graph.node_count), strict=True):
        concentrated = int(eco.membership[i]) in flagged
        assert (node["color"]["border"] == CONCENTRATED_BORDER) == concentrated
        assert node["shadow"]["enabled"] == concentrated
    halo_members = {m for halo in drawing.halos for m in halo["members"]}
    expected = {graph.ids[i] for i in range(graph.node_count) if int(eco.membership[i]) in flagged}
    assert halo_members == expected
    assert all(str(halo["community"]) in halo["label"] for halo in drawing.halos)


def test_sizes_follow_the_centrality_and_edges_the_weight() -> None:
    graph = _cliques([3], [])
    graph.weight = np.array([1.0, 2.0, 5.0])
    eco = _ecosystem(graph)
    eco.sizes = np.array([0.1, 0.5, 0.9])
    drawing = organisation_network(eco, link=_link)
    sizes = [node["size"] for node in drawing.network.nodes]
    assert sizes[0] < sizes[1] < sizes[2]
    widths = {(e["from"], e["to"]): e["width"] for e in drawing.network.edges}
    assert widths[("test:0", "test:1")] < widths[("test:0", "test:2")] < widths[("test:1", "test:2")]


def test_catalysts_are_starred_and_tooltips_carry_plain_fields_with_a_link() -> None:
    graph = _cliques([3], [])
    name = "<img src=x onerror=alert(1)>"
    graph.organisations[1] = Organisation(
        id="test:1", name=name, world=World.ASSOCIATION, commune="38185", catalyst=CatalystProfile()
    )
    eco = _ecosystem(graph)
    eco.commune_names = {"38185": "Grenoble"}
    drawing = organisation_network(eco, link=_link)
    node = next(n for n in drawing.network.nodes if n["id"] == "test:1")
    assert node["label"].startswith("★ ")
    details = drawing.details["test:1"]
    assert details["name"] == name and details["catalyst"] is True
    assert details["commune"] == "Grenoble"
    assert details["url"] == "/organisations/test:1"
    # No HTML title: the page builds tooltips from these fields with textContent.
    assert "title" not in node


def test_the_same_data_and_seed_give_the_same_picture() -> None:
    graph = _cliques([5, 5], [(0, 5)])
    first = organisation_network(_ecosystem(graph), link=_link).payload()
    second = organisation_network(_ecosystem(graph), link=_link).payload()
    assert first == second
    assert first["options"]["layout"]["randomSeed"] == 3
    assert first["options"]["physics"]["stabilization"]["enabled"] is True


def test_large_views_keep_the_most_central_organisations() -> None:
    graph = _cliques([10, 10], [(0, 10)])
    eco = _ecosystem(graph)
    eco.sizes = np.arange(graph.node_count, dtype=float)
    drawing = organisation_network(eco, link=_link, max_nodes=5)
    assert {n["id"] for n in drawing.network.nodes} == {f"test:{i}" for i in range(15, 20)}
    assert drawing.hidden == 15
    assert all(e["from"] in drawing.details and e["to"] in drawing.details for e in drawing.network.edges)


@pytest.mark.parametrize("min_size", [2, 4])
def test_community_view_sizes_by_members_and_ties_by_summed_weight(min_size: int) -> None:
    graph = _cliques([7, 5, 3], [(0, 7), (1, 8), (2, 12), (9, 13)])
    eco = _ecosystem(graph)
    drawing = community_network(eco, link=lambda c: f"?communaute={c}", max_nodes=10, min_size=min_size)
    counts = np.bincount(eco.membership)
    shown = {c for c in range(counts.size) if counts[c] >= min_size}
    assert {n["id"] for n in drawing.network.nodes} == {f"community:{c}" for c in shown}
    assert drawing.hidden == sum(int(counts[c]) for c in range(counts.size) if c not in shown)
    sizes = {n["id"]: n["size"] for n in drawing.network.nodes}
    for a in shown:
        for b in shown:
            if counts[a] > counts[b]:
                assert sizes[f"community:{a}"] > sizes[f"community:{b}"]
    # Inter-community weight recomputed edge by edge.
    expected: dict[tuple[int, int], float] = {}
    for s, t, w in zip(graph.source.tolist(), graph.target.tolist(), graph.weight.tolist(), strict=True):
        a, b = sorted((int(eco.membership[s]), int(eco.membership[t])))
        if a != b and a in shown and b in shown:
            expected[(a, b)] = expected.get((a, b), 0.0) + w
    titles = {(e["from"], e["to"]): e["title"] for e in drawing.network.edges}
    assert set(titles) == {(f"community:{a}", f"community:{b}") for a, b in expected}
    for (a, b), total in expected.items():
        assert titles[(f"community:{a}", f"community:{b}")].startswith(f"{total:g} ")
    assert all(d["url"].startswith("?communaute=") for d in drawing.details.values())


def test_small_communities_are_grey() -> None:
    graph = _cliques([5, 2], [])
    eco = _ecosystem(graph)
    drawing = organisation_network(eco, link=_link)
    pair = [n for n in drawing.network.nodes if n["id"] in ("test:5", "test:6")]
    assert all(n["color"]["background"] == SMALL_COMMUNITY_COLOUR for n in pair)
    assert isinstance(eco.cards[0], ClosureCard)


def test_the_focused_organisation_stands_out() -> None:
    graph = _cliques([4], [])
    drawing = organisation_network(_ecosystem(graph), link=_link, focus="test:2")
    by_id = {node["id"]: node for node in drawing.network.nodes}
    assert by_id["test:2"]["borderWidth"] > max(by_id[f"test:{i}"]["borderWidth"] for i in (0, 1, 3))
    assert by_id["test:2"]["size"] >= max(by_id[f"test:{i}"]["size"] for i in (0, 1, 3))
    assert by_id["test:2"]["label"] == "Org 2"


def test_open_data_edges_are_dashed_and_say_how_much_public_money_passes() -> None:
    from datetime import date

    from graph_service.analysis.projection import project
    from graph_service.model import EcosystemFrame, OpenDataTie, RelType

    orgs = [
        Organisation(id="test:ville", name="Commune", world=World.COLLECTIVITE),
        Organisation(id="test:club", name="Club", world=World.ASSOCIATION),
        Organisation(id="test:bureau", name="Bureau d'études", world=World.ENTREPRISE),
    ]
    ties = [
        OpenDataTie(kind=RelType.FUNDS, source_id="test:ville", target_id="test:club",
                    day=date(2016, 5, 1), amount=10_000, key="a"),
        OpenDataTie(kind=RelType.FUNDS, source_id="test:ville", target_id="test:club",
                    day=date(2017, 5, 1), amount=5_500.4, key="b"),
        OpenDataTie(kind=RelType.CONTRACTS_WITH, source_id="test:ville", target_id="test:bureau",
                    day=None, amount=None, key="c"),
    ]  # fmt: skip
    frame = EcosystemFrame(organisations=orgs, alliances=[], member_ids=[], alliance_ids=[], roles=[])
    frame.open_data_ties = ties
    drawing = organisation_network(_ecosystem(project(frame, include_open_data=True)), link=_link)
    titles = {(edge["from"], edge["to"]): edge["title"] for edge in drawing.network.edges}
    assert all(edge["dashes"] for edge in drawing.network.edges)
    club = titles[("test:ville", "test:club")]
    assert "2 subvention(s)" in club and "15\u00a0500\u00a0€" in club and "2016–2017" in club
    bureau = titles[("test:ville", "test:bureau")]
    assert "1 marché(s) public(s)" in bureau and "€" not in bureau and "subvention" not in bureau
