"""Funders on whom beneficiaries depend alone: a mandatory pass-through point drawn by public money.

A funder's *sole dependants* are the organisations it funds that no other funder of the territory
funds. A public funder with many is a point the ecosystem can hardly do without, whatever its
place in the alliance graph.

>>> from graph_service.model import OpenDataTie, Organisation, RelType
>>> city = Organisation(id="siren:213801855", name="Grenoble", world="collectivite")
>>> ties = [OpenDataTie(kind=RelType.FUNDS, source_id=city.id, target_id=f"demo:{k}", key=k) for k in "abc"]
>>> ties.append(OpenDataTie(kind=RelType.FUNDS, source_id="demo:x", target_id="demo:c", key="d"))
>>> [(f.id, f.beneficiaries, f.sole_dependants) for f in sole_funders(ties, {city.id: city}, 2)]
[('siren:213801855', 3, 2)]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from pydantic import BaseModel, Field

from graph_service.model import OpenDataTie, Organisation, RelType


class SoleFunder(BaseModel):
    """A funder, the organisations it funds, and those it funds alone."""

    id: str
    name: str
    world: str
    public: bool
    beneficiaries: int
    sole_dependants: int = Field(description="organisations funded by it and by no other funder here")
    amount: float = Field(description="total of its subsidies in the territory")


def sole_funders(
    ties: Iterable[OpenDataTie],
    organisations: Mapping[str, Organisation],
    min_dependants: int,
) -> list[SoleFunder]:
    """Funders with at least ``min_dependants`` sole dependants (the setting
    ``MAILLAGE_SOLE_FUNDER_MIN_DEPENDANTS``), the most depended on first."""
    funded: dict[str, set[str]] = defaultdict(set)
    funders_of: dict[str, set[str]] = defaultdict(set)
    amounts: dict[str, float] = defaultdict(float)
    for tie in ties:
        if tie.kind is not RelType.FUNDS:
            continue
        funded[tie.source_id].add(tie.target_id)
        funders_of[tie.target_id].add(tie.source_id)
        amounts[tie.source_id] += tie.amount or 0.0
    found = []
    for funder, beneficiaries in funded.items():
        alone = sum(1 for b in beneficiaries if funders_of[b] == {funder})
        if alone < min_dependants:
            continue
        known = organisations.get(funder)
        found.append(
            SoleFunder(
                id=funder,
                name=known.name if known else funder,
                world=known.world.value if known else "autre",
                public=bool(known and known.world.is_public),
                beneficiaries=len(beneficiaries),
                sole_dependants=alone,
                amount=round(amounts[funder], 2),
            )
        )
    return sorted(found, key=lambda f: (-f.sole_dependants, f.id))
