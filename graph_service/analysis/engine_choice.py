"""Which engine analyses a graph, from ``MAILLAGE_ANALYSIS_ENGINE`` and the store's server.

``in-process`` always runs networkit; ``gds`` always runs inside Neo4j, and says why when the
store cannot (the embedded store, a server without the GDS library); ``auto`` runs inside Neo4j
from ``MAILLAGE_GDS_MIN_TIES`` projected ties when the server has GDS, and in process otherwise.
The server is asked once whether it has GDS.

>>> import numpy as np, pathlib, tempfile
>>> from graph_service.config import AnalysisSettings, StoreSettings
>>> from graph_service.store import open_store
>>> from graph_service.analysis.projection import ProjectedGraph
>>> g = ProjectedGraph(organisations=[], source=np.array([0]), target=np.array([1]),
...                    weight=np.ones(1), external=np.zeros(2, bool), areas=[])
>>> store = open_store(StoreSettings(db_path=pathlib.Path(tempfile.mkdtemp()) / "x.lbug"))
>>> EngineChooser(store, AnalysisSettings(analysis_engine="auto", gds_min_ties=0)).engine_for(g).name
'in-process (networkit)'
>>> EngineChooser(store, AnalysisSettings(analysis_engine="gds")).engine_for(g)
Traceback (most recent call last):
...
graph_service.store.algorithms.AlgorithmsMissing: MAILLAGE_ANALYSIS_ENGINE=gds runs analyses ...
>>> store.close()
"""

from __future__ import annotations

import threading

from graph_service.analysis.engine import IN_PROCESS, Engine
from graph_service.analysis.in_database import InDatabaseEngine
from graph_service.analysis.projection import ProjectedGraph
from graph_service.config import AnalysisSettings, EngineChoice
from graph_service.errors import StoreUnavailable
from graph_service.store.algorithms import AlgorithmsMissing
from graph_service.store.port import AnalysisStore


class EngineChooser:
    """Picks the engine of each graph for one store and its settings."""

    def __init__(self, store: AnalysisStore, settings: AnalysisSettings) -> None:
        self.store = store
        self.choice = settings.analysis_engine
        self.min_ties = settings.gds_min_ties
        self._in_database: Engine | AlgorithmsMissing | None = None
        self._lock = threading.Lock()

    def in_database(self) -> Engine:
        """The store's in-database engine; raises :class:`StoreUnavailable` saying why there is none."""
        with self._lock:
            if self._in_database is None:
                # A server away now is asked again next time; a server without GDS is not.
                self._in_database = self._probe()
            found = self._in_database
        if isinstance(found, AlgorithmsMissing):
            raise found
        return found

    def _probe(self) -> Engine | AlgorithmsMissing:
        algorithms = self.store.graph_algorithms()
        if algorithms is None:
            return AlgorithmsMissing(
                f"MAILLAGE_ANALYSIS_ENGINE=gds runs analyses inside Neo4j: the {self.store.backend} store "
                "cannot (set MAILLAGE_BACKEND=neo4j, or MAILLAGE_ANALYSIS_ENGINE=in-process)"
            )
        try:
            return InDatabaseEngine(algorithms, algorithms.version())
        except AlgorithmsMissing as error:
            return error

    def engine_for(self, graph: ProjectedGraph) -> Engine:
        """The engine that analyses ``graph``."""
        if self.choice is EngineChoice.IN_PROCESS:
            return IN_PROCESS
        if self.choice is EngineChoice.GDS:
            return self.in_database()
        if graph.edge_count < self.min_ties:
            return IN_PROCESS
        try:
            return self.in_database()
        except StoreUnavailable:
            return IN_PROCESS
