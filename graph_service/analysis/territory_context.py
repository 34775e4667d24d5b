"""What a territory's groups are measured against: :class:`TerritoryContext`.

A club of an EPCI is measured in its département: its ties out reach the whole département (the
partners outside the EPCI are read with it), its share is of the département's organisations, and
its worlds are compared with the département's mix. The same club then gets the same verdict
whether the catalyst looks at her EPCI or at the département.

>>> context = TerritoryContext("departement:38", organisations=900, local=True, view="epci:200040715")
>>> context.local, context.territory
(True, 'departement:38')
"""

from __future__ import annotations

from dataclasses import dataclass

from graph_service.model import TerritoryLevel, World
from graph_service.store.port import AnalysisStore


@dataclass(frozen=True)
class TerritoryContext:
    """What a group's share and worlds are measured against, when not the analysed territory."""

    territory: str | None = None
    organisations: int | None = None
    """Organisations located in the context territory."""
    worlds: tuple[int, ...] | None = None
    """Of those, how many per world (in the order of ``WORLDS``)."""
    local: bool = False
    """The analysed territory lies within one area of the context (an EPCI or a commune of a
    département): every group in it is local."""
    view: str | None = None
    """The analysed territory, named as the area of a local group."""


def context_of(store: AnalysisStore, key: str) -> TerritoryContext | None:
    """The enclosing département of a territory below it (an EPCI, a commune, an informal area),
    with its organisations counted by world; ``None`` for a département or a larger territory."""
    view = store.get_territory(key)
    if view.territory.level.rank <= TerritoryLevel.DEPARTEMENT.rank:
        return None
    departement = next((t for t in view.ancestors if t.level is TerritoryLevel.DEPARTEMENT), None)
    if departement is None:
        return None
    counts = store.territory_world_counts(departement.key)
    worlds = tuple(int(counts.get(world.value, 0)) for world in World)
    return TerritoryContext(departement.key, sum(worlds), worlds, local=True, view=key)
