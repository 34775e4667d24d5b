"""Shared fixtures: real LadybugDB databases on disk, built once per session and copied per test.

Building the territory reference into a database takes seconds, so the session builds two
template databases (reference only; reference and demo) and each test that writes gets its own
copy of one of them.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import testkit
from graph_service.model import TokenScope
from graph_service.store.embedded import EmbeddedStore
from graph_service.store.port import GraphStore
from graph_service.tokens import issue_token
from importers.demo import load_demo
from importers.territory_reference import install_reference
from testkit.databases import copy_db, demo_database, reference_database
from testkit.http import api_client

BACKENDS = ["embedded", "neo4j"]
TEST_STATEMENTS = Path(testkit.__file__).parent / "cypher"
# The background refresher serves an outdated analysis (marked) while it recomputes: the tests that
# check what a write changes want the recomputed answer at once. Its own tests turn it on.
os.environ.setdefault("MAILLAGE_REFRESH_ANALYSES", "false")


@pytest.fixture(scope="session")
def reference_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return reference_database(tmp_path_factory.mktemp("templates") / "reference.lbug")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory, reference_db: Path) -> Path:
    return demo_database(tmp_path_factory.mktemp("templates") / "demo.lbug", reference_db)


@pytest.fixture
def reference_store(reference_db: Path, tmp_path: Path) -> Iterator[EmbeddedStore]:
    """A writable store holding the French territories only."""
    with EmbeddedStore(copy_db(reference_db, tmp_path)) as store:
        store.init_schema()
        yield store


@pytest.fixture
def demo_store_copy(demo_db: Path, tmp_path: Path) -> Iterator[EmbeddedStore]:
    """A writable store holding the demo data set."""
    with EmbeddedStore(copy_db(demo_db, tmp_path)) as store:
        yield store


NEO4J_SKIP = "Neo4j contract run: MAILLAGE_NEO4J_URI is not set"
CLEAR_BATCH = 10_000


def _run_test_statement(name: str, **params: object) -> list[dict[str, object]]:
    """A Cypher file of testkit/cypher run on the configured Neo4j (test set-up, not the port)."""
    from graph_service.config import get_settings
    from graph_service.store.neo4j import shared_driver

    settings = get_settings()
    assert settings.neo4j_uri
    driver = shared_driver(settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password)
    text = (TEST_STATEMENTS / f"{name}.cypher").read_text(encoding="utf-8")
    records, _, _ = driver.execute_query(text, params, database_=settings.neo4j_database)
    return [record.data() for record in records]


def _clear_neo4j() -> None:
    while _run_test_statement("neo4j_clear_batch", limit=CLEAR_BATCH)[0]["deleted"]:
        pass


@contextmanager
def neo4j_store(*, demo: bool) -> Iterator[GraphStore]:
    """A Neo4j store holding the reference (and the demo), cleared of exactly that afterwards.

    A shared server holds other data: the run refuses a database that already has Maillage nodes
    (it could not tell them from its own) and never touches other labels.
    """
    if not os.environ.get("MAILLAGE_NEO4J_URI"):
        pytest.skip(NEO4J_SKIP)
    from graph_service.config import Backend, get_settings
    from graph_service.store import open_store

    store = open_store(get_settings().model_copy(update={"backend": Backend.NEO4J}))
    if _run_test_statement("neo4j_maillage_nodes")[0]["total"]:
        pytest.skip(
            "Neo4j contract run: the database already holds Maillage nodes; "
            "point MAILLAGE_NEO4J_DATABASE at one without (the suite deletes what it writes)"
        )
    try:
        install_reference(store)
        if demo:
            load_demo(store)
        yield store
    finally:
        _clear_neo4j()
        store.close()


@pytest.fixture(scope="module", params=BACKENDS)
def demo_store(
    request: pytest.FixtureRequest, demo_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GraphStore]:
    """The demo data set on each backend: the contract suite runs every case on all of them.

    Module-scoped so that a Neo4j run holds one data set at a time.
    """
    if request.param == "neo4j":
        with neo4j_store(demo=True) as store:
            yield store
        return
    folder = tmp_path_factory.mktemp("contract")
    with EmbeddedStore(copy_db(demo_db, folder)) as store:
        yield store


@pytest.fixture(params=BACKENDS)
def contract_store(
    request: pytest.FixtureRequest, reference_db: Path, tmp_path: Path
) -> Iterator[GraphStore]:
    """A writable store holding the French territories only, on each backend."""
    if request.param == "neo4j":
        with neo4j_store(demo=False) as store:
            yield store
        return
    with EmbeddedStore(copy_db(reference_db, tmp_path)) as store:
        store.init_schema()
        yield store


# -- the API over a private copy of the demo database, with tokens of each scope -------------------
@pytest.fixture
def api_store(demo_db: Path, tmp_path: Path) -> Iterator[EmbeddedStore]:
    with EmbeddedStore(copy_db(demo_db, tmp_path)) as store:
        store.init_schema()
        yield store


@pytest.fixture
def tokens(api_store: EmbeddedStore) -> dict[str, str]:
    return {scope.value: issue_token(api_store, scope.value, scope)[1] for scope in TokenScope}


@contextmanager
def _started(store: EmbeddedStore, tmp_path: Path, **settings: object) -> Iterator[TestClient]:
    with api_client(store, store.path, tmp_path / "data", **settings) as client:
        yield client


@pytest.fixture
def client(api_store: EmbeddedStore, tmp_path: Path) -> Iterator[TestClient]:
    with _started(api_store, tmp_path) as test_client:
        yield test_client


@pytest.fixture
def closed_client(api_store: EmbeddedStore, tmp_path: Path) -> Iterator[TestClient]:
    with _started(api_store, tmp_path, read_requires_token=True) as test_client:
        yield test_client


@pytest.fixture
def small_upload_client(api_store: EmbeddedStore, tmp_path: Path) -> Iterator[TestClient]:
    with _started(api_store, tmp_path, upload_max_bytes=200) as test_client:
        yield test_client
