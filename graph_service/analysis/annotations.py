"""What an exported file says of each organisation beyond its record: its community (number, name
and stable key, as the pages show them), the community's verdict and its main centralities, so
that Gephi users can colour and size by them.

Each organisation carries its community card's verdict (``concentrated``, ``uncertain``,
``local_and_closed``, ``not_concentrated``), or, when its community is too small for a card:

>>> UNRATED
'unrated'
"""

from __future__ import annotations

from typing import Any

from graph_service.analysis.analysed_territory import AnalysedTerritory
from graph_service.analysis.centrality import CentralityTable

UNRATED = "unrated"
"""The verdict of an organisation whose community is below the rule's minimum size (no card)."""


def organisation_annotations(base: AnalysedTerritory, table: CentralityTable) -> dict[str, dict[str, Any]]:
    """Community, its name and key, verdict and every centrality of each organisation of ``base``'s
    analysis (``table`` holds its centralities), by id."""
    cards = {card.community: card for card in base.cards}
    found: dict[str, dict[str, Any]] = {}
    for i, organisation_id in enumerate(base.graph.ids):
        community = int(base.partition.membership[i])
        card = cards.get(community)
        found[organisation_id] = {
            "community": community,
            "community_name": card.name if card else "",
            "community_key": card.key if card else "",
            "verdict": card.verdict if card else UNRATED,
            "area": base.graph.areas[i] if base.graph.areas else None,
            **{metric: round(float(values[i]), 6) for metric, values in table.values.items()},
        }
    return found
