"""Bearer tokens checked per request with a scope (issuing them is ``graph_service.tokens``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from graph_service.api.dependencies import SettingsDep, StoreDep
from graph_service.model import TokenScope
from graph_service.store.port import GraphStore
from graph_service.tokens import hash_secret

bearer_scheme = HTTPBearer(auto_error=False, description="a token from `maillage token create`")


def _check(store: GraphStore, credentials: HTTPAuthorizationCredentials | None, needed: TokenScope) -> None:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(401, "this request needs a bearer token (Authorization: Bearer <token>)")
    token = store.find_token(hash_secret(credentials.credentials))
    if token is None:
        raise HTTPException(401, "unknown, revoked or expired token")
    if not token.scope.allows(needed):
        raise HTTPException(403, f"token scope {token.scope.value!r} does not allow {needed.value!r}")


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]


def require_write(store: StoreDep, credentials: Credentials) -> None:
    """Writes need a token of scope write or admin."""
    _check(store, credentials, TokenScope.WRITE)


def require_admin(store: StoreDep, credentials: Credentials) -> None:
    """Managing tokens needs a token of scope admin."""
    _check(store, credentials, TokenScope.ADMIN)


def require_read(store: StoreDep, settings: SettingsDep, credentials: Credentials) -> None:
    """Reads are open unless MAILLAGE_READ_REQUIRES_TOKEN is set."""
    if settings.read_requires_token:
        _check(store, credentials, TokenScope.READ)
