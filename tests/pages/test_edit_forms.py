"""The organisation form on its page: shown to who may edit it, refused to others on the server,
errors next to their field with the input kept (and escaped), the change written and shown."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from graph_service.model import AccountRole
from graph_service.store.port import GraphStore
from testkit.accounts import account, sign_in
from testkit.editing import finistere_organisations, isere_organisation
from testkit.hostile import HOSTILE

FORM_FIELDS = ("name", "world", "commune", "siren", "website", "description")


def _form(client: TestClient, organisation_id: str) -> tuple[str, dict[str, str]]:
    page = client.get(f"/organisations/{organisation_id}/modifier")
    assert page.status_code == 200, page.text
    for field in FORM_FIELDS:  # every field has its label
        assert re.search(rf'<label for="{field}">', page.text) and f'id="{field}"' in page.text
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf
    return csrf.group(1), {}


def test_an_anonymous_browser_is_sent_to_sign_in(client: TestClient) -> None:
    organisation = isere_organisation(client)
    page = client.get(f"/organisations/{organisation['id']}", follow_redirects=False)
    assert "/modifier" not in page.text
    answer = client.get(f"/organisations/{organisation['id']}/modifier", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/connexion?suite=")
    posted = client.post(
        f"/organisations/{organisation['id']}/modifier", data={"name": "x"}, follow_redirects=False
    )
    assert (
        posted.status_code == 401
        and client.get(f"/api/v1/organisations/{organisation['id']}").json()["data"]["name"]
        == organisation["name"]
    )


def test_a_catalyst_edits_an_organisation_of_their_territory(
    api_store: GraphStore, client: TestClient
) -> None:
    organisation = isere_organisation(client)
    account(api_store, "cat@example.fr", AccountRole.CATALYST, "departement:38")
    sign_in(client, "cat@example.fr")
    page = client.get(f"/organisations/{organisation['id']}").text
    assert f'href="/organisations/{organisation["id"]}/modifier"' in page
    csrf, _ = _form(client, organisation["id"])
    path = f"/organisations/{organisation['id']}/modifier"
    wrong = {"name": HOSTILE, "world": "association", "commune": "Nulle-Part-sur-Rien", "siren": "123456789",
             "website": "javascript:alert(1)", "description": "", "csrf_token": csrf}  # fmt: skip
    refused = client.post(path, data=wrong)
    assert refused.status_code == 422
    for field in ("siren", "website", "commune"):
        assert f'id="{field}-error"' in refused.text and f'aria-describedby="{field}-error"' in refused.text
    assert HOSTILE not in refused.text  # the input kept, as text
    assert f'value="{html.escape(HOSTILE, quote=True)}"' in refused.text
    assert (
        client.get(f"/api/v1/organisations/{organisation['id']}").json()["data"]["name"]
        == organisation["name"]
    )
    good = {**wrong, "name": "Jardins partagés <b>du Drac</b>", "commune": "Grenoble", "siren": "",
            "website": "https://jardins.example"}  # fmt: skip
    saved = client.post(path, data=good, follow_redirects=False)
    assert saved.status_code == 303 and saved.headers["location"] == f"/organisations/{organisation['id']}"
    written = client.get(f"/api/v1/organisations/{organisation['id']}").json()["data"]
    assert (written["name"], written["commune"], written["website"]) == (
        "Jardins partagés <b>du Drac</b>", "38185", "https://jardins.example",
    )  # fmt: skip
    shown = client.get(f"/organisations/{organisation['id']}").text
    assert "Jardins partagés &lt;b&gt;du Drac&lt;/b&gt;" in shown
    # Moved out of the territories the catalyst animates: refused, said next to the commune.
    outside = client.post(path, data={**good, "commune": "29019"})
    assert outside.status_code == 422 and 'id="commune-error"' in outside.text
    assert "hors des territoires" in outside.text
    # Without the session's CSRF token: refused.
    assert client.post(path, data={**good, "csrf_token": "forged"}).status_code == 403


def test_a_catalyst_cannot_edit_elsewhere_whatever_the_page_shows(
    api_store: GraphStore, client: TestClient, tokens: dict[str, str]
) -> None:
    brest = finistere_organisations(client, tokens["write"])[0]
    account(api_store, "cat@example.fr", AccountRole.CATALYST, "departement:38")
    csrf = sign_in(client, "cat@example.fr")
    assert "/modifier" not in client.get(f"/organisations/{brest}").text
    assert client.get(f"/organisations/{brest}/modifier").status_code == 403
    posted = client.post(f"/organisations/{brest}/modifier", data={"name": "Pris", "world": "association",
                                                                  "csrf_token": csrf})  # fmt: skip
    assert posted.status_code == 403
    assert client.get(f"/api/v1/organisations/{brest}").json()["data"]["name"] == "Atelier 29019"


def test_the_form_speaks_english_when_asked(api_store: GraphStore, client: TestClient) -> None:
    organisation = isere_organisation(client)
    account(api_store, "admin@example.fr", AccountRole.ADMIN)
    sign_in(client, "admin@example.fr")
    page = client.get(f"/organisations/{organisation['id']}/modifier", params={"lang": "en"}).text
    assert "Commune (name or INSEE code)" in page and "Website" in page


def test_a_catalyst_marks_and_unmarks_an_organisation_as_a_catalyst_keeping_its_territories(
    api_store: GraphStore, client: TestClient, tokens: dict[str, str]
) -> None:
    organisation = isere_organisation(client)
    account(api_store, "cat@example.fr", AccountRole.CATALYST, "departement:38")
    csrf = sign_in(client, "cat@example.fr")
    path = f"/organisations/{organisation['id']}/modifier"
    form = client.get(path).text
    assert 'name="catalyst"' in form and 'value="partenariats"' in form
    fields = {key: organisation[key] for key in ("name", "world", "commune")}
    fields |= {"csrf_token": csrf, "catalyst": "1", "missions": ["dialogue", "partenariats"]}
    assert client.post(path, data=fields, follow_redirects=False).status_code == 303
    written = client.get(f"/api/v1/organisations/{organisation['id']}").json()["data"]
    assert written["catalyst"]["missions"] == ["dialogue", "partenariats"]
    assert "★" in client.get(f"/organisations/{organisation['id']}").text
    # Animated territories set by the API are kept when the page changes the missions.
    client.put(
        f"/api/v1/organisations/{organisation['id']}",
        json={**written, "catalyst": {**written["catalyst"], "territories": ["epci:200040715"]}},
        headers={"Authorization": f"Bearer {tokens['write']}"},
    ).raise_for_status()
    fields["missions"] = ["experimentation"]
    assert client.post(path, data=fields, follow_redirects=False).status_code == 303
    profile = client.get(f"/api/v1/organisations/{organisation['id']}").json()["data"]["catalyst"]
    assert profile == {**profile, "missions": ["experimentation"], "territories": ["epci:200040715"]}
    # Unticked: no longer a catalyst.
    unmarked = {key: value for key, value in fields.items() if key not in ("catalyst", "missions")}
    assert client.post(path, data=unmarked, follow_redirects=False).status_code == 303
    assert client.get(f"/api/v1/organisations/{organisation['id']}").json()["data"]["catalyst"] is None
    # A mission no catalyst has is refused, not stored.
    refused = client.post(path, data={**fields, "missions": ["<script>"]})
    assert refused.status_code == 422 and "<script>" not in refused.text
