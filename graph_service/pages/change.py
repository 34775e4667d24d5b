"""What changed in a territory since a year, as the pages show it: the communities followed from
the first of January of that year to today (:meth:`Analyser.compare`), and who joined and left.

>>> from datetime import date
>>> since_day(2019)
datetime.date(2019, 1, 1)
"""

from __future__ import annotations

from datetime import date
from typing import Any

from graph_service.analysis.analysed_territory import AnalysedTerritory
from graph_service.analysis.analyser import Analyser
from graph_service.analysis.options import DEFAULT_OPTIONS
from graph_service.errors import InvalidInput

LISTED = 30
"""Changed communities and organisations listed by name; the rest are counted."""


def since_day(year: int) -> date:
    return date(year, 1, 1)


def change_since(analyser: Analyser, base: AnalysedTerritory, year: int) -> dict[str, Any]:
    """The change of ``base``'s territory from ``year`` to today: statuses counted, the communities
    that did not simply persist, and who joined and left (or why there is nothing to compare)."""
    try:
        report = analyser.change_to_today(base, since_day(year), DEFAULT_OPTIONS)
    except InvalidInput as error:
        return {"since": year, "error": str(error)}
    return {
        "since": year,
        "report": report,
        "changes": [c for c in report.changes if c.status != "persisted"][:LISTED],
        "joined": report.joined[:LISTED],
        "left": report.left[:LISTED],
    }
