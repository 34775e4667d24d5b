"""Every form route that writes refuses an anonymous browser (401) and a reader (403), whatever it
is sent, and writes nothing: the list is read from the application's page routers, so a new form
is covered."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from graph_service.api.app import PAGE_ROUTERS
from graph_service.model import AccountRole
from graph_service.store.port import GraphStore
from testkit.accounts import account, sign_in
from testkit.editing import isere_organisation

OPEN_TO_ALL = {"/connexion", "/deconnexion", "/mot-de-passe/{secret}"}
"""Posts that do not write the graph: signing in and out, setting one's password."""
ONE_OWN = {"/compte/jetons", "/compte/jetons/{token_id}/revocation"}
"""A reader's own account: their read tokens."""


def _form_posts() -> list[str]:
    routes = [r for module in PAGE_ROUTERS for r in module.router.routes if isinstance(r, APIRoute)]
    return sorted(
        r.path
        for r in routes
        if "POST" in r.methods and not r.path.startswith("/api/") and r.path not in OPEN_TO_ALL
    )


def _filled(path: str, organisation_id: str) -> str:
    values = {"organisation_id": organisation_id, "alliance_id": "demo:copil-labo-grenoble"}
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "0"), path)


def test_the_form_routes_are_found() -> None:
    posts = _form_posts()
    for expected in (
        "/alliances/nouvelle",
        "/import",
        "/admin/comptes",
        "/organisations/{organisation_id}/modifier",
    ):
        assert expected in posts, posts


@pytest.mark.parametrize("who", ["anonymous", "reader"])
def test_every_form_post_refuses_anonymous_and_readers(
    api_store: GraphStore, client: TestClient, who: str
) -> None:
    organisation = isere_organisation(client)
    csrf = ""
    if who == "reader":
        account(api_store, "lecteur@example.fr", AccountRole.READER)
        csrf = sign_in(client, "lecteur@example.fr")
    before = client.get(f"/api/v1/organisations/{organisation['id']}").json()["data"]
    changes = len(api_store.list_changes(limit=1000).items)
    for path in _form_posts():
        if who == "reader" and path in ONE_OWN:
            continue
        data = {
            "csrf_token": csrf,
            "name": "Pris",
            "world": "association",
            "members": "a\nb",
            "action": "importer",
        }
        answer = client.post(
            _filled(path, organisation["id"]),
            data=data,
            files={"files": ("organisations.csv", b"id,name\n")},
            follow_redirects=False,
        )
        expected = 401 if who == "anonymous" else 403
        assert answer.status_code == expected, (path, answer.status_code, answer.text[:300])
    assert client.get(f"/api/v1/organisations/{organisation['id']}").json()["data"] == before
    assert len(api_store.list_changes(limit=1000).items) == changes
