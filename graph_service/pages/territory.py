"""A territory's page: its ecosystem drawn, with the closure cards, the introductions to make and
the downloads; above ``visual_max_nodes`` organisations, first drawn as its communities.

>>> territory_options(2020, []).filter.window()
(datetime.date(2020, 1, 1), datetime.date(2020, 12, 31))
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from graph_service.analysis.analysed_territory import AnalysedTerritory
from graph_service.analysis.analyser import PAGE_BROKERS, PAGE_INTRODUCTIONS, Analyser
from graph_service.analysis.brokerage import ROLES
from graph_service.analysis.metric import Metric
from graph_service.analysis.options import DEFAULT_OPTIONS, AnalysisOptions
from graph_service.model import AllianceMode, OpenDataTie, SubgraphFilter, TerritoryView
from graph_service.pages.card_words import card_views
from graph_service.pages.change import change_since, since_day
from graph_service.pages.funding_panel import funding_panel
from graph_service.pages.places import commune_names
from graph_service.pages.rendering import legend, link_maker
from graph_service.pages.view import PageView
from graph_service.translations import translator
from visual.charts import heat_map
from visual.ecosystem import AnalysedEcosystem, Drawing
from visual.network import community_network, organisation_network

SIZE_METRICS = [Metric.PAGERANK, Metric.STRENGTH, Metric.DEGREE, Metric.BETWEENNESS, Metric.EIGENVECTOR]
DOWNLOADS = (("gexf", "GEXF"), ("graphml", "GraphML"), ("csv", "CSV"))
PANEL_ROWS = 8
"""Pass-through points and brokers the page lists (the diagnostic and the API give them all)."""


@dataclass(frozen=True)
class TerritoryChoices:
    """What the visitor chose on the page: modes, year, node sizes, one community opened, and the
    year since which changes are shown."""

    modes: list[AllianceMode]
    year: int | None
    size_by: Metric
    community: int | None
    since: int | None = None
    money: bool = True
    """Whether subsidies and public contracts are drawn (dashed) between the organisations."""


def territory_options(year: int | None, modes: list[AllianceMode]) -> AnalysisOptions:
    """The analysis behind the page: the alliances of ``modes`` running during ``year``."""
    if year is None:
        return AnalysisOptions(filter=SubgraphFilter(modes=modes))
    window = SubgraphFilter(modes=modes, start=date(year, 1, 1), end=date(year, 12, 31))
    return AnalysisOptions(filter=window)


def alliance_years(analyser: Analyser, key: str) -> dict[str, int]:
    """The span of alliance years in the unfiltered territory, for the slider."""
    graph = analyser.base(key, DEFAULT_OPTIONS).graph
    years = [d.year for a in graph.alliances.values() for d in (a.start, a.end) if d is not None]
    this_year = date.today().year
    last = min(max(years, default=this_year), this_year)
    return {"first": min(years, default=this_year), "last": last}


def territory_view(
    analyser: Analyser,
    view: TerritoryView,
    base: AnalysedTerritory,
    choices: TerritoryChoices,
    years: dict[str, int],
    language: str,
    max_nodes: int,
) -> PageView:
    """The page of ``view``'s territory drawn from ``base``."""
    options = territory_options(choices.year, choices.modes)
    communaute = choices.community
    cards = base.cards
    url = link_maker(language)
    kept = {
        "mode": [m.value for m in choices.modes] or None,
        "annee": choices.year,
        "taille": choices.size_by.value,
        "depuis": choices.since,
        "financements": None if choices.money else "0",
    }
    change = change_since(analyser, base, choices.since) if choices.since else None
    money = analyser.store.open_data_ties(view.territory.key, options.filter)
    parties = {t.source_id for t in money} | {t.target_id for t in money}
    path = f"/territoires/{view.territory.key}"
    drawing = _Page(analyser, base, choices, language, max_nodes).drawing(
        options, change, money, link=lambda community: url(path, communaute=community, **kept)
    )
    shown_cards = [c for c in cards if communaute is None or c.community == communaute]
    introductions = analyser.introductions(base, options, limit=PAGE_INTRODUCTIONS).suggestions
    # Concentrated communities first, then uncertain ones: they are what the page is for.
    first_cards, other_cards = card_views(shown_cards, introductions, translator(language))
    filters = options.filter.model_dump(mode="json", exclude_defaults=True)
    api = f"/api/v1/territories/{view.territory.key}/ecosystem"
    download_query = {"mode": filters.get("modes"), "from": filters.get("start"), "to": filters.get("end")}
    context = {
        "territory": view.territory,
        "ancestors": view.ancestors,
        "community": communaute,
        "kept_filters": kept,
        "title": view.territory.name,
        "summary": _summary(base),
        **_filter_panel(choices, years, language),
        "drawing": drawing,
        "legend": legend(shown_cards, language),
        "first_cards": first_cards,
        "other_cards": other_cards,
        "change": change,
        "context_names": {
            t.key: t.name
            for t in analyser.store.get_territories(sorted({c.context for c in cards if c.context}))
        },
        "introductions": introductions,
        "funding": funding_panel(money, {o.id: o for o in analyser.store.get_organisations(sorted(parties))}),
        **_brokerage_panel(analyser, base, options),
        "downloads": [(url(api, format=fmt, **download_query), label) for fmt, label in DOWNLOADS],
    }
    return PageView("territory.html", context, snapshot=base.snapshot)


