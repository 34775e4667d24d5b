"""What an exported file says of each organisation beyond its record: its community (number, name
and stable key, as the pages show them), the community's verdict and its main centralities, so
that Gephi users can colour and size by them.

Each organisation carries its community card's verdict (``concentrated``, ``uncertain``,
``local_and_closed``, ``not_concentrated``), or, when its community is too small for a card:

>>> UNRATED
'unrated'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graph_service.analysis.options import AnalysisOptions

if TYPE_CHECKING:
    from graph_service.analysis.analyser import Analyser

UNRATED = "unrated"
"""The verdict of an organisation whose community is below the rule's minimum size (no card)."""


def organisation_annotations(
    analyser: Analyser, code: str, options: AnalysisOptions
) -> dict[str, dict[str, Any]]:
    """Community, its name and key, verdict and every centrality of each organisation of ``code``'s
    analysis, by id."""
    base = analyser.base(code, options)
    table = analyser.centrality_table(base, options)
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
            **{metric: round(float(values[i]), 6) for metric, values in table.values.items()},
        }
    return found
