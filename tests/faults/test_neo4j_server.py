"""Faults of a live Neo4j under a live ``maillage serve``: the server stopped and started again while
the API runs, wrong credentials, a statement past its time limit. Each test starts a Neo4j of its
own (``scripts/neo4j.sh`` with another home and port), so stopping it disturbs nothing else."""

from __future__ import annotations

import os
import secrets
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from neo4j import Query
from neo4j.exceptions import Neo4jError

from graph_service.config import Backend, Settings
from graph_service.errors import StoreUnavailable
from graph_service.model import Organisation, Territory, TerritoryLevel, World
from graph_service.store import open_store
from graph_service.store.neo4j import Neo4jStore, shared_driver, translate_error
from graph_service.store.port import GraphStore
from testkit.live import MAILLAGE, free_port, live_server
from testkit.neo4j_state import statement

pytestmark = pytest.mark.neo4j
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "neo4j.sh"


@dataclass
class Server:
    """A private Neo4j started by scripts/neo4j.sh."""

    env: dict[str, str]

    def script(self, action: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["bash", str(SCRIPT), action], env=self.env, capture_output=True, text=True, timeout=300
        )

    @property
    def maillage_env(self) -> dict[str, str]:
        return {
            "MAILLAGE_BACKEND": "neo4j",
            "MAILLAGE_NEO4J_URI": f"bolt://127.0.0.1:{self.env['MAILLAGE_NEO4J_PORT']}",
            "MAILLAGE_NEO4J_USER": "neo4j",
            "MAILLAGE_NEO4J_PASSWORD": self.env["MAILLAGE_NEO4J_PASSWORD"],
        }


@pytest.fixture
def private_neo4j(tmp_path: Path) -> Iterator[Server]:
    yield from started_server(tmp_path)


@pytest.fixture
def small_transactions_neo4j(tmp_path: Path) -> Iterator[Server]:
    """A server that refuses any transaction holding more than 16 MiB."""
    yield from started_server(tmp_path, MAILLAGE_NEO4J_TX_MEMORY="16m")


def started_server(tmp_path: Path, **settings: str) -> Iterator[Server]:
    env = {
        **os.environ,
        "MAILLAGE_NEO4J_HOME": str(tmp_path / "neo4j"),
        "MAILLAGE_NEO4J_PORT": str(free_port()),
        "MAILLAGE_NEO4J_PASSWORD": secrets.token_urlsafe(16),
        "MAILLAGE_NEO4J_HEAP": "512m",
        "MAILLAGE_NEO4J_PAGECACHE": "128m",
        **settings,
    }
    server = Server(env)
    started = server.script("start")
    assert started.returncode == 0, started.stderr
    try:
        settings = Settings(
            backend=Backend.NEO4J,
            neo4j_uri=server.maillage_env["MAILLAGE_NEO4J_URI"],
            neo4j_password=env["MAILLAGE_NEO4J_PASSWORD"],
        )
        store = open_store(settings)
        # The health check and the pages read France: the smallest reference that serves.
        store.upsert_territories([Territory(level=TerritoryLevel.PAYS, code="FR", name="France")], "cog@test")
        store.close()
        yield server
    finally:
        server.script("stop")


def wait_for(url: str, status: int, seconds: float) -> httpx.Response:
    deadline = time.monotonic() + seconds
    while True:
        # The first request after the server left waits out the driver's retries (about 15 s).
        response = httpx.get(url, timeout=60)
        if response.status_code == status or time.monotonic() > deadline:
            return response
        time.sleep(0.5)


def test_start_twice_is_harmless_and_status_says_it_runs(private_neo4j: Server) -> None:
    again = private_neo4j.script("start")
    assert again.returncode == 0 and "already running" in again.stderr
    assert "MAILLAGE_NEO4J_URI=bolt://127.0.0.1:" in again.stdout
    assert private_neo4j.script("status").returncode == 0


