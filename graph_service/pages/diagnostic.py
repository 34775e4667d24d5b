"""The catalyst's diagnostic of a territory: one printable page gathering what the analyses say.

Who is there (worlds against the enclosing territory, maturity, catalysts), the concentrated
communities and the local closed clusters with their criteria phrased, the public pass-through
points and what depends on them, the worlds and sub-territories that never meet (a heat map), the
isolated organisations, the introductions to make, and what changed since a chosen year. The
analyses answer codes and numbers; this module and its template phrase them.

>>> criterion_line(Criterion(name="ei_index", value=-0.45, comparison="≤", threshold=-0.2, passed=True), "fr")
{'name': 'ei_index', 'value': '−0,45', 'comparison': '≤', 'threshold': '−0,2', 'passed': True}
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import numpy as np

from graph_service.analysis.analysed_territory import AnalysedTerritory
from graph_service.analysis.analyser import PAGE_INTRODUCTIONS, Analyser
from graph_service.analysis.change import recent_since
from graph_service.analysis.closure import CONCENTRATED, LOCAL_AND_CLOSED, UNCERTAIN, ClosureCard, Criterion
from graph_service.analysis.options import DEFAULT_OPTIONS
from graph_service.model import Maturity, TerritoryLevel, TerritoryView, World
from graph_service.pages.change import change_since
from graph_service.pages.numbers import decimal, percent, short
from graph_service.pages.view import PageView
from visual.charts import community_map, heat_map

LISTED = 30
"""Isolated organisations and sub-territory pairs listed by name; the rest are counted."""
CARDS_LISTED = 40
"""Cards of each verdict shown in full, the largest first; the others are counted."""
MOST_APART = 10
"""Sub-territories named as the most apart (the full list of pairs is folded)."""
MAP_COMMUNITIES = 150
"""Communities on the map, the largest first (and every concentrated one among them)."""


def criterion_line(criterion: Criterion, language: str) -> dict[str, Any]:
    """A criterion of a card with its numbers written for ``language``: the template phrases it."""
    if criterion.name == "chance":
        # A p-value lives in powers of ten: two decimals would write every one 0.00.
        value, threshold = f"{criterion.value:.1e}", f"{criterion.threshold:.1e}"
    else:
        value = decimal(criterion.value, language, 0 if criterion.name == "size" else 2)
        threshold = short(criterion.threshold, language)
    return {
        "name": criterion.name,
        "value": value,
        "comparison": criterion.comparison,
        "threshold": threshold,
        "passed": criterion.passed,
    }


def _card(card: ClosureCard, language: str) -> dict[str, Any]:
    return {
        "card": card,
        "criteria": [criterion_line(c, language) for c in card.criteria],
        "coverage": percent(card.coverage, language),
        "flag_share": percent(card.flag_share, language) if card.flag_share is not None else None,
    }


def _verdict_lists(base: AnalysedTerritory, language: str) -> dict[str, Any]:
    """The cards of each verdict, the largest first, at most :data:`CARDS_LISTED` each, and how many."""
    lists: dict[str, Any] = {}
    for name, verdict in (
        ("concentrated", CONCENTRATED),
        ("uncertain", UNCERTAIN),
        ("local", LOCAL_AND_CLOSED),
    ):
        cards = sorted((c for c in base.cards if c.verdict == verdict), key=lambda c: -c.inside)
        lists[name] = [_card(c, language) for c in cards[:CARDS_LISTED]]
        lists[f"{name}_count"] = len(cards)
    return lists


def _enclosing(view: TerritoryView) -> str | None:
    """The territory a territory's worlds are compared with: its département, or its région."""
    level = view.territory.level
    if level.rank < TerritoryLevel.DEPARTEMENT.rank:
        return None
    wanted = TerritoryLevel.REGION if level is TerritoryLevel.DEPARTEMENT else TerritoryLevel.DEPARTEMENT
    return next((t.key for t in view.ancestors if t.level is wanted), None)


def _who(analyser: Analyser, view: TerritoryView, base: AnalysedTerritory, language: str) -> dict[str, Any]:
    here = analyser.store.territory_world_counts(view.territory.key)
    enclosing = _enclosing(view)
    around = analyser.store.territory_world_counts(enclosing) if enclosing else {}
    total = sum(here.values())
    worlds = [
        {
            "world": world.value,
            "count": here.get(world.value, 0),
            "share": percent(here.get(world.value, 0) / total, language) if total else "—",
            "of_enclosing": percent(here.get(world.value, 0) / around[world.value], language)
            if around.get(world.value)
            else "—",
        }
        for world in World
    ]
    graph = base.graph
    inside = [o for o, outside in zip(graph.organisations, graph.external, strict=True) if not outside]
    maturity = Counter(o.maturity.value for o in inside if o.maturity)
    return {
        "worlds": worlds,
        "total": total,
        "enclosing": analyser.store.get_territories([enclosing])[0] if enclosing else None,
        "maturity": [(m.value, maturity.get(m.value, 0)) for m in Maturity],
        "catalysts": [o for o in inside if o.catalyst is not None],
    }


