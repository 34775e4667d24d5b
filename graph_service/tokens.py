"""API tokens: issued once, stored as a SHA-256 hash, with a scope and an optional expiry.

A token is 32 random bytes, so a plain hash is enough: there is no password to brute-force. The
CLI (`maillage token create`) and the API's admin routes both issue tokens here.

>>> secret = new_secret()
>>> secret.startswith("mlg_"), len(hash_secret(secret))
(True, 64)
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime, timedelta

from graph_service.model import ApiToken, TokenScope
from graph_service.store.port import TokenStore


def new_secret() -> str:
    return "mlg_" + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_token(
    store: TokenStore,
    name: str,
    scope: TokenScope,
    *,
    valid_days: float | None = None,
    owner: str | None = None,
) -> tuple[ApiToken, str]:
    """Create a token; the secret is returned once and never stored. With ``valid_days`` it
    expires that long after its creation; with ``owner`` (an account's id) it acts with that
    account's rights."""
    created = datetime.now(UTC)
    expires = created + timedelta(days=valid_days) if valid_days is not None else None
    token = ApiToken(
        id=secrets.token_hex(4), name=name, scope=scope, created=created, expires=expires, owner=owner
    )
    secret = new_secret()
    store.save_token(token, hash_secret(secret))
    return token, secret
