"""What public money passes along an edge of the drawing, in its tooltip's words.

>>> from datetime import date
>>> from graph_service.model import OpenDataTie, RelType
>>> from visual.i18n import translator
>>> ties = [OpenDataTie(kind=RelType.FUNDS, source_id="a", target_id="b", day=date(2016, 5, 1),
...                     amount=10_000), OpenDataTie(kind=RelType.FUNDS, source_id="a", target_id="b",
...                     day=date(2017, 5, 1), amount=5_500)]
>>> [part.replace("\u00a0", " ") for part in money_summary(ties, translator("fr"))]
['2 subvention(s)', '15 500 €', '2016–2017']
"""

from __future__ import annotations

from collections.abc import Callable

from graph_service.model import OpenDataTie, RelType
from visual.i18n import euros


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
