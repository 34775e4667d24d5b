"""The HTML pages' routes: each parses its parameters, has its view built by :mod:`graph_service.pages`
and renders it. Pages send a Content-Security-Policy with no inline code allowed.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from graph_service.analysis.metric import Metric
from graph_service.api import browser_session
from graph_service.api.auth import require_read
from graph_service.api.dependencies import AnalyserDep, PageCacheDep, SettingsDep, StoreDep
from graph_service.api.edit_rights import may_edit_organisation
from graph_service.api.response_cache import REFRESHING_HEADER, CachedResponse
from graph_service.model import AllianceMode, TerritoryLevel
from graph_service.pages.comparison import comparison_view
from graph_service.pages.diagnostic import diagnostic_view
from graph_service.pages.home import home_view
from graph_service.pages.organisation import organisation_view
from graph_service.pages.paths import paths_view
from graph_service.pages.pdf import print_to_pdf
from graph_service.pages.rendering import CONTENT_SECURITY_POLICY, LEGEND_STYLESHEET, language_of, render
from graph_service.pages.rule import rule_parts
from graph_service.pages.territory import (
    TerritoryChoices,
    alliance_years,
    territory_options,
    territory_view,
)
from graph_service.pages.view import PageView
from graph_service.store.port import MAX_PATH_HOPS, RunsAndChanges
from visual.assets import STATIC, legend_css

router = APIRouter(tags=["pages"], include_in_schema=False, dependencies=[Depends(require_read)])
LanguageParam = Annotated[str | None, Query(alias="lang", description="fr (default) or en")]


def _rendered(request: Request, store: RunsAndChanges, view: PageView, language: str, **extra: Any) -> str:
    return render(
        view.template,
        language=language,
        path=request.url.path,
        snapshot=view.snapshot or store.snapshot_id(),
        refreshing=view.refreshing,
        query_params=dict(request.query_params),
        signed_in=browser_session.of_page(request),
        **view.context,
        **extra,
    )


def _page(
    request: Request, store: RunsAndChanges, view: PageView, language: str, **extra: Any
) -> HTMLResponse:
    """A view rendered in ``language`` and sent with the pages' headers."""
    return _html(_rendered(request, store, view, language, **extra), view.refreshing)


def _html(html: str | bytes, refreshing: bool) -> HTMLResponse:
    headers = {"Content-Security-Policy": CONTENT_SECURITY_POLICY}
    if refreshing:
        headers[REFRESHING_HEADER] = "1"
    return HTMLResponse(html, headers=headers)


@router.get(LEGEND_STYLESHEET)
def legend_stylesheet() -> Response:
    return PlainTextResponse(legend_css(), media_type="text/css")


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    store: StoreDep,
    lang: LanguageParam = None,
    q: Annotated[str, Query(max_length=200, description="territory or organisation")] = "",
) -> HTMLResponse:
    language = language_of(lang)
    return _page(request, store, home_view(store, q, language), language)


@router.get("/methode", response_class=HTMLResponse)
def method_page(
    request: Request, store: StoreDep, settings: SettingsDep, lang: LanguageParam = None
) -> HTMLResponse:
    """How a community is called concentrated, in words, with a picture and the thresholds."""
    language = language_of(lang)
    view = PageView("method.html", {"rule": rule_parts(settings.closure, language)})
    return _page(request, store, view, language)


