"""Accounts for the tests: one made with a password, and a browser signed in through the real
sign-in form (its CSRF cookie and field), returning the CSRF token its pages then carry."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from graph_service.accounts import create_user, set_password
from graph_service.api.browser_session import COOKIE, FORM_COOKIE
from graph_service.model import AccountRole, User
from graph_service.store.port import AccountStore

PASSWORD = "un mot de passe assez long"
ISERE_CATALYST = "catalyste.isere@example.fr"
"""The catalyst of the Isère the browser tests sign in as."""
ADMIN = "admin.maillage@example.fr"
"""The admin the browser tests sign in as."""
CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


def account(store: AccountStore, email: str, role: AccountRole, *territories: str) -> User:
    user, _ = create_user(store, email, role, list(territories))
    set_password(store, user.id, PASSWORD)
    return user


def form_token(client: TestClient, path: str = "/connexion") -> str:
    """The CSRF token of the form at ``path``, as its hidden field and its cookie hold it."""
    page = client.get(path)
    assert page.status_code == 200, page.text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found and client.cookies.get(FORM_COOKIE) == found.group(1)
    return found.group(1)


def sign_in(client: TestClient, email: str, password: str = PASSWORD, then: str = "/territoires/38") -> str:
    """Sign in through the form; the CSRF token the pages then carry."""
    answer = client.post(
        "/connexion",
        data={"email": email, "password": password, "csrf_token": form_token(client), "suite": then},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"] == then
    cookie = answer.headers["set-cookie"]
    assert f"{COOKIE}=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    found = CSRF_META.search(client.get(then).text)
    assert found, "a signed-in page carries its CSRF token"
    return found.group(1)
