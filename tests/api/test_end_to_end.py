"""End to end: `maillage serve` in its own process on a free port, called over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from testkit.live import live_server


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    """The README's main command on an empty database: load the demo, then serve."""
    with live_server(tmp_path / "fresh" / "maillage.lbug", "--demo-if-empty") as base:
        yield base


def test_served_api_answers_reads_and_refuses_anonymous_writes(server: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as http:
        isere = http.get("/api/v1/territories/38").json()["data"]
        assert isere["territory"]["name"] == "Isère"
        graph = http.get("/api/v1/territories/38/ecosystem").json()["data"]
        assert len(graph["organisations"]) > 500
        denied = http.post("/api/v1/organisations", json={"id": "x:y", "name": "Y", "world": "autre"})
        assert denied.status_code == 401
        assert denied.headers["content-type"].startswith("application/problem+json")
