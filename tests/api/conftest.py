"""An app over a private copy of the demo database, with tokens of each scope."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph_service.api.app import create_app
from graph_service.config import Settings
from graph_service.model import TokenScope
from graph_service.store.embedded import EmbeddedStore
from graph_service.tokens import issue_token
from tests.conftest import copy_db


@pytest.fixture
def api_store(demo_db: Path, tmp_path: Path) -> Iterator[EmbeddedStore]:
    with EmbeddedStore(copy_db(demo_db, tmp_path)) as store:
        store.init_schema()
        yield store


@pytest.fixture
def tokens(api_store: EmbeddedStore) -> dict[str, str]:
    return {scope.value: issue_token(api_store, scope.value, scope)[1] for scope in TokenScope}


def _client(store: EmbeddedStore, tmp_path: Path, **settings: object) -> TestClient:
    config = Settings(db_path=store.path, data_dir=tmp_path / "data", **settings)  # type: ignore[arg-type]
    return TestClient(create_app(config, store=store), raise_server_exceptions=False)


@pytest.fixture
def client(api_store: EmbeddedStore, tmp_path: Path) -> Iterator[TestClient]:
    with _client(api_store, tmp_path) as test_client:
        yield test_client


@pytest.fixture
def closed_client(api_store: EmbeddedStore, tmp_path: Path) -> Iterator[TestClient]:
    with _client(api_store, tmp_path, read_requires_token=True) as test_client:
        yield test_client


@pytest.fixture
def small_upload_client(api_store: EmbeddedStore, tmp_path: Path) -> Iterator[TestClient]:
    with _client(api_store, tmp_path, upload_max_bytes=200) as test_client:
        yield test_client


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}
