"""Change over time: each community of the earlier date followed to the later one, many to many.

A community of the first date is not matched one to one: its members are measured again, as the
same group, at the second date, and every community of the second date that holds a quarter of
them is one of its successors. Its status, first that applies:

- ``dissolved``: fewer than half of its members are still tied in the territory, or no
  successor holds half of them and they did not split in two or more large parts;
- ``opened``: it was closed (the rule's closure tests: E-I, conductance, density) and the same
  members no longer are: their ties out grew past the rule, whatever community holds them now;
- ``closed``: the reverse;
- ``split``: two or more successors each hold a quarter of its members, none three quarters;
- ``merged``: its main successor holds half of its members, and another community of the first
  date gave that successor a quarter of its own members;
- ``persisted``: its main successor holds half of its members.

A community of the second date that no earlier community gave a quarter of its members is ``new``.

>>> sorted(STATUSES)
['closed', 'dissolved', 'merged', 'new', 'opened', 'persisted', 'split']
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel, Field

from graph_service.analysis.closure import ClosureCard
from graph_service.analysis.group_measures import GroupMeasurer, GroupMeasures
from graph_service.analysis.territory_context import TerritoryContext
from graph_service.analysis.thresholds import ClosureThresholds

if TYPE_CHECKING:
    from graph_service.analysis.analysed_territory import AnalysedTerritory

STATUSES = {"persisted", "opened", "closed", "split", "merged", "dissolved", "new"}
KEPT = 0.5
"""Share of a community's members a successor holds to carry it on."""
PART = 0.25
"""Share of a community's members a successor holds to be one of its parts."""
WHOLE = 0.75
RECENT_YEARS = 5
"""How far back the diagnostic's change section looks by default, in years."""


def recent_since(today: date) -> date:
    """The first day the diagnostic's change section starts from by default.

    >>> recent_since(date(2026, 12, 6))
    datetime.date(2021, 1, 1)
    """
    return date(today.year - RECENT_YEARS, 1, 1)


class Successor(BaseModel):
    community: int
    shared: int = Field(description="members of the earlier community it holds")
    share_of_before: float = Field(description="their share of the earlier community")
    share_of_after: float = Field(description="their share of this community")


class CommunityChange(BaseModel):
    """One community of the first date followed to the second, or a new one."""

    before: int | None = Field(description="community number at the first date (None: new)")
    after: int | None = Field(description="its main successor at the second date (None: none)")
    before_name: str = Field(default="", description="its name at the first date (community_names)")
    after_name: str = Field(default="", description="its main successor's name at the second date")
    before_key: str = Field(default="", description="its stable id at the first date (community_names)")
    after_key: str = Field(default="", description="its main successor's stable id at the second date")
    successors: list[Successor] = Field(default_factory=list)
    merged_with: list[int] = Field(
        default_factory=list, description="other communities of the first date that joined its successor"
    )
    jaccard: float
    status: str = Field(description="persisted, opened, closed, split, merged, dissolved or new")
    size: tuple[int | None, int | None]
    ei_index: tuple[float | None, float | None]
    conductance: tuple[float | None, float | None]
    density: tuple[float | None, float | None]
    diversity_ratio: tuple[float | None, float | None]
    concentrated: tuple[bool | None, bool | None]
    joined: list[str] = Field(description="ids of members that came in (into its main successor)")
    left: list[str] = Field(description="ids of members no longer tied in the territory")


NUMBERS = ("size", "ei_index", "conductance", "density", "diversity_ratio", "concentrated")


def _numbers(m: GroupMeasures | None, g: int) -> dict[str, object]:
    if m is None:
        return dict.fromkeys(NUMBERS)
    return {
        "size": int(m.inside[g]),
        "ei_index": round(float(m.ei_index[g]), 4),
        "conductance": round(float(m.conductance[g]), 4),
        "density": round(float(m.density[g]), 4),
        "diversity_ratio": round(float(m.diversity_ratio[g]), 4),
        "concentrated": bool(m.concentrated[g]),
    }


def _change(numbers: tuple[dict[str, object], dict[str, object]], **values: object) -> CommunityChange:
    """A change with its numbers at both dates, each as a (before, after) pair."""
    pairs = {name: (numbers[0][name], numbers[1][name]) for name in NUMBERS}
    return CommunityChange.model_validate({**values, **pairs})


def _members(base: AnalysedTerritory, community: int) -> set[str]:
    labels, external = base.partition.membership, base.graph.external
    return {base.graph.ids[i] for i in np.flatnonzero((labels == community) & ~external)}


