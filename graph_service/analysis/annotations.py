"""What an exported file says of each organisation beyond its record: its community, the
community's verdict and its main centralities, so that Gephi users can colour and size by them.

>>> verdict_of(None), verdict_of("uncertain")
('unrated', 'uncertain')
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from graph_service.analysis.options import AnalysisOptions

if TYPE_CHECKING:
    from graph_service.analysis.analyser import Analyser

UNRATED = "unrated"
"""The verdict of an organisation whose community is below the rule's minimum size (no card)."""


def verdict_of(verdict: str | None) -> str:
    """The verdict of a community's card (``concentrated``, ``uncertain``, ``local_and_closed``,
    ``not_concentrated``), or ``unrated`` for a community without a card."""
    return UNRATED if verdict is None else verdict


def organisation_annotations(
    analyser: Analyser, code: str, options: AnalysisOptions
) -> dict[str, dict[str, Any]]:
    """Community, verdict and every centrality of each organisation of ``code``'s analysis, by id."""
    base = analyser.base(code, options)
    table = analyser.centrality_table(base, options)
    verdicts = {card.community: card.verdict for card in base.cards}
    found: dict[str, dict[str, Any]] = {}
    for i, organisation_id in enumerate(base.graph.ids):
        community = int(base.partition.membership[i])
        found[organisation_id] = {
            "community": community,
            "verdict": verdict_of(verdicts.get(community)),
            **{metric: round(float(values[i]), 6) for metric, values in table.values.items()},
        }
    return found
