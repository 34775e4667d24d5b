"""The comparison of a territory at two dates: each community of the first followed to the second
(:func:`~graph_service.analysis.change.follow_communities`), and who joined and left.
:class:`~graph_service.analysis.analyser.Analyser` analyses the two dates and keeps the report;
this module reads nothing else than what it is given.

>>> from datetime import date
>>> from graph_service.analysis.options import AnalysisOptions
>>> [o.filter.as_of for o in dated_options(date(2019, 1, 1), date(2024, 1, 1), AnalysisOptions())]
[datetime.date(2019, 1, 1), datetime.date(2024, 1, 1)]
>>> dated_options(date(2024, 1, 1), date(2019, 1, 1), AnalysisOptions())
Traceback (most recent call last):
graph_service.errors.InvalidInput: the first date 2024-01-01 must be before 2019-01-01
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import numpy as np

from graph_service.analysis.analysed_territory import AnalysedTerritory
from graph_service.analysis.change import follow_communities
from graph_service.analysis.options import AnalysisOptions
from graph_service.analysis.reports import CompareReport, Method
from graph_service.analysis.territory_context import TerritoryContext
from graph_service.analysis.thresholds import ClosureThresholds
from graph_service.errors import InvalidInput

ALGORITHM = "many-to-many overlap, same members measured at both dates"


def dated_options(
    before: date, after: date, options: AnalysisOptions
) -> tuple[AnalysisOptions, AnalysisOptions]:
    """``options`` as of each date; the dates in order, and no other date filter."""
    if before >= after:
        raise InvalidInput(f"the first date {before.isoformat()} must be before {after.isoformat()}")
    if options.filter.as_of or options.filter.start or options.filter.end:
        raise InvalidInput("compare takes its own two dates: drop as_of, from and to")
    return options.with_filter(as_of=before), options.with_filter(as_of=after)


def compare_report(
    first: AnalysedTerritory,
    second: AnalysedTerritory,
    dates: tuple[date, date],
    method: Method,
    thresholds: ClosureThresholds,
    context: TerritoryContext | None,
) -> CompareReport:
    """``first`` (the territory as of the first of ``dates``) followed to ``second`` (as of the
    second)."""
    tied = [{b.graph.ids[i] for i in np.flatnonzero(b.graph.degree > 0)} for b in (first, second)]
    changes = follow_communities(first, second, thresholds, context)
    before, after = dates
    return CompareReport(
        territory=first.territory,
        method=method,
        before=before,
        after=after,
        joined=sorted(tied[1] - tied[0]),
        left=sorted(tied[0] - tied[1]),
        opened=sum(c.status == "opened" for c in changes),
        closed=sum(c.status == "closed" for c in changes),
        statuses=dict(Counter(c.status for c in changes)),
        changes=changes,
    )
