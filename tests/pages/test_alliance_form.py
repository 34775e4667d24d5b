"""« Nouvelle alliance » on the pages: members by name or id (an unknown or ambiguous name said
next to the field, the input kept), a catalyst's alliance needs a member of their territories,
the alliance written, shown on its members' pages and in the history."""

from __future__ import annotations

import html
import re
from datetime import date
from urllib.parse import unquote

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


def _made_alliance(client: TestClient, members: list[str]) -> tuple[str, str]:
    """An alliance created through the form (the person signed in); its id and the form's CSRF."""
    csrf = _csrf(client.get("/alliances/nouvelle").text)
    data = {"name": "Atelier commun", "mode": "cooperation_economique", "domains": "alimentation",
            "start": "2024-03-01", "end": "", "csrf_token": csrf, "members": "\n".join(members)}  # fmt: skip
    assert client.post("/alliances/nouvelle", data=data, follow_redirects=False).status_code == 303
    alliances = client.get(f"/api/v1/organisations/{members[0]}/alliances").json()["data"]
    return next(a["id"] for a in alliances if a["name"] == "Atelier commun"), csrf


def test_a_catalyst_edits_then_ends_an_alliance_and_undoes_the_edit(
    api_store: GraphStore, client: TestClient, tokens: dict[str, str]
) -> None:
    isere = isere_organisation(client)
    brest, quimper = finistere_organisations(client, tokens["write"])
    account(api_store, "cat@example.fr", AccountRole.CATALYST, "departement:38")
    sign_in(client, "cat@example.fr")
    alliance_id, csrf = _made_alliance(client, [isere["id"], brest])
    assert f'href="/alliances/{alliance_id}/modifier"' in client.get(f"/organisations/{isere['id']}").text
    form = client.get(f"/alliances/{alliance_id}/modifier")
    assert form.status_code == 200 and f"{brest} ; membre" in form.text
    assert 'value="Atelier commun"' in form.text
    path = f"/alliances/{alliance_id}/modifier"
    edited = {"name": "Atelier <i>commun</i>", "mode": "mecenat", "domains": "alimentation, ODD 2",
              "start": "2024-03-01", "end": "", "csrf_token": csrf,
              "members": f"{isere['id']} ; pilote\n{quimper}"}  # fmt: skip
    # Leaving only members outside the catalyst's territories is refused.
    outside = client.post(path, data={**edited, "members": f"{brest}\n{quimper}"})
    assert outside.status_code == 422 and "territoires que vous animez" in outside.text
    assert client.post(path, data={**edited, "csrf_token": "forged"}).status_code == 403
    assert client.post(path, data=edited, follow_redirects=False).status_code == 303
    now = client.get(f"/api/v1/alliances/{alliance_id}").json()["data"]
    assert (now["name"], now["mode"]) == ("Atelier <i>commun</i>", "mecenat")
    assert len(now["domains"]) == 2 and "alimentation" in now["domains"]
    roles = {(m["organisation_id"], m["role"]) for m in now["members"]}
    assert roles == {(isere["id"], "pilote"), (quimper, "membre")}
    assert "Atelier &lt;i&gt;commun&lt;/i&gt;" in client.get(f"/organisations/{isere['id']}").text
    # Ended: an end date, kept in the history, no longer offered to end again.
    assert client.post(f"/alliances/{alliance_id}/fin", data={"csrf_token": "forged"}).status_code == 403
    ended = client.post(f"/alliances/{alliance_id}/fin", data={"csrf_token": csrf}, follow_redirects=False)
    assert ended.status_code == 303
    assert client.get(f"/api/v1/alliances/{alliance_id}").json()["data"]["end"] is not None
    assert f"/alliances/{alliance_id}/fin" not in client.get(path).text
    # Undo the end, then the edit: the first members come back, Quimper leaves.
    changes = client.get("/api/v1/changes", params={"alliance": alliance_id}).json()["data"]["items"]
    headers = {"X-CSRF-Token": csrf}
    for change in changes[:2]:  # the newest first
        assert client.post(f"/api/v1/changes/{change['id']}/undo", headers=headers).status_code == 200
    back = client.get(f"/api/v1/alliances/{alliance_id}").json()["data"]
    assert back["name"] == "Atelier commun" and back["end"] is None
    assert {m["organisation_id"] for m in back["members"]} == {isere["id"], brest}


def test_an_alliance_of_another_territory_has_no_form_for_a_catalyst(
    api_store: GraphStore, client: TestClient, tokens: dict[str, str]
) -> None:
    brest, quimper = finistere_organisations(client, tokens["write"])
    account(api_store, "admin@example.fr", AccountRole.ADMIN)
    sign_in(client, "admin@example.fr")
    alliance_id, _ = _made_alliance(client, [brest, quimper])
    client.post("/deconnexion", data={"csrf_token": _csrf(client.get("/alliances/nouvelle").text)})
    account(api_store, "cat@example.fr", AccountRole.CATALYST, "departement:38")
    csrf = sign_in(client, "cat@example.fr")
    assert client.get(f"/alliances/{alliance_id}/modifier").status_code == 403
    assert client.post(f"/alliances/{alliance_id}/fin", data={"csrf_token": csrf}).status_code == 403
    assert client.get(f"/api/v1/alliances/{alliance_id}").json()["data"]["end"] is None
    assert client.get("/alliances/inconnu:rien/modifier").status_code == 404


def test_an_introduction_marked_made_becomes_a_dated_alliance_the_next_analysis_counts(
    api_store: GraphStore, client: TestClient
) -> None:
    introductions = "/api/v1/territories/38/analysis/introductions"
    account(api_store, "admin@example.fr", AccountRole.ADMIN)
    assert "Mise en relation faite" not in client.get("/territoires/38").text
    sign_in(client, "admin@example.fr")
    page = client.get("/territoires/38").text
    assert re.search(r'class="todo">.*<a class="introduced"', page), "so does a card's « À faire »"
    section = page[page.index('id="introductions"') :]
    link = re.search(r'<a class="introduced" href="([^"]+)"', section)
    assert link, "each suggested introduction offers « Mise en relation faite »"
    form = client.get(link.group(1).replace("&amp;", "&"))
    pair = re.findall(r"membre=([^&]+)", link.group(1).replace("&amp;", "&"))
    assert form.status_code == 200 and "Mise en relation :" in form.text
    suggested = client.get(introductions, params={"limit": 100}).json()["data"]["suggestions"]
    made = next(s for s in suggested if {s["a"]["id"], s["b"]["id"]} == {unquote(p) for p in pair})
    name = re.search(r'id="name" name="name" value="([^"]+)"', form.text)
    start = re.search(r'id="start" name="start" type="date" value="([^"]+)"', form.text)
    assert name and start and start.group(1) == date.today().isoformat()
    data = {"name": html.unescape(name.group(1)), "mode": "cooperation_economique", "domains": "",
            "start": start.group(1), "end": "", "csrf_token": _csrf(form.text),
            "members": f"{made['a']['id']}\n{made['b']['id']}"}  # fmt: skip
    assert client.post("/alliances/nouvelle", data=data, follow_redirects=False).status_code == 303
    after = client.get(introductions, params={"limit": 100}).json()["data"]["suggestions"]
    pairs = [{s["a"]["id"], s["b"]["id"]} for s in after]
    assert {made["a"]["id"], made["b"]["id"]} not in pairs, "now tied, no longer suggested"
