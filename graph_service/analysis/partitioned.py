"""From a projection to an analysed territory: communities at every scale, their cards and verdicts,
and the method that names how. The service (:class:`~graph_service.analysis.analyser.Analyser`)
and the rule on an analyst's own graph (:mod:`graph_service.analysis.any_graph`) both go through
:func:`partitioned`, so one graph gets one answer wherever it is analysed.

>>> import numpy as np
>>> from graph_service.config import AnalysisSettings
>>> from graph_service.analysis.options import CommunityParameters
>>> from graph_service.analysis.projection import ProjectedGraph
>>> empty = ProjectedGraph(organisations=[], source=np.array([], int), target=np.array([], int),
...                        weight=np.ones(0), external=np.zeros(0, bool), areas=[])
>>> base = partitioned(empty, "t", "s", AnalysisSettings(), CommunityParameters())
>>> base.partition.community_count, base.cards
(0, [])
"""

from __future__ import annotations

from typing import Any

from graph_service.analysis.analysed_territory import AnalysedTerritory
from graph_service.analysis.community_names import Place, named_cards
from graph_service.analysis.engine import IN_PROCESS, Engine
from graph_service.analysis.multiscale import detect_groups, scales_for
from graph_service.analysis.options import AnalysisOptions, CommunityParameters
from graph_service.analysis.projection import PROJECTION, ProjectedGraph
from graph_service.analysis.reports import Method
from graph_service.analysis.territory_context import TerritoryContext
from graph_service.config import AnalysisSettings


def partitioned(
    graph: ProjectedGraph,
    territory: str,
    snapshot: str,
    settings: AnalysisSettings,
    community: CommunityParameters,
    *,
    context: TerritoryContext | None = None,
    outside_counted: bool = True,
    engine: Engine = IN_PROCESS,
    places: dict[str, Place] | None = None,
) -> AnalysedTerritory:
    """``graph`` partitioned at every scale and judged by the settings' closure rule, each card
    named from its members (and their ``places``: commune code → names, when known)."""
    chosen = community.resolved(settings, ties=graph.edge_count, territory=territory)
    found = detect_groups(
        graph,
        settings.closure,
        resolution=chosen.resolution,
        seed=chosen.seed,
        runs=chosen.runs,
        context=context,
        scales=scales_for(graph.edge_count, settings.multiscale_max_ties),
        outside_counted=outside_counted,
        engine=engine,
    )
    cards = named_cards(found.cards, graph, found.partition.membership, places or {})
    return AnalysedTerritory(
        territory=territory, snapshot=snapshot, graph=graph, partition=found.partition, cards=cards
    )


def method_of(
    base: AnalysedTerritory,
    algorithm: str,
    options: AnalysisOptions,
    settings: AnalysisSettings,
    engine: Engine = IN_PROCESS,
    **extra: Any,
) -> Method:
    """How ``base`` was computed, with ``extra`` parameters of the question asked of it."""
    parameters = {
        **options.shown(),
        "resolution": base.partition.resolution,
        "runs": base.partition.runs,
        "community_algorithm": base.partition.algorithm,
        "engine": engine.name,
        "scales": list(scales_for(base.graph.edge_count, settings.multiscale_max_ties)),
        "projection": PROJECTION,
        "network_min_members": settings.network_min_members,
        **extra,
    }
    return Method(
        algorithm=algorithm,
        parameters=parameters,
        seed=base.partition.seed,
        snapshot=base.snapshot,
        refreshing=base.refreshing,
    )
