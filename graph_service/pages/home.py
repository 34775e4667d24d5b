"""The home page: the populated territories by level, and a search of territories and organisations.

>>> from graph_service.model import TerritoryLevel
>>> LISTED_LEVELS[0] is TerritoryLevel.REGION
True
"""

from __future__ import annotations

from graph_service.model import TerritoryLevel
from graph_service.pages.view import PageView
from graph_service.store.port import Reads
from graph_service.translations import translator

LISTED_LEVELS = [TerritoryLevel.REGION, TerritoryLevel.DEPARTEMENT, TerritoryLevel.EPCI]
FOUND_SHOWN = 15


def home_view(store: Reads, query: str, language: str) -> PageView:
    """The populated régions, départements and EPCI, and what ``query`` finds."""
    word = translator(language)
    populated = [
        (word(f"level.{level.value}"), store.populated_territories(level)) for level in LISTED_LEVELS
    ]
    found_territories, found_organisations = [], []
    if query.strip():
        found_territories = store.search_territories(query, limit=FOUND_SHOWN).items
        found_organisations = store.search_organisations(query, limit=FOUND_SHOWN).items
    context = {
        "query": query,
        "populated": populated,
        "found_territories": found_territories,
        "found_organisations": found_organisations,
    }
    return PageView("home.html", context)
