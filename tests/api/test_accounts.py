"""Accounts over HTTP: the one-time link, sign-in and sign-out, the session cookie and its CSRF
token, throttling without account enumeration, and roles by territory on the write routes."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from graph_service.accounts import create_user
from graph_service.api.browser_session import COOKIE
from graph_service.model import AccountRole
from graph_service.store.port import GraphStore
from testkit.accounts import CSRF_META as META
from testkit.accounts import PASSWORD, account, form_token, sign_in
from testkit.editing import finistere_organisations, isere_organisation
from testkit.http import assert_problem


def test_the_link_sets_a_password_once_then_the_person_signs_in_and_out(
    api_store: GraphStore, client: TestClient
) -> None:
    anonymous = client.get("/territoires/38").text  # kept by the response cache, if it keeps pages
    assert not META.search(anonymous) and 'href="/connexion' in anonymous
    user, secret = create_user(api_store, "Claire@Example.fr", AccountRole.CATALYST, ["departement:38"])
    link = f"/mot-de-passe/{secret}"
    assert client.get(link).headers["referrer-policy"] == "no-referrer"
    token = form_token(client, link)
    mismatch = client.post(
        link, data={"password": PASSWORD, "confirmation": PASSWORD + "!", "csrf_token": token}
    )
    assert mismatch.status_code == 422 and "diffèrent" in mismatch.text
    short = client.post(link, data={"password": "court", "confirmation": "court", "csrf_token": token})
    assert short.status_code == 422 and "12 caractères" in short.text
    saved = client.post(link, data={"password": PASSWORD, "confirmation": PASSWORD, "csrf_token": token})
    assert saved.status_code == 200 and "Mot de passe enregistré" in saved.text
    again = client.post(link, data={"password": PASSWORD, "confirmation": PASSWORD, "csrf_token": token})
    assert again.status_code == 400 and "plus valable" in again.text

    csrf = sign_in(client, "claire@example.fr")
    old_cookie = client.cookies.get(COOKIE)
    page = client.get("/territoires/38").text
    assert "claire@example.fr" in page and 'action="/deconnexion"' in page
    refused = client.post("/deconnexion", data={"csrf_token": "wrong"}, follow_redirects=False)
    assert refused.status_code == 403 and META.search(client.get("/").text)  # still signed in
    out = client.post("/deconnexion", data={"csrf_token": csrf}, follow_redirects=False)
    assert out.status_code == 303
    # The cookie of before the sign-out no longer works anywhere.
    client.cookies.set(COOKIE, old_cookie or "")
    assert not META.search(client.get("/territoires/38").text)
    headers = {"X-CSRF-Token": csrf}
    assert_problem(client.put("/api/v1/organisations/demo:gaia", json={}, headers=headers), 401, "sign in")
    assert user.id == api_store.find_user("claire@example.fr")[0].id  # type: ignore[index]


def test_sign_in_answers_alike_for_an_unknown_address_and_a_wrong_password(
    api_store: GraphStore, client: TestClient
) -> None:
    account(api_store, "known@example.fr", AccountRole.READER)
    answers = []
    for email in ("known@example.fr", "nobody@example.fr"):
        form = {"email": email, "password": "pas le bon mot de passe", "csrf_token": form_token(client)}
        answer = client.post("/connexion", data=form)
        answers.append((answer.status_code, answer.text.replace(email, "EMAIL")))
    assert answers[0] == answers[1] and answers[0][0] == 401
    assert "Adresse ou mot de passe incorrect" in answers[0][1]
    assert COOKIE not in client.cookies


def test_repeated_failures_lock_the_account_out_and_say_so(api_store: GraphStore, client: TestClient) -> None:
    account(api_store, "target@example.fr", AccountRole.ADMIN)
    for _ in range(5):
        form = {
            "email": "target@example.fr",
            "password": "devine devine devine",
            "csrf_token": form_token(client),
        }
        assert client.post("/connexion", data=form).status_code == 401
    form = {"email": "TARGET@example.fr", "password": PASSWORD, "csrf_token": form_token(client)}
    locked = client.post("/connexion", data=form)
    # Even the right password waits: the lock-out is what stops the guessing.
    assert locked.status_code == 429 and int(locked.headers["retry-after"]) > 0
    assert "Trop de tentatives" in locked.text and COOKIE not in client.cookies


def test_a_form_without_its_csrf_token_is_refused(api_store: GraphStore, client: TestClient) -> None:
    account(api_store, "a@example.fr", AccountRole.ADMIN)
    form_token(client)
    for token in ("", "forged"):
        answer = client.post(
            "/connexion", data={"email": "a@example.fr", "password": PASSWORD, "csrf_token": token}
        )
        assert answer.status_code == 403 and COOKIE not in client.cookies


def test_a_catalyst_writes_where_they_animate_and_reads_elsewhere(
    api_store: GraphStore, client: TestClient, tokens: dict[str, str]
) -> None:
    outside = finistere_organisations(client, tokens["write"])[0]
    inside = isere_organisation(client)
    account(api_store, "cat@example.fr", AccountRole.CATALYST, "departement:38")
    csrf = sign_in(client, "cat@example.fr")
    headers = {"X-CSRF-Token": csrf}
    renamed = {**inside, "name": "Renommée <b>ici</b>"}
    path = f"/api/v1/organisations/{inside['id']}"
    assert_problem(client.put(path, json=renamed), 403, "X-CSRF-Token")
    assert_problem(client.put(path, json=renamed, headers={"X-CSRF-Token": "forged"}), 403, "X-CSRF-Token")
    assert client.put(path, json=renamed, headers=headers).status_code == 200
    assert client.get(path).json()["data"]["name"] == "Renommée <b>ici</b>"
    # Moving it out of the territory is a change outside it.
    moved = {**inside, "commune": "29019"}
    assert_problem(client.put(path, json=moved, headers=headers), 403, "not located in")
    brest = client.get(f"/api/v1/organisations/{outside}").json()["data"]
    assert_problem(
        client.put(f"/api/v1/organisations/{outside}", json={**brest, "name": "x"}, headers=headers),
        403,
        "not located in",
    )
    assert_problem(client.delete(f"/api/v1/organisations/{outside}", headers=headers), 403, "not located in")
    # An alliance needs one member the catalyst animates, before and after the change.
    alliance = {"id": "test:pont", "name": "Pont Isère–Finistère", "mode": "innovation_societale",
                "members": [{"organisation_id": inside["id"]}, {"organisation_id": outside}]}  # fmt: skip
    assert client.post("/api/v1/alliances", json=alliance, headers=headers).status_code == 201
    finistere = [{"organisation_id": id_} for id_ in finistere_organisations(client, tokens["write"])]
    elsewhere = {**alliance, "id": "test:ailleurs", "members": finistere}
    assert_problem(
        client.post("/api/v1/alliances", json=elsewhere, headers=headers), 403, "no member located in"
    )
    # Tokens, management and imports stay with admins.
    assert_problem(client.get("/api/v1/tokens"), 403, "admin")
    files = {"files": ("organisations.csv", b"id,name,world\nx,X,association\n", "text/csv")}
    assert_problem(client.post("/api/v1/imports", files=files, headers=headers), 403, "admins")


@pytest.mark.parametrize("role", [AccountRole.READER])
def test_a_reader_and_an_anonymous_browser_do_not_write(
    api_store: GraphStore, client: TestClient, role: AccountRole
) -> None:
    inside = isere_organisation(client)
    path = f"/api/v1/organisations/{inside['id']}"
    assert_problem(client.put(path, json=inside), 401, "bearer token")
    account(api_store, "reader@example.fr", role)
    csrf = sign_in(client, "reader@example.fr")
    assert_problem(client.put(path, json=inside, headers={"X-CSRF-Token": csrf}), 403, "reader")


def test_an_admin_writes_everywhere_and_manages_tokens(
    api_store: GraphStore, client: TestClient, tokens: dict[str, str]
) -> None:
    outside = finistere_organisations(client, tokens["write"])[0]
    account(api_store, "admin@example.fr", AccountRole.ADMIN)
    csrf = sign_in(client, "admin@example.fr")
    headers = {"X-CSRF-Token": csrf}
    brest = client.get(f"/api/v1/organisations/{outside}").json()["data"]
    assert client.put(
        f"/api/v1/organisations/{outside}", json={**brest, "name": "y"}, headers=headers
    ).is_success
    assert client.get("/api/v1/tokens").status_code == 200
    created = client.post("/api/v1/tokens", json={"name": "script", "scope": "read"}, headers=headers)
    assert created.status_code == 201, created.text


def test_a_session_ends_after_the_idle_time(api_store: GraphStore, client: TestClient) -> None:
    from datetime import UTC, datetime, timedelta

    account(api_store, "idle@example.fr", AccountRole.ADMIN)
    sign_in(client, "idle@example.fr")
    later = datetime.now(UTC) + timedelta(minutes=121)
    from graph_service.tokens import hash_secret

    assert api_store.find_session(hash_secret(client.cookies[COOKIE]), datetime.now(UTC)) is not None
    assert api_store.find_session(hash_secret(client.cookies[COOKIE]), later) is None


def test_a_new_password_ends_the_sessions_opened_before(api_store: GraphStore, client: TestClient) -> None:
    from graph_service.accounts import set_password

    user = account(api_store, "moved@example.fr", AccountRole.ADMIN)
    sign_in(client, "moved@example.fr")
    assert META.search(client.get("/").text)
    set_password(api_store, user.id, "un tout autre mot de passe")
    assert not META.search(client.get("/").text)  # the cookie of before no longer signs in
    assert_problem(client.get("/api/v1/tokens"), 401, "sign in")
