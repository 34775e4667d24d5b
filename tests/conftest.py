"""Shared fixtures: real databases of the run's backend, built once per session and restored per test.

The suite runs once per backend: ``MAILLAGE_TEST_BACKEND=embedded`` (the default) on LadybugDB files,
``MAILLAGE_TEST_BACKEND=neo4j`` on the live Neo4j of ``MAILLAGE_NEO4J_URI`` (``scripts/neo4j.sh``).
Building the territory reference takes seconds, so the session builds two templates (reference
only; reference and demo). On the embedded store each test that writes gets its own copy of a
template file; on Neo4j the one database is restored to the template (``testkit.neo4j_state``).

The Neo4j run keeps the tests that read or write a store through these fixtures; a test with no
store, or one that says why it only makes sense on LadybugDB (``embedded_only``), runs in the
embedded run alone, and the run's summary says how many were left to it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph_service.model import TokenScope
from graph_service.store.port import GraphStore
from graph_service.tokens import issue_token
from importers.demo import load_demo
from importers.territory_reference import install_reference
from testkit.backends import TEST_BACKEND, database_path, store_from_template, template_path
from testkit.databases import demo_database, reference_database
from testkit.http import api_client
from testkit.neo4j_state import Neo4jTemplates

BACKENDS = [TEST_BACKEND]
STORE_FIXTURES = frozenset(
    {
        "reference_store",
        "demo_store_copy",
        "demo_store",
        "contract_store",
        "api_store",
        "demo_db_copy",
        "reference_db_copy",
    }
)
"""Fixtures that give a test a store of the run's backend."""
EMBEDDED_FILES = frozenset({"reference_db", "demo_db"})
"""Fixtures that build LadybugDB files: a test that asks for them works on the embedded store."""
# The background refresher serves an outdated analysis (marked) while it recomputes: the tests that
# check what a write changes want the recomputed answer at once. Its own tests turn it on.
os.environ.setdefault("MAILLAGE_REFRESH_ANALYSES", "false")
if TEST_BACKEND == "neo4j":
    # Every Settings() of the run, and every `maillage` command it starts, then speaks to Neo4j.
    os.environ["MAILLAGE_BACKEND"] = "neo4j"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "embedded_only(reason): makes sense on the embedded store only, and says why"
    )
    config.addinivalue_line(
        "markers", "on_backend: reads or writes a store of the run's backend through a fixture of its own"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Each run keeps the tests of its backend: the Neo4j run those that use a store of the run's
    backend and those about the Neo4j server itself (``neo4j``), the embedded run all but the latter."""
    kept, left = [], []
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        about_neo4j = item.get_closest_marker("neo4j") is not None
        if TEST_BACKEND == "neo4j":
            on_store = bool(fixtures & STORE_FIXTURES) or item.get_closest_marker("on_backend") is not None
            on_store = on_store and not fixtures & EMBEDDED_FILES
            keep = about_neo4j or (on_store and item.get_closest_marker("embedded_only") is None)
        else:
            keep = not about_neo4j
        (kept if keep else left).append(item)
    items[:] = kept
    if left:
        config.hook.pytest_deselected(items=left)


@pytest.fixture(scope="session")
def reference_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return reference_database(tmp_path_factory.mktemp("templates") / "reference.lbug")


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory, reference_db: Path) -> Path:
    return demo_database(tmp_path_factory.mktemp("templates") / "demo.lbug", reference_db)


@pytest.fixture(scope="session")
def neo4j_templates() -> Iterator[dict[str, object]]:
    """The run's Neo4j database, emptied, and its templates: empty (the schema alone); the
    reference; the reference and the demo. Each test that asks for a store gets the database
    restored to one of them."""
    from graph_service.config import get_settings
    from graph_service.store import open_store
    from graph_service.store.neo4j import shared_driver

    settings = get_settings()
    if not settings.neo4j_uri:
        pytest.fail("MAILLAGE_TEST_BACKEND=neo4j needs MAILLAGE_NEO4J_URI (bash scripts/neo4j.sh start)")
    templates = Neo4jTemplates(
        shared_driver(settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password),
        settings.neo4j_database,
    )
    store = open_store(settings)
    try:
        empty = templates.build(store.init_schema)
        reference = templates.build(lambda: install_reference(store))
        load_demo(store)
        demo = templates.dump()
    finally:
        store.close()
    yield {"templates": templates, "empty": empty, "reference": reference, "demo": demo}
    print(f"\nNeo4j: {templates.restores} restores in {templates.restore_seconds:.1f} s")


@pytest.fixture
def reference_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """A writable store holding the French territories only."""
    with store_from_template(request, "reference", tmp_path) as store:
        yield store


@pytest.fixture
def demo_store_copy(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """A writable store holding the demo data set."""
    with store_from_template(request, "demo", tmp_path) as store:
        yield store


@pytest.fixture(scope="module", params=BACKENDS)
def demo_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GraphStore]:
    """The demo data set on the run's backend, shared by a module's read-only contract cases."""
    with store_from_template(request, "demo", tmp_path_factory.mktemp("contract")) as store:
        yield store


@pytest.fixture(params=BACKENDS)
def contract_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """A writable store holding the French territories only, on the run's backend."""
    with store_from_template(request, "reference", tmp_path) as store:
        yield store


@pytest.fixture
def demo_db_copy(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    return template_path(request, "demo", tmp_path)


@pytest.fixture
def reference_db_copy(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    return template_path(request, "reference", tmp_path)


# -- the API over a private copy of the demo database, with tokens of each scope -------------------
@pytest.fixture
def api_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    with store_from_template(request, "demo", tmp_path) as store:
        yield store


@pytest.fixture
def tokens(api_store: GraphStore) -> dict[str, str]:
    return {scope.value: issue_token(api_store, scope.value, scope)[1] for scope in TokenScope}


@contextmanager
def _started(store: GraphStore, tmp_path: Path, **settings: object) -> Iterator[TestClient]:
    with api_client(store, database_path(store, tmp_path), tmp_path / "data", **settings) as client:
        yield client


@pytest.fixture
def client(api_store: GraphStore, tmp_path: Path) -> Iterator[TestClient]:
    with _started(api_store, tmp_path) as test_client:
        yield test_client


@pytest.fixture
def closed_client(api_store: GraphStore, tmp_path: Path) -> Iterator[TestClient]:
    with _started(api_store, tmp_path, read_requires_token=True) as test_client:
        yield test_client


@pytest.fixture
def small_upload_client(api_store: GraphStore, tmp_path: Path) -> Iterator[TestClient]:
    with _started(api_store, tmp_path, upload_max_bytes=200) as test_client:
        yield test_client
