"""Storage: the GraphStore port, its adapters, and the factory that picks one from the settings.

>>> import tempfile, pathlib
>>> from graph_service.config import StoreSettings
>>> store = open_store(StoreSettings(db_path=pathlib.Path(tempfile.mkdtemp()) / "g.lbug"))
>>> store.backend
'embedded'
>>> store.close()
>>> open_store(StoreSettings(backend="neo4j", neo4j_uri=None))
Traceback (most recent call last):
...
graph_service.errors.StoreUnavailable: MAILLAGE_BACKEND=neo4j needs MAILLAGE_NEO4J_URI (for example bolt://localhost:7687)
"""

from __future__ import annotations

from graph_service.config import Backend, StoreSettings, get_settings
from graph_service.store.port import GraphStore


def open_store(settings: StoreSettings | None = None, *, read_only: bool = False) -> GraphStore:
    """The configured store, schema applied (unless read-only)."""
    settings = settings or get_settings().store
    store: GraphStore
    if settings.backend is Backend.NEO4J:
        from graph_service.store.neo4j import Neo4jStore

        # A Neo4j server enforces its own access rights: read-only only skips the schema step.
        store = Neo4jStore.connect(settings)
    else:
        from graph_service.store.embedded import EmbeddedStore

        store = EmbeddedStore(
            settings.db_path,
            read_only=read_only,
            batch_size=settings.batch_size,
            buffer_pool_bytes=settings.buffer_pool_mib * 1024**2,
            copy_min_rows=settings.copy_min_rows,
            read_connections=settings.read_connections,
        )
    if not read_only:
        store.init_schema()
    return store


__all__ = ["GraphStore", "open_store"]
