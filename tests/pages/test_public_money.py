"""Public money on the map: subsidies drawn dashed on the territory and organisation drawings by
default, with a legend toggle and a URL option to leave them out, and never counted in the
communities. The subsidies are written through the store port into a copy of the demo; what the
drawing must hold follows from them."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from pathlib import Path

from graph_service.model import OpenDataTie, RelType, World
from graph_service.store.port import GraphStore
from testkit.backends import database_path
from testkit.http import api_client


def _graph_data(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    assert block, "the page embeds its network as JSON"
    return json.loads(block.group(1))


def _fund(store: GraphStore) -> tuple[str, list[OpenDataTie]]:
    """A collectivité of the Isère funds four associations of the Isère it shares no alliance with."""
    ecosystem = store.ecosystem("38")
    outside = set(ecosystem.external_ids)
    allied: dict[str, set[str]] = {}
    for m in ecosystem.memberships:
        allied.setdefault(m.alliance_id, set()).add(m.organisation_id)
    funder = next(o for o in ecosystem.organisations if o.world is World.COLLECTIVITE and o.id not in outside)
    partners = set().union(*(members for members in allied.values() if funder.id in members))
    funded = [
        o
        for o in ecosystem.organisations
        if o.world is World.ASSOCIATION and o.id not in outside and o.id not in partners
    ][:4]
    ties = [
        OpenDataTie(
            kind=RelType.FUNDS,
            source_id=funder.id,
            target_id=o.id,
            day=date(2024, 3, 1),
            amount=1000.0 * (k + 1),
            source="subventions",
            key=f"test-{k}",
        )
        for k, o in enumerate(funded)
    ]
    store.upsert_open_data_ties(ties, "test@20240301T000000000000Z")
    store.record_import_run("test@20240301T000000000000Z", "test", datetime.now(UTC), "")
    return funder.id, ties


def test_subsidies_are_drawn_dashed_by_default_and_left_out_on_request(
    api_store: GraphStore, tmp_path: Path
) -> None:
    funder, ties = _fund(api_store)
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
