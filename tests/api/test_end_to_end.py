"""End to end: `maillage serve` in its own process on a free port, called over real HTTP."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.cli.test_cli import MAILLAGE


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """The README's main command on an empty database: load the demo, then serve."""
    port = _free_port()
    env = {**os.environ, "MAILLAGE_DB_PATH": str(tmp_path / "fresh" / "maillage.lbug")}
    process = subprocess.Popen(
        [MAILLAGE, "serve", "--port", str(port), "--demo-if-empty"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.3)
        else:
            pytest.fail("the server did not answer within 120 s")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_served_api_answers_reads_and_refuses_anonymous_writes(server: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as http:
        isere = http.get("/api/v1/territories/38").json()["data"]
        assert isere["territory"]["name"] == "Isère"
        graph = http.get("/api/v1/territories/38/ecosystem").json()["data"]
        assert len(graph["organisations"]) > 500
        denied = http.post("/api/v1/organisations", json={"id": "x:y", "name": "Y", "world": "autre"})
        assert denied.status_code == 401
        assert denied.headers["content-type"].startswith("application/problem+json")
