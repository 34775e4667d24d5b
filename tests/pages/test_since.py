"""The territory page "since year Y": the club a catalyst opened is listed as opened, its new ties
and the organisations that arrived are drawn in magenta."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_service.store.port import GraphStore
from testkit.backends import database_path
from testkit.http import api_client
from testkit.opened_club import CLUB, plant_opened_club
from visual.style import NEW_SINCE


@pytest.fixture
def opened_client(
    api_store: GraphStore, tmp_path: Path
) -> Iterator[tuple[TestClient, list[tuple[str, str]]]]:
    opened = plant_opened_club(api_store)
    with api_client(api_store, database_path(api_store, tmp_path), tmp_path / "data") as client:
        yield client, opened


def _graph_data(html: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    assert found
    return json.loads(found.group(1))


def test_since_a_year_the_opened_club_and_its_new_ties_show(
    opened_client: tuple[TestClient, list[tuple[str, str]]],
) -> None:
    client, opened = opened_client
    page = client.get("/territoires/38", params={"depuis": 2019})
    assert page.status_code == 200
    change = page.text.split('id="change"')[1].split("</section>")[0]
    assert 'class="status-opened"' in change and "ouverte" in change
    compare = client.get(
        "/api/v1/territories/38/analysis/compare",
        params={"before": "2019-01-01", "after": date.today().isoformat()},
    ).json()["data"]
    assert f"{len(compare['joined'])} organisations arrivées" in change
    # Communities are named, as on the cards, never by a number the page does not show.
    opened_change = next(c for c in compare["changes"] if c["status"] == "opened")
    assert opened_change["before_name"] and opened_change["before_name"] in html.unescape(change)
    assert not re.search(r"Communauté \d", change)
    data = _graph_data(page.text)
    new = {(e["from"], e["to"]) for e in data["edges"] if e.get("new")}
    assert {tuple(sorted(pair)) for pair in opened} <= {tuple(sorted(pair)) for pair in new}
    assert all(e["color"]["color"] == NEW_SINCE for e in data["edges"] if e.get("new"))
    # The club's own ties are from 2010: none of them is new.
    club = set(CLUB)
    assert not any(e["from"] in club and e["to"] in club for e in data["edges"] if e.get("new"))
    plain = _graph_data(client.get("/territoires/38").text)
    assert not any(e.get("new") for e in plain["edges"])
    assert client.get("/territoires/38", params={"depuis": 1200}).status_code == 422
