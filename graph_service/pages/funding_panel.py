"""The territory page's public money panel: who funds whom, instead of raw tables. The totals per
year, the beneficiaries' worlds, the main funders (with those they fund alone) and the main
beneficiaries, and how many beneficiaries have no known place.

>>> from datetime import date
>>> from graph_service.model import OpenDataTie, Organisation, RelType
>>> city = Organisation(id="siren:213801855", name="Grenoble", world="collectivite", commune="38185")
>>> club = Organisation(id="demo:club", name="Club", world="association")
>>> ties = [OpenDataTie(kind=RelType.FUNDS, source_id=city.id, target_id=club.id, amount=500.0,
...                     day=date(2020, 1, 1), key=str(k)) for k in range(3)]
>>> panel = funding_panel(ties, {o.id: o for o in (city, club)})
>>> panel.total, panel.by_year, panel.unplaced, panel.funders[0].sole_dependants
(1500.0, [(2020, 3, 1500.0)], 1, 1)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

from graph_service.analysis.funding import SoleFunder, sole_funders
from graph_service.model import OpenDataTie, Organisation, RelType

SHOWN = 8
"""Funders and beneficiaries the panel names; the organisation pages list them all."""


@dataclass(frozen=True)
class Beneficiary:
    id: str
    name: str
    total: float
    funders: int


@dataclass(frozen=True)
class FundingPanel:
    grants: int
    total: float
    by_year: list[tuple[int, int, float]]
    """Year, grants, total."""
    by_world: list[tuple[str, int, float]]
    """The beneficiaries' world, how many, their total."""
    funders: list[SoleFunder]
    beneficiaries: list[Beneficiary]
    beneficiary_count: int
    funder_count: int
    unplaced: int
    """Beneficiaries with no known commune: counted here, placed by a SIRENE import."""


def funding_panel(ties: list[OpenDataTie], organisations: Mapping[str, Organisation]) -> FundingPanel | None:
    """The panel of ``ties`` (subsidies; contracts are left to the organisation pages), or none."""
    grants = [tie for tie in ties if tie.kind is RelType.FUNDS]
    if not grants:
        return None
    years: dict[int, list[float]] = defaultdict(list)
    received: dict[str, float] = defaultdict(float)
    funders_of: dict[str, set[str]] = defaultdict(set)
    for tie in grants:
        amount = tie.amount or 0.0
        if tie.day is not None:
            years[tie.day.year].append(amount)
        received[tie.target_id] += amount
        funders_of[tie.target_id].add(tie.source_id)
    worlds: dict[str, list[float]] = defaultdict(list)
    for beneficiary, amount in received.items():
        known = organisations.get(beneficiary)
        worlds[known.world.value if known else "autre"].append(amount)
    ranked = sorted(received, key=lambda b: (-received[b], b))[:SHOWN]
    return FundingPanel(
        grants=len(grants),
        total=round(sum(received.values()), 2),
        by_year=[(year, len(amounts), round(sum(amounts), 2)) for year, amounts in sorted(years.items())],
        by_world=sorted(
            ((world, len(amounts), round(sum(amounts), 2)) for world, amounts in worlds.items()),
            key=lambda row: (-row[2], row[0]),
        ),
        funders=sorted(
            sole_funders(grants, organisations, 0), key=lambda f: (-f.amount, -f.beneficiaries, f.id)
        )[:SHOWN],
        beneficiaries=[
            Beneficiary(
                b,
                organisations[b].name if b in organisations else b,
                round(received[b], 2),
                len(funders_of[b]),
            )
            for b in ranked
        ],
        beneficiary_count=len(received),
        funder_count=len({tie.source_id for tie in grants}),
        unplaced=sum(1 for b in received if not (b in organisations and organisations[b].commune)),
    )
