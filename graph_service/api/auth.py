"""Bearer tokens checked per request with a scope (issuing them is ``graph_service.tokens``); an
address that sent too many wrong ones waits (:mod:`~graph_service.api.auth_throttle`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from graph_service.api.auth_throttle import AuthThrottle
from graph_service.api.dependencies import SettingsDep, StoreDep
from graph_service.model import TokenScope
from graph_service.store.port import TokenStore
from graph_service.tokens import hash_secret

bearer_scheme = HTTPBearer(auto_error=False, description="a token from `maillage token create`")


def _check(
    request: Request, store: TokenStore, credentials: HTTPAuthorizationCredentials | None, needed: TokenScope
) -> None:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(401, "this request needs a bearer token (Authorization: Bearer <token>)")
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


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]


def require_write(request: Request, store: StoreDep, credentials: Credentials) -> None:
    """Writes need a token of scope write or admin."""
    _check(request, store, credentials, TokenScope.WRITE)


def require_admin(request: Request, store: StoreDep, credentials: Credentials) -> None:
    """Managing tokens needs a token of scope admin."""
    _check(request, store, credentials, TokenScope.ADMIN)


def require_read(request: Request, store: StoreDep, settings: SettingsDep, credentials: Credentials) -> None:
    """Reads are open unless MAILLAGE_READ_REQUIRES_TOKEN is set."""
    if settings.read_requires_token:
        _check(request, store, credentials, TokenScope.READ)
