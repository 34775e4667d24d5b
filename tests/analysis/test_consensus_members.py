"""A flagged group's members settled across its candidates: the vote decides the clear cases, the
ties decide the contested ones, so a node that the runs hold about half the time does not move
the flagged set with the seed. The graph is drawn by hand; what each node should be follows from
its ties, not from the code."""

from __future__ import annotations

import numpy as np
import pytest

from graph_service.analysis.multiscale import Group
from graph_service.analysis.projection import ProjectedGraph
from graph_service.model import Organisation

CLUB = list(range(6))
CHAIN = [6, 7, 8]
"""Hangs off the club: 6 is tied to club member 0, 7 to 6, 8 to 7, and to nothing else."""
BRIDGE = 9
"""Tied once into the club (to 1) and once out of it (to 10, itself tied to 11)."""


def _graph() -> ProjectedGraph:
    pairs = [(a, b) for i, a in enumerate(CLUB) for b in CLUB[i + 1 :]]
    pairs += [(0, 6), (6, 7), (7, 8), (1, BRIDGE), (BRIDGE, 10), (10, 11)]
    edges = np.array(pairs)
    organisations = [Organisation(id=f"x:{i}", name=str(i), world="association") for i in range(12)]
    return ProjectedGraph(
        organisations=organisations, source=edges[:, 0], target=edges[:, 1],
        weight=np.ones(len(edges)), external=np.zeros(12, bool), areas=["epci:1"] * 12,
    )  # fmt: skip


def _settled(held: dict[int, int], candidates: int) -> set[int]:
    """The members a group settles on when each node was held by ``held[node]`` of its
    ``candidates`` candidates."""
    group = Group(members=np.array(sorted(held), dtype=np.int64))
    group.candidates = candidates
    group.seen.update(held)
    group.consensus(_graph())
    return set(group.members.tolist())


@pytest.mark.parametrize("chain_votes", [3, 4, 5])
def test_a_chain_that_only_leads_into_the_club_joins_it_however_often_the_runs_held_it(
    chain_votes: int,
) -> None:
    held = dict.fromkeys(CLUB, 8) | dict.fromkeys(CHAIN, chain_votes)
    assert _settled(held, 8) == set(CLUB + CHAIN)


@pytest.mark.parametrize("bridge_votes", [3, 4, 5])
def test_a_node_tied_as_much_out_as_in_stays_out_however_often_the_runs_held_it(bridge_votes: int) -> None:
    held = dict.fromkeys(CLUB, 8) | {BRIDGE: bridge_votes}
    assert _settled(held, 8) == set(CLUB)


def test_the_vote_decides_the_clear_cases() -> None:
    # Held by three quarters of the candidates: a member whatever its ties; by a quarter: not.
    held = dict.fromkeys(CLUB, 8) | {BRIDGE: 6} | dict.fromkeys(CHAIN, 2)
    assert _settled(held, 8) == set(CLUB) | {BRIDGE}
