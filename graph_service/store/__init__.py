"""Storage: the GraphStore port, its adapters, and the factory that picks one from the settings.

>>> import tempfile, pathlib
>>> from graph_service.config import Settings
>>> store = open_store(Settings(db_path=pathlib.Path(tempfile.mkdtemp()) / "g.lbug"))
>>> store.backend
'embedded'
>>> store.close()
"""

from __future__ import annotations

from graph_service.config import Backend, Settings, get_settings
from graph_service.errors import StoreUnavailable
from graph_service.store.port import GraphStore


def open_store(settings: Settings | None = None, *, read_only: bool = False) -> GraphStore:
    """The configured store, schema applied (unless read-only)."""
    settings = settings or get_settings()
    if settings.backend is Backend.NEO4J:
        raise StoreUnavailable(
            "the Neo4j backend is not part of this version yet; use MAILLAGE_BACKEND=embedded"
        )
    from graph_service.store.embedded import EmbeddedStore

    store = EmbeddedStore(settings.db_path, read_only=read_only, batch_size=settings.batch_size)
    if not read_only:
        store.init_schema()
    return store


__all__ = ["GraphStore", "open_store"]
