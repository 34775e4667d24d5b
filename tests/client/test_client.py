"""The Python client against the API over HTTP (the demo, on the run's backend): its DataFrames and
graphs hold what the JSON answers say, its projection gives the API's centralities to 1e-9 (networkx
as the reference), the rule run offline on its ecosystem gives the service's verdicts, and every
problem answer is raised as its own exception."""

from __future__ import annotations

from collections.abc import Iterator

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from graph_service.client import (
    InvalidInputError,
    Maillage,
    NotFoundError,
    UnauthorizedError,
    concentrated_communities,
)


@pytest.fixture
def maillage(client: TestClient) -> Iterator[Maillage]:
    yield Maillage("http://testserver", http=client)


def _all(client: TestClient, path: str, **params: object) -> list[dict]:
    rows: list[dict] = []
    while True:
        page = client.get(path, params={**params, "limit": 100, "offset": len(rows)}).json()["data"]
        rows += page["items"]
        if len(rows) >= page["total"]:
            return rows


def test_lists_are_read_whole_across_pages(maillage: Maillage, client: TestClient) -> None:
    expected = _all(client, "/api/v1/territories/38/organisations")
    frame = maillage.organisations("38")
    assert len(expected) > 500  # more than one of the client's pages
    assert frame["id"].tolist() == [row["id"] for row in expected]
    assert frame.attrs["snapshot"] == client.get("/api/v1/health").json().get(
        "snapshot", frame.attrs["snapshot"]
    )
    found = maillage.search("partenariats", territory="38")
    assert set(found["id"]) == {
        row["id"] for row in _all(client, "/api/v1/organisations", q="partenariats", territory="38")
    }
    assert len(maillage.search("", limit=7)) == 7
    assert maillage.territory("38").territory.name == "Isère"
    assert (
        maillage.organisation("demo:gaia").name
        == client.get("/api/v1/organisations/demo:gaia").json()["data"]["name"]
    )


def test_the_analyses_hold_what_the_json_says(maillage: Maillage, client: TestClient) -> None:
    answer = client.get("/api/v1/territories/38/analysis/communities").json()
    frame = maillage.communities("38")
    assert dict(zip(frame["id"], frame["community"], strict=True)) == answer["data"]["membership"]
    concentrated = set(answer["data"]["concentrated"])
    flagged = set(frame.loc[frame["verdict"] == "concentrated", "community"])
    assert flagged == concentrated
    assert frame.attrs["snapshot"] == answer["provenance"]["snapshot"] == maillage.last.snapshot
    assert frame.attrs["method"]["seed"] == answer["data"]["method"]["seed"]
    cards = maillage.cards("38")
    assert sorted(cards["community"]) == sorted(card["community"] for card in answer["data"]["cards"])
    mixing = client.get("/api/v1/territories/38/analysis/mixing").json()["data"]
    assert len(maillage.mixing("38")) > 0 and mixing["method"]["algorithm"]
    introductions = client.get("/api/v1/territories/38/analysis/introductions", params={"limit": 5}).json()
    assert len(maillage.introductions("38", limit=5)) == len(introductions["data"]["suggestions"])
    children = client.get("/api/v1/territories/38/comparison").json()["data"]
    assert len(maillage.comparison("38")) == len(children["children"])
    changes = maillage.compare("38", "2018-01-01", "2024-01-01")
    assert changes.attrs["provenance"]["parameters"]["before"] == "2018-01-01"
    compared = client.get(
        "/api/v1/territories/38/analysis/compare", params={"before": "2018-01-01", "after": "2024-01-01"}
    ).json()["data"]
    assert len(changes) == len(compared["changes"])


def test_the_projection_gives_the_apis_centralities(maillage: Maillage, client: TestClient) -> None:
    rows = client.get(
        "/api/v1/territories/38/analysis/centrality", params={"top": 1000, "exact": True}
    ).json()["data"]["rows"]
    graph = maillage.projection("38")
    assert {row["id"] for row in rows} == set(graph.nodes)
    assert graph.graph["projection"].startswith("newman-collaboration")
    pagerank = nx.pagerank(graph, weight="weight", tol=1e-15, max_iter=10_000)
    betweenness = nx.betweenness_centrality(graph, normalized=True)
    assert max(abs(row["scores"]["pagerank"] - pagerank[row["id"]]) for row in rows) < 1e-9
    assert max(abs(row["scores"]["betweenness"] - betweenness[row["id"]]) for row in rows) < 1e-9
    assert (
        max(abs(row["scores"]["strength"] - graph.degree(row["id"], weight="weight")) for row in rows) < 1e-9
    )
    frame = maillage.centrality("38", top=1000, exact=True)
    assert dict(zip(frame["id"], frame["pagerank"], strict=True)) == {
        r["id"]: r["scores"]["pagerank"] for r in rows
    }


def test_the_rule_offline_on_the_ecosystem_gives_the_services_verdicts(maillage: Maillage) -> None:
    service = maillage.communities("38")
    ecosystem = maillage.ecosystem("38")
    kinds = {data["kind"] for _, data in ecosystem.nodes(data=True)}
    assert kinds == {"organisation", "alliance"}
    offline = concentrated_communities(ecosystem)
    verdict = {card.community: card.verdict for card in offline.cards}
    mine = {o: verdict.get(c, "unrated") for o, c in offline.membership.items()}
    theirs = dict(zip(service["id"], service["verdict"], strict=True))
    assert mine == theirs
    assert offline.territory == "departement:38"


def test_paths_read_as_steps(maillage: Maillage) -> None:
    steps = maillage.paths("demo:unis-cite", "siren:356000000")
    assert len(steps) > 0
    first = steps[steps["path"] == 0]
    assert first["to_id"].iloc[-1] == "siren:356000000"
    assert first["from"].iloc[0] == maillage.organisation("demo:unis-cite").name


def test_each_problem_is_its_own_exception(maillage: Maillage, client: TestClient) -> None:
    with pytest.raises(NotFoundError) as missing:
        maillage.territory("99999")
    assert missing.value.status == 404 and "99999" in missing.value.detail
    with pytest.raises(InvalidInputError) as invalid:
        maillage.communities("38", seed=-1)
    assert invalid.value.status == 422 and any("seed" in str(e) for e in invalid.value.errors)


def test_a_closed_server_reads_with_a_token(closed_client: TestClient, tokens: dict[str, str]) -> None:
    with pytest.raises(UnauthorizedError) as refused:
        Maillage("http://testserver", token="not-a-token", http=closed_client).territory("38")
    assert refused.value.status == 401
    reader = Maillage("http://testserver", token=tokens["read"], http=closed_client)
    assert reader.territory("38").territory.name == "Isère"
