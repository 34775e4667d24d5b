"""Flags that survive a null model: a sparse random background flags nothing, a small complete
club inside it is flagged with the chance numbers on its card, the flagged set does not move with
the seed, and the planted hard cases (broker-side diverse groups, background, large clubs) give no
false flag. Expectations come from the plan of the planted graphs and from the configuration
model's formula computed here on the raw ties, not from the code's own output."""

from __future__ import annotations

import numpy as np
import pytest

from graph_service.analysis.closure import CONCENTRATED, LOCAL_AND_CLOSED, UNCERTAIN
from graph_service.analysis.communities import auto_resolution
from graph_service.analysis.group_measures import GroupMeasurer
from graph_service.analysis.multiscale import Detection, detect_groups, groups_of
from graph_service.analysis.projection import ProjectedGraph, project
from graph_service.analysis.significance import excess_p_values, smallest_telling_size
from graph_service.config import Settings
from graph_service.model import AllianceInfo, EcosystemFrame, Organisation, World
from testkit.planted import MATCH, groups_with, planted_territory

SETTINGS = Settings()


def _detect(
    frame: EcosystemFrame, areas: dict[str, str], seed: int | None = None
) -> tuple[ProjectedGraph, Detection]:
    graph = project(frame, areas=areas, network_min_members=SETTINGS.network_min_members)
    resolution = auto_resolution(graph.edge_count)
    detection = detect_groups(
        graph, SETTINGS.closure, seed=SETTINGS.analysis_seed if seed is None else seed,
        resolution=resolution, runs=SETTINGS.analysis_runs,
    )  # fmt: skip
    return graph, detection


def _sparse_background(size: int, seed: int, club: int = 0) -> tuple[EcosystemFrame, list[str]]:
    """``size`` organisations tied by ``size`` random pairs (two ties each on average), in six
    places; with ``club``, that many more organisations of one world all tied to each other, one
    of them tied to the background."""
    rng = np.random.default_rng(seed)
    worlds = list(World)
    organisations = [
        Organisation.model_construct(
            id=f"bg:{i}", name=f"bg {i}", world=worlds[i % len(worlds)], catalyst=None
        )
        for i in range(size)
    ]
    pairs = [tuple(f"bg:{int(k)}" for k in rng.choice(size, size=2, replace=False)) for _ in range(size)]
    members = [f"club:{i}" for i in range(club)]
    organisations += [
        Organisation.model_construct(id=m, name=m, world=World.ENTREPRISE, catalyst=None) for m in members
    ]
    pairs += [(a, b) for i, a in enumerate(members) for b in members[i + 1 :]]
    if members:
        pairs.append((members[0], "bg:0"))
    alliances = [
        AllianceInfo.model_construct(id=f"a{k}", name=f"a{k}", domains=[]) for k in range(len(pairs))
    ]
    frame = EcosystemFrame(
        organisations=organisations,
        alliances=alliances,
        member_ids=[o for pair in pairs for o in pair],
        alliance_ids=[f"a{k}" for k, pair in enumerate(pairs) for _ in pair],
        roles=["membre"] * (2 * len(pairs)),
        external_ids=[],
    )
    return frame, members


def _areas(frame: EcosystemFrame) -> dict[str, str]:
    return {
        o.id: f"epci:{hash(o.id) % 6}" if o.id.startswith("bg:") else "epci:club" for o in frame.organisations
    }


@pytest.mark.parametrize("seed", [1, 2])
def test_a_sparse_random_background_flags_nothing(seed: int) -> None:
    frame, _ = _sparse_background(3000, seed)
    graph, detection = _detect(frame, _areas(frame))
    flagged = groups_with(graph, detection, {CONCENTRATED, UNCERTAIN, LOCAL_AND_CLOSED})
    assert flagged == [], [len(f) for f in flagged]
    assert detection.candidates > 0, "the ensemble met candidates, and chance explains every one"
    # Two ties each on average: a triangle is chance, a complete four is not.
    assert detection.smallest_telling_size == 4


def test_a_small_complete_club_in_the_background_is_flagged_with_its_chance_numbers() -> None:
    frame, club = _sparse_background(3000, 3, club=5)
    _, detection = _detect(frame, _areas(frame))
    [card] = [c for c in detection.cards if c.concentrated]
    assert {m.id for m in card.top_members} == set(club)
    # The configuration model, from the raw ties: ten pairs inside; the club's volume is the sum
    # of its members' degrees (4 each, and the one tie out).
    ties = len(frame.member_ids) // 2
    volume = 5 * 4 + 1
    assert card.internal_weight == 10
    assert card.expected_internal_weight == pytest.approx(volume**2 / (4 * ties), abs=1e-4)
    assert card.chance_p is not None and card.chance_level is not None
    assert card.chance_p <= card.chance_level == pytest.approx(0.01 / detection.candidates)
    assert next(c for c in card.criteria if c.name == "chance").passed


def test_the_excess_beyond_a_tree_is_what_counts() -> None:
    total = 4000.0
    # A path of five (a tree), a star of five, and a complete group of five: only the last is
    # closed beyond what connecting five organisations takes.
    inner = np.array([4.0, 4.0, 10.0])
    volume = np.array([4 * 2 + 6.0, 4 * 2 + 6.0, 20.0])
    expected, p = excess_p_values(inner, volume, np.array([5, 5, 5]), total)
    assert p[0] == p[1] == 1.0 and p[2] < 1e-9
    assert expected[2] == pytest.approx(400 / 16000)
    # An alliance of four (weight 2 across its three tree ties) is no excess either.
    assert excess_p_values(np.array([2.0]), np.array([6.0]), np.array([4]), total)[1][0] == 1.0


