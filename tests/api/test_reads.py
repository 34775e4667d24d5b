"""Read routes over HTTP on the demo data: success, provenance, formats and errors."""

from __future__ import annotations

import csv
import io
import zipfile

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from testkit.backends import TEST_BACKEND

PROBLEM = "application/problem+json"


def assert_problem(response: object, status: int, fragment: str) -> None:
    assert response.status_code == status, response.text  # type: ignore[attr-defined]
    assert response.headers["content-type"].startswith(PROBLEM)  # type: ignore[attr-defined]
    body = response.json()  # type: ignore[attr-defined]
    assert body["status"] == status and fragment in body["detail"], body


def test_openapi_and_docs_are_served(client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/organisations",
        "/api/v1/territories/{code}/ecosystem",
        "/api/v1/paths",
        "/api/v1/alliances/{alliance_id}",
        "/api/v1/stats",
        "/api/v1/health",
        "/api/v1/imports",
    ):
        assert path in spec["paths"], path
    assert client.get("/docs").status_code == 200
    # A written alliance's lists are bounded, and the bound is stated where clients read it.
    body = spec["paths"]["/api/v1/alliances"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    written = spec["components"]["schemas"][body["$ref"].rsplit("/", 1)[1]]
    assert written["properties"]["members"]["maxItems"] == 5_000
    assert "429" in spec["paths"]["/api/v1/alliances"]["post"]["responses"]


def test_search_organisations_with_filters_and_provenance(client: TestClient) -> None:
    body = client.get("/api/v1/organisations", params={"q": "partenariats", "territory": "38"}).json()
    assert [o["id"] for o in body["data"]["items"]] == ["demo:labo-grenoble"]
    assert body["data"]["total"] == 1
    provenance = body["provenance"]
    assert provenance["backend"] == TEST_BACKEND
    assert provenance["snapshot"].startswith("demo@")
    assert provenance["parameters"] == {"q": "partenariats", "territory": "38", "limit": 20, "offset": 0}
    assert body["data"]["items"][0]["source"] == "demo"
    catalysts = client.get("/api/v1/organisations", params={"catalyst": "true", "limit": 100}).json()["data"]
    assert catalysts["total"] == 7 and all(o["catalyst"] for o in catalysts["items"])
    pioneers = client.get(
        "/api/v1/organisations", params={"maturity": "pionnier", "ess": "true", "limit": 500}
    )
    assert all(o["maturity"] == "pionnier" and o["ess"] for o in pioneers.json()["data"]["items"])


def test_organisation_alliances_and_neighbours(client: TestClient) -> None:
    poste = client.get("/api/v1/organisations/siren:356000000").json()["data"]
    assert poste["name"] == "Groupe La Poste"
    alliances = client.get("/api/v1/organisations/demo:silver-geek/alliances").json()["data"]
    assert {a["id"] for a in alliances} == {"demo:agir-ensemble-poitiers", "demo:silver-geek-unis-cite"}
    neighbours = client.get("/api/v1/organisations/demo:silver-geek/neighbours", params={"depth": 1}).json()
    assert {o["id"] for o in neighbours["data"]["organisations"]} == {
        "demo:silver-geek",
        "siren:356000000",
        "demo:unis-cite",
    }


def test_territories_search_detail_and_organisations(client: TestClient) -> None:
    epcis = client.get("/api/v1/territories", params={"level": "epci", "parent": "38", "limit": 100}).json()
    assert epcis["data"]["total"] >= 15
    assert all(t["level"] == "epci" for t in epcis["data"]["items"])
    detail = client.get("/api/v1/territories/38185").json()["data"]
    assert [a["code"] for a in detail["ancestors"]] == ["200040715", "38", "84", "FR"]
    assert detail["organisations_by_world"]["collectivite"] >= 2
    by_world = client.get(
        "/api/v1/territories/epci:200040715/organisations", params={"world": "collectivite"}
    )
    items = by_world.json()["data"]["items"]
    assert {"siren:200040715", "siren:213801855"} <= {o["id"] for o in items}
    assert all(o["world"] == "collectivite" for o in items)


def test_ecosystem_filters(client: TestClient) -> None:
    full = client.get("/api/v1/territories/38/ecosystem").json()
    # The parameters set, and how the server projects the bipartite graph (for clients that project it).
    assert full["provenance"]["parameters"] == {
        "code": "38",
        "projection": "newman-collaboration: 1/(k-1) per pair of a k-member alliance",
        "network_min_members": 30,
    }
    dated = client.get(
        "/api/v1/territories/38/ecosystem", params={"as_of": "2015-06-01", "mode": "mecenat"}
    ).json()
    assert len(dated["data"]["alliances"]) < len(full["data"]["alliances"])
    assert all(a["mode"] == "mecenat" for a in dated["data"]["alliances"])
    opened = client.get("/api/v1/territories/38/ecosystem", params={"include_external": "true"}).json()[
        "data"
    ]
    assert "demo:le-rameau" in opened["external_ids"]


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_ecosystem_files_read_back_in_networkx(client: TestClient, fmt: str) -> None:
    json_graph = client.get("/api/v1/territories/38/ecosystem").json()["data"]
    response = client.get("/api/v1/territories/38/ecosystem", params={"format": fmt})
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    reader = nx.read_graphml if fmt == "graphml" else nx.read_gexf
    graph = reader(io.BytesIO(response.content))
    assert graph.number_of_nodes() == len(json_graph["organisations"]) + len(json_graph["alliances"])
    assert graph.number_of_edges() == len(json_graph["memberships"])
    if fmt == "gexf":
        assert b'mode="dynamic"' in response.content and b'timeformat="date"' in response.content


def test_ecosystem_csv_zip(client: TestClient) -> None:
    response = client.get("/api/v1/organisations/demo:gaia/neighbours", params={"format": "csv", "depth": 2})
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    assert sorted(archive.namelist()) == ["edges.csv", "nodes.csv"]
    nodes = archive.read("nodes.csv").decode().splitlines()
    assert nodes[0].startswith("id,") and any(line.startswith("organisation:demo:gaia,") for line in nodes)


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "csv"])
def test_an_organisation_and_an_alliance_sharing_a_key_stay_two_nodes(fmt: str) -> None:
    from graph_service.graph_files import GraphFormat, graph_file
    from graph_service.model import AllianceInfo, MembershipEdge, Organisation, Subgraph

    organisations = [
        Organisation(id="demo:x1", name="X1", world="association"),
        Organisation(id="demo:x2", name="X2", world="entreprise"),
    ]
    subgraph = Subgraph(
        organisations=organisations,
        alliances=[AllianceInfo(id="demo:x1", name="Alliance X1", mode="mecenat")],
        memberships=[
            MembershipEdge(organisation_id=o.id, alliance_id="demo:x1", role="membre") for o in organisations
        ],
    )
    annotations = {"demo:x1": {"community": 0, "verdict": "unrated", "pagerank": 0.5}}
    content = graph_file(subgraph, GraphFormat(fmt), annotations).content
    if fmt == "csv":
        archive = zipfile.ZipFile(io.BytesIO(content))
        nodes = {row["id"]: row for row in csv.DictReader(io.StringIO(archive.read("nodes.csv").decode()))}
        edges = list(csv.DictReader(io.StringIO(archive.read("edges.csv").decode())))
        assert set(nodes) == {"organisation:demo:x1", "organisation:demo:x2", "alliance:demo:x1"}
        assert {(e["source"], e["target"]) for e in edges} == {
            ("organisation:demo:x1", "alliance:demo:x1"),
            ("organisation:demo:x2", "alliance:demo:x1"),
        }
        assert nodes["organisation:demo:x1"]["verdict"] == "unrated"
        assert nodes["alliance:demo:x1"]["entity_id"] == "demo:x1"
        return
    graph = (nx.read_graphml if fmt == "graphml" else nx.read_gexf)(io.BytesIO(content))
    assert graph.number_of_nodes() == 3 and graph.number_of_edges() == 2
    kinds = nx.get_node_attributes(graph, "kind")
    assert sorted(kinds.values()) == ["alliance", "organisation", "organisation"]
    organisation = next(n for n, kind in kinds.items() if kind == "organisation" and graph.degree(n) == 1
                        and graph.nodes[n].get("entity_id") == "demo:x1")  # fmt: skip
    assert float(graph.nodes[organisation]["pagerank"]) == 0.5


