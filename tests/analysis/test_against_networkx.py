"""The fast engine and our vectorised measures checked against networkx, the reference implementation."""

from __future__ import annotations

from itertools import combinations

import networkx as nx
import numpy as np
import pytest

from graph_service.analysis.brokerage import brokerage_roles
from graph_service.analysis.centrality import (
    betweenness,
    centrality,
    eigenvector,
    harmonic_closeness,
    pagerank,
)
from graph_service.analysis.communities import detect_communities, modularity
from graph_service.analysis.graph_libraries import to_networkx
from graph_service.analysis.mixing import world_mixing
from graph_service.analysis.pass_through import between_worlds_share, cut_points
from graph_service.analysis.projection import WORLDS
from graph_service.analysis.roles import community_roles
from graph_service.analysis.structural_holes import structural_holes
from testkit.graphs import connected_random, projection_of, weighted_random

SEEDS = [1, 2, 3]


@pytest.mark.parametrize("seed", SEEDS)
def test_modularity_matches_networkx(seed: int) -> None:
    reference = weighted_random(120, 300, seed, isolates=5)
    graph = projection_of(reference)
    labels = np.random.default_rng(seed).integers(0, 6, graph.node_count)
    communities = [set(np.flatnonzero(labels == c).tolist()) for c in range(6)]
    expected = nx.community.modularity(reference, [c for c in communities if c], weight="weight")
    assert modularity(graph, labels) == pytest.approx(expected, abs=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_louvain_modularity_close_to_networkx(seed: int) -> None:
    reference = nx.planted_partition_graph(8, 25, 0.3, 0.01, seed=seed)
    graph = projection_of(reference)
    partition = detect_communities(graph, resolution=1.0, seed=seed, runs=3)
    networkx_communities = nx.community.louvain_communities(reference, seed=seed)
    ours = partition.modularity
    theirs = nx.community.modularity(reference, networkx_communities)
    assert ours == pytest.approx(theirs, abs=0.02)
    assert ours == pytest.approx(modularity(graph, partition.membership), abs=1e-12)


def test_clear_communities_found_exactly_like_networkx() -> None:
    reference = nx.ring_of_cliques(6, 7)
    graph = projection_of(reference)
    ours = detect_communities(graph, resolution=1.0, seed=3, runs=5)
    found = {frozenset(np.flatnonzero(ours.membership == c).tolist()) for c in range(ours.community_count)}
    theirs = {frozenset(c) for c in nx.community.louvain_communities(reference, seed=3)}
    assert found == theirs
    assert len(found) == 6
    assert np.all(ours.stability == 1.0)
    assert ours.uncertain_pairs == []


def test_same_seed_same_partition_and_ensemble_reports_uncertainty() -> None:
    reference = weighted_random(300, 450, 11)
    graph = projection_of(reference)
    first = detect_communities(graph, resolution=1.0, seed=5, runs=8)
    second = detect_communities(graph, resolution=1.0, seed=5, runs=8)
    assert np.array_equal(first.membership, second.membership)
    assert np.array_equal(first.stability, second.stability)
    # A sparse random graph has no clear communities: runs disagree somewhere.
    assert first.stability.min() < 1.0
    assert first.uncertain_pairs
    assert all(0.2 < pair.together < 0.8 for pair in first.uncertain_pairs)


@pytest.mark.parametrize("seed", SEEDS)
def test_pagerank_matches_tight_networkx(seed: int) -> None:
    reference = weighted_random(200, 500, seed, isolates=4)
    expected = nx.pagerank(reference, alpha=0.85, weight="weight", tol=1e-14, max_iter=10_000)
    ours = pagerank(projection_of(reference))
    assert ours.sum() == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(ours, [expected[i] for i in range(len(ours))], atol=1e-10, rtol=0)
    assert ours.std() > 1e-4  # not the uniform vector a broken engine returns


@pytest.mark.parametrize("seed", SEEDS)
def test_eigenvector_matches_networkx(seed: int) -> None:
    reference = connected_random(150, 400, seed)
    expected = nx.eigenvector_centrality_numpy(reference, weight="weight")
    ours = eigenvector(projection_of(reference))
    np.testing.assert_allclose(ours, [expected[i] for i in range(len(ours))], atol=1e-6)


@pytest.mark.parametrize("seed", SEEDS)
def test_exact_betweenness_and_harmonic_match_networkx(seed: int) -> None:
    reference = weighted_random(120, 200, seed, isolates=3)
    graph = projection_of(reference)
    expected = nx.betweenness_centrality(reference, normalized=True)
    np.testing.assert_allclose(
        betweenness(graph, exact=True, samples=0), [expected[i] for i in range(graph.node_count)], atol=1e-12
    )
    harmonic = nx.harmonic_centrality(reference)
    n = graph.node_count
    np.testing.assert_allclose(
        harmonic_closeness(graph), [harmonic[i] / (n - 1) for i in range(n)], atol=1e-12
    )


def test_sampled_betweenness_says_so_and_tracks_exact() -> None:
    reference = weighted_random(600, 1500, 4)
    graph = projection_of(reference)
    table = centrality(graph, exact_max_nodes=100, samples=200)
    assert table.betweenness_mode == "sampled"
    assert table.betweenness_samples == 200
    assert "harmonic" not in table.values
    exact = np.array(list(nx.betweenness_centrality(reference).values()))
    top_exact = set(np.argsort(-exact)[:20].tolist())
    top_sampled = set(np.argsort(-table.values["betweenness"])[:20].tolist())
    assert len(top_exact & top_sampled) >= 12


@pytest.mark.parametrize("seed", SEEDS)
def test_constraint_and_effective_size_match_networkx(seed: int) -> None:
    reference = weighted_random(80, 200, seed, isolates=2)
    holes = structural_holes(projection_of(reference))
    constraint = nx.constraint(reference, weight="weight")
    # Burt's definition node by node: networkx 3.6's all-nodes sparse shortcut disagrees with it
    # (see the hand-computed case below), so the reference is the per-node path.
    size = nx.effective_size(reference, nodes=list(reference), weight="weight")
    for i in range(reference.number_of_nodes()):
        if np.isnan(constraint[i]):
            assert np.isnan(holes.constraint[i]) and np.isnan(holes.effective_size[i])
        else:
            assert holes.constraint[i] == pytest.approx(constraint[i], abs=1e-10)
            assert holes.effective_size[i] == pytest.approx(size[i], abs=1e-10)


def test_effective_size_by_hand() -> None:
    reference = nx.Graph()
    reference.add_weighted_edges_from([(0, 1, 2.0), (0, 2, 1.0), (1, 2, 1.0), (0, 3, 3.0)])
    holes = structural_holes(projection_of(reference))
    # Ego 0: p01 = 1/3, p02 = 1/6, p03 = 1/2; m12 = 1/2, m21 = 1. Redundancy of 1: p02 * m12 = 1/12,
    # of 2: p01 * m21 = 1/3, of 3: 0. Effective size = 3 - 1/12 - 1/3.
    assert holes.effective_size[0] == pytest.approx(3 - 1 / 12 - 1 / 3)
    # Constraint of 0, with p21 = 1/2 and p12 = 1/3: (1/3 + 1/6 * 1/2)^2 + (1/6 + 1/3 * 1/3)^2 + (1/2)^2.
    assert holes.constraint[0] == pytest.approx((1 / 3 + 1 / 12) ** 2 + (1 / 6 + 1 / 9) ** 2 + 0.25)


@pytest.mark.parametrize("seed", SEEDS)
def test_cut_points_match_networkx_and_brute_force(seed: int) -> None:
    reference = weighted_random(70, 80, seed)
    worlds = np.random.default_rng(seed).integers(0, 3, 70)
    cuts = cut_points(projection_of(reference, worlds.tolist()))
    assert set(cuts.articulation.tolist()) == set(nx.articulation_points(reference))
    assert set(cuts.bridges) == {(min(e), max(e)) for e in nx.bridges(reference)}
    for v in reference.nodes:
        component = nx.node_connected_component(reference, v)
        rest = reference.subgraph(component - {v})
        pieces = [list(p) for p in nx.connected_components(rest)] if rest.number_of_nodes() else []
        largest = max((len(p) for p in pieces), default=0)
        assert cuts.cut_off[v] == len(component) - 1 - largest
        separated = sum(
            1
            for i, a in enumerate(pieces)
            for b in pieces[i + 1 :]
            for x in a
            for y in b
            if worlds[x] != worlds[y]
        )
        assert cuts.separated_cross_world_pairs[v] == separated


@pytest.mark.parametrize("seed", SEEDS)
def test_between_worlds_share_matches_networkx_subset_betweenness(seed: int) -> None:
    reference = weighted_random(60, 110, seed)
    worlds = np.random.default_rng(seed).integers(0, 3, 60)
    share = between_worlds_share(projection_of(reference, worlds.tolist()))
    raw = np.zeros(60)
    for world in range(3):
        sources = [v for v in reference if worlds[v] == world]
        targets = [v for v in reference if worlds[v] != world]
        found = nx.betweenness_centrality_subset(reference, sources, targets, normalized=False)
        raw += np.array([found[v] for v in range(60)])
    pairs = sum(
        1 for s in reference for t in nx.node_connected_component(reference, s) if worlds[s] != worlds[t]
    )
    # networkx counts each unordered pair once (its undirected rescaling), we count ordered pairs.
    np.testing.assert_allclose(share, 2 * raw / pairs, atol=1e-12)


@pytest.mark.parametrize("seed", SEEDS)
def test_world_mixing_matches_networkx(seed: int) -> None:
    reference = weighted_random(150, 400, seed)
    worlds = np.random.default_rng(seed).integers(0, 5, 150).tolist()
    graph = projection_of(reference, worlds)
    nx.set_node_attributes(reference, {i: WORLDS[w].value for i, w in enumerate(worlds)}, "world")
    mixing = world_mixing(graph)
    expected = nx.attribute_assortativity_coefficient(reference, "world")
    assert mixing.assortativity == pytest.approx(expected, abs=1e-12)
    for a, row in mixing.ties.items():
        for b, ties in row.items():
            count = sum(
                1
                for u, v in reference.edges
                if {reference.nodes[u]["world"], reference.nodes[v]["world"]} == {a, b}
            )
            assert ties == count


def test_to_networkx_keeps_nodes_weights_and_worlds() -> None:
    reference = weighted_random(30, 40, 9, isolates=2)
    graph = projection_of(reference)
    back = to_networkx(graph)
    assert back.number_of_nodes() == 32 and back.number_of_edges() == reference.number_of_edges()
    assert all(back[u][v]["weight"] == reference[u][v]["weight"] for u, v in reference.edges)


@pytest.mark.parametrize("seed", SEEDS)
def test_gould_fernandez_roles_match_enumerated_open_triads(seed: int) -> None:
    """networkx has no brokerage roles: the reference enumerates every open two-path a–b–c by hand."""
    reference = weighted_random(60, 150, seed)
    worlds = np.random.default_rng(seed).integers(0, 3, 60)
    roles = brokerage_roles(projection_of(reference, worlds.tolist()), worlds)
    for b in reference:
        expected = dict.fromkeys(("coordinator", "itinerant", "gatekeeper_representative", "liaison"), 0)
        for a, c in combinations(sorted(reference[b]), 2):
            if reference.has_edge(a, c):
                continue
            same_a, same_c = worlds[a] == worlds[b], worlds[c] == worlds[b]
            if same_a and same_c:
                expected["coordinator"] += 1
            elif same_a or same_c:
                expected["gatekeeper_representative"] += 1
            elif worlds[a] == worlds[c]:
                expected["itinerant"] += 1
            else:
                expected["liaison"] += 1
        assert {name: int(roles[name][b]) for name in expected} == expected
        assert roles["total"][b] == sum(expected.values())


@pytest.mark.parametrize("seed", SEEDS)
def test_participation_and_within_z_match_their_definitions(seed: int) -> None:
    reference = weighted_random(80, 240, seed, isolates=1)
    labels = np.random.default_rng(seed).integers(0, 4, 81)
    roles = community_roles(projection_of(reference), labels)
    strength = {v: sum(d["weight"] for d in reference[v].values()) for v in reference}
    own = {v: sum(d["weight"] for u, d in reference[v].items() if labels[u] == labels[v]) for v in reference}
    for v in reference:
        if strength[v] == 0:
            assert roles.participation[v] == 0
            continue
        by_community: dict[int, float] = {}
        for u, d in reference[v].items():
            by_community[labels[u]] = by_community.get(labels[u], 0.0) + d["weight"]
        expected = 1 - sum((k / strength[v]) ** 2 for k in by_community.values())
        assert roles.participation[v] == pytest.approx(expected, abs=1e-12)
        peers = [own[u] for u in reference if labels[u] == labels[v]]
        spread = float(np.std(peers))
        z = (own[v] - float(np.mean(peers))) / spread if spread > 1e-12 else 0.0
        assert roles.within_z[v] == pytest.approx(z, abs=1e-9)