def test_the_smallest_group_chance_cannot_explain_is_shown_by_the_null_model() -> None:
    # A triangle is one tie beyond its tree: among 100 candidates in a sparse graph it is chance.
    assert smallest_telling_size(median_strength=3.0, total_weight=10_000.0, candidates=100) == 4
    # In a small, dense graph even a complete four is not evidence.
    assert smallest_telling_size(median_strength=12.0, total_weight=300.0, candidates=100) > 4


def test_the_flagged_set_is_the_same_whatever_the_seed() -> None:
    territory = planted_territory(seed=1, noise=0.1)
    found = set()
    for seed in (1, 7, 19):
        graph, detection = _detect(territory.frame, territory.epci_of, seed=seed)
        found.add(frozenset(frozenset(f) for f in groups_with(graph, detection, {CONCENTRATED})))
    assert len(found) == 1


def test_hard_cases_give_no_false_flag() -> None:
    territory = planted_territory(seed=22, noise=0.0)
    graph, detection = _detect(territory.frame, territory.epci_of)
    flagged = groups_with(graph, detection, {CONCENTRATED, UNCERTAIN})
    clubs = [set(g.members) for g in territory.clubs()]
    for f in flagged:
        assert any(len(c & f) / len(c | f) >= MATCH for c in clubs), len(f)
    found = sum(any(len(c & f) / len(c | f) >= MATCH for f in flagged) for c in clubs)
    assert found >= 0.95 * len(clubs)
    large = [c for c in clubs if len(c) >= 28]
    assert all(any(len(c & f) / len(c | f) >= 0.8 for f in flagged) for c in large), "large clubs whole"


def _clubs_in_an_open_world(
    club_sizes: list[int], joined: bool, seed: int = 4
) -> tuple[ProjectedGraph, list[list[int]]]:
    """Clubs of one world (each member tied to eight others of its club at random, or all of them
    when smaller), one tie out each, in an open world of 300; ``joined`` ties the clubs together
    by one tie."""
    rng = np.random.default_rng(seed)
    pairs: set[tuple[str, str]] = set()
    world = [f"w:{i}" for i in range(300)]
    while len(pairs) < 900:
        a, b = sorted(rng.choice(300, size=2, replace=False).tolist())
        pairs.add((world[a], world[b]))
    clubs = []
    for c, size in enumerate(club_sizes):
        members = [f"c{c}:{i}" for i in range(size)]
        for a in members:
            others = [b for b in members if b != a]
            for b in others if size <= 9 else rng.choice(others, size=4, replace=False).tolist():
                pairs.add((min(a, b), max(a, b)))
        pairs.add((members[0], world[c]))
        clubs.append(members)
    if joined:
        pairs.add((clubs[0][1], clubs[1][1]))
    ids = world + [m for members in clubs for m in members]
    organisations = [
        Organisation.model_construct(
            id=o, name=o, world=World.ENTREPRISE if o.startswith("c") else list(World)[k % 6], catalyst=None
        )
        for k, o in enumerate(ids)
    ]
    ordered = sorted(pairs)
    frame = EcosystemFrame(
        organisations=organisations,
        alliances=[
            AllianceInfo.model_construct(id=f"a{k}", name="a", domains=[]) for k in range(len(ordered))
        ],
        member_ids=[o for pair in ordered for o in pair],
        alliance_ids=[f"a{k}" for k in range(len(ordered)) for _ in range(2)],
        roles=["membre"] * (2 * len(ordered)),
        external_ids=[],
    )
    graph = project(frame, areas={o: "epci:1" for o in ids}, network_min_members=SETTINGS.network_min_members)
    return graph, [[graph.index[m] for m in members] for members in clubs]


def _flagged_nodes(graph: ProjectedGraph, labelings: list[list[np.ndarray]]) -> list[set[int]]:
    detection = groups_of(GroupMeasurer(graph, SETTINGS.closure), labelings, [1.0, 16.0], seed=1)
    labels = detection.partition.membership
    return [set(np.flatnonzero(labels == c.community).tolist()) for c in detection.cards if c.concentrated]


def test_a_club_cut_in_two_by_a_fine_resolution_stays_whole() -> None:
    graph, [club] = _clubs_in_an_open_world([40], joined=False)
    whole = np.zeros(graph.node_count, dtype=np.int64)
    whole[club] = 1
    halves = whole.copy()
    halves[club[20:]] = 2
    # Every run sees the club whole at the base resolution and in two halves at the fine one: the
    # halves are as tied to each other as a random wiring inside the club gives.
    flagged = _flagged_nodes(graph, [[whole] * 3, [halves] * 3])
    assert flagged == [set(club)]


def test_two_clubs_joined_by_a_tie_are_two_clubs() -> None:
    graph, [first, second] = _clubs_in_an_open_world([8, 8], joined=True)
    together = np.zeros(graph.node_count, dtype=np.int64)
    together[first + second] = 1
    apart = together.copy()
    apart[second] = 2
    flagged = _flagged_nodes(graph, [[together] * 3, [apart] * 3])
    assert sorted(flagged, key=min) == sorted([set(first), set(second)], key=min)
