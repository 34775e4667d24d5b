"""Public money on the map: subsidies drawn dashed on the territory and organisation drawings by
default, with a legend toggle and a URL option to leave them out, and never counted in the
communities. The subsidies are written through the store port into a copy of the demo; what the
drawing must hold follows from them."""

from __future__ import annotations

import json
import re
from pathlib import Path

from graph_service.store.port import GraphStore
from testkit.backends import database_path
from testkit.http import api_client
from testkit.money import fund_associations


def _graph_data(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    assert block, "the page embeds its network as JSON"
    return json.loads(block.group(1))


def test_subsidies_are_drawn_dashed_by_default_and_left_out_on_request(
    api_store: GraphStore, tmp_path: Path
) -> None:
    funder, ties = fund_associations(api_store)
    with api_client(api_store, database_path(api_store, tmp_path), tmp_path / "data") as client:
        before = client.get("/api/v1/territories/38/analysis/communities").json()["data"]
        data = _graph_data(client.get("/territoires/38").text)
        money = [e for e in data["edges"] if e.get("money")]
        assert {(e["from"], e["to"]) for e in money} == {(t.source_id, t.target_id) for t in ties}
        assert all(e["dashes"] for e in money)
        assert all("subvention" in e["title"] and "€" in e["title"] for e in money)
        # Drawn, not analysed: the communities are those of the alliances alone.
        after = client.get("/api/v1/territories/38/analysis/communities").json()["data"]
        assert after["membership"] == before["membership"]
        hidden = client.get("/territoires/38", params={"financements": "0"}).text
        assert not [e for e in _graph_data(hidden)["edges"] if e.get("money")]
        # The choice survives the filters form.
        assert '<input type="hidden" name="financements" value="0">' in hidden
        page = client.get("/territoires/38").text
        assert 'id="money-filter"' in page
        # The funder's page draws its beneficiaries.
        own = _graph_data(client.get(f"/organisations/{funder}").text)
        drawn = {n["id"] for n in own["nodes"]}
        assert {t.target_id for t in ties} <= drawn
        assert {(e["from"], e["to"]) for e in own["edges"] if e.get("money")} == {
            (t.source_id, t.target_id) for t in ties
        }


def test_the_territory_page_says_who_funds_whom(api_store: GraphStore, tmp_path: Path) -> None:
    funder, ties = fund_associations(api_store)
    with api_client(api_store, database_path(api_store, tmp_path), tmp_path / "data") as client:
        page = client.get("/territoires/38").text
        panel = page.split('<section class="funding" id="funding">')[1].split("</section>")[0]
        total = sum(t.amount or 0.0 for t in ties)
        said = (
            panel.split('<p class="say">')[1].split("</p>")[0].replace("\u202f", " ").replace("\u00a0", " ")
        )
        assert said.startswith(f"{len(ties)} subventions publiques pour {total:,.0f} €".replace(",", " "))
        assert f"financeurs : 1 ; bénéficiaires : {len(ties)}." in said
        # The funder first among the funders, every beneficiary among the main ones.
        assert f'href="/organisations/{funder}"' in panel
        for tie in ties:
            assert f'href="/organisations/{tie.target_id}"' in panel
        assert '<th scope="row">2024</th>' in panel
