"""« Nouvelle alliance » on the pages: members by name or id (an unknown or ambiguous name said
next to the field, the input kept), a catalyst's alliance needs a member of their territories,
the alliance written, shown on its members' pages and in the history."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from graph_service.model import AccountRole
from graph_service.store.port import GraphStore
from testkit.accounts import account, sign_in
from testkit.editing import finistere_organisations, isere_organisation


def _csrf(page: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found
    return found.group(1)


def test_a_catalyst_creates_an_alliance_from_an_organisation_page(
    api_store: GraphStore, client: TestClient, tokens: dict[str, str]
) -> None:
    isere = isere_organisation(client)
    brest, quimper = finistere_organisations(client, tokens["write"])
    account(api_store, "cat@example.fr", AccountRole.CATALYST, "departement:38")
    sign_in(client, "cat@example.fr")
    organisation_page = client.get(f"/organisations/{isere['id']}").text
    link = re.search(r'href="(/alliances/nouvelle\?membre=[^"]+)"', organisation_page)
    assert link
    form = client.get(link.group(1).replace("&amp;", "&"))
    assert form.status_code == 200 and f"{isere['id']} ; membre" in form.text
    for field in ("name", "mode", "domains", "start", "end", "members"):
        assert f'<label for="{field}">' in form.text
    csrf = _csrf(form.text)
    data = {"name": "Pont <b>Isère</b>–Finistère", "mode": "innovation_societale",
            "domains": "mobilité, ODD 17", "start": "2026-12-01", "end": "", "csrf_token": csrf,
            "members": f"{isere['id']} ; pilote\nPersonne De Ce Nom\n"}  # fmt: skip
    unknown = client.post("/alliances/nouvelle", data=data)
    assert unknown.status_code == 422 and 'id="members-error"' in unknown.text
    assert "Personne De Ce Nom" in unknown.text and "Pont &lt;b&gt;Isère&lt;/b&gt;–Finistère" in unknown.text
    ambiguous = client.post("/alliances/nouvelle", data={**data, "members": f"{isere['id']}\nAtelier\n"})
    assert ambiguous.status_code == 422 and brest in ambiguous.text and quimper in ambiguous.text
    outside = client.post("/alliances/nouvelle", data={**data, "members": f"{brest}\n{quimper}\n"})
    assert outside.status_code == 422 and "territoires que vous animez" in outside.text
    created = client.post(
        "/alliances/nouvelle", data={**data, "members": f"{isere['id']} ; pilote\nAtelier 29019\n"},
        follow_redirects=False,
    )  # fmt: skip
    assert created.status_code == 303 and created.headers["location"] == f"/organisations/{isere['id']}"
    alliances = client.get(f"/api/v1/organisations/{isere['id']}/alliances").json()["data"]
    [made] = [a for a in alliances if a["name"] == "Pont <b>Isère</b>–Finistère"]
    assert len(made["domains"]) == 2 and made["start"] == "2026-12-01" and made["end"] is None
    members = client.get(f"/api/v1/alliances/{made['id']}").json()["data"]["members"]
    assert {(m["organisation_id"], m["role"]) for m in members} == {
        (isere["id"], "pilote"),
        (brest, "membre"),
    }
    history = client.get("/historique", params={"alliance": made["id"]}).text
    assert "Création de" in history and "cat@example.fr" in history
    assert client.post("/alliances/nouvelle", data={**data, "csrf_token": "forged"}).status_code == 403
