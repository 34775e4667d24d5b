"""The comparison page: a territory's children of one level side by side, in a table sorted by any
column that fits the window (:mod:`graph_service.analysis.comparison` computes it, the page
phrases it). The children holding no organisation are listed apart, folded.

>>> both = [TerritoryLevel.COMMUNE, TerritoryLevel.EPCI]
>>> level_shown(both, None), level_shown(both, "commune"), level_shown([TerritoryLevel.COMMUNE], "epci")
(<TerritoryLevel.EPCI: 'epci'>, <TerritoryLevel.COMMUNE: 'commune'>, <TerritoryLevel.COMMUNE: 'commune'>)
"""

from __future__ import annotations

from collections import Counter

from graph_service.analysis.analyser import Analyser
from graph_service.analysis.comparison import compare_children
from graph_service.analysis.options import DEFAULT_OPTIONS
from graph_service.model import TerritoryLevel, World
from graph_service.pages.numbers import decimal, percent
from graph_service.pages.view import PageView
from visual.style import WORLD_COLOURS


def level_shown(levels: list[TerritoryLevel], asked: str | None) -> TerritoryLevel | None:
    """The level of children compared: the one asked if there are such children, else the
    highest (the EPCI of a département before its communes)."""
    present = sorted(set(levels), key=lambda level: (level.rank, level.value))
    chosen = next((level for level in present if level.value == asked), None)
    return chosen or (present[0] if present else None)


def comparison_view(analyser: Analyser, code: str, language: str, level: str | None = None) -> PageView:
    """The children of ``code`` of one level side by side, with numbers formatted for ``language``."""
    view = analyser.store.get_territory(code)
    report = compare_children(analyser, view.territory.key, DEFAULT_OPTIONS)
    levels = [TerritoryLevel(child.level) for child in report.children]
    shown = level_shown(levels, level)
    of_level = [child for child in report.children if shown is not None and child.level == shown.value]
    rows = [
        {
            "child": child,
            "ties": decimal(child.ties_per_organisation, language),
            "worlds": [
                (world.value, percent(child.worlds[world.value], language), child.worlds[world.value])
                for world in World
                if child.worlds.get(world.value)
            ],
            "bar": _bar(child.worlds),
            "in_concentrated": percent(child.in_concentrated, language),
        }
        for child in of_level
        if child.organisations
    ]
    return PageView(
        "comparison.html",
        {
            "territory": view.territory,
            "rows": rows,
            "empty": [child for child in of_level if not child.organisations],
            "level": shown.value if shown else None,
            "levels": sorted(Counter(levels).items(), key=lambda item: (item[0].rank, item[0].value)),
        },
        snapshot=report.method.snapshot,
        refreshing=report.method.refreshing,
    )


def _bar(worlds: dict[str, float]) -> list[dict[str, float | str]]:
    """The worlds' shares as segments of a bar 100 wide: offset, width and colour."""
    segments, offset = [], 0.0
    for world in World:
        share = worlds.get(world.value, 0.0)
        if share > 0:
            segments.append(
                {
                    "world": world.value,
                    "x": round(offset, 2),
                    "width": round(100 * share, 2),
                    "colour": WORLD_COLOURS[world],
                }
            )
            offset += 100 * share
    return segments
