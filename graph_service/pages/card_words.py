"""A closure card in plain words: one sentence a catalyst can repeat in a meeting, and the rule's
tests as checks in words (✓/✗), grouped as the rule groups them so that they agree with the
verdict. The measures themselves stay on the card, folded under « Détails de la mesure ».

>>> from graph_service.analysis.closure import Criterion
>>> def test(name, passed):
...     return Criterion(name=name, value=0, comparison="≤", threshold=0, passed=passed)
>>> [(c.part, c.passed) for c in checks([test("ei_index", True), test("conductance", False),
...     test("diversity_ratio", False), test("diversity", True)])]
[('closed', False), ('worlds', True)]
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from graph_service.analysis.closure import CONCENTRATED, LOCAL_AND_CLOSED, UNCERTAIN, ClosureCard, Criterion
from graph_service.analysis.introductions import Introduction

PARTS: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    ("size", ("size",), True),
    ("closed", ("ei_index", "conductance"), True),
    ("dense", ("density",), True),
    ("worlds", ("diversity_ratio", "diversity"), False),
    ("apart", ("coverage", "largest_area_share"), False),
    ("chance", ("chance",), True),
    ("runs", ("flag_share",), True),
)
"""Each part of the rule: its name, its tests, and whether all must hold (else one is enough)."""
PARTNER_WORLDS = ("entreprise", "collectivite", "association")
"""The worlds whose absence a sentence names: the partners a closed group most often lacks."""


@dataclass(frozen=True)
class Check:
    part: str
    passed: bool


@dataclass(frozen=True)
class CardView:
    """A card as the page shows it: the sentence first, what to do, the checks in words."""

    card: ClosureCard
    sentence: str
    checks: list[Check]
    introduction: Introduction | None


def card_views(
    cards: list[ClosureCard], introductions: list[Introduction], t: Callable[[str], str]
) -> tuple[list[CardView], list[CardView]]:
    """The cards a catalyst reads first (concentrated, then uncertain, the most closed first) and
    the others (behind a toggle), each with the first introduction that opens it."""
    order = {CONCENTRATED: 0, UNCERTAIN: 1}
    views = [
        CardView(
            card,
            sentence(card, t),
            checks(card.criteria),
            next((s for s in introductions if card.community in s.opens_concentrated), None),
        )
        # The most closed first: the group a catalyst should hear about before the others.
        for card in sorted(cards, key=lambda c: (order.get(c.verdict, 2), c.ei_index, -c.inside, c.community))
    ]
    first = [v for v in views if v.card.verdict in order]
    return first, [v for v in views if v.card.verdict not in order]


def checks(criteria: list[Criterion]) -> list[Check]:
    """The rule's parts this card was tested on, each passed or not."""
    by_name = {c.name: c.passed for c in criteria}
    found = []
    for part, names, every in PARTS:
        results = [by_name[n] for n in names if n in by_name]
        if results:
            found.append(Check(part, all(results) if every else any(results)))
    return found


def tenths_inside(card: ClosureCard) -> int:
    """How many of ten of its members' ties stay in the group."""
    ties = card.internal_ties + card.external_ties
    return round(10 * card.internal_ties / ties) if ties else 10


def sentence(card: ClosureCard, t: Callable[[str], str]) -> str:
    """The card's one sentence, in the language of ``t``."""
    inside = tenths_inside(card)
    facts = {
        "size": card.inside,
        "inside": inside,
        "outside": 10 - inside,
        "world_count": len(card.worlds),
        "share": round(100 * card.territory_share),
        "without": _without(card, t),
    }
    if card.verdict in (CONCENTRATED, UNCERTAIN, LOCAL_AND_CLOSED):
        return t(f"card.say.{card.verdict}") % facts
    failed = {c.part for c in checks(card.criteria) if not c.passed}
    for part, words in (
        ("chance", "chance"),
        ("closed", "open"),
        ("size", "small"),
        ("dense", "small"),
        ("worlds", "varied"),
        ("apart", "large"),
    ):
        if part in failed:
            return t(f"card.say.{words}") % facts
    return t("card.say.open") % facts


def _without(card: ClosureCard, t: Callable[[str], str]) -> str:
    absent = [w for w in PARTNER_WORLDS if not card.worlds.get(w)]
    if not absent:
        return ""
    return t("card.without") % t("card.nor").join(t(f"world.lower.{w}") for w in absent)
