"""The children of a territory side by side (the EPCI of a département, the départements of a
région), from one pass over the parent's analysis: :func:`compare_children`.

Each child gets its organisations, ties per organisation, the share of each world, its concentrated
communities (those whose members lie mostly in it) and the share of its organisations inside them,
its catalysts, its isolated organisations and its main pass-through point (the organisation whose
withdrawal cuts the most others off). Nothing is analysed per child: the parent's projection,
partition and cut points are read once and split by child.

>>> [column for column in ComparisonRow.model_fields][:4]
['key', 'name', 'level', 'organisations']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from pydantic import BaseModel, Field

from graph_service.analysis.options import AnalysisOptions
from graph_service.analysis.pass_through import cut_points
from graph_service.analysis.projection import WORLDS
from graph_service.analysis.reports import Report, TableRow
from graph_service.model import TerritoryLevel

if TYPE_CHECKING:
    from graph_service.analysis.analysed_territory import AnalysedTerritory
    from graph_service.analysis.analyser import Analyser


class ComparisonRow(BaseModel):
    """One child territory, measured inside its parent's analysis."""

    key: str
    name: str
    level: str
    organisations: int
    ties_per_organisation: float = Field(description="mean number of partners of its organisations")
    worlds: dict[str, float] = Field(description="share of its organisations in each world")
    concentrated: int = Field(description="concentrated communities whose members lie mostly in it")
    in_concentrated: float = Field(description="share of its organisations inside a concentrated community")
    catalysts: int
    isolated: int
    pass_through_id: str | None = None
    pass_through_name: str | None = None
    pass_through_cut_off: int = Field(default=0, description="organisations its withdrawal cuts off")


class ComparisonReport(Report):
    children: list[ComparisonRow]

    def table(self) -> list[TableRow]:
        rows = []
        for child in self.children:
            row = child.model_dump(exclude={"worlds"})
            rows.append({**row, **{f"share_{world}": share for world, share in child.worlds.items()}})
        return rows


def _rows(base: AnalysedTerritory, children: list[tuple[str, str, str]]) -> list[ComparisonRow]:
    graph, labels = base.graph, base.partition.membership
    inside = ~graph.external
    code_of = {key: k for k, (key, _, _) in enumerate(children)}
    area = np.array(
        [code_of.get(a or "", -1) if inside[i] else -1 for i, a in enumerate(graph.areas)], dtype=np.int64
    )
    placed = area >= 0
    n = len(children)
    organisations = np.bincount(area[placed], minlength=n)
    degrees = np.bincount(area[placed], weights=graph.degree[placed], minlength=n)
    worlds = np.bincount(area[placed] * len(WORLDS) + graph.world_code[placed], minlength=n * len(WORLDS))
    worlds = worlds.reshape(n, len(WORLDS))
    is_catalyst = np.array([o.catalyst is not None for o in graph.organisations], dtype=np.float64)
    catalysts = np.bincount(area[placed], weights=is_catalyst[placed], minlength=n)
    isolated = np.bincount(area[placed & (graph.degree == 0)], minlength=n)
    flagged = [card.community for card in base.cards if card.concentrated]
    in_flagged = np.isin(labels, flagged) & placed
    members_in = np.bincount(area[in_flagged], minlength=n)
    concentrated = np.zeros(n, dtype=np.int64)
    for community in flagged:
        where = area[(labels == community) & placed]
        if where.size:
            concentrated[np.bincount(where).argmax()] += 1
    cut_off = cut_points(graph).cut_off if graph.node_count else np.zeros(0)
    best = np.full(n, -1)
    for i in np.flatnonzero(placed & (cut_off > 0)).tolist():
        child = area[i]
        if best[child] < 0 or cut_off[i] > cut_off[best[child]]:
            best[child] = i
    counts = organisations[:, None]
    shares = np.divide(worlds, counts, out=np.zeros(worlds.shape), where=counts > 0)
    rows = []
    for k, (key, name, level) in enumerate(children):
        count = int(organisations[k])
        point = int(best[k])
        rows.append(
            ComparisonRow(
                key=key,
                name=name,
                level=level,
                organisations=count,
                ties_per_organisation=round(float(degrees[k] / count), 4) if count else 0.0,
                worlds={w.value: round(float(shares[k, j]), 4) for j, w in enumerate(WORLDS)},
                concentrated=int(concentrated[k]),
                in_concentrated=round(float(members_in[k] / count), 4) if count else 0.0,
                catalysts=int(catalysts[k]),
                isolated=int(isolated[k]),
                pass_through_id=graph.ids[point] if point >= 0 else None,
                pass_through_name=graph.organisations[point].name if point >= 0 else None,
                pass_through_cut_off=int(cut_off[point]) if point >= 0 else 0,
            )
        )
    rows.sort(key=lambda row: (-row.organisations, row.name))
    return rows


def compare_children(analyser: Analyser, code: str, options: AnalysisOptions) -> ComparisonReport:
    """The children of ``code`` side by side, from its own analysis with ``options``."""
    base = analyser.base(code, options)
    view = analyser.store.get_territory(base.territory)
    children = [
        (child.key, child.name, child.level.value)
        for child in view.children
        if child.level is not TerritoryLevel.PROJET
    ]
    rows = analyser.cache.derived(
        base, ("comparison", base.territory, options.key()), lambda: _rows(base, children)
    )
    return ComparisonReport(
        territory=base.territory,
        method=analyser.method_of(base, "children measured in the parent's analysis", options),
        children=rows,
    )
