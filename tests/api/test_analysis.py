"""The analysis routes through HTTP: answers name method and snapshot, are cached, refuse bad input."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph_service.store.port import GraphStore
from testkit.http import api_client, assert_problem, bearer

BASE = "/api/v1/territories/38/analysis"


def test_communities_carry_cards_method_seed_and_snapshot(client: TestClient) -> None:
    answer = client.get(f"{BASE}/communities", params={"seed": 7, "runs": 3})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    data = body["data"]
    assert data["method"]["algorithm"].startswith("louvain")
    assert data["method"]["seed"] == 7
    assert data["method"]["parameters"]["runs"] == 3
    assert body["provenance"]["snapshot"]
    assert body["provenance"]["parameters"]["seed"] == 7
    assert data["concentrated"]
    flagged = [c for c in data["cards"] if c["concentrated"]]
    assert flagged and all(c["fired"].startswith("concentrated") for c in flagged)
    assert {"size", "density", "conductance", "ei_index", "diversity", "coverage", "top_members"} <= set(
        flagged[0]
    )


def test_each_analysis_route_answers(client: TestClient) -> None:
    for route, params in [
        ("centrality", {"metric": "betweenness", "top": 5}),
        ("brokerage", {"top": 5}),
        ("mixing", {}),
        ("introductions", {"limit": 5}),
        ("compare", {"before": "2016-01-01", "after": "2024-01-01"}),
    ]:
        answer = client.get(f"{BASE}/{route}", params=params)
        assert answer.status_code == 200, (route, answer.text)
        data = answer.json()["data"]
        assert data["territory"] == "departement:38"
        assert data["method"]["seed"] == 42
    rows = client.get(f"{BASE}/centrality", params={"metric": "pagerank", "top": 7}).json()["data"]["rows"]
    ranks = [row["scores"]["pagerank"] for row in rows]
    assert len(rows) == 7 and ranks == sorted(ranks, reverse=True)


def test_second_identical_call_is_served_from_the_cache(client: TestClient, tokens: dict[str, str]) -> None:
    analyser = client.app.state.analyser  # type: ignore[attr-defined]
    first = client.get(f"{BASE}/communities").json()
    entries = analyser.cached_entries()
    second = client.get(f"{BASE}/communities").json()
    assert analyser.cached_entries() == entries
    assert first == second
    # A write changes the snapshot: the next answer is computed afresh on the new data.
    organisation = {
        "id": "demo:nouvelle",
        "name": "Nouvelle association",
        "world": "association",
        "commune": "38185",
    }
    created = client.post("/api/v1/organisations", json=organisation, headers=bearer(tokens["write"]))
    assert created.status_code in (200, 201), created.text
    third = client.get(f"{BASE}/communities").json()
    assert third["provenance"]["snapshot"] != first["provenance"]["snapshot"]
    assert third["data"]["organisations"] == first["data"]["organisations"] + 1


def test_bad_analysis_input_gets_a_clear_4xx(client: TestClient) -> None:
    cases = [
        (f"{BASE}/centrality", {"metric": "popularity"}, 422),
        (f"{BASE}/communities", {"resolution": -1}, 422),
        (f"{BASE}/compare", {"before": "2024-01-01", "after": "2016-01-01"}, 422),
        (f"{BASE}/compare", {"before": "2016-01-01", "after": "2024-01-01", "as_of": "2020-01-01"}, 422),
        (f"{BASE}/communities", {"as_of": "2020-01-01", "from": "2019-01-01"}, 422),
        ("/api/v1/territories/99999/analysis/communities", {}, 404),
    ]
    for url, params, status in cases:
        answer = client.get(url, params=params)
        assert answer.status_code == status, (url, params, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
        assert answer.json()["detail"]


def test_closed_reads_need_a_token(closed_client: TestClient, tokens: dict[str, str]) -> None:
    assert closed_client.get(f"{BASE}/mixing").status_code == 401
    assert closed_client.get(f"{BASE}/mixing", headers=bearer(tokens["read"])).status_code == 200


@pytest.mark.embedded_only("the embedded store has no in-database engine; Neo4j runs GDS (test_gds_engine)")
def test_the_gds_engine_on_the_embedded_store_answers_503_saying_why(
    api_store: GraphStore, tmp_path: Path
) -> None:
    with api_client(api_store, tmp_path / "db.lbug", tmp_path / "data", analysis_engine="gds") as client:
        answer = client.get("/api/v1/territories/38/analysis/communities")
        assert_problem(answer, 503, "MAILLAGE_ANALYSIS_ENGINE=gds")
        assert "in-process" in answer.json()["detail"]
        # The rest of the API still answers.
        assert client.get("/api/v1/territories/38").status_code == 200
