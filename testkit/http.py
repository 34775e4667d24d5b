"""The API over HTTP in tests: an app on a store, bearer headers, and the problem answers' shape."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import httpx
from fastapi.testclient import TestClient

from graph_service.api.app import create_app
from graph_service.config import Settings
from graph_service.store.port import GraphStore

PROBLEM = "application/problem+json"


def api_client(store: GraphStore, db_path: Path, data_dir: Path, **settings: Any) -> TestClient:
    """A TestClient of the app on ``store`` (not started: use it as a context manager). Every
    answer it receives is checked for server paths (:func:`names_no_server_path`)."""
    config = Settings(db_path=db_path, data_dir=data_dir, **settings)
    client = TestClient(create_app(config, store=store), raise_server_exceptions=False)
    client.event_hooks["response"].append(names_no_server_path)
    return client


SERVER_PATHS = (tempfile.gettempdir() + "/", str(Path.home()) + "/")
"""Where a server's files live (uploads, databases, rejects): no answer may name them."""


def names_no_server_path(response: httpx.Response) -> None:
    """Fails when an answer names a file by its server path (an upload's temporary folder, the
    database, the rejects): answers name files as the client sent them."""
    response.read()
    text = response.content.decode("utf-8", errors="replace")
    leaked = [path for path in SERVER_PATHS if path in text]
    assert not leaked, f"{response.request.method} {response.request.url} names {leaked}: {text[:300]}"


def bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def assert_problem(response: Any, status: int, fragment: str) -> None:
    """``response`` is an RFC 9457 problem of ``status`` whose detail says ``fragment``."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith(PROBLEM)
    body = response.json()
    assert body["status"] == status and fragment in body["detail"], body
