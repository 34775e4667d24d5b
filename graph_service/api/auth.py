"""Bearer tokens: issued once, stored as a SHA-256 hash, checked per request with a scope.

A token is 32 random bytes, so a plain hash is enough: there is no password to brute-force.

>>> secret = new_secret()
>>> secret.startswith("mlg_"), len(hash_secret(secret))
(True, 64)
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta
from typing import Annotated

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from graph_service.model import ApiToken, TokenScope
from graph_service.store.port import GraphStore

bearer = HTTPBearer(auto_error=False, description="a token from `maillage token create`")


def new_secret() -> str:
    return "mlg_" + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_token(
    store: GraphStore, name: str, scope: TokenScope, *, valid_days: float | None = None
) -> tuple[ApiToken, str]:
    """Create a token; the secret is returned once and never stored. With ``valid_days`` it
    expires that long after its creation."""
    created = datetime.now(UTC)
    expires = created + timedelta(days=valid_days) if valid_days is not None else None
    token = ApiToken(id=secrets.token_hex(4), name=name, scope=scope, created=created, expires=expires)
    secret = new_secret()
    store.save_token(token, hash_secret(secret))
    return token, secret


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
