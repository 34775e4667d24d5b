"""Analyses of the demo territories through the store port, checked against independent computations."""

from __future__ import annotations

from collections import Counter
from datetime import date

import networkx as nx
import numpy as np
import pytest

from graph_service.analysis.analyser import Analyser
from graph_service.analysis.graph_libraries import to_networkx
from graph_service.analysis.options import AnalysisOptions, CommunityParameters
from graph_service.config import Settings
from graph_service.model import AllianceMode, SubgraphFilter, World
from graph_service.store.port import GraphStore

ISERE = "38"
ISERE_KEY = "departement:38"


@pytest.fixture(scope="module")
def analyser(demo_store: GraphStore) -> Analyser:
    return Analyser(demo_store, Settings())


def _community_of(report_membership: dict[str, int], prefix: str) -> int:
    counts = Counter(c for i, c in report_membership.items() if i.startswith(prefix))
    return counts.most_common(1)[0][0]


def test_isere_planted_closed_cluster_is_flagged_and_open_community_is_not(analyser: Analyser) -> None:
    report = analyser.communities(ISERE, AnalysisOptions())
    cards = {card.community: card for card in report.cards}
    closed = cards[_community_of(report.membership, "demo:syn-matheysine-")]
    open_ = cards[_community_of(report.membership, "demo:syn-ouvert-")]
    assert closed.concentrated, closed.fired
    assert closed.community in report.concentrated
    assert all(c.passed for c in closed.criteria if c.name != "coverage" and c.name != "largest_area_share")
    assert not open_.concentrated, open_.fired
    assert open_.fired.startswith("not concentrated")
    failed = {c.name for c in open_.criteria if not c.passed}
    assert "diversity_ratio" in failed
    assert set(open_.worlds) == {w.value for w in World}


def test_closure_numbers_agree_with_networkx(analyser: Analyser) -> None:
    base = analyser.base(ISERE, AnalysisOptions())
    reference = to_networkx(base.graph)
    for card in base.cards[:8]:
        # A community is measured on its members located inside: partners outside are ties out.
        labelled = base.partition.membership == card.community
        members = set(np.flatnonzero(labelled & ~base.graph.external).tolist())
        inside = reference.subgraph(members).number_of_edges()
        boundary = nx.cut_size(reference, members)
        assert card.internal_ties == inside
        assert card.external_ties == boundary
        assert card.density == pytest.approx(nx.density(reference.subgraph(members)), abs=1e-4)
        assert card.conductance == pytest.approx(
            nx.conductance(reference, members, weight="weight"), abs=1e-4
        )
        # E-I on the projection's weights (Newman's), so a federation does not count once per pair.
        inside_weight = reference.subgraph(members).size(weight="weight")
        cut_weight = nx.cut_size(reference, members, weight="weight")
        assert card.ei_index == pytest.approx(
            (cut_weight - inside_weight) / (cut_weight + inside_weight), abs=1e-4
        )
        assert card.inside == len(members)
        assert card.size == int(labelled.sum())


def test_isolated_organisations_are_kept(analyser: Analyser, demo_store: GraphStore) -> None:
    report = analyser.communities(ISERE, AnalysisOptions())
    located = sum(demo_store.territory_world_counts(ISERE).values())
    subgraph = demo_store.ecosystem(ISERE)
    # The partners outside come in by default, each tied to the territory by an alliance.
    assert report.organisations == located + len(subgraph.external_ids) > located
    tied = {m.organisation_id for m in subgraph.memberships}
    assert report.isolated == located + len(subgraph.external_ids) - len(tied) > 0


def test_edge_weights_are_newman_collaboration_weights(analyser: Analyser, demo_store: GraphStore) -> None:
    subgraph = demo_store.ecosystem(ISERE)
    alliances_of: dict[str, set[str]] = {}
    members: dict[str, set[str]] = {}
    for m in subgraph.memberships:
        alliances_of.setdefault(m.organisation_id, set()).add(m.alliance_id)
        members.setdefault(m.alliance_id, set()).add(m.organisation_id)
    graph = analyser.base(ISERE, AnalysisOptions()).graph
    checked = 0
    for u, v, w in zip(graph.source.tolist(), graph.target.tolist(), graph.weight.tolist(), strict=True):
        shared = alliances_of[graph.ids[u]] & alliances_of[graph.ids[v]]
        assert w == pytest.approx(sum(1 / (len(members[a]) - 1) for a in shared))
        checked += 1
    pairs = sum(1 for a in alliances_of for b in alliances_of if a < b and alliances_of[a] & alliances_of[b])
    assert checked == pairs


