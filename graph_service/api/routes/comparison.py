"""``/territories/{code}/comparison``: the children of a territory side by side, as JSON or CSV.

Computed from the parent's own analysis in one pass (:mod:`graph_service.analysis.comparison`).
"""

from __future__ import annotations

import io
from enum import StrEnum
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response

from graph_service.analysis.comparison import ComparisonReport, compare_children
from graph_service.analysis.options import AnalysisOptions
from graph_service.analysis.output import write_csv
from graph_service.api.auth import require_read
from graph_service.api.dependencies import AnalyserDep
from graph_service.api.envelope import Envelope, provenance
from graph_service.api.query import query_model
from graph_service.api.routes.territories import Code

router = APIRouter(prefix="/territories/{code}", tags=["analysis"], dependencies=[Depends(require_read)])


class TableFormat(StrEnum):
    JSON = "json"
    CSV = "csv"


@router.get(
    "/comparison",
    summary="The children of a territory side by side (EPCI of a département, départements of a région)",
    response_model=Envelope[ComparisonReport],
    responses={200: {"content": {"text/csv": {}}}},
)
def comparison(
    analyser: AnalyserDep,
    code: Code,
    options: Annotated[AnalysisOptions, Depends(query_model(AnalysisOptions))],
    format: Annotated[TableFormat, Query(description="json, or csv: one row per child")] = TableFormat.JSON,
) -> Envelope[ComparisonReport] | Response:
    """Organisations, ties per organisation, share of each world, concentrated communities and the
    share of organisations inside them, catalysts, isolated organisations and the main pass-through
    point of each child. Example: `/api/v1/territories/38/comparison?format=csv`."""
    report = compare_children(analyser, code, options)
    if format is TableFormat.CSV:
        text = io.StringIO()
        write_csv(report.table(), text)
        name = report.territory.replace(":", "-")
        return Response(
            text.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="comparaison-{name}.csv"'},
        )
    return Envelope(data=report, provenance=provenance(analyser.store, code=code, **options.shown()))