def test_a_territory_download_carries_each_organisation_community_and_verdict(client: TestClient) -> None:
    communities = client.get("/api/v1/territories/38/analysis/communities").json()["data"]
    response = client.get("/api/v1/territories/38/ecosystem", params={"format": "graphml"})
    graph = nx.read_graphml(io.BytesIO(response.content))
    organisations = {
        data["entity_id"]: data for _, data in graph.nodes(data=True) if data["kind"] == "organisation"
    }
    assert {i: int(data["community"]) for i, data in organisations.items()} == communities["membership"]
    verdicts = {card["community"]: card["verdict"] for card in communities["cards"]}
    cards = {card["community"]: card for card in communities["cards"]}
    assert set(communities["concentrated"]) == {c for c, v in verdicts.items() if v == "concentrated"}
    for data in organisations.values():
        # Each organisation carries its community's card verdict; no card: unrated.
        assert data["verdict"] == verdicts.get(int(data["community"]), "unrated")
        # And the community's name and stable key, as the pages and the API give them.
        card = cards.get(int(data["community"]))
        assert data.get("community_name", "") == (card["name"] if card else "")
        assert data.get("community_key", "") == (card["key"] if card else "")
        assert 0 <= float(data["pagerank"]) <= 1
    assert any("Matheysine" in data.get("community_name", "") for data in organisations.values())


