"""The concentrated flag on planted territories: small clubs, EPCI views, borders, noise, verdicts,
change over time and introductions. The territories come from ``testkit.planted``: the groups are
planted, and the expectations are the plan, not the code's own output."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from graph_service.analysis.analysed_territory import AnalysedTerritory
from graph_service.analysis.analyser import Analyser
from graph_service.analysis.change import Successor, _status, follow_communities
from graph_service.analysis.closure import CONCENTRATED, LOCAL_AND_CLOSED, UNCERTAIN, verdict
from graph_service.analysis.communities import auto_resolution
from graph_service.analysis.community_names import named_cards
from graph_service.analysis.group_measures import GroupMeasurer
from graph_service.analysis.introductions import introductions_for
from graph_service.analysis.mixing import world_mixing
from graph_service.analysis.multiscale import Detection, detect_groups, groups_of
from graph_service.analysis.options import AnalysisOptions
from graph_service.analysis.projection import WORLDS, ProjectedGraph, project
from graph_service.analysis.territory_context import TerritoryContext
from graph_service.analysis.thresholds import ClosureThresholds
from graph_service.config import Settings
from graph_service.model import AllianceInfo, EcosystemFrame, Organisation, World
from graph_service.store.port import GraphStore
from testkit.opened_club import CLUB, plant_opened_club
from testkit.planted import DEPARTEMENT, PlantedGroup, PlantedTerritory, groups_with, planted_territory

SETTINGS = Settings()


def analyse(
    frame: EcosystemFrame,
    areas: dict[str, str],
    *,
    context: TerritoryContext | None = None,
    scales: tuple[float, ...] | None = None,
    thresholds: ClosureThresholds | None = None,
) -> tuple[ProjectedGraph, Detection]:
    graph = project(frame, areas=areas, network_min_members=SETTINGS.network_min_members)
    extra = {} if scales is None else {"scales": scales}
    detection = detect_groups(
        graph,
        thresholds or SETTINGS.closure,
        resolution=auto_resolution(graph.edge_count),
        seed=SETTINGS.analysis_seed,
        runs=SETTINGS.analysis_runs,
        context=context,
        **extra,  # type: ignore[arg-type]
    )
    return graph, detection


def matched(group: PlantedGroup, flagged: list[set[str]]) -> bool:
    members = set(group.members)
    return any(len(members & f) / len(members | f) >= 0.5 for f in flagged)


def departement_context(territory: PlantedTerritory, epci: str) -> TerritoryContext:
    inside = [o for o in territory.frame.organisations if o.id in territory.epci_of]
    worlds = np.bincount([WORLDS.index(o.world) for o in inside], minlength=len(WORLDS))
    return TerritoryContext(DEPARTEMENT, len(inside), tuple(int(w) for w in worlds), local=True, view=epci)


@pytest.fixture(scope="module")
def clean() -> PlantedTerritory:
    return planted_territory(seed=11, noise=0.0)


@pytest.fixture(scope="module")
def clean_detection(clean: PlantedTerritory) -> tuple[ProjectedGraph, Detection]:
    return analyse(clean.frame, clean.epci_of)


@pytest.fixture(scope="module")
def noisy() -> PlantedTerritory:
    return planted_territory(seed=12, noise=0.1)


def test_small_clubs_are_found_at_a_finer_scale_than_the_partition(
    clean: PlantedTerritory, clean_detection: tuple[ProjectedGraph, Detection]
) -> None:
    graph, detection = clean_detection
    flagged = groups_with(graph, detection, {CONCENTRATED})
    small = [g for g in clean.clubs() if len(g.members) <= 6]
    assert sum(matched(g, flagged) for g in small) >= 0.8 * len(small)
    assert all(matched(g, flagged) for g in clean.clubs() if len(g.members) >= 7)
    # One resolution alone misses small clubs: the sweep is what finds them.
    _, single = analyse(clean.frame, clean.epci_of, scales=(1.0,))
    alone = groups_with(graph, single, {CONCENTRATED})
    assert sum(matched(g, alone) for g in small) < sum(matched(g, flagged) for g in small)
    finer = [
        c for c in detection.cards if c.concentrated and c.scale and c.scale > detection.partition.resolution
    ]
    assert finer, "some clubs are only seen at a finer resolution, and their cards say so"


def test_open_communities_healthy_clusters_and_border_clubs_are_never_flagged(
    noisy: PlantedTerritory,
) -> None:
    graph, detection = analyse(noisy.frame, noisy.epci_of)
    flagged = groups_with(graph, detection, {CONCENTRATED, UNCERTAIN})
    for group in noisy.groups:
        if group.kind != "club":
            assert not matched(group, flagged), (group.kind, len(group.members))
    local = groups_with(graph, detection, {LOCAL_AND_CLOSED})
    healthy = [g for g in noisy.groups if g.kind == "healthy"]
    assert sum(matched(g, local) for g in healthy) >= len(healthy) - 1
    # Border clubs are open once their partners across the border count, and say how many they have.
    border_cards = [
        card
        for card in detection.cards
        for g in noisy.groups
        if g.kind == "border" and card.top_members[0].id in g.members
    ]
    assert border_cards and all(c.outside_ties > 0 and c.outside_counted for c in border_cards)


def test_clubs_of_seven_or_more_survive_ten_percent_noise(noisy: PlantedTerritory) -> None:
    graph, detection = analyse(noisy.frame, noisy.epci_of)
    flagged = groups_with(graph, detection, {CONCENTRATED})
    large = [g for g in noisy.clubs() if len(g.members) >= 7]
    assert sum(matched(g, flagged) for g in large) >= 0.9 * len(large)


def test_a_club_gets_the_same_verdict_from_its_epci_as_from_its_departement(clean: PlantedTerritory) -> None:
    graph, detection = analyse(clean.frame, clean.epci_of)
    whole = groups_with(graph, detection, {CONCENTRATED})
    epcis = sorted({g.epci for g in clean.clubs()})[:4]
    for epci in epcis:
        context = departement_context(clean, epci)
        local_graph, local = analyse(clean.view(epci), clean.commune_of, context=context)
        flagged = groups_with(local_graph, local, {CONCENTRATED})
        for club in clean.clubs(epci):
            assert matched(club, flagged) == matched(club, whole), (epci, len(club.members))
        for card in local.cards:
            assert card.context == DEPARTEMENT
            # Shares are of the département: the EPCI's own share is larger, and shown beside.
            assert card.coverage <= card.territory_share


def test_a_one_world_club_holding_most_of_its_epci_is_flagged() -> None:
    territory = planted_territory(seed=5, noise=0.0)
    club = max(territory.clubs(), key=lambda g: len(g.members))
    # Keep in the club's EPCI only the club and a few other organisations: it holds most of it.
    others = [o for o, e in territory.epci_of.items() if e == club.epci and o not in set(club.members)]
    for organisation_id in others[8:]:
        territory.epci_of[organisation_id] = "epci:elsewhere"
    share = len(club.members) / (len(club.members) + 8)
    assert share > 0.6
    context = departement_context(territory, club.epci)
    graph, detection = analyse(territory.view(club.epci), territory.commune_of, context=context)
    assert matched(club, groups_with(graph, detection, {CONCENTRATED}))


def test_few_worlds_has_an_absolute_floor() -> None:
    # A club of companies and académiques, in a territory made mostly of associations and companies:
    # against the local mix alone its two worlds are not few, against the floor they are.
    frame, club = _club_and_open_world(
        opened=False,
        club_worlds=[World.ENTREPRISE, World.ACADEMIQUE],
        territory_worlds=[World.ASSOCIATION, World.ENTREPRISE],
    )
    areas = {o.id: "epci:1" for o in frame.organisations}
    _, detection = analyse(frame, areas)
    card = next(c for c in detection.cards if c.top_members[0].id in club)
    criteria = {c.name: c for c in card.criteria}
    assert not criteria["diversity_ratio"].passed and criteria["diversity"].passed, card.fired
    assert card.verdict == CONCENTRATED
    without_floor = SETTINGS.closure.model_copy(update={"max_diversity": 0.0})
    _, strict = analyse(frame, areas, thresholds=without_floor)
    assert not any(c.concentrated for c in strict.cards if c.top_members[0].id in club)


def test_a_group_flagged_by_fewer_than_half_of_the_runs_is_uncertain() -> None:
    frame, club = _club_and_open_world(opened=False)
    graph = project(frame, areas={o.id: "epci:1" for o in frame.organisations})
    club_nodes = [graph.index[o] for o in club]
    apart = np.zeros(graph.node_count, dtype=np.int64)
    apart[club_nodes] = 1
    # One run of three sees the club apart; the two others see it inside an open community (half
    # the world, tied to the other half): the club is flagged by a third of the runs.
    merged = np.zeros(graph.node_count, dtype=np.int64)
    merged[[graph.index[f"t:org{i}"] for i in range(30)]] = 1
    measurer = GroupMeasurer(graph, SETTINGS.closure)
    detection = groups_of(measurer, [[apart, merged, merged]], [1.0], seed=1)
    card = next(c for c in detection.cards if c.top_members[0].id in club)
    assert card.flag_share == pytest.approx(1 / 3, abs=1e-3)
    assert card.verdict == UNCERTAIN and not card.concentrated
    assert next(c for c in card.criteria if c.name == "flag_share").passed is False
    twice = groups_of(measurer, [[apart, apart, merged]], [1.0], seed=1)
    card = next(c for c in twice.cards if c.top_members[0].id in club)
    assert card.flag_share == pytest.approx(2 / 3, abs=1e-3) and card.verdict == CONCENTRATED
    assert verdict(True, False, 0.4, 0.5) == UNCERTAIN and verdict(True, False, None, 0.5) == CONCENTRATED


def _club_and_open_world(
    *,
    opened: bool,
    club_worlds: list[World] | None = None,
    territory_worlds: list[World] | None = None,
) -> tuple[EcosystemFrame, list[str]]:
    """Eight organisations all tied together, one tie out; an open world of 60 around them. When
    ``opened``, a catalyst tied each club member to three organisations of that world."""
    rng = np.random.default_rng(3)
    club = [f"t:club{i}" for i in range(8)]
    world = [f"t:org{i}" for i in range(60)]
    pairs = [(a, b) for i, a in enumerate(club) for b in club[i + 1 :]]
    pairs += [(world[int(a)], world[int(b)]) for a, b in rng.integers(0, 60, size=(240, 2)) if a != b]
    pairs.append((club[0], world[0]))
    if opened:
        pairs += [(member, world[int(k)]) for member in club for k in rng.choice(60, size=3, replace=False)]
    club_worlds = club_worlds or [World.ASSOCIATION]
    mix = territory_worlds or list(World)[:6]
    organisations = [
        Organisation(id=o, name=o, world=club_worlds[i % len(club_worlds)]) for i, o in enumerate(club)
    ]
    organisations += [Organisation(id=o, name=o, world=mix[i % len(mix)]) for i, o in enumerate(world)]
    alliances = [AllianceInfo(id=f"t:a{k}", name=f"a{k}", mode="mecenat") for k in range(len(pairs))]
    return (
        EcosystemFrame(
            organisations=organisations,
            alliances=alliances,
            member_ids=[o for pair in pairs for o in pair],
            alliance_ids=[f"t:a{k}" for k in range(len(pairs)) for _ in range(2)],
            roles=["membre"] * 2 * len(pairs),
        ),
        club,
    )


def _base(frame: EcosystemFrame) -> AnalysedTerritory:
    graph, detection = analyse(frame, {o.id: "epci:1" for o in frame.organisations})
    cards = named_cards(detection.cards, graph, detection.partition.membership, {})
    return AnalysedTerritory(
        territory="t", snapshot="s", graph=graph, partition=detection.partition, cards=cards
    )


def test_compare_reports_a_club_a_catalyst_opened_as_opened_with_its_numbers() -> None:
    before_frame, club = _club_and_open_world(opened=False)
    after_frame, _ = _club_and_open_world(opened=True)
    before, after = _base(before_frame), _base(after_frame)
    changes = follow_communities(before, after, SETTINGS.closure)
    community = int(before.partition.membership[before.graph.index[club[0]]])
    change = next(c for c in changes if c.before == community)
    assert change.status == "opened", change
    assert change.concentrated == (True, False)
    assert change.size == (8, 8)
    assert change.ei_index[0] is not None and change.ei_index[1] is not None
    assert change.ei_index[1] > change.ei_index[0]
    assert change.left == []


def _without(frame: EcosystemFrame, gone: set[str]) -> EcosystemFrame:
    """The same ecosystem once the organisations of ``gone`` left it, with their alliances."""
    dropped = {a for o, a in zip(frame.member_ids, frame.alliance_ids, strict=True) if o in gone}
    rows = [(o, a) for o, a in zip(frame.member_ids, frame.alliance_ids, strict=True) if a not in dropped]
    return EcosystemFrame(
        organisations=[o for o in frame.organisations if o.id not in gone],
        alliances=[a for a in frame.alliances if a.id not in dropped],
        member_ids=[o for o, _ in rows],
        alliance_ids=[a for _, a in rows],
        roles=["membre"] * len(rows),
    )


def test_compare_tells_persisted_dissolved_merged_and_split_apart() -> None:
    frame, club = _club_and_open_world(opened=False)
    base = _base(frame)
    same = follow_communities(base, base, SETTINGS.closure)
    assert {c.status for c in same} == {"persisted"}
    assert all(c.jaccard == 1.0 and c.successors[0].share_of_before == 1.0 for c in same)
    # The same members at both dates: the same name and stable id.
    assert all(c.before_key and c.before_key == c.after_key for c in same)
    assert all(c.before_name and c.before_name == c.after_name for c in same)
    # Five of the club's eight members stop working with anyone: the club is dissolved.
    gone = _base(_without(frame, set(club[:5])))
    community = int(base.partition.membership[base.graph.index[club[0]]])
    change = next(c for c in follow_communities(base, gone, SETTINGS.closure) if c.before == community)
    assert change.status == "dissolved" and set(change.left) == set(club[:5])
    parts = [Successor(community=4, shared=9, share_of_before=0.9, share_of_after=0.4)]
    assert _status(10, 10, (False, False), parts, merged=[2]) == "merged"
    assert _status(10, 10, (False, False), parts, merged=[]) == "persisted"
    halves = [
        Successor(community=4, shared=5, share_of_before=0.5, share_of_after=1.0),
        Successor(community=5, shared=5, share_of_before=0.5, share_of_after=1.0),
    ]
    assert _status(10, 10, (True, True), halves, merged=[]) == "split"


def test_every_flagged_group_gets_an_introduction_or_a_reason(
    clean_detection: tuple[ProjectedGraph, Detection],
) -> None:
    graph, detection = clean_detection
    never_meet = world_mixing(graph).never_meet
    suggestions, unreached = introductions_for(
        graph, detection.partition, detection.cards, never_meet, limit=3
    )
    labels = detection.partition.membership
    touched = {int(labels[graph.index[i]]) for s in suggestions for i in (s.a.id, s.b.id)}
    flagged = {c.community for c in detection.cards if c.verdict in {CONCENTRATED, UNCERTAIN}}
    assert len(flagged) > 3
    assert flagged <= touched | {u.community for u in unreached}
    assert not unreached, "every club of the planted territory has possible partners"
    scores = [s.score for s in suggestions]
    assert scores == sorted(scores, reverse=True)


def test_a_flagged_group_alone_in_its_territory_is_unreached_with_its_reason() -> None:
    members = [f"t:{i}" for i in range(5)]
    pairs = [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]
    # Partners outside, tied among themselves: a graph where five all tied is beyond chance (a
    # graph of nothing but them holds every tie inside whatever happens).
    outside = [f"x:{i}" for i in range(100)]
    pairs += list(zip(outside[::2], outside[1::2], strict=True))
    frame = EcosystemFrame(
        organisations=[Organisation(id=o, name=o, world=World.ASSOCIATION) for o in members + outside],
        alliances=[AllianceInfo(id=f"t:a{k}", name="a", mode="mecenat") for k in range(len(pairs))],
        member_ids=[o for pair in pairs for o in pair],
        alliance_ids=[f"t:a{k}" for k in range(len(pairs)) for _ in range(2)],
        roles=["membre"] * 2 * len(pairs),
        external_ids=outside,
    )
    loose = SETTINGS.closure.model_copy(update={"max_coverage": 1.0})
    graph, detection = analyse(frame, {}, thresholds=loose)
    assert [c.verdict for c in detection.cards] == [CONCENTRATED]
    suggestions, unreached = introductions_for(graph, detection.partition, detection.cards, [], limit=5)
    assert suggestions == []
    assert [(u.community, u.reason) for u in unreached] == [
        (detection.cards[0].community, "no_other_organisation")
    ]


def test_compare_through_the_store_reports_the_club_a_catalyst_opened(demo_store_copy: GraphStore) -> None:
    store = demo_store_copy
    plant_opened_club(store)
    club = CLUB
    analyser = Analyser(store, SETTINGS)
    report = analyser.compare("38", date(2019, 1, 1), date(2024, 1, 1), AnalysisOptions())
    before = analyser.base("38", AnalysisOptions().with_filter(as_of=date(2019, 1, 1)), fresh=True)
    community = int(before.partition.membership[before.graph.index[club[0]]])
    assert next(c for c in before.cards if c.community == community).concentrated
    change = next(c for c in report.changes if c.before == community)
    assert change.status == "opened", change
    members = {before.graph.ids[i] for i in np.flatnonzero(before.partition.membership == community)}
    assert set(club) <= members
    # The same members are measured at both dates: the club did not lose anyone, it opened.
    assert change.concentrated == (True, False) and change.size[0] == change.size[1] >= 8 and not change.left
    assert change.ei_index[1] > change.ei_index[0]
    assert report.statuses["opened"] >= 1 and report.opened == report.statuses["opened"]
