"""End to end: `maillage serve` in its own process on a free port, called over real HTTP."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from testkit.backends import TEST_BACKEND, template_path
from testkit.live import live_server


@pytest.fixture
def server(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The README's main command on an empty database (a new file; on Neo4j, the run's database
    emptied): load the territories and the demo, then serve."""
    fresh = tmp_path / "fresh" / "maillage.lbug"
    if TEST_BACKEND == "neo4j":
        fresh = template_path(request, "empty", tmp_path)
    with live_server(fresh, "--demo-if-empty", timeout=600) as base:
        yield base


pytestmark = pytest.mark.on_backend


def test_served_api_answers_reads_and_refuses_anonymous_writes(server: str) -> None:
    with httpx.Client(base_url=server, timeout=30) as http:
        isere = http.get("/api/v1/territories/38").json()["data"]
        assert isere["territory"]["name"] == "Isère"
        graph = http.get("/api/v1/territories/38/ecosystem").json()["data"]
        assert len(graph["organisations"]) > 500
        denied = http.post("/api/v1/organisations", json={"id": "x:y", "name": "Y", "world": "autre"})
        assert denied.status_code == 401
        assert denied.headers["content-type"].startswith("application/problem+json")