def _status(
    kept: int, size: int, closed: tuple[bool, bool], parts: list[Successor], merged: list[int]
) -> str:
    if kept < KEPT * size:
        return "dissolved"
    if closed[0] and not closed[1]:
        return "opened"
    if closed[1] and not closed[0]:
        return "closed"
    large = [s for s in parts if s.share_of_before >= PART]
    if len(large) >= 2 and max(s.share_of_before for s in large) < WHOLE:
        return "split"
    if not parts or parts[0].share_of_before < KEPT:
        return "dissolved"
    return "merged" if merged else "persisted"


def follow_communities(
    first: AnalysedTerritory,
    second: AnalysedTerritory,
    thresholds: ClosureThresholds,
    context: TerritoryContext | None = None,
) -> list[CommunityChange]:
    """Every community with a card at the first date followed to the second, then the new ones."""
    earlier: list[ClosureCard] = first.cards
    members_before = {card.community: _members(first, card.community) for card in earlier}
    later = {card.community: _members(second, card.community) for card in second.cards}
    before_measures = GroupMeasurer(first.graph, thresholds, context).measure(first.partition.membership)
    later_measurer = GroupMeasurer(second.graph, thresholds, context)
    later_measures = later_measurer.measure(second.partition.membership)
    same_members = _same_members(second, [members_before[card.community] for card in earlier])
    after_measures = later_measurer.measure(same_members)
    present = np.bincount(same_members, minlength=len(earlier) + 1)
    parts_of, given = _successors(members_before, later)
    after_cards = {c.community: c for c in second.cards}
    changes = []
    for k, card in enumerate(earlier):
        old, parts = members_before[card.community], parts_of[card.community]
        main = parts[0] if parts and parts[0].share_of_before >= KEPT else None
        merged = [c for c in given.get(main.community, []) if c != card.community] if main else []
        closed = (bool(before_measures.closed[card.community]), bool(after_measures.closed[k]))
        status = _status(int(present[k]), len(old), closed, parts, merged)
        new = later[main.community] if main else set()
        still = {second.graph.ids[i] for i in np.flatnonzero(same_members == k)}
        changes.append(
            _change(
                before=card.community,
                after=main.community if main else None,
                before_name=card.name,
                before_key=card.key,
                after_name=after_cards[main.community].name if main else "",
                after_key=after_cards[main.community].key if main else "",
                successors=parts,
                merged_with=merged,
                jaccard=round(len(old & new) / len(old | new), 4) if new else 0.0,
                status=status,
                joined=sorted(new - old),
                left=sorted(old - still),
                numbers=(
                    _numbers(before_measures, card.community),
                    _numbers(after_measures if present[k] else None, k),
                ),
            )
        )
    newcomers = [card for card in second.cards if card.community not in given]
    return changes + [_new_community(card, later[card.community], later_measures) for card in newcomers]


def _same_members(second: AnalysedTerritory, groups: list[set[str]]) -> np.ndarray:
    """The second date's nodes labelled by the earlier group holding them (``len(groups)`` for
    none), so that each earlier group's members are measured as one group at the second date."""
    index, inside = second.graph.index, ~second.graph.external
    labels = np.full(second.graph.node_count, len(groups), dtype=np.int64)
    for k, members in enumerate(groups):
        labels[[index[i] for i in members if i in index and inside[index[i]]]] = k
    return labels


def _new_community(card: ClosureCard, members: set[str], measures: GroupMeasures) -> CommunityChange:
    return _change(
        before=None,
        after=card.community,
        after_name=card.name,
        after_key=card.key,
        jaccard=0.0,
        status="new",
        joined=sorted(members),
        left=[],
        numbers=(_numbers(None, 0), _numbers(measures, card.community)),
    )


def _successors(
    before: dict[int, set[str]], later: dict[int, set[str]]
) -> tuple[dict[int, list[Successor]], dict[int, list[int]]]:
    """For each earlier community, the later ones holding at least ``PART`` of its members (most
    shared first); and for each later community, the earlier ones it holds ``PART`` of and that
    give ``PART`` of it (the communities it continues or merges)."""
    parts_of: dict[int, list[Successor]] = {}
    given: dict[int, list[int]] = {}
    for before_community, old in before.items():
        parts = []
        for community, new in later.items():
            shared = len(old & new)
            if shared and shared >= PART * len(old):
                parts.append(
                    Successor(
                        community=community,
                        shared=shared,
                        share_of_before=round(shared / len(old), 4),
                        share_of_after=round(shared / len(new), 4),
                    )
                )
                if shared >= PART * len(new):
                    given.setdefault(community, []).append(before_community)
        parts_of[before_community] = sorted(parts, key=lambda s: (-s.shared, s.community))
    return parts_of, given
