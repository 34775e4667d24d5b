"""Which backend a test run exercises, and what a test needs to point a process at its store."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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


@contextmanager
def store_from_template(request: Any, template: str, folder: Path) -> Iterator[GraphStore]:
    """A writable store of the run's backend holding ``template`` (``empty`` on Neo4j only,
    ``reference`` or ``demo``): a copy of the template file (fixture ``<template>_db``) on the
    embedded store, the database restored to it (fixture ``neo4j_templates``) on Neo4j.
    ``request`` is the asking fixture's pytest request."""
    from graph_service.config import get_settings
    from graph_service.store import open_store

    if TEST_BACKEND == "neo4j":
        state = request.getfixturevalue("neo4j_templates")
        state["templates"].restore(state[template])
        # The template's build applied the schema: opening without it leaves the bookmark still.
        store = open_store(get_settings(), read_only=True)
    else:
        from graph_service.store.embedded import EmbeddedStore
        from testkit.databases import copy_db

        store = EmbeddedStore(copy_db(request.getfixturevalue(f"{template}_db"), folder))
        store.init_schema()
    try:
        yield store
    finally:
        store.close()


def template_path(request: Any, template: str, folder: Path) -> Path:
    """What ``MAILLAGE_DB_PATH`` names for a `maillage` command on a template: a copy of the template
    file on the embedded store; on Neo4j (where the commands get ``MAILLAGE_BACKEND=neo4j``) the
    database restored to the template, and a path no store opens."""
    with store_from_template(request, template, folder) as store:
        return database_path(store, folder)
