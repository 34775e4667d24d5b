"""One's account page and its own API tokens (acting with the account's rights, never more), and
the admin's accounts page: an account created, its one-time link shown once, serving once."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from graph_service.model import AccountRole
from graph_service.store.port import GraphStore
from testkit.accounts import PASSWORD, account, form_token, sign_in
from testkit.editing import finistere_organisations, isere_organisation
from testkit.hostile import HOSTILE
from testkit.http import bearer

SECRET = re.compile(r'<code class="token-secret">([^<]+)</code>')
LINK = re.compile(r'<code class="password-link">([^<]+)</code>')


def _own_token(client: TestClient, csrf: str, scope: str, name: str = "script") -> str:
    answer = client.post(
        "/compte/jetons", data={"name": name, "scope": scope, "days": "30", "csrf_token": csrf}
    )
    assert answer.status_code == 201, answer.text
    assert answer.headers["cache-control"] == "no-store"
    found = SECRET.search(answer.text)
    assert found
    return found.group(1)


def test_a_catalysts_own_token_writes_only_where_the_catalyst_may(
    api_store: GraphStore, client: TestClient, tokens: dict[str, str]
) -> None:
    isere = isere_organisation(client)
    brest, _ = finistere_organisations(client, tokens["write"])
    account(api_store, "cat@example.fr", AccountRole.CATALYST, "departement:38")
    csrf = sign_in(client, "cat@example.fr")
    page = client.get("/compte").text
    assert "cat@example.fr" in page and 'href="/compte"' in page and "Isère" in page
    assert 'value="admin"' not in page, "no admin scope offered"
    secret = _own_token(client, csrf, "write", name=HOSTILE)
    listed = client.get("/compte").text
    assert secret not in listed, "shown once, on the answer to its creation"
    assert html.escape(HOSTILE) in listed and HOSTILE not in listed
    script = TestClient(client.app)  # no cookie: the token alone
    moved = {**isere, "name": "Renommée par script"}
    assert script.put(f"/api/v1/organisations/{isere['id']}", json=moved, headers=bearer(secret)).is_success
    change = script.get("/api/v1/changes", params={"organisation": isere["id"]}, headers=bearer(secret))
    assert change.json()["data"]["items"][0]["author"] == "cat@example.fr"
    elsewhere = {"id": brest, "name": "Prise", "world": "association", "commune": "29019"}
    refused = script.put(f"/api/v1/organisations/{brest}", json=elsewhere, headers=bearer(secret))
    assert refused.status_code == 403, "the token has the catalyst's rights, not more"
    assert script.post("/api/v1/tokens", json={"name": "x"}, headers=bearer(secret)).status_code == 403
    upload = script.post("/api/v1/imports", files={"files": ("organisations.csv", b"id,name\n")},
                         headers=bearer(secret))  # fmt: skip
    assert upload.status_code == 403, "imports stay with admins"
    # Revoked from the page: refused at once.
    token_id = re.search(r'action="/compte/jetons/([0-9a-f]+)/revocation"', listed)
    assert token_id
    assert (
        client.post(
            f"/compte/jetons/{token_id.group(1)}/revocation", data={"csrf_token": "forged"}
        ).status_code
        == 403
    )
    revoked = client.post(f"/compte/jetons/{token_id.group(1)}/revocation", data={"csrf_token": csrf})
    assert revoked.status_code == 200 and "révoqué" in revoked.text
    assert (
        script.put(f"/api/v1/organisations/{isere['id']}", json=moved, headers=bearer(secret)).status_code
        == 401
    )


def test_a_readers_token_reads_and_never_writes_nor_revokes_anothers(
    api_store: GraphStore, client: TestClient
) -> None:
    isere = isere_organisation(client)
    account(api_store, "cat@example.fr", AccountRole.CATALYST, "departement:38")
    csrf = sign_in(client, "cat@example.fr")
    _own_token(client, csrf, "write")
    theirs = re.search(r'action="/compte/jetons/([0-9a-f]+)/revocation"', client.get("/compte").text)
    assert theirs
    client.post("/deconnexion", data={"csrf_token": csrf})
    account(api_store, "lecteur@example.fr", AccountRole.READER)
    csrf = sign_in(client, "lecteur@example.fr")
    page = client.get("/compte").text
    assert 'value="write"' not in page and theirs.group(1) not in page
    refused = client.post(
        "/compte/jetons", data={"name": "x", "scope": "write", "days": "30", "csrf_token": csrf}
    )
    assert refused.status_code == 422 and 'id="scope-error"' in refused.text
    too_long = client.post(
        "/compte/jetons", data={"name": "x", "scope": "read", "days": "9999", "csrf_token": csrf}
    )
    assert too_long.status_code == 422 and 'id="days-error"' in too_long.text
    secret = _own_token(client, csrf, "read")
    script = TestClient(client.app)
    assert script.get(f"/api/v1/organisations/{isere['id']}", headers=bearer(secret)).status_code == 200
    put = script.put(f"/api/v1/organisations/{isere['id']}", json=isere, headers=bearer(secret))
    assert put.status_code == 403
    other = client.post(f"/compte/jetons/{theirs.group(1)}/revocation", data={"csrf_token": csrf})
    assert other.status_code == 404


def test_an_admin_creates_an_account_whose_link_sets_the_password_once(
    api_store: GraphStore, client: TestClient
) -> None:
    account(api_store, "admin@example.fr", AccountRole.ADMIN)
    csrf = sign_in(client, "admin@example.fr")
    assert 'href="/admin/comptes"' in client.get("/compte").text
    form = {"email": "nouvelle@example.fr", "role": "catalyst", "territories": "", "csrf_token": csrf}
    no_place = client.post("/admin/comptes", data=form)
    assert no_place.status_code == 422 and 'id="territories-error"' in no_place.text
    unknown = client.post("/admin/comptes", data={**form, "territories": "Atlantide"})
    assert unknown.status_code == 422 and 'id="territories-error"' in unknown.text
    hostile = client.post("/admin/comptes", data={**form, "email": HOSTILE, "territories": "38"})
    assert hostile.status_code == 422 and 'id="email-error"' in hostile.text and HOSTILE not in hostile.text
    assert (
        client.post("/admin/comptes", data={**form, "territories": "38", "csrf_token": "x"}).status_code
        == 403
    )
    created = client.post("/admin/comptes", data={**form, "territories": "38, 29"})
    assert created.status_code == 201 and created.headers["cache-control"] == "no-store"
    link = LINK.search(created.text)
    assert link and "nouvelle@example.fr" in created.text
    [user] = [u for u in api_store.list_users() if u.email == "nouvelle@example.fr"]
    assert (user.role, sorted(user.territories)) == (
        AccountRole.CATALYST,
        ["departement:29", "departement:38"],
    )
    again = client.post("/admin/comptes", data={**form, "territories": "38"})
    assert again.status_code == 422 and 'id="email-error"' in again.text
    # The person follows the link once, with another browser.
    person = TestClient(client.app)
    path = link.group(1).removeprefix("http://testserver")
    token = form_token(person, path)
    fields = {"password": PASSWORD, "confirmation": PASSWORD, "csrf_token": token}
    assert person.post(path, data=fields).status_code == 200
    assert person.post(path, data=fields).status_code == 400, "a link serves once"
    sign_in(person, "nouvelle@example.fr")
    # A new link for a person who lost theirs.
    renewed = client.post(f"/admin/comptes/{user.id}/lien", data={"csrf_token": csrf})
    assert renewed.status_code == 200 and LINK.search(renewed.text)


def test_the_accounts_page_is_for_admins_only(api_store: GraphStore, client: TestClient) -> None:
    assert client.get("/admin/comptes", follow_redirects=False).status_code == 303
    assert client.get("/compte", follow_redirects=False).status_code == 303
    account(api_store, "cat@example.fr", AccountRole.CATALYST, "departement:38")
    csrf = sign_in(client, "cat@example.fr")
    assert client.get("/admin/comptes").status_code == 403
    form = {"email": "x@example.fr", "role": "admin", "territories": "", "csrf_token": csrf}
    assert client.post("/admin/comptes", data=form).status_code == 403
    assert all(u.email != "x@example.fr" for u in api_store.list_users())