def test_mode_and_date_filters_reach_the_projection(analyser: Analyser, demo_store: GraphStore) -> None:
    everything = analyser.base(ISERE, AnalysisOptions()).graph
    mode = AllianceMode.COOPERATION_ECONOMIQUE
    only_mode = analyser.base(ISERE, AnalysisOptions(filter=SubgraphFilter(modes=[mode]))).graph
    assert 0 < only_mode.edge_count < everything.edge_count
    assert all(a.mode is mode for a in only_mode.alliances.values())
    # Isolated by the filter, the territory's own organisations are still there (partners outside
    # come with the alliances the filter keeps).
    assert int((~only_mode.external).sum()) == int((~everything.external).sum())
    early = analyser.base(ISERE, AnalysisOptions(filter=SubgraphFilter(as_of=date(2014, 6, 1)))).graph
    assert all(a.is_active_on(date(2014, 6, 1)) for a in early.alliances.values())
    expected = demo_store.ecosystem(ISERE, SubgraphFilter(as_of=date(2014, 6, 1)))
    assert set(early.alliances) == {a.id for a in expected.alliances}


def test_introductions_open_the_closed_cluster(analyser: Analyser, demo_store: GraphStore) -> None:
    communities = analyser.communities(ISERE, AnalysisOptions())
    report = analyser.introductions(ISERE, AnalysisOptions(), limit=30)
    subgraph = demo_store.ecosystem(ISERE)
    alliances_of: dict[str, set[str]] = {}
    for m in subgraph.memberships:
        alliances_of.setdefault(m.organisation_id, set()).add(m.alliance_id)
    assert report.suggestions
    for s in report.suggestions:
        assert not alliances_of.get(s.a.id, set()) & alliances_of.get(s.b.id, set()), "already tied"
        assert communities.membership[s.a.id] != communities.membership[s.b.id]
        assert s.reasons and s.reasons[0] == "bridges_communities"
        if s.introducer:
            assert demo_store.get_organisation(s.introducer).catalyst is not None
    assert any(communities.concentrated[0] in s.opens_concentrated for s in report.suggestions)
    scores = [s.score for s in report.suggestions]
    assert scores == sorted(scores, reverse=True)


def test_brokerage_pass_through_points_are_real_cut_points(analyser: Analyser) -> None:
    report = analyser.brokerage(ISERE, AnalysisOptions(), top=30)
    base = analyser.base(ISERE, AnalysisOptions())
    reference = to_networkx(base.graph)
    articulation = {base.graph.ids[i] for i in nx.articulation_points(reference)}
    assert report.articulation_points == len(articulation)
    assert report.pass_through
    for entry in report.pass_through:
        assert entry.articulation_point == (entry.id in articulation)
        assert entry.articulation_point or entry.dominant
        assert entry.public == World(entry.world).is_public
        assert entry.reasons
    assert report.public_pass_through == sum(e.public for e in report.pass_through)
    totals = [row.scores["brokerage_total"] for row in report.rows]
    assert totals == sorted(totals, reverse=True)


def test_compare_reports_who_joined_and_left(analyser: Analyser, demo_store: GraphStore) -> None:
    before, after = date(2015, 1, 1), date(2024, 1, 1)
    report = analyser.compare(ISERE, before, after, AnalysisOptions())

    def active(day: date) -> set[str]:
        return {m.organisation_id for m in demo_store.ecosystem(ISERE, SubgraphFilter(as_of=day)).memberships}

    assert set(report.joined) == active(after) - active(before)
    assert set(report.left) == active(before) - active(after)
    assert report.joined
    statuses = Counter(c.status for c in report.changes)
    assert statuses["opened"] == report.opened and statuses["closed"] == report.closed
    assert report.statuses == dict(statuses)
    for change in report.changes:
        if change.before is not None and change.after is not None:
            # The main successor carries at least half of the earlier community's members.
            assert change.successors[0].community == change.after
            assert change.successors[0].share_of_before >= 0.5
        if change.status == "split":
            assert sum(s.share_of_before >= 0.25 for s in change.successors) >= 2


def test_results_are_cached_per_snapshot_and_parameters(analyser: Analyser) -> None:
    first = analyser.communities(ISERE, AnalysisOptions(community=CommunityParameters(seed=3)))
    entries = analyser.cached_entries()
    second = analyser.communities(ISERE, AnalysisOptions(community=CommunityParameters(seed=3)))
    assert analyser.cached_entries() == entries
    assert second == first
    analyser.communities(ISERE, AnalysisOptions(community=CommunityParameters(seed=4)))
    assert analyser.cached_entries() == entries + 1


