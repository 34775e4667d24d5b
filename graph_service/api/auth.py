"""Bearer tokens checked per request with a scope (issuing them is ``graph_service.tokens``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from graph_service.model import TokenScope
from graph_service.store.port import GraphStore
from graph_service.tokens import hash_secret

bearer = HTTPBearer(auto_error=False, description="a token from `maillage token create`")


def _check(request: Request, credentials: HTTPAuthorizationCredentials | None, needed: TokenScope) -> None:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise HTTPException(401, "this request needs a bearer token (Authorization: Bearer <token>)")
    store: GraphStore = request.app.state.store
    token = store.find_token(hash_secret(credentials.credentials))
    if token is None:
        raise HTTPException(401, "unknown, revoked or expired token")
    if not token.scope.allows(needed):
        raise HTTPException(403, f"token scope {token.scope.value!r} does not allow {needed.value!r}")


Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]


def require_write(request: Request, credentials: Credentials) -> None:
    """Writes need a token of scope write or admin."""
    _check(request, credentials, TokenScope.WRITE)


def require_admin(request: Request, credentials: Credentials) -> None:
    """Managing tokens needs a token of scope admin."""
    _check(request, credentials, TokenScope.ADMIN)


def require_read(request: Request, credentials: Credentials) -> None:
    """Reads are open unless MAILLAGE_READ_REQUIRES_TOKEN is set."""
    if request.app.state.settings.read_requires_token:
        _check(request, credentials, TokenScope.READ)