def _filter_panel(choices: TerritoryChoices, years: dict[str, int], language: str) -> dict[str, Any]:
    """What the filter form offers and what is chosen: modes, year, node size."""
    words = translator(language)
    return {
        "modes": [
            {"key": m.value, "label": words(f"mode.{m.value}"), "checked": m in choices.modes}
            for m in AllianceMode
        ],
        "year": choices.year,
        "years": years,
        "metrics": [m.value for m in SIZE_METRICS],
        "size_by": choices.size_by.value,
    }


def _summary(base: AnalysedTerritory) -> dict[str, int]:
    graph, cards = base.graph, base.cards
    return {
        "organisations": graph.node_count,
        # The partners outside are drawn and counted here; the home page counts those inside.
        "outside": int(graph.external.sum()),
        "ties": graph.edge_count,
        "communities": len(cards),
        "concentrated": sum(c.concentrated for c in cards),
        "isolated": int(graph.isolated().size),
    }


@dataclass(frozen=True)
class _Page:
    """What the drawing of one territory page is made from."""

    analyser: Analyser
    base: AnalysedTerritory
    choices: TerritoryChoices
    language: str
    max_nodes: int

    def drawing(
        self,
        options: AnalysisOptions,
        change: dict[str, Any] | None,
        money: list[OpenDataTie],
        link: Callable[[int], str],
    ) -> Drawing:
        """The territory's communities when it is large and none is chosen (``link`` opens one),
        else its organisations (all, or the chosen community's)."""
        analyser, base, choices, max_nodes = self.analyser, self.base, self.choices, self.max_nodes
        graph, partition = base.graph, base.partition
        communaute = choices.community
        members = None if communaute is None else np.flatnonzero(partition.membership == communaute)
        overview = communaute is None and graph.node_count > max_nodes
        sizes = (
            graph.strength if overview else analyser.centrality_table(base, options).values[choices.size_by]
        )
        # Commune names only for a view drawn organisation by organisation.
        drawn = graph.organisations if members is None else [graph.organisations[i] for i in members.tolist()]
        communes = {o.commune for o in drawn if o.commune} if len(drawn) <= max_nodes else set()
        joined = frozenset(change["report"].joined) if change and "report" in change else frozenset()
        eco = AnalysedEcosystem(
            since=since_day(choices.since) if choices.since else None,
            joined=joined,
            graph=graph,
            membership=partition.membership,
            cards=base.cards,
            sizes=sizes,
            seed=partition.seed,
            commune_names=commune_names(analyser.store, communes),
            language=self.language,
        )
        if overview:
            return community_network(
                eco, link=link, max_nodes=max_nodes, min_size=analyser.settings.closure.min_size
            )
        url = link_maker(self.language)
        return organisation_network(
            eco,
            link=lambda i: url(f"/organisations/{i}"),
            nodes=members,
            max_nodes=max_nodes,
            money=money if choices.money else [],
        )


def _brokerage_panel(analyser: Analyser, base: AnalysedTerritory, options: AnalysisOptions) -> dict[str, Any]:
    """The page's brokerage panel: pass-through points, the main brokers by Gould–Fernandez role,
    and the worlds' heat map."""
    report = analyser.brokerage(base, options, top=PAGE_BROKERS)
    mixing = analyser.mixing(base, options).mixing
    return {
        "pass_through": report.public_points[:PANEL_ROWS],
        "other_pass_through": report.other_points[:PANEL_ROWS],
        "brokers": report.rows[:PANEL_ROWS],
        "broker_roles": list(ROLES),
        "mixing_worlds": list(mixing.ties),
        "heat": heat_map(mixing.ties),
    }
