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