def test_alliances_paths_stats_health(client: TestClient) -> None:
    mecenat = client.get("/api/v1/alliances", params={"mode": "mecenat", "limit": 5}).json()["data"]
    assert mecenat["total"] > 5 and all(a["mode"] == "mecenat" for a in mecenat["items"])
    copil = client.get("/api/v1/alliances/demo:copil-labo-grenoble").json()["data"]
    assert len(copil["members"]) == 14
    found = client.get("/api/v1/paths", params={"from": "demo:unis-cite", "to": "siren:356000000"}).json()
    steps = found["data"][0]["steps"]
    assert [s["alliance"]["id"] for s in steps] == [
        "demo:silver-geek-unis-cite",
        "demo:agir-ensemble-poitiers",
    ]
    assert client.get("/api/v1/stats").json()["data"]["nodes"]["Catalyst"] == 7
    assert client.get("/api/v1/health").json() == {"status": "ok", "backend": TEST_BACKEND, "store": "up"}


def test_unknown_ids_and_codes_are_404_problems(client: TestClient) -> None:
    assert_problem(client.get("/api/v1/organisations/demo:nobody"), 404, "demo:nobody")
    assert_problem(client.get("/api/v1/organisations/demo:nobody/alliances"), 404, "not found")
    assert_problem(client.get("/api/v1/territories/99999"), 404, "99999")
    assert_problem(client.get("/api/v1/territories/99999/ecosystem"), 404, "99999")
    assert_problem(client.get("/api/v1/alliances/demo:none"), 404, "demo:none")
    assert_problem(client.get("/api/v1/paths", params={"from": "demo:gaia", "to": "demo:x"}), 404, "demo:x")
    assert_problem(client.get("/api/v1/nowhere"), 404, "Not Found")


def test_bad_parameters_and_limits_are_422_problems(client: TestClient) -> None:
    assert_problem(client.get("/api/v1/organisations", params={"limit": 501}), 422, "limit")
    assert_problem(client.get("/api/v1/organisations", params={"world": "ong"}), 422, "world")
    assert_problem(
        client.get("/api/v1/organisations/demo:gaia/neighbours", params={"depth": 4}), 422, "depth"
    )
    assert_problem(
        client.get("/api/v1/paths", params={"from": "demo:gaia", "to": "demo:le-rameau", "max_hops": 7}),
        422,
        "max_hops",
    )
    assert_problem(client.get("/api/v1/paths", params={"from": "demo:gaia"}), 422, "to")
    assert_problem(
        client.get("/api/v1/territories/38/ecosystem", params={"as_of": "2020-01-01", "from": "2019-01-01"}),
        422,
        "as_of",
    )
    assert_problem(
        client.get("/api/v1/territories/38/ecosystem", params={"as_of": "yesterday"}), 422, "as_of"
    )
    assert_problem(client.get("/api/v1/territories/canton:1"), 422, "unknown level")
    assert_problem(
        client.get("/api/v1/paths", params={"from": "demo:gaia", "to": "demo:gaia"}), 422, "two different"
    )
    assert_problem(client.get("/api/v1/territories/38/ecosystem", params={"format": "pdf"}), 422, "format")


def test_reads_can_be_closed(closed_client: TestClient, tokens: dict[str, str]) -> None:
    assert_problem(closed_client.get("/api/v1/organisations"), 401, "bearer token")
    assert closed_client.get("/api/v1/organisations").headers["www-authenticate"] == "Bearer"
    ok = closed_client.get("/api/v1/organisations", headers={"Authorization": f"Bearer {tokens['read']}"})
    assert ok.status_code == 200
    assert closed_client.get("/api/v1/health").status_code == 200


@pytest.mark.embedded_only(
    "closing the store object is the embedded fault; Neo4j's, the server stopping, is "
    "tests/faults/test_neo4j_server.py"
)
def test_store_down_answers_503(client: TestClient, api_store: object) -> None:
    api_store.close()  # type: ignore[attr-defined]
    assert_problem(client.get("/api/v1/stats"), 503, "closed")
    assert_problem(client.get("/api/v1/territories/38"), 503, "closed")
    health = client.get("/api/v1/health")
    assert health.status_code == 503 and health.json()["store"].startswith("down")
