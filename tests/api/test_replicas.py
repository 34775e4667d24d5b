"""Two ``maillage serve`` processes on one Neo4j, as replicas behind a load balancer: a write through
one is read by the other at its next request, answers and analyses included.

Only Neo4j can be shared by two processes that both write (an embedded file has one writer), so
these tests belong to the Neo4j run.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph_service.model import TokenScope
from graph_service.store.port import GraphStore
from graph_service.tokens import issue_token
from testkit.http import bearer
from testkit.live import live_server

pytestmark = pytest.mark.neo4j
COMMUNITIES = "/api/v1/territories/{code}/analysis/communities"


@pytest.fixture
def replicas(demo_store_copy: GraphStore, tmp_path: Path) -> Iterator[tuple[str, str, str]]:
    """Two live servers on the demo in the run's Neo4j, each with its own analysis folder, and a
    write secret that both accept (tokens live in the database)."""
    _, secret = issue_token(demo_store_copy, "replicas", TokenScope.WRITE)
    with (
        live_server(tmp_path / "a.lbug", MAILLAGE_ANALYSIS_DIR=str(tmp_path / "analyses-a")) as first,
        live_server(tmp_path / "b.lbug", MAILLAGE_ANALYSIS_DIR=str(tmp_path / "analyses-b")) as second,
    ):
        yield first, second, secret


def test_a_write_through_one_replica_is_read_by_the_other(replicas: tuple[str, str, str]) -> None:
    first, second, secret = replicas
    body = {
        "id": "replica:une",
        "name": "Association des deux répliques",
        "world": "association",
        "commune": "38185",
    }
    assert httpx.get(f"{second}/api/v1/organisations/replica:une").status_code == 404
    created = httpx.post(f"{first}/api/v1/organisations", json=body, headers=bearer(secret), timeout=60)
    assert created.status_code in (200, 201), created.text

    seen = httpx.get(f"{second}/api/v1/organisations/replica:une", timeout=60)
    assert seen.status_code == 200 and seen.json()["data"]["name"] == body["name"]
    found = httpx.get(f"{second}/api/v1/organisations", params={"q": "deux répliques"}, timeout=60).json()
    assert [o["id"] for o in found["data"]["items"]] == ["replica:une"]
    assert found["provenance"]["snapshot"] == created.json()["provenance"]["snapshot"]


def test_the_other_replica_recomputes_the_analyses_a_write_outdated(replicas: tuple[str, str, str]) -> None:
    first, second, secret = replicas
    url = COMMUNITIES.format(code="38185")
    before = httpx.get(f"{second}{url}", timeout=120).json()
    organisations = before["data"]["organisations"]
    # An alliance between two new organisations of Grenoble, written through the first replica.
    for key in ("a", "b"):
        body = {"id": f"replica:{key}", "name": f"Réplique {key}", "world": "fondation", "commune": "38185"}
        assert (
            httpx.post(f"{first}/api/v1/organisations", json=body, headers=bearer(secret)).status_code < 300
        )
    alliance = {
        "id": "replica:pont",
        "name": "Pont entre répliques",
        "mode": "mecenat",
        "members": [{"organisation_id": "replica:a"}, {"organisation_id": "replica:b"}],
    }
    written = httpx.post(f"{first}/api/v1/alliances", json=alliance, headers=bearer(secret), timeout=60)
    assert written.status_code < 300, written.text

    after = httpx.get(f"{second}{url}", timeout=120).json()
    assert after["provenance"]["snapshot"] != before["provenance"]["snapshot"]
    assert after["data"]["method"]["snapshot"] == after["provenance"]["snapshot"]
    assert after["data"]["organisations"] == organisations + 2
