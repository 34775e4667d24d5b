"""``/territories/{code}/analysis/…``: communities and their closure cards, centrality, brokerage,
mixing between worlds, introductions, and change between two dates.

Every answer names its algorithm, parameters and seed in ``data.method``, and the data snapshot
in ``provenance``. Results are cached per (snapshot, parameters).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, TypeVar

from fastapi import APIRouter, Depends, Query, Response

from graph_service.analysis.metric import Metric
from graph_service.analysis.options import AnalysisOptions
from graph_service.analysis.reports import (
    BrokerageReport,
    CentralityReport,
    CommunitiesReport,
    CompareReport,
    IntroductionsReport,
    MixingReport,
    Report,
)
from graph_service.api.auth import require_read
from graph_service.api.dependencies import AnalyserDep
from graph_service.api.envelope import Envelope, provenance
from graph_service.api.query import query_model
from graph_service.api.response_cache import REFRESHING_HEADER
from graph_service.api.routes.territories import Code
from graph_service.store.port import RunsAndChanges

router = APIRouter(
    prefix="/territories/{code}/analysis", tags=["analysis"], dependencies=[Depends(require_read)]
)
ReportT = TypeVar("ReportT", bound=Report)
Top = Annotated[int, Query(ge=1, le=1_000, description="organisations listed, best first")]


Options = Annotated[AnalysisOptions, Depends(query_model(AnalysisOptions))]


def _shown(options: AnalysisOptions, **extra: object) -> dict[str, object]:
    return {**options.shown(), **extra}


def _answer(
    store: RunsAndChanges, response: Response, report: ReportT, **parameters: object
) -> Envelope[ReportT]:
    """The envelope of a report; one computed before writes that touched its territory (its
    up-to-date twin under way) is marked so that caches keep it only briefly."""
    if report.method.refreshing:
        response.headers[REFRESHING_HEADER] = "1"
    return Envelope(data=report, provenance=provenance(store, **parameters))


@router.get("/communities", summary="Communities with their closure cards and the concentrated flag")
def communities(
    analyser: AnalyserDep, response: Response, code: Code, options: Options
) -> Envelope[CommunitiesReport]:
    """Example: `/api/v1/territories/38/analysis/communities?as_of=2023-01-01`."""
    report = analyser.communities(code, options)
    return _answer(analyser.store, response, report, code=code, **_shown(options))


@router.get("/centrality", summary="Centrality of the organisations, ranked by one metric")
def centrality(
    analyser: AnalyserDep,
    response: Response,
    code: Code,
    options: Options,
    metric: Metric = Metric.PAGERANK,
    top: Top = 50,
    exact: Annotated[
        bool, Query(description="exact betweenness and harmonic closeness, whatever the size (slower)")
    ] = False,
) -> Envelope[CentralityReport]:
    """Degree, strength, betweenness, harmonic closeness, PageRank and eigenvector of the `top`
    organisations by `metric`. Betweenness is sampled beyond a size setting; the answer says so."""
    report = analyser.centrality(code, options, metric=metric, top=top, exact=exact)
    params = _shown(options, metric=metric, top=top, exact=exact)
    return _answer(analyser.store, response, report, code=code, **params)


@router.get("/brokerage", summary="Brokers, structural holes and mandatory pass-through points")
def brokerage(
    analyser: AnalyserDep, response: Response, code: Code, options: Options, top: Top = 50
) -> Envelope[BrokerageReport]:
    """Gould–Fernandez roles with the worlds as groups, Burt's constraint and effective size,
    participation coefficient and within-community z-score, articulation points, bridges, and
    the pass-through report (public actors marked)."""
    report = analyser.brokerage(code, options, top=top)
    return _answer(analyser.store, response, report, code=code, **_shown(options, top=top))


@router.get("/mixing", summary="Ties between worlds: matrix, assortativity, E-I, worlds that never meet")
def mixing(analyser: AnalyserDep, response: Response, code: Code, options: Options) -> Envelope[MixingReport]:
    report = analyser.mixing(code, options)
    return _answer(analyser.store, response, report, code=code, **_shown(options))


@router.get("/introductions", summary="Pairs of organisations to introduce, to open closed communities")
def introductions(
    analyser: AnalyserDep,
    response: Response,
    code: Code,
    options: Options,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> Envelope[IntroductionsReport]:
    report = analyser.introductions(code, options, limit=limit)
    return _answer(analyser.store, response, report, code=code, **_shown(options, limit=limit))


@router.get("/compare", summary="Change between two dates: communities matched, opened or closed")
def compare(
    analyser: AnalyserDep,
    response: Response,
    code: Code,
    options: Options,
    before: Annotated[date, Query(description="first date", examples=["2018-01-01"])],
    after: Annotated[date, Query(description="second date", examples=["2024-01-01"])],
) -> Envelope[CompareReport]:
    report = analyser.compare(code, before, after, options)
    params = _shown(options, before=before.isoformat(), after=after.isoformat())
    return _answer(analyser.store, response, report, code=code, **params)
