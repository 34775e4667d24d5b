"""What ``maillage analyse`` shows of each report on a terminal: names, verdicts and the few columns
a reader compares; ``--out`` writes every column, ``--json`` the whole report.

>>> from graph_service.analysis.reports import Method, MixingReport
>>> from graph_service.analysis.mixing import WorldMixing
>>> view = view_of(MixingReport(territory="t", method=Method(algorithm="a"), mixing=WorldMixing(
...     worlds={}, ties={"association": {"etat": 3}}, weights={"association": {"etat": 1.5}},
...     assortativity=None, ei_index={}, never_meet=[])))
>>> view.columns, view.numeric, view.rows[0][2:]
(['world_a', 'world_b', 'ties', 'weight'], ['ties', 'weight'], [3, 1.5])
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from graph_service.analysis.reports import CommunitiesReport, Report
from graph_service.cli.terminal import say, words_or

TERMINAL_COLUMNS: dict[str, list[str]] = {
    "CentralityReport": ["id", "name", "world", "community", "pagerank", "betweenness", "degree", "strength"],
    "BrokerageReport": ["id", "name", "world", "role", "constraint", "participation", "cut_off"],
    "MixingReport": ["world_a", "world_b", "ties", "weight"],
    "IntroductionsReport": ["a_name", "b_name", "score", "reasons", "introducer"],
    "CompareReport": [
        "before_name",
        "after_name",
        "status",
        "size_before",
        "size_after",
        "concentrated_before",
        "concentrated_after",
        "joined",
        "left",
    ],
}
"""The columns of each report's table a terminal shows, when the table has them."""
CARD_COLUMNS = ["community", "name", "size", "verdict", "ei_index", "density", "top_members"]
TRANSLATED = {"world": "world", "world_a": "world", "world_b": "world", "verdict": "verdict"}
"""Columns whose values are codes with words in the catalogue (``world.etat`` …)."""


@dataclass
class TerminalView:
    """The columns and rows a terminal shows of a report."""

    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    numeric: list[str] = field(default_factory=list)


def _words(column: str, value: Any) -> Any:
    prefix = TRANSLATED.get(column)
    if prefix is None or not isinstance(value, str) or not value:
        return value
    return words_or(f"{prefix}.{value}", value)


def _numeric(rows: list[list[Any]], columns: list[str]) -> list[str]:
    return [
        c
        for k, c in enumerate(columns)
        if rows
        and all(
            isinstance(r[k], int | float) and not isinstance(r[k], bool) for r in rows if r[k] is not None
        )
    ]


def view_of(report: Report) -> TerminalView:
    """The terminal's view of ``report``: one row per community for communities (its card), else
    the report's table cut to its telling columns."""
    if isinstance(report, CommunitiesReport):
        records = [
            {
                **card.model_dump(exclude={"criteria"}),
                "top_members": ", ".join(m.name for m in card.top_members),
            }
            for card in report.cards
        ]
        columns = CARD_COLUMNS
    else:
        records = report.table()
        wanted = TERMINAL_COLUMNS.get(type(report).__name__)
        present = list(dict.fromkeys(key for record in records for key in record))
        columns = [c for c in wanted if c in present] if wanted else present[:8]
    rows = [[_words(c, record.get(c)) for c in columns] for record in records]
    return TerminalView(columns, rows, _numeric(rows, columns))


def summary_of(report: Report) -> str:
    """One line on the report, in the terminal's language for communities."""
    if isinstance(report, CommunitiesReport):
        return say(
            "cli.summary.communities",
            organisations=report.organisations,
            ties=report.ties,
            communities=report.communities,
            concentrated=len(report.concentrated),
            uncertain=len(report.uncertain),
            local=len(report.local_and_closed),
            isolated=report.isolated,
        )
    return report.summary()
