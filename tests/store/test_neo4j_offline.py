"""The Neo4j adapter where no server is needed: configuration, error translation, value mapping, and
what the CLI and the API say when Neo4j is down (a real driver against a closed port)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import neo4j
import pytest
from fastapi.testclient import TestClient
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, Neo4jError, ServiceUnavailable, SessionExpired

from graph_service.api.app import create_app
from graph_service.config import Backend, Settings
from graph_service.errors import ConstraintViolation, QueryInvalid, StoreError, StoreUnavailable
from graph_service.store import open_store
from graph_service.store.neo4j import Neo4jStore, plain, shared_driver, translate_error

MAILLAGE = str(Path(sys.executable).parent / "maillage")


@pytest.fixture(scope="module")
def closed_uri() -> str:
    """A bolt address where nothing listens: a port the OS gave us, then closed."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"bolt://127.0.0.1:{port}"


def _hydrated(code: str, message: str = "details") -> Neo4jError:
    return Neo4jError._hydrate_neo4j(code=code, message=message)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (ServiceUnavailable("Couldn't connect to db:7687"), StoreUnavailable),
        (SessionExpired("gone"), StoreUnavailable),
        (AuthError("bad password"), StoreUnavailable),
        (_hydrated("Neo.ClientError.Schema.ConstraintValidationFailed"), ConstraintViolation),
        (_hydrated("Neo.ClientError.Statement.SyntaxError"), QueryInvalid),
        (_hydrated("Neo.ClientError.Statement.ParameterMissing"), QueryInvalid),
        (_hydrated("Neo.ClientError.Database.DatabaseNotFound"), StoreUnavailable),
        (_hydrated("Neo.TransientError.General.DatabaseUnavailable"), StoreUnavailable),
        (_hydrated("Neo.DatabaseError.General.UnknownError"), StoreError),
    ],
)
def test_driver_errors_become_maillage_errors(error: Exception, expected: type[StoreError]) -> None:
    translated = translate_error(error, "organisations_get")
    assert type(translated) is expected
    assert "\n" not in str(translated)


def test_errors_that_are_not_the_drivers_are_not_disguised() -> None:
    with pytest.raises(KeyError):
        translate_error(KeyError("bug"), "q")


def test_driver_values_become_plain_python() -> None:
    moment = neo4j.time.DateTime(2024, 5, 2, 10, 30, 0, tzinfo=UTC)
    value = plain({"day": neo4j.time.Date(2024, 5, 2), "at": [moment], "n": 3, "s": None})
    assert value == {
        "day": date(2024, 5, 2),
        "at": [datetime(2024, 5, 2, 10, 30, tzinfo=UTC)],
        "n": 3,
        "s": None,
    }
    assert type(value["day"]) is date


def test_a_uri_that_is_not_bolt_or_neo4j_is_refused() -> None:
    with pytest.raises(StoreUnavailable, match="must start with one of neo4j://"):
        open_store(Settings(backend=Backend.NEO4J, neo4j_uri="http://localhost:7474"))


def test_an_unreachable_server_is_reported_at_once(closed_uri: str) -> None:
    started = time.monotonic()
    with pytest.raises(StoreUnavailable, match=f"Neo4j is unreachable \\(connect to {closed_uri}"):
        open_store(Settings(backend=Backend.NEO4J, neo4j_uri=closed_uri))
    assert time.monotonic() - started < 10, "no retry loop before telling the user"


def test_the_cli_says_so_in_one_line_and_exits_1(closed_uri: str, tmp_path: Path) -> None:
    env = {**os.environ, "MAILLAGE_BACKEND": "neo4j", "MAILLAGE_NEO4J_URI": closed_uri, "COLUMNS": "80"}
    for command in (["stats"], ["search", "labo"], ["init"]):
        result = subprocess.run(
            [MAILLAGE, *command], capture_output=True, text=True, env=env, timeout=60, check=False
        )
        assert result.returncode == 1, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1, result.stderr
        assert lines[0].startswith("error: Neo4j is unreachable") and closed_uri in lines[0]
        assert result.stdout == ""


@pytest.fixture
def client_of_a_down_server(closed_uri: str, tmp_path: Path) -> Iterator[TestClient]:
    # A real driver; no managed retries, so that the test does not wait for the retry budget.
    driver = GraphDatabase.driver(closed_uri, auth=("neo4j", "x"), max_transaction_retry_time=0)
    store = Neo4jStore(driver, database="neo4j")
    settings = Settings(backend=Backend.NEO4J, neo4j_uri=closed_uri, data_dir=tmp_path)
    with TestClient(create_app(settings, store=store), raise_server_exceptions=False) as client:
        yield client
    driver.close()


def test_the_api_answers_503_with_a_problem_when_neo4j_is_down(client_of_a_down_server: TestClient) -> None:
    for path in ("/api/v1/organisations/demo:gaia", "/api/v1/territories/38", "/api/v1/stats"):
        response = client_of_a_down_server.get(path)
        assert response.status_code == 503, (path, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        assert "Neo4j is unreachable" in response.json()["detail"]


def test_one_driver_per_process_and_credentials(closed_uri: str) -> None:
    first = shared_driver(closed_uri, "neo4j", "a")
    assert shared_driver(closed_uri, "neo4j", "a") is first
    assert shared_driver(closed_uri, "neo4j", "b") is not first
