"""An organisation's page: its network two alliances deep, coloured by the communities of its
département, with its own community's closure card."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from graph_service.analysis.analyser import Analyser
from graph_service.analysis.closure import ClosureCard
from graph_service.analysis.options import DEFAULT_OPTIONS
from graph_service.analysis.projection import ProjectedGraph, project
from graph_service.model import OpenDataTie, Organisation, RelType, Territory, TerritoryLevel, location_key
from graph_service.pages.card_words import sentence
from graph_service.pages.places import commune_names
from graph_service.pages.rendering import legend, link_maker
from graph_service.pages.view import PageView
from graph_service.store.port import Reads
from graph_service.translations import translator
from visual.ecosystem import AnalysedEcosystem
from visual.network import organisation_network

EGO_DEPTH = 2
MONEY_PARTNERS_DRAWN = 60
"""Funders and beneficiaries drawn around an organisation; all are listed in its tables."""
MONEY_ROWS_SHOWN = 50
"""Parties listed before the rest of a money table is folded."""


def _money_rows(
    ties: list[OpenDataTie], parties: dict[str, Organisation], places: dict[str, str], other: str
) -> list[dict[str, Any]]:
    """Subsidies and contracts grouped by the other party, the largest total first: how many, how
    much, which years, what for, and where the party is (« lieu inconnu » when no commune is known:
    a beneficiary known only by its SIRET, until a SIRENE import places it)."""
    grouped: dict[str, list[OpenDataTie]] = {}
    for tie in ties:
        grouped.setdefault(getattr(tie, other), []).append(tie)
    rows = []
    for party_id, own in grouped.items():
        party = parties.get(party_id)
        years = sorted({tie.day.year for tie in own if tie.day})
        amounts = [tie.amount for tie in own if tie.amount is not None]
        rows.append(
            {
                "id": party_id,
                "name": party.name if party else party_id,
                "place": places.get(party.commune or "") if party and party.commune else None,
                "count": len(own),
                "contracts": sum(tie.kind is RelType.CONTRACTS_WITH for tie in own),
                "total": sum(amounts) if amounts else None,
                "years": f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else ""),
                "last_year": years[-1] if years else 0,
                "objects": sorted({tie.object for tie in own if tie.object})[:2],
            }
        )
    return sorted(rows, key=lambda row: (-(row["total"] or 0.0), row["name"]))


def organisation_view(analyser: Analyser, organisation_id: str, language: str) -> PageView:
    """The page of ``organisation_id``; unknown ids raise :class:`~graph_service.errors.NotFound`."""
    store = analyser.store
    organisation = store.get_organisation(organisation_id)
    ego = store.neighbours(organisation_id, depth=EGO_DEPTH)
    alliances = store.organisation_alliances(organisation_id)
    money = _PublicMoney.of(store, organisation_id)
    # Its funders and beneficiaries are drawn too (the largest sums first): public money is
    # often the only tie an authority has in the data.
    largest = sorted(money.funded_by + money.funds, key=lambda row: -(row["total"] or 0.0))
    drawn_partners = {row["id"] for row in largest[:MONEY_PARTNERS_DRAWN]}
    known = {o.id for o in ego.organisations}
    drawn = [o for o in money.partners if o.id in drawn_partners - known]
    ego = ego.model_copy(update={"organisations": ego.organisations + drawn})
    places = _places_of(store, organisation)
    home_territory = next((p for p in places if p.level is TerritoryLevel.DEPARTEMENT), None)
    graph = project(ego)
    home = _HomeCommunities.of(analyser, graph, home_territory)
    membership, cards = home.membership, home.cards
    card = next((c for c in cards if c.community == home.community_of(graph, organisation_id)), None)
    eco = AnalysedEcosystem(
        graph=graph,
        membership=membership,
        cards=cards,
        sizes=graph.strength,
        seed=analyser.settings.analysis_seed,
        commune_names=commune_names(store, {o.commune for o in graph.organisations if o.commune}),
        language=language,
    )
    url = link_maker(language)
    drawing = organisation_network(
        eco, link=lambda i: url(f"/organisations/{i}"), focus=organisation_id, money=money.ties
    )
    present = set(membership.tolist())
    shown = [c for c in cards if c.community in present]
    context = {
        "organisation": organisation,
        "title": organisation.name,
        "commune": eco.commune_names.get(organisation.commune or "", organisation.commune),
        "places": places,
        "home": home_territory,
        "card": card,
        "card_sentence": sentence(card, translator(language)) if card else "",
        "alliances": alliances,
        "names": {o.id: o.name for o in graph.organisations},
        "drawing": drawing,
        "legend": legend(shown, language),
        "funded_by": money.funded_by,
        "funds": money.funds,
        "money_rows_shown": MONEY_ROWS_SHOWN,
    }
    return PageView("organisation.html", context, refreshing=home.refreshing)


def _places_of(store: Reads, organisation: Organisation) -> list[Territory]:
    """The organisation's commune and every territory above it, nearest first."""
    if not organisation.commune:
        return []
    commune = location_key(organisation.commune)
    return [*store.get_territories([commune]), *store.get_territory(commune).ancestors]


@dataclass(frozen=True)
class _PublicMoney:
    """The open-data ties of one organisation, with the other parties, as the page's two tables."""

    ties: list[OpenDataTie]
    partners: list[Organisation]
    funded_by: list[dict[str, Any]]
    funds: list[dict[str, Any]]

    @classmethod
    def of(cls, store: Reads, organisation_id: str) -> _PublicMoney:
        ties = store.organisation_open_data_ties(organisation_id)
        others = {t.source_id for t in ties} | {t.target_id for t in ties}
        partners = store.get_organisations(sorted(others - {organisation_id}))
        parties = {o.id: o for o in partners}
        places = commune_names(store, {o.commune for o in partners if o.commune})
        received = [t for t in ties if t.target_id == organisation_id]
        given = [t for t in ties if t.source_id == organisation_id]
        return cls(
            ties,
            partners,
            funded_by=_money_rows(received, parties, places, "source_id"),
            funds=_money_rows(given, parties, places, "target_id"),
        )


@dataclass(frozen=True)
class _HomeCommunities:
    """The neighbourhood's organisations in the communities of their home département's analysis."""

    membership: np.ndarray
    cards: list[ClosureCard]
    refreshing: bool
    first_own: int
    """Communities from this number on are of one organisation outside the home partition each."""

    def community_of(self, graph: ProjectedGraph, organisation_id: str) -> int | None:
        """The home community of ``organisation_id``; None outside the home partition."""
        found = int(self.membership[graph.index[organisation_id]]) if organisation_id in graph.index else -1
        return found if 0 <= found < self.first_own else None

    @classmethod
    def of(cls, analyser: Analyser, graph: ProjectedGraph, home: Territory | None) -> _HomeCommunities:
        membership = np.full(graph.node_count, -1, dtype=np.int64)
        cards: list[ClosureCard] = []
        refreshing = False
        if home is not None:
            base = analyser.base(home.key, DEFAULT_OPTIONS)
            cards, refreshing = base.cards, base.refreshing
            index = base.graph.index
            for i, member in enumerate(graph.ids):
                if member in index:
                    membership[i] = base.partition.membership[index[member]]
        # Organisations outside the home partition each get a community of their own: grey, no
        # card. Numbered past every community of the home partition, so none takes another's card.
        first_own = 1 + max(int(membership.max(initial=-1)), max((c.community for c in cards), default=-1))
        outside = membership < 0
        membership[outside] = first_own + np.arange(int(outside.sum()))
        return cls(membership, cards, refreshing, first_own)
