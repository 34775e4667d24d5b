"""Public money in the drawing: what passes along an edge, in its tooltip's words, and the dashed
edges of the subsidies and contracts no alliance already draws.

>>> from datetime import date
>>> from graph_service.model import OpenDataTie, RelType
>>> from graph_service.translations import translator
>>> ties = [OpenDataTie(kind=RelType.FUNDS, source_id="a", target_id="b", day=date(2016, 5, 1),
...                     amount=10_000), OpenDataTie(kind=RelType.FUNDS, source_id="a", target_id="b",
...                     day=date(2017, 5, 1), amount=5_500)]
>>> [part.replace("\u00a0", " ") for part in money_summary(ties, translator("fr"))]
['2 subvention(s)', '15 500 €', '2016–2017']
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

from pyvis.edge import Edge

from graph_service.model import OpenDataTie, RelType
from graph_service.translations import euros
from visual.style import OPEN_DATA, mode_colour


def money_summary(ties: list[OpenDataTie], word: Callable[[str], str]) -> list[str]:
    """What public money passes along an edge: how many subsidies and contracts, their total and
    their years (``['2 subvention(s)', '20 000 €', '2016–2017']``); nothing without any."""
    if not ties:
        return []
    subsidies = sum(1 for tie in ties if tie.kind is RelType.FUNDS)
    parts = [
        f"{count} {word(key)}"
        for count, key in (
            (subsidies, "money.subsidy_count"),
            (len(ties) - subsidies, "money.contract_count"),
        )
        if count
    ]
    amounts = [tie.amount for tie in ties if tie.amount is not None]
    if amounts:
        parts.append(euros(sum(amounts)))
    years = sorted({tie.day.year for tie in ties if tie.day})
    if years:
        parts.append(str(years[0]) if years[0] == years[-1] else f"{years[0]}–{years[-1]}")
    return parts


def money_edges(
    drawn: set[str], tied: set[frozenset[str]], money: Sequence[OpenDataTie], word: Callable[[str], str]
) -> list[dict[str, Any]]:
    """Public money between ``drawn`` organisations, one dashed edge a pair (vis-network's edge
    options); a pair in ``tied`` keeps its alliance edge. It is drawn, not analysed: a commune
    funding 500 associations would otherwise be the hub of every community."""
    pairs: dict[tuple[str, str], list[OpenDataTie]] = defaultdict(list)
    for tie in money:
        pair = frozenset((tie.source_id, tie.target_id))
        if len(pair) == 2 and pair <= drawn and pair not in tied:
            pairs[(tie.source_id, tie.target_id)].append(tie)
    return [
        Edge(
            funder,
            funded,
            False,
            width=1.5,
            color={"color": mode_colour(OPEN_DATA), "opacity": 0.8},
            dashes=True,
            title=" · ".join([word(f"mode.{OPEN_DATA}"), *money_summary(ties, word)]),
            money=True,
        ).options
        for (funder, funded), ties in sorted(pairs.items())
    ]