def _areas_apart(base: AnalysedTerritory) -> tuple[list[tuple[str, str]], int, list[tuple[str, int]]]:
    """Pairs of sub-territories holding organisations with no tie between them, the fullest first."""
    graph = base.graph
    sizes = Counter(a for a, outside in zip(graph.areas, graph.external, strict=True) if a and not outside)
    tied = graph.tied_areas
    areas = sorted(sizes, key=lambda a: (-sizes[a], a))
    apart = [(a, b) for i, a in enumerate(areas) for b in areas[i + 1 :] if frozenset((a, b)) not in tied]
    # The sub-territories that meet the fewest others, ranked by how many they never meet.
    most = Counter(area for pair in apart for area in pair).most_common(MOST_APART)
    return apart[:LISTED], len(apart), most


def _community_picture(base: AnalysedTerritory) -> dict[str, Any]:
    graph, labels = base.graph, base.partition.membership
    shown = sorted(base.cards, key=lambda card: (card.verdict != CONCENTRATED, -card.inside))[
        :MAP_COMMUNITIES
    ]
    carded = {card.community: card for card in shown}
    sizes = {c: card.inside for c, card in carded.items()}
    head, tail = labels[graph.source], labels[graph.target]
    between: dict[tuple[int, int], float] = {}
    for a, b, w in zip(head.tolist(), tail.tolist(), graph.weight.tolist(), strict=True):
        if a != b and a in sizes and b in sizes:
            key = (min(a, b), max(a, b))
            between[key] = between.get(key, 0.0) + w
    dots, links = community_map(sizes, between, {c: card.verdict for c, card in carded.items()})
    return {"dots": dots, "links": links}


def diagnostic_view(analyser: Analyser, code: str, language: str, since: int | None = None) -> PageView:
    """The diagnostic of ``code``; ``since`` is the year the change section starts from."""
    view = analyser.store.get_territory(code)
    options = DEFAULT_OPTIONS
    base = analyser.base(view.territory.key, options)
    brokerage = analyser.brokerage(base, options, top=50)
    mixing = analyser.mixing(base, options).mixing
    introductions = analyser.introductions(base, options, limit=PAGE_INTRODUCTIONS)
    graph = base.graph
    isolated = [graph.organisations[i] for i in np.flatnonzero((graph.degree == 0) & ~graph.external)]
    apart, apart_count, most_apart = _areas_apart(base)
    keys = sorted({a for pair in apart for a in pair} | {area for area, _ in most_apart})
    names = {t.key: t.name for t in analyser.store.get_territories(keys)}
    year = since or recent_since(date.today()).year
    who = _who(analyser, view, base, language)
    concentrated = sorted((c for c in base.cards if c.verdict == CONCENTRATED), key=lambda c: c.ei_index)
    return PageView(
        "diagnostic.html",
        {
            "territory": view.territory,
            "ancestors": view.ancestors,
            "who": who,
            "summary": {
                "main_world": max(who["worlds"], key=lambda w: w["count"]) if who["total"] else None,
                "most_closed": concentrated[0] if concentrated else None,
                "in_concentrated": sum(c.inside for c in concentrated),
                "first_introduction": introductions.suggestions[0] if introductions.suggestions else None,
            },
            **_verdict_lists(base, language),
            "pass_through": brokerage.public_points,
            "other_pass_through": brokerage.other_points[:5],
            "mixing": mixing,
            "mixing_worlds": list(mixing.ties),
            "heat": heat_map(mixing.ties),
            "areas_apart": [(names.get(a, a), names.get(b, b)) for a, b in apart],
            "areas_apart_count": apart_count,
            "areas_most_apart": [(names.get(area, area), count) for area, count in most_apart],
            "isolated": isolated[:LISTED],
            "isolated_count": len(isolated),
            "introductions": introductions.suggestions,
            "unreached": introductions.unreached,
            "change": change_since(analyser, base, year),
            "picture": _community_picture(base),
            "method": brokerage.method,
        },
        snapshot=base.snapshot,
        refreshing=base.refreshing,
    )
