"""The HTML pages: home and search, a territory's ecosystem, an organisation's network.

The routes fetch through the store port and the analyser, then hand an analysed graph to
``visual``, which draws it. Pages send a Content-Security-Policy with no inline code allowed.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import numpy as np
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from graph_service.analysis.analyser import Analyser
from graph_service.analysis.cache import Base
from graph_service.analysis.centrality import Metric
from graph_service.analysis.options import DEFAULT_OPTIONS, AnalysisOptions
from graph_service.analysis.projection import project
from graph_service.api.auth import require_read
from graph_service.api.envelope import store_of
from graph_service.api.response_cache import REFRESHING_HEADER, CachedResponse, ResponseCache
from graph_service.api.routes.analysis import analyser_of
from graph_service.model import AllianceMode, SubgraphFilter, TerritoryLevel, TerritoryView, location_key
from graph_service.store.port import GraphStore
from visual.assets import legend_css
from visual.i18n import translator
from visual.network import AnalysedEcosystem, Drawing, community_network, organisation_network
from visual.pages import CONTENT_SECURITY_POLICY, language_of, legend, link_maker, render

router = APIRouter(tags=["pages"], include_in_schema=False, dependencies=[Depends(require_read)])
SIZE_METRICS = [Metric.PAGERANK, Metric.STRENGTH, Metric.DEGREE, Metric.BETWEENNESS, Metric.EIGENVECTOR]
LISTED_LEVELS = [TerritoryLevel.REGION, TerritoryLevel.DEPARTEMENT, TerritoryLevel.EPCI]
Language = Annotated[str | None, Query(alias="lang", description="fr (default) or en")]


def _page(
    request: Request,
    template: str,
    language: str,
    snapshot: str | None = None,
    refreshing: bool = False,
    **context: Any,
) -> HTMLResponse:
    html = render(
        template,
        language=language,
        path=request.url.path,
        snapshot=snapshot or store_of(request).snapshot_id(),
        refreshing=refreshing,
        query_params=dict(request.query_params),
        **context,
    )
    return _html(html, refreshing)


def _html(html: str | bytes, refreshing: bool) -> HTMLResponse:
    headers = {"Content-Security-Policy": CONTENT_SECURITY_POLICY}
    if refreshing:
        headers[REFRESHING_HEADER] = "1"
    return HTMLResponse(html, headers=headers)


@router.get("/static/legend.css")
def legend_stylesheet() -> Response:
    return PlainTextResponse(legend_css(), media_type="text/css")


@router.get("/", response_class=HTMLResponse)
def home(
    request: Request,
    lang: Language = None,
    q: Annotated[str, Query(max_length=200, description="territory or organisation")] = "",
) -> HTMLResponse:
    language = language_of(lang)
    store = store_of(request)
    word = translator(language)
    populated = [
        (word(f"level.{level.value}"), store.populated_territories(level)) for level in LISTED_LEVELS
    ]
    found_territories, found_organisations = [], []
    if q.strip():
        found_territories = store.search_territories(q, limit=15).items
        found_organisations = store.search_organisations(q, limit=15).items
    return _page(
        request,
        "home.html",
        language,
        query=q,
        populated=populated,
        found_territories=found_territories,
        found_organisations=found_organisations,
    )


def _year_filter(year: int | None, modes: list[AllianceMode]) -> AnalysisOptions:
    if year is None:
        return AnalysisOptions(filter=SubgraphFilter(modes=modes))
    return AnalysisOptions(filter=SubgraphFilter(modes=modes, start=date(year, 1, 1), end=date(year, 12, 31)))


def _years(analyser: Analyser, code: str) -> dict[str, int]:
    """The span of alliance years in the unfiltered territory, for the slider."""
    graph = analyser.base(code, DEFAULT_OPTIONS).graph
    years = [d.year for a in graph.alliances.values() for d in (a.start, a.end) if d is not None]
    this_year = date.today().year
    last = min(max(years, default=this_year), this_year)
    return {"first": min(years, default=this_year), "last": last}


def _commune_names(store: GraphStore, communes: set[str]) -> dict[str, str]:
    keys = {code: location_key(code) for code in communes}
    names = {t.key: t.name for t in store.get_territories(sorted(set(keys.values())))}
    return {code: names[key] for code, key in keys.items() if key in names}


@router.get("/territoires/{code}", response_class=HTMLResponse)
def territory_page(
    request: Request,
    code: str,
    lang: Language = None,
    mode: Annotated[list[AllianceMode] | None, Query(description="alliance modes kept")] = None,
    annee: Annotated[int | None, Query(ge=1900, le=2100, description="alliances running that year")] = None,
    taille: Annotated[Metric, Query(description="centrality behind node sizes")] = Metric.PAGERANK,
    communaute: Annotated[int | None, Query(ge=0, description="open one community")] = None,
) -> HTMLResponse:
    language = language_of(lang)
    store = store_of(request)
    analyser = analyser_of(request)
    modes = mode or []
    # Errors (unknown territory, store down) become the French error page in api/problems.py.
    view = store.get_territory(code)
    options = _year_filter(annee, modes)
    base = analyser.base(view.territory.key, options)
    years = _years(analyser, view.territory.key)
    # The page is a function of its URL, its analysis and its place in the territories: drawn once
    # per analysis, it is not drawn again for every write that outdates the analysis meanwhile. The
    # banner "mise à jour en cours" is added to the drawing, so the first such write does not
    # redraw it either.
    drawn_pages: ResponseCache = request.app.state.page_cache
    page_key = f"{request.url.path}?{request.url.query}"
    version = f"{base.token}:{years}:{hash(view.model_dump_json())}"
    drawn = drawn_pages.get(page_key, version)
    if drawn is None:
        as_drawn = base.model_copy(update={"refreshing": False})
        page = _territory_page(request, view, as_drawn, options, years, language, taille, communaute)
        drawn = CachedResponse(snapshot=version, status=200, headers=[], body=bytes(page.body))
        drawn_pages.put(page_key, drawn)
    body = drawn.body
    if base.refreshing:
        banner = render("_refreshing.html", language=language, path=request.url.path, snapshot="")
        body = body.replace(b"<main>", banner.encode() + b"<main>", 1)
    return _html(body, base.refreshing)


def _territory_page(
    request: Request,
    view: TerritoryView,
    base: Base,
    options: AnalysisOptions,
    years: dict[str, int],
    language: str,
    taille: Metric,
    communaute: int | None,
) -> HTMLResponse:
    store = store_of(request)
    analyser = analyser_of(request)
    max_nodes = request.app.state.settings.visual_max_nodes
    modes, annee = options.filter.modes, options.filter.start.year if options.filter.start else None
    graph, partition, cards = base.graph, base.partition, base.cards
    url = link_maker(language)
    kept = {"mode": [m.value for m in modes] or None, "annee": annee, "taille": taille.value}
    path = f"/territoires/{view.territory.key}"
    members = None if communaute is None else np.flatnonzero(partition.membership == communaute)
    overview = communaute is None and graph.node_count > max_nodes
    sizes = graph.strength if overview else analyser.centrality_table(base, options).values[taille.value]
    # Commune names only for a view drawn organisation by organisation.
    drawn = graph.organisations if members is None else [graph.organisations[i] for i in members.tolist()]
    communes = {o.commune for o in drawn if o.commune} if len(drawn) <= max_nodes else set()
    eco = AnalysedEcosystem(
        graph=graph,
        membership=partition.membership,
        cards=cards,
        sizes=sizes,
        seed=partition.seed,
        commune_names=_commune_names(store, communes),
        language=language,
    )
    drawing: Drawing
    if overview:
        drawing = community_network(
            eco,
            link=lambda community: url(path, communaute=community, **kept),
            max_nodes=max_nodes,
            min_size=analyser.settings.closure.min_size,
        )
    else:
        drawing = organisation_network(
            eco, link=lambda i: url(f"/organisations/{i}"), nodes=members, max_nodes=max_nodes
        )
    shown_cards = [c for c in cards if communaute is None or c.community == communaute]
    # Concentrated communities first: they are what the page is for.
    shown_cards.sort(key=lambda c: (not c.concentrated, c.community))
    filters = options.filter.model_dump(mode="json", exclude_defaults=True)
    api = f"/api/v1/territories/{view.territory.key}/ecosystem"
    download_query = {
        "mode": filters.get("modes"),
        "from": filters.get("start"),
        "to": filters.get("end"),
    }
    return _page(
        request,
        "territory.html",
        language,
        snapshot=base.snapshot,
        territory=view.territory,
        ancestors=view.ancestors,
        community=communaute,
        kept_filters=kept,
        title=view.territory.name,
        summary={
            "organisations": graph.node_count,
            "ties": graph.edge_count,
            "communities": len(cards),
            "concentrated": sum(c.concentrated for c in cards),
            "isolated": int(graph.isolated().size),
        },
        modes=[
            {"key": m.value, "label": translator(language)(f"mode.{m.value}"), "checked": m in modes}
            for m in AllianceMode
        ],
        year=annee,
        years=years,
        metrics=[m.value for m in SIZE_METRICS],
        size_by=taille.value,
        drawing=drawing,
        legend=legend({c.community: (c.size, c.concentrated) for c in shown_cards}, language),
        cards=shown_cards,
        rule=analyser.settings.closure.rule(),
        introductions=analyser.introductions(base, options, limit=15).suggestions,
        downloads=[
            (url(api, format=fmt, **download_query), label)
            for fmt, label in (("gexf", "GEXF"), ("graphml", "GraphML"), ("csv", "CSV"))
        ],
    )


@router.get("/organisations/{organisation_id}", response_class=HTMLResponse)
def organisation_page(request: Request, organisation_id: str, lang: Language = None) -> HTMLResponse:
    language = language_of(lang)
    store = store_of(request)
    analyser = analyser_of(request)
    organisation = store.get_organisation(organisation_id)
    ego = store.neighbours(organisation_id, depth=2)
    alliances = store.organisation_alliances(organisation_id)
    commune = location_key(organisation.commune) if organisation.commune else None
    places = store.get_territory(commune).ancestors if commune else []
    if organisation.commune:
        places = [*store.get_territories([location_key(organisation.commune)]), *places]
    home_territory = next((p for p in places if p.level is TerritoryLevel.DEPARTEMENT), None)
    graph = project(ego)
    membership = np.full(graph.node_count, -1, dtype=np.int64)
    card = None
    cards = []
    refreshing = False
    if home_territory is not None:
        base = analyser.base(home_territory.key, DEFAULT_OPTIONS)
        cards, refreshing = base.cards, base.refreshing
        index = base.graph.index
        for i, member in enumerate(graph.ids):
            if member in index:
                membership[i] = base.partition.membership[index[member]]
        own = membership[graph.index[organisation_id]] if organisation_id in graph.index else -1
        card = next((c for c in cards if c.community == own), None)
    # Organisations outside the home partition each get a community of their own: grey, no card.
    outside = membership < 0
    membership[outside] = membership.max(initial=-1) + 1 + np.arange(int(outside.sum()))
    eco = AnalysedEcosystem(
        graph=graph,
        membership=membership,
        cards=cards,
        sizes=graph.strength,
        seed=analyser.settings.analysis_seed,
        commune_names=_commune_names(store, {o.commune for o in graph.organisations if o.commune}),
        language=language,
    )
    url = link_maker(language)
    drawing = organisation_network(eco, link=lambda i: url(f"/organisations/{i}"), focus=organisation_id)
    shown = {c.community: (c.size, c.concentrated) for c in cards if c.community in set(membership.tolist())}
    commune_name = eco.commune_names.get(organisation.commune or "", organisation.commune)
    return _page(
        request,
        "organisation.html",
        language,
        refreshing=refreshing,
        organisation=organisation,
        title=organisation.name,
        commune=commune_name,
        places=places,
        home=home_territory,
        card=card,
        alliances=alliances,
        names={o.id: o.name for o in graph.organisations},
        drawing=drawing,
        legend=legend(shown, language),
    )
