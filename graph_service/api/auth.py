"""Who may do what, checked per request: a bearer token with a scope (issuing them is
``graph_service.tokens``), or a signed-in browser (:mod:`~graph_service.api.browser_session`)
whose state-changing requests carry the session's CSRF token in ``X-CSRF-Token``. An address that
sent too many wrong tokens waits (:mod:`~graph_service.api.auth_throttle`).

A token an admin issued writes everywhere; a signed-in user, and a token a user created from their
page, write by that user's role and territory (:func:`~graph_service.accounts.may_edit_in`), which
the write routes check on what they touch (:mod:`~graph_service.api.edit_rights`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from graph_service.api import browser_session
from graph_service.api.auth_throttle import AuthThrottle
from graph_service.api.dependencies import SettingsDep, StoreDep
from graph_service.config import Settings
from graph_service.errors import NotFound
from graph_service.model import AccountRole, ApiToken, TokenScope, User
from graph_service.store.port import GraphStore, TokenStore
from graph_service.tokens import hash_secret

bearer_scheme = HTTPBearer(auto_error=False, description="a token from `maillage token create`")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


@dataclass(frozen=True)
class Writer:
    """Who a write comes from: a token (``user`` None: everywhere) or a signed-in user."""

    user: User | None = None
    token: str = ""
    """The token's id and name, when a token wrote."""

    @property
    def author(self) -> str:
        """How the history names the writer."""
        return self.user.email if self.user else f"token {self.token}"


def _check(
    request: Request, store: TokenStore, credentials: HTTPAuthorizationCredentials, needed: TokenScope
) -> ApiToken:
    throttle: AuthThrottle = request.app.state.auth_throttle
    address = request.client.host if request.client else "unknown"
    secret_hash = hash_secret(credentials.credentials)
    wait = throttle.retry_after(address, secret_hash)
    if wait is not None:
        raise HTTPException(
            429,
            f"too many wrong tokens from this address: try again in {wait} s",
            headers={"Retry-After": str(wait)},
        )
    token = store.find_token(secret_hash)
    if token is None:
        throttle.failed(address)
        raise HTTPException(401, "unknown, revoked or expired token")
    throttle.succeeded(secret_hash)
    if not token.scope.allows(needed):
        raise HTTPException(403, f"token scope {token.scope.value!r} does not allow {needed.value!r}")
    return token


def token_owner(store: GraphStore, token: ApiToken) -> User | None:
    """The account a token acts for (None: an admin's token, no account); 401 when that account
    is gone."""
    if token.owner is None:
        return None
    try:
        return store.get_user(token.owner)
    except NotFound:
        raise HTTPException(401, "this token's account no longer exists") from None


def signed_in_user(request: Request, store: GraphStore, settings: Settings) -> User | None:
    """The signed-in user of the request; a state-changing request must carry the CSRF token."""
    idle = timedelta(minutes=settings.session_idle_minutes)
    found = browser_session.current(store, request, idle)
    if found is None:
        return None
    if request.method not in SAFE_METHODS and not browser_session.csrf_matches(
        found.csrf, request.headers.get(browser_session.CSRF_HEADER)
    ):
        raise HTTPException(403, f"a signed-in request that changes data needs {browser_session.CSRF_HEADER}")
    return found.user


def _who(
    request: Request, store: GraphStore, settings: Settings, credentials: HTTPAuthorizationCredentials | None
) -> User | None:
    """The signed-in user, or None with a bearer token; 401 with neither."""
    if credentials is not None and credentials.scheme.lower() == "bearer":
        return None
    user = signed_in_user(request, store, settings)
    if user is None:
        raise HTTPException(
            401, "this request needs a bearer token (Authorization: Bearer <token>) or to sign in"
        )
    return user


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]


def require_write(
    request: Request, store: StoreDep, settings: SettingsDep, credentials: Credentials
) -> Writer:
    """Writes need a token of scope write or admin, or a signed-in admin or catalyst."""
    user = _who(request, store, settings, credentials)
    token_name = ""
    if user is None:
        assert credentials is not None
        token = _check(request, store, credentials, TokenScope.WRITE)
        token_name = f"{token.id} ({token.name})"
        user = token_owner(store, token)
        if user is None:
            return Writer(token=token_name)
    if not user.role.may_edit:
        raise HTTPException(403, "a reader's account does not write")
    return Writer(user, token=token_name)


def require_admin(request: Request, store: StoreDep, settings: SettingsDep, credentials: Credentials) -> None:
    """Managing tokens and accounts needs a token of scope admin, or a signed-in admin."""
    user = _who(request, store, settings, credentials)
    if user is None:
        assert credentials is not None
        user = token_owner(store, _check(request, store, credentials, TokenScope.ADMIN))
    if user is not None and user.role is not AccountRole.ADMIN:
        raise HTTPException(403, "this needs an admin's account")


def require_read(request: Request, store: StoreDep, settings: SettingsDep, credentials: Credentials) -> None:
    """Reads are open unless MAILLAGE_READ_REQUIRES_TOKEN is set; then a token or a session."""
    if not settings.read_requires_token:
        return
    if credentials is None and signed_in_user(request, store, settings) is not None:
        return
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(
            401, "this request needs a bearer token (Authorization: Bearer <token>) or to sign in"
        )
    _check(request, store, credentials, TokenScope.READ)


def require_bulk_write(writer: Annotated[Writer, Depends(require_write)]) -> Writer:
    """Imports touch whatever their files hold: a token of scope write, or a signed-in admin
    (a catalyst's imports would need each row checked against their territories)."""
    if writer.user is not None and not writer.user.role.may_edit_everywhere:
        raise HTTPException(403, "imports are for tokens and admins: a catalyst edits on the pages")
    return writer


WriterDep = Annotated[Writer, Depends(require_write)]
