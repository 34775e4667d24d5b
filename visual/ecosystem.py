"""What a drawing is made from and what it gives the page: :class:`AnalysedEcosystem` (the
projected graph, its communities, a centrality for sizes) and :class:`Drawing` (a pyvis network
and the page's additions)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from pyvis.network import Network

from graph_service.analysis.closure import ClosureCard
from graph_service.analysis.projection import ProjectedGraph


@dataclass
class AnalysedEcosystem:
    """What the drawing needs: the projected graph, its communities and a centrality for sizes.

    Not an :class:`~graph_service.analysis.analysed_territory.AnalysedTerritory`: the organisation
    page draws a neighbourhood, which no analysis partitioned, with the communities of its home
    territory carried over; the territory page draws an analysed territory's graph, or one of its
    communities, sized by the centrality chosen on the page."""

    graph: ProjectedGraph
    membership: np.ndarray
    cards: list[ClosureCard]
    sizes: np.ndarray
    """The chosen centrality of each node, any scale: it is normalised here."""
    seed: int
    commune_names: Mapping[str, str] = field(default_factory=dict)
    language: str = "fr"
    since: date | None = None
    """Draw the ties formed since this day, and the organisations that joined since, highlighted."""
    joined: frozenset[str] = frozenset()

    @property
    def cards_by_community(self) -> dict[int, ClosureCard]:
        return {card.community: card for card in self.cards}


@dataclass
class Drawing:
    """A pyvis network plus what the page adds around it."""

    network: Network
    kind: str
    """``organisations`` or ``communities``."""
    details: dict[str, dict[str, Any]]
    """Plain-text tooltip fields of each node, by node id."""
    halos: list[dict[str, Any]] = field(default_factory=list)
    """Concentrated communities to circle: label and member node ids."""
    hidden: int = 0
    """Organisations of the view left out of the drawing."""

    def payload(self) -> dict[str, Any]:
        """The JSON the page's script reads."""
        nodes, edges, _heading, _height, _width, _options = self.network.get_network_data()
        return {
            "kind": self.kind,
            "nodes": nodes,
            "edges": edges,
            "options": self.network.options,
            "details": self.details,
            "halos": self.halos,
        }
