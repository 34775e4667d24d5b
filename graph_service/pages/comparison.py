"""The comparison page: a territory's children side by side in a table sorted by any column
(:mod:`graph_service.analysis.comparison` computes it, the page phrases it).

>>> from graph_service.pages.numbers import percent
>>> percent(0.125, "fr")
'12,5 %'
"""

from __future__ import annotations

from graph_service.analysis.analyser import Analyser
from graph_service.analysis.comparison import compare_children
from graph_service.analysis.options import DEFAULT_OPTIONS
from graph_service.model import World
from graph_service.pages.numbers import decimal, percent
from graph_service.pages.view import PageView


def comparison_view(analyser: Analyser, code: str, language: str) -> PageView:
    """The children of ``code`` side by side, with their numbers formatted for ``language``."""
    view = analyser.store.get_territory(code)
    report = compare_children(analyser, view.territory.key, DEFAULT_OPTIONS)
    rows = [
        {
            "child": child,
            "ties": decimal(child.ties_per_organisation, language),
            "worlds": {world: percent(share, language) for world, share in child.worlds.items()},
            "in_concentrated": percent(child.in_concentrated, language),
        }
        for child in report.children
    ]
    return PageView(
        "comparison.html",
        {"territory": view.territory, "rows": rows, "worlds": [w.value for w in World]},
        snapshot=report.method.snapshot,
        refreshing=report.method.refreshing,
    )
