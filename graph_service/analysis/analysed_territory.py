"""A territory analysed once: its projection, its partition and its closure cards, shared by every
question asked of it (communities, centralities, brokerage, introductions, change, pages).

It is the one object every report builder reads; :class:`~graph_service.analysis.analyser.Analyser`
computes it and keeps it (:mod:`~graph_service.analysis.cache`), and names the data snapshot it
came from in every answer.

>>> import numpy as np
>>> from graph_service.analysis.communities import Partition
>>> from graph_service.analysis.projection import ProjectedGraph
>>> empty = ProjectedGraph(organisations=[], source=np.array([], int), target=np.array([], int),
...                        weight=np.ones(0), external=np.zeros(0, bool), areas=[])
>>> partition = Partition(membership=np.array([], int), modularity=0.0, resolution=1.0, seed=1,
...                       runs=1, stability=np.ones(0))
>>> AnalysedTerritory(territory="t", snapshot="s", graph=empty, partition=partition, cards=[]).refreshing
False
"""

from __future__ import annotations

import uuid

from pydantic import BaseModel, Field

from graph_service.analysis.closure import ClosureCard
from graph_service.analysis.communities import Partition
from graph_service.analysis.projection import ProjectedGraph


class AnalysedTerritory(BaseModel):
    """A territory projected and partitioned once, shared by every question on it."""

    model_config = {"arbitrary_types_allowed": True}

    territory: str
    snapshot: str
    """The data snapshot it was computed from: every answer built on it names this one."""
    graph: ProjectedGraph
    partition: Partition
    cards: list[ClosureCard]
    token: str = Field(default_factory=lambda: uuid.uuid4().hex)
    """Names this computation: derived results are kept under it."""
    refreshing: bool = False
    """Served from data that writes have since changed, while an up-to-date base is computed."""
