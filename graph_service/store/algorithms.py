"""In-database graph algorithms: the part of the store port an analysis engine inside the database uses.

A store whose server runs graph algorithms itself (Neo4j with the Graph Data Science library)
offers :class:`GraphAlgorithms`; the others offer none and analyses run in process. The
organisation graph is projected in the database with the same weighting as the in-process
projection (:func:`graph_service.analysis.projection.pair_weights`): each alliance of ``k`` of the
given organisations ties each pair of them with ``1/(k-1)``, and each open-data pair adds 1.
Answers are plain values keyed by organisation id: no driver object crosses this line.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass

from graph_service.errors import StoreUnavailable


class AlgorithmsMissing(StoreUnavailable):
    """The store's server has no graph library: analyses cannot run inside it."""


@dataclass(frozen=True)
class ProjectionRequest:
    """What to project: the nodes, the alliances whose members they tie, and the extra pairs."""

    organisations: Sequence[str]
    """Every node, isolated ones included."""
    alliances: Sequence[str]
    """Alliances that draw ties (networks above the cap left out)."""
    pairs: Sequence[tuple[str, str]] = ()
    """Open-data ties between two of the organisations, one entry per tie (each weighs 1)."""


class ProjectedInDatabase(ABC):
    """A projected organisation graph held by the database while its context is open."""

    nodes: int
    relationships: int
    """Ties counted once per pair."""

    @abstractmethod
    def pagerank(self, *, damping: float, tolerance: float, max_iterations: int) -> dict[str, float]:
        """Weighted PageRank of every node, as the server computes it (not normalised)."""

    @abstractmethod
    def betweenness(self, *, samples: int | None, seed: int) -> dict[str, float]:
        """Betweenness over hops, raw pair counts; from ``samples`` source nodes when given."""

    @abstractmethod
    def leiden(self, *, resolution: float, seed: int) -> dict[str, int]:
        """The community of every node, by weighted Leiden at ``resolution`` (gamma), seeded."""

    @abstractmethod
    def weights(self) -> Iterator[tuple[str, str, float]]:
        """Every tie once (lower id first) with its weight: what the projection holds."""


class GraphAlgorithms(ABC):
    """Projects organisation graphs inside the database."""

    @abstractmethod
    def version(self) -> str:
        """The version of the server's graph library; raises :class:`AlgorithmsMissing` when it has
        none, StoreUnavailable when the server does not answer."""

    @abstractmethod
    def project(self, request: ProjectionRequest) -> AbstractContextManager[ProjectedInDatabase]:
        """The graph of ``request``, dropped from the database when the context closes."""
