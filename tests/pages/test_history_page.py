"""The history page: a signed-in catalyst reads what changed (before → after), undoes a change
with the page's form (no JavaScript needed), and sees names as text."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from graph_service.model import AccountRole
from graph_service.store.port import GraphStore
from testkit.accounts import account, sign_in
from testkit.hostile import HOSTILE
from testkit.http import bearer

JARDIN = {"id": "hist:jardin", "name": "Jardin partagé", "world": "association", "commune": "38185"}


def test_a_catalyst_reads_the_history_and_undoes_a_change(
    api_store: GraphStore, client: TestClient, tokens: dict[str, str]
) -> None:
    write = bearer(tokens["write"])
    client.post("/api/v1/organisations", json=JARDIN, headers=write)
    client.put("/api/v1/organisations/hist:jardin", json={**JARDIN, "name": HOSTILE}, headers=write)
    account(api_store, "cat@example.fr", AccountRole.CATALYST, "departement:38")
    sign_in(client, "cat@example.fr")
    organisation_page = client.get("/organisations/hist:jardin").text
    assert 'href="/historique?organisation=hist%3Ajardin"' in organisation_page
    page = client.get("/historique", params={"organisation": "hist:jardin"})
    assert page.status_code == 200
    assert HOSTILE not in page.text and "&lt;img src=x" in page.text  # names as text
    assert "<del>Jardin partagé</del>" in page.text
    forms = re.findall(r'action="(/historique/([0-9a-f]+)/annuler)"', page.text)
    assert len(forms) == 2  # the creation and the renaming, newest first
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf
    undone = client.post(
        forms[0][0], data={"csrf_token": csrf.group(1), "suite": "/historique"}, follow_redirects=False
    )
    assert undone.status_code == 303
    assert client.get("/api/v1/organisations/hist:jardin").json()["data"]["name"] == "Jardin partagé"
    after = client.get("/historique", params={"territoire": "38"}).text
    assert "annulation" in after
    # The same form without the session's token is refused.
    assert client.post(forms[1][0], data={"csrf_token": "forged"}).status_code == 403


def test_the_history_needs_an_editor(api_store: GraphStore, client: TestClient) -> None:
    answer = client.get("/historique", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/connexion")
    account(api_store, "reader@example.fr", AccountRole.READER)
    sign_in(client, "reader@example.fr")
    assert client.get("/historique").status_code == 403
