"""Signed-in browsers: a session cookie (``HttpOnly``, ``SameSite=Lax``, ``Secure`` over https)
holding a random secret the store keeps by its hash, a new one at each sign-in, ended at sign-out
or after ``MAILLAGE_SESSION_IDLE_MINUTES`` without a request; and the CSRF token that every form
and every state-changing request of a signed-in browser must send back.

Before sign-in there is no session: the sign-in form's CSRF token is a double-submit cookie
(:func:`form_token`), so that another site cannot sign a browser in to an account of its choosing.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from fastapi import Request, Response
from starlette.types import Scope

from graph_service.errors import NotFound
from graph_service.model import Session, User
from graph_service.store.port import AccountStore
from graph_service.tokens import hash_secret

COOKIE = "maillage_session"
FORM_COOKIE = "maillage_form"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"
EXTEND_EVERY = timedelta(minutes=5)
"""A session's expiry moves at most this often: not one write per request."""


@dataclass(frozen=True)
class SignedIn:
    """The person a request comes from, and the CSRF token of their session."""

    user: User
    csrf: str


def has_session_cookie(scope: Scope) -> bool:
    """Whether an ASGI request carries a session cookie (live or not), without parsing it all."""
    return any(
        name == b"cookie" and COOKIE.encode() + b"=" in value for name, value in scope.get("headers", ())
    )


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def start(store: AccountStore, user: User, request: Request, response: Response, idle: timedelta) -> SignedIn:
    """Open a new session for ``user`` (a sign-in: the cookie it had before, if any, is ended)."""
    end(store, request, response)
    secret, now = secrets.token_urlsafe(32), datetime.now(UTC)
    session = Session(user_id=user.id, csrf=secrets.token_urlsafe(24), expires=now + idle)
    store.save_session(hash_secret(secret), session, now)
    response.set_cookie(COOKIE, secret, httponly=True, samesite="lax", secure=_secure(request), path="/")
    return SignedIn(user, session.csrf)


def current(store: AccountStore, request: Request, idle: timedelta) -> SignedIn | None:
    """Who the request's session cookie stands for, if it is live (looked up once per request);
    an active session's expiry moves forward."""
    if hasattr(request.state, "signed_in"):
        found: SignedIn | None = request.state.signed_in
        return found
    request.state.signed_in = None
    secret = request.cookies.get(COOKIE)
    if not secret or len(secret) > 100:
        return None
    now, secret_hash = datetime.now(UTC), hash_secret(secret)
    session = store.find_session(secret_hash, now)
    if session is None:
        return None
    if session.expires - now < idle - EXTEND_EVERY:
        store.extend_session(secret_hash, now + idle)
    try:
        user = store.get_user(session.user_id)
    except NotFound:
        return None
    request.state.signed_in = SignedIn(user, session.csrf)
    return request.state.signed_in


def of_page(request: Request) -> SignedIn | None:
    """Who a page request comes from, with the app's store and idle time."""
    idle = timedelta(minutes=request.app.state.settings.session_idle_minutes)
    return current(request.app.state.store, request, idle)


def end(store: AccountStore, request: Request, response: Response) -> None:
    """Sign out: the session is forgotten by the store, so its cookie no longer works anywhere."""
    secret = request.cookies.get(COOKIE)
    if secret and len(secret) <= 100:
        store.end_session(hash_secret(secret))
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="lax", secure=_secure(request))
    request.state.signed_in = None


def csrf_matches(expected: str, given: str | None) -> bool:
    """Whether ``given`` is the CSRF token (compared in constant time)."""
    return bool(given) and secrets.compare_digest(expected.encode(), (given or "").encode())


def form_token(request: Request, response: Response) -> str:
    """The sign-in form's CSRF token: the one its cookie holds, or a new one set in it."""
    token = request.cookies.get(FORM_COOKIE)
    if not token or len(token) > 100:
        token = secrets.token_urlsafe(24)
        response.set_cookie(
            FORM_COOKIE, token, httponly=True, samesite="lax", secure=_secure(request), path="/"
        )
    return token
