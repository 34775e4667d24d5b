"""The API over HTTP in tests: an app on a store, bearer headers, and the problem answers' shape."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from graph_service.api.app import create_app
from graph_service.config import Settings
from graph_service.store.port import GraphStore

PROBLEM = "application/problem+json"


def api_client(store: GraphStore, db_path: Path, data_dir: Path, **settings: Any) -> TestClient:
    """A TestClient of the app on ``store`` (not started: use it as a context manager)."""
    config = Settings(db_path=db_path, data_dir=data_dir, **settings)
    return TestClient(create_app(config, store=store), raise_server_exceptions=False)


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def assert_problem(response: Any, status: int, fragment: str) -> None:
    """``response`` is an RFC 9457 problem of ``status`` whose detail says ``fragment``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status and fragment in body["detail"], body
