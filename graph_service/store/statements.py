"""Statement families: reads that come as a pair of statements, named here in full.

A read of many ids has a twin for one id (a primary-key look-up, see
``SyncEngine.read_by_ids``); a paged search has a twin that counts its matches. The node and
relationship kinds name their own statements (:mod:`graph_service.store.kinds`).

>>> ORGANISATIONS_GET.one, ALLIANCE_SEARCH.count
('organisations_get_one', 'alliance_search_count')
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ByIds:
    """A read of ``$ids`` and its twin that reads one ``$id``."""

    many: str
    one: str


@dataclass(frozen=True)
class PagedSearch:
    """A search that answers one page (``$limit``, ``$offset``) and its twin that counts every match."""

    page: str
    count: str


ORGANISATIONS_GET = ByIds("organisations_get", "organisations_get_one")
ALLIANCES_GET = ByIds("alliances_get", "alliances_get_one")
MEMBERSHIPS_OF_ALLIANCES = ByIds("memberships_of_alliances", "memberships_of_alliances_one")
MEMBERSHIPS_OF_ORGANISATIONS = ByIds("memberships_of_organisations", "memberships_of_organisations_one")
ORGANISATION_REACH = ByIds("organisation_reach", "organisation_reach_one")
ALLIANCE_REACH = ByIds("alliance_reach", "alliance_reach_one")

ORGANISATION_SEARCH = PagedSearch("organisation_search", "organisation_search_count")
ORGANISATION_SEARCH_IN_TERRITORY = PagedSearch(
    "organisation_search_in_territory", "organisation_search_in_territory_count"
)
ALLIANCE_SEARCH = PagedSearch("alliance_search", "alliance_search_count")