@router.get("/territoires/{code}", response_class=HTMLResponse)
def territory_page(
    request: Request,
    analyser: AnalyserDep,
    settings: SettingsDep,
    drawn_pages: PageCacheDep,
    code: str,
    lang: LanguageParam = None,
    mode: Annotated[list[AllianceMode] | None, Query(description="alliance modes kept")] = None,
    annee: Annotated[int | None, Query(ge=1900, le=2100, description="alliances running that year")] = None,
    taille: Annotated[Metric, Query(description="centrality behind node sizes")] = Metric.PAGERANK,
    communaute: Annotated[int | None, Query(ge=0, description="open one community")] = None,
    depuis: Annotated[
        int | None, Query(ge=1900, le=2100, description="show what changed since this year")
    ] = None,
    financements: Annotated[bool, Query(description="draw subsidies and public contracts, dashed")] = True,
) -> HTMLResponse:
    language = language_of(lang)
    choices = TerritoryChoices(
        modes=mode or [], year=annee, size_by=taille, community=communaute, since=depuis, money=financements
    )
    # Errors (unknown territory, store down) become the French error page in api/problems.py.
    view = analyser.store.get_territory(code)
    base = analyser.base(view.territory.key, territory_options(annee, choices.modes))
    years = alliance_years(analyser, view.territory.key)
    # The page is a function of its URL, its analysis and its place in the territories: drawn once
    # per analysis, it is not drawn again for every write that outdates the analysis meanwhile. The
    # banner "mise à jour en cours" is added to the drawing, so the first such write does not
    # redraw it either.
    signed = browser_session.of_page(request)
    page_key = f"{request.url.path}?{request.url.query}" + (f"#{signed.csrf}" if signed else "")
    version = f"{base.token}:{years}:{hash(view.model_dump_json())}"
    drawn = drawn_pages.get(page_key, version)
    if drawn is None:
        as_drawn = base.model_copy(update={"refreshing": False})
        page = territory_view(analyser, view, as_drawn, choices, years, language, settings.visual_max_nodes)
        body = _rendered(request, analyser.store, page, language).encode()
        drawn = CachedResponse(snapshot=version, status=200, headers=[], body=body)
        drawn_pages.put(page_key, drawn)
    body = drawn.body
    if base.refreshing:
        banner = render("_refreshing.html", language=language, path=request.url.path, snapshot="")
        body = body.replace(b"<main>", banner.encode() + b"<main>", 1)
    return _html(body, base.refreshing)


@router.get("/territoires/{code}/comparaison", response_class=HTMLResponse)
def comparison_page(
    request: Request,
    analyser: AnalyserDep,
    code: str,
    lang: LanguageParam = None,
    niveau: Annotated[
        TerritoryLevel | None, Query(description="level of the children compared (default: the highest)")
    ] = None,
) -> HTMLResponse:
    language = language_of(lang)
    view = comparison_view(analyser, code, language, niveau.value if niveau else None)
    return _page(request, analyser.store, view, language)


@router.get("/territoires/{code}/diagnostic", response_class=HTMLResponse)
def diagnostic_page(
    request: Request,
    analyser: AnalyserDep,
    settings: SettingsDep,
    code: str,
    lang: LanguageParam = None,
    depuis: Annotated[int | None, Query(ge=1900, le=2100, description="change since this year")] = None,
    format: Annotated[Literal["html", "pdf"], Query(description="html, or pdf (A4)")] = "html",
) -> Response:
    language = language_of(lang)
    view = diagnostic_view(analyser, code, language, depuis)
    html = _rendered(request, analyser.store, view, language)
    if format == "pdf":
        stylesheets = [(STATIC / "maillage.css").read_text(encoding="utf-8"), legend_css()]
        document = print_to_pdf(html, stylesheets, settings.chromium)
        name = view.context["territory"].key.replace(":", "-")
        return Response(
            document,
            media_type="application/pdf",
            headers={"Content-Disposition": f'inline; filename="diagnostic-{name}.pdf"'},
        )
    return _html(html, view.refreshing)


@router.get("/chemins", response_class=HTMLResponse)
def paths_page(
    request: Request,
    store: StoreDep,
    lang: LanguageParam = None,
    de: Annotated[str, Query(max_length=200, description="organisation id")] = "",
    de_nom: Annotated[str, Query(max_length=200, description="organisation name")] = "",
    a: Annotated[str, Query(max_length=200, description="organisation id")] = "",
    a_nom: Annotated[str, Query(max_length=200, description="organisation name")] = "",
    sauts: Annotated[int, Query(ge=1, le=MAX_PATH_HOPS, description="alliances crossed at most")] = 4,
) -> HTMLResponse:
    language = language_of(lang)
    return _page(request, store, paths_view(store, de, de_nom, a, a_nom, sauts), language)


@router.get("/organisations/{organisation_id}", response_class=HTMLResponse)
def organisation_page(
    request: Request, analyser: AnalyserDep, organisation_id: str, lang: LanguageParam = None
) -> HTMLResponse:
    language = language_of(lang)
    view = organisation_view(analyser, organisation_id, language)
    signed = browser_session.of_page(request)
    organisation = view.context["organisation"]
    can_edit = signed is not None and may_edit_organisation(signed.user, analyser.store, organisation)
    return _page(request, analyser.store, view, language, can_edit=can_edit)