def test_large_alliances_are_reported_as_networks_and_named_in_the_method(demo_store: GraphStore) -> None:
    capped = Analyser(demo_store, Settings(network_min_members=10)).communities(ISERE, AnalysisOptions())
    subgraph = demo_store.ecosystem(ISERE)
    sizes: dict[str, int] = {}
    for m in subgraph.memberships:
        sizes[m.alliance_id] = sizes.get(m.alliance_id, 0) + 1
    assert {n.id: n.members for n in capped.networks} == {a: k for a, k in sizes.items() if k > 10}
    assert "demo:copil-labo-grenoble" in {n.id for n in capped.networks}
    assert capped.method.parameters["projection"].startswith("newman-collaboration")
    assert capped.method.parameters["network_min_members"] == 10
    uncapped = Analyser(demo_store, Settings()).communities(ISERE, AnalysisOptions())
    assert uncapped.networks == [] and capped.ties < uncapped.ties


def test_cards_count_the_ties_to_partners_outside_and_say_when_they_are_left_out(
    analyser: Analyser, demo_store: GraphStore
) -> None:
    base = analyser.base(ISERE, AnalysisOptions())
    graph, labels = base.graph, base.partition.membership
    for card in base.cards:
        crossing = [
            (u, v)
            for u, v in zip(graph.source.tolist(), graph.target.tolist(), strict=True)
            if graph.external[u] != graph.external[v]
            and labels[u if not graph.external[u] else v] == card.community
        ]
        assert card.outside_counted and card.outside_ties == len(crossing)
    assert sum(card.outside_ties for card in base.cards) > 0, "the demo's Isère has partners outside"
    closed = analyser.base(ISERE, AnalysisOptions(filter=SubgraphFilter(include_external=False)))
    assert all(not card.outside_counted and card.outside_ties == 0 for card in closed.cards)


def test_the_matheysine_club_is_flagged_from_its_epci_in_the_context_of_the_isere(
    analyser: Analyser, demo_store: GraphStore
) -> None:
    whole = analyser.communities(ISERE, AnalysisOptions())
    club = _community_of(whole.membership, "demo:syn-matheysine-")
    members = {o for o, c in whole.membership.items() if c == club and o.startswith("demo:syn-matheysine-")}
    areas = demo_store.organisation_areas(ISERE)
    epci = Counter(areas[o] for o in members if o in areas).most_common(1)[0][0]
    local = analyser.communities(epci, AnalysisOptions())
    card = next(
        c for c in local.cards if c.community == _community_of(local.membership, "demo:syn-matheysine-")
    )
    assert card.concentrated, card.fired
    assert card.context == ISERE_KEY
    # Its share is of the Isère's organisations, and its share of the EPCI is larger.
    isere_total = sum(demo_store.territory_world_counts(ISERE_KEY).values())
    assert card.coverage == pytest.approx(card.inside / isere_total, abs=1e-3)
    assert card.territory_share > card.coverage
    assert next(c for c in whole.cards if c.community == club).concentrated


def test_the_matheysine_club_has_the_same_name_and_key_from_the_departement_and_from_its_epci(
    analyser: Analyser, demo_store: GraphStore
) -> None:
    whole = analyser.communities(ISERE, AnalysisOptions())
    club = _community_of(whole.membership, "demo:syn-matheysine-")
    members = [o for o, c in whole.membership.items() if c == club]
    areas = demo_store.organisation_areas(ISERE)
    epci = Counter(areas[o] for o in members if o in areas).most_common(1)[0][0]
    local = analyser.communities(epci, AnalysisOptions())
    from_isere = next(c for c in whole.cards if c.community == club)
    from_epci = next(
        c for c in local.cards if c.community == _community_of(local.membership, "demo:syn-matheysine-")
    )
    assert from_isere.key == from_epci.key
    assert from_isere.name == from_epci.name
    # Named from what it is: its main world, its EPCI and its main commune, read from the store.
    organisations = demo_store.get_organisations(members)
    world = Counter(o.world.value for o in organisations).most_common(1)[0][0]
    commune = Counter(o.commune for o in organisations if o.commune).most_common(1)[0][0]
    (commune_name,) = [t.name for t in demo_store.get_territories([f"commune:{commune}"])]
    assert from_isere.name.lower().startswith(world)
    assert "Matheysine" in from_isere.name and from_isere.name.endswith(f"({commune_name})")
    # Every community of one partition has its own key and its own name.
    assert len({c.key for c in whole.cards}) == len(whole.cards)
    assert len({c.name for c in whole.cards}) == len(whole.cards)


def test_the_change_kept_with_an_analysis_is_the_comparison_to_today(analyser: Analyser) -> None:
    options = AnalysisOptions()
    base = analyser.base(ISERE, options)
    since = date(2019, 1, 1)
    assert not analyser.has_change_to_today(base, since, options)
    kept = analyser.change_to_today(base, since, options)
    assert analyser.has_change_to_today(base, since, options)
    compared = analyser.compare(ISERE, since, date.today(), options)
    assert kept.model_dump(exclude={"method"}) == compared.model_dump(exclude={"method"})
    assert kept.after == date.today() and kept.changes
    # Asked again, it is the report kept, not a new one.
    assert analyser.change_to_today(base, since, options) is kept
