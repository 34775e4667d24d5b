"""Which backend a test run exercises, and what a test needs to point a process at its store."""

from __future__ import annotations

import os
from pathlib import Path

from graph_service.store.port import GraphStore

TEST_BACKEND = os.environ.get("MAILLAGE_TEST_BACKEND", "embedded")
"""``embedded`` (LadybugDB files, the default) or ``neo4j`` (the live server of ``MAILLAGE_NEO4J_URI``)."""
if TEST_BACKEND not in {"embedded", "neo4j"}:
    raise RuntimeError(f"MAILLAGE_TEST_BACKEND must be embedded or neo4j, not {TEST_BACKEND!r}")


def database_path(store: GraphStore, folder: Path) -> Path:
    """The database file of an embedded store; on Neo4j a path in ``folder`` that no store opens
    (settings still name one)."""
    path = getattr(store, "path", None)
    return Path(path) if path is not None else folder / "maillage.lbug"


def open_database(path: Path, *, read_only: bool = True) -> GraphStore:
    """The store a `maillage` command given ``MAILLAGE_DB_PATH=path`` works on, opened to check
    what it did: that file on the embedded run, the run's Neo4j database on the Neo4j run."""
    from graph_service.config import Backend, get_settings
    from graph_service.store import open_store

    settings = get_settings().model_copy(update={"db_path": path})
    if TEST_BACKEND == "neo4j":
        settings = settings.model_copy(update={"backend": Backend.NEO4J})
    return open_store(settings, read_only=read_only)
