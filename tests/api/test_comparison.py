"""``/territories/{code}/comparison`` through HTTP, checked child by child against each child's own
ecosystem and analysis."""

from __future__ import annotations

import csv
import io

from fastapi.testclient import TestClient


def test_each_child_agrees_with_its_own_ecosystem(client: TestClient) -> None:
    answer = client.get("/api/v1/territories/38/comparison")
    assert answer.status_code == 200, answer.text
    children = answer.json()["data"]["children"]
    levels = {child["level"] for child in children}
    assert "epci" in levels and "projet" not in levels
    populated = [child for child in children if child["organisations"]]
    assert len(populated) >= 3
    assert [c["organisations"] for c in children] == sorted(
        (c["organisations"] for c in children), reverse=True
    )
    for child in populated[:4]:
        ecosystem = client.get(f"/api/v1/territories/{child['key']}/ecosystem").json()["data"]
        outside = set(ecosystem["external_ids"])
        own = [o for o in ecosystem["organisations"] if o["id"] not in outside]
        assert child["organisations"] == len(own), child["key"]
        assert child["catalysts"] == sum(o.get("catalyst") is not None for o in own)
        for world, share in child["worlds"].items():
            assert share == round(sum(o["world"] == world for o in own) / len(own), 4)
        tied = {m["organisation_id"] for m in ecosystem["memberships"]}
        communities = client.get(f"/api/v1/territories/{child['key']}/analysis/communities").json()["data"]
        # Isolated: no alliance with anyone, inside or out; the child's own analysis agrees.
        assert (
            child["isolated"]
            == len({o["id"] for o in own} - tied)
            == communities["isolated"] - sum(1 for i in outside if i not in tied)
        )
    # The Matheysine club lies in its EPCI: that child counts a concentrated community.
    assert sum(child["concentrated"] for child in children) >= 1
    assert any(child["in_concentrated"] > 0 for child in children if child["concentrated"])


def test_the_comparison_comes_as_csv_too(client: TestClient) -> None:
    answer = client.get("/api/v1/territories/38/comparison?format=csv")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(answer.text)))
    json_children = client.get("/api/v1/territories/38/comparison").json()["data"]["children"]
    assert [row["key"] for row in rows] == [child["key"] for child in json_children]
    assert {"organisations", "ties_per_organisation", "share_association", "pass_through_name"} <= set(
        rows[0]
    )
    bad = client.get("/api/v1/territories/38/comparison?format=xls")
    assert bad.status_code == 422 and "format" in bad.text
    assert client.get("/api/v1/territories/99999/comparison").status_code == 404
