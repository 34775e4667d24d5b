"""Shared fixtures: real LadybugDB databases on disk, built once per session and copied per test.

Building the territory reference into a database takes seconds, so the session builds two
template databases (reference only; reference and demo) and each test that writes gets its own
copy of one of them.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_service.store.embedded import EmbeddedStore
from graph_service.store.port import GraphStore
from importers.demo import load_demo
from importers.territory_reference import install_reference

BACKENDS = ["embedded", "neo4j"]


@pytest.fixture(scope="session")
def reference_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("templates") / "reference.lbug"
    with EmbeddedStore(path) as store:
        store.init_schema()
        install_reference(store)
    return path


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory, reference_db: Path) -> Path:
    path = tmp_path_factory.mktemp("templates") / "demo.lbug"
    shutil.copy(reference_db, path)
    with EmbeddedStore(path) as store:
        load_demo(store)
    return path


def copy_db(template: Path, folder: Path) -> Path:
    """A private copy of a template database."""
    target = folder / template.name
    shutil.copy(template, target)
    for companion in template.parent.glob(template.name + ".*"):
        shutil.copy(companion, folder / companion.name)
    return target


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


@pytest.fixture(scope="session", params=BACKENDS)
def demo_store(
    request: pytest.FixtureRequest, demo_db: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[GraphStore]:
    """The demo data set on each backend: the contract suite runs every case on all of them."""
    if request.param == "neo4j":
        if not os.environ.get("MAILLAGE_NEO4J_URI"):
            pytest.skip("Neo4j contract run: MAILLAGE_NEO4J_URI is not set")
        from graph_service.config import Backend, get_settings
        from graph_service.store import open_store

        store = open_store(get_settings().model_copy(update={"backend": Backend.NEO4J}))
        install_reference(store)
        load_demo(store)
        yield store
        store.close()
        return
    folder = tmp_path_factory.mktemp("contract")
    with EmbeddedStore(copy_db(demo_db, folder)) as store:
        yield store