def test_the_api_answers_503_while_neo4j_is_down_and_recovers_by_itself(
    private_neo4j: Server, tmp_path: Path
) -> None:
    with live_server(tmp_path / "unused.lbug", **private_neo4j.maillage_env) as base:
        assert httpx.get(f"{base}/api/v1/health").json()["status"] == "ok"
        assert private_neo4j.script("stop").returncode == 0
        assert private_neo4j.script("status").returncode == 3

        health = wait_for(f"{base}/api/v1/health", 503, 30)
        assert health.status_code == 503 and health.json()["store"].startswith("down")
        started = time.monotonic()
        read = httpx.get(f"{base}/api/v1/organisations", timeout=30)
        assert read.status_code == 503, read.text
        assert time.monotonic() - started < 3  # the outage is known: no more waiting on retries
        assert read.headers["content-type"].startswith("application/problem+json")
        assert "Neo4j is unreachable" in read.json()["detail"]

        assert private_neo4j.script("start").returncode == 0
        # The same API process, never restarted, serves again once Neo4j is back.
        assert wait_for(f"{base}/api/v1/health", 200, 60).json()["store"] == "up"
        assert httpx.get(f"{base}/api/v1/organisations", timeout=30).status_code == 200


def test_a_wrong_password_is_one_line_and_exit_1(private_neo4j: Server) -> None:
    env = {**os.environ, **private_neo4j.maillage_env, "MAILLAGE_NEO4J_PASSWORD": "not-the-password"}
    done = subprocess.run([MAILLAGE, "stats"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "refused the credentials" in lines[0], done.stderr


def test_a_statement_past_its_time_limit_is_ended_and_reported_as_unavailable(private_neo4j: Server) -> None:
    """Neo4j ends a transaction that runs past the store's timeout; the one translation reports it."""
    uri = private_neo4j.maillage_env["MAILLAGE_NEO4J_URI"]
    settings = Settings(
        backend=Backend.NEO4J,
        neo4j_uri=uri,
        neo4j_password=private_neo4j.env["MAILLAGE_NEO4J_PASSWORD"],
        neo4j_timeout_seconds=1,
    )
    store = open_store(settings)
    assert isinstance(store, Neo4jStore) and store.timeout_seconds == 1
    driver = shared_driver(uri, "neo4j", private_neo4j.env["MAILLAGE_NEO4J_PASSWORD"])
    started = time.monotonic()
    with pytest.raises(Neo4jError) as raised:
        driver.execute_query(
            Query(statement("neo4j_sleep"), timeout=store.timeout_seconds), milliseconds=20_000
        )
    assert time.monotonic() - started < 15
    translated = translate_error(raised.value, "sleep")
    assert isinstance(translated, StoreUnavailable) and "time limit" in str(translated)


def test_batches_keep_every_transaction_under_the_servers_limit_and_one_past_it_is_named(
    small_transactions_neo4j: Server,
) -> None:
    """The class: whatever the import's size, each batch is its own bounded transaction; a batch
    set too large for the server's limit is refused in a sentence that names the setting."""
    env = small_transactions_neo4j.maillage_env
    organisations = [
        Organisation(id=f"bench:{n}", name=f"Organisation {n} " + "x" * 200, world=World.ASSOCIATION)
        for n in range(60_000)
    ]

    def store_with(batch_size: int) -> GraphStore:
        return open_store(
            Settings(
                backend=Backend.NEO4J,
                neo4j_uri=env["MAILLAGE_NEO4J_URI"],
                neo4j_password=env["MAILLAGE_NEO4J_PASSWORD"],
                batch_size=batch_size,
            )
        )

    with pytest.raises(StoreUnavailable, match="MAILLAGE_BATCH_SIZE") as refused:
        store_with(1_000_000).upsert_organisations(organisations, "big@1")
    assert "memory limit" in str(refused.value)
    store = store_with(1_000)
    counts = store.upsert_organisations(organisations, "bounded@1")
    assert counts.created + counts.unchanged == len(organisations)
    assert store.counts().nodes["Organisation"] == len(organisations)
