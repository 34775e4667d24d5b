"""Places as the pages name them: the communes a drawing shows, for its tooltips, and territories
as people say them."""

from __future__ import annotations

from functools import lru_cache

from graph_service.model import Territory, TerritoryLevel, location_key
from graph_service.store.port import TerritoryReads


def commune_names(store: TerritoryReads, communes: set[str]) -> dict[str, str]:
    """The name of each commune code (or arrondissement) of ``communes`` that the store knows."""
    keys = {code: location_key(code) for code in communes}
    names = {t.key: t.name for t in store.get_territories(sorted(set(keys.values())))}
    return {code: names[key] for code, key in keys.items() if key in names}


EPCI_KINDS = (
    ("CC ", "Communauté de communes "),
    ("CA ", "Communauté d'agglomération "),
    ("CU ", "Communauté urbaine "),
)
"""The abbreviations that open EPCI names in the reference, spelt out as people say them."""


@lru_cache(maxsize=1)
def _authority_names() -> dict[str, str]:
    from importers.territory_reference.authorities import load_authorities

    return {key: authority.name for key, authority in load_authorities().items()}


def spoken_name(territory: Territory) -> str:
    """A territory named as people say it: « Département de l'Isère », « Région Bretagne »,
    « Commune du Havre », « Communauté de communes de la Matheysine »; others as they are.

    >>> from graph_service.model import TerritoryLevel
    >>> spoken_name(Territory(level=TerritoryLevel.DEPARTEMENT, code="38", name="Isère"))
    "Département de l'Isère"
    >>> spoken_name(Territory(level=TerritoryLevel.EPCI, code="200040715", name="CC de la Matheysine"))
    'Communauté de communes de la Matheysine'
    """
    if territory.level is TerritoryLevel.EPCI:
        for short, spelt in EPCI_KINDS:
            if territory.name.startswith(short):
                return spelt + territory.name[len(short) :]
        return territory.name
    return _authority_names().get(territory.key, territory.name)
