"""API tokens in the store: saved by the hash of their secret, found, listed and revoked."""

from __future__ import annotations

from datetime import UTC, datetime

from graph_service.errors import NotFound
from graph_service.model import ApiToken
from graph_service.store.sync_engine import SyncEngine


class TokenQueries:
    """The tokens' reads and writes, together (a token is read back by the request it authorises)."""

    def __init__(self, engine: SyncEngine) -> None:
        self.engine = engine

    def save_token(self, token: ApiToken, secret_hash: str) -> None:
        params = {"id": token.id, "name": token.name, "hash": secret_hash, "scope": token.scope.value}
        params["owner"] = token.owner or ""
        expiry = {"has_expiry": token.expires is not None, "expires": token.expires or token.created}
        self.engine.write("token_create", {**params, "created": token.created, **expiry})

    def find_token(self, secret_hash: str) -> ApiToken | None:
        records = self.engine.read("token_find", {"hash": secret_hash, "now": datetime.now(UTC)})
        return ApiToken.model_validate(records[0]["t"]) if records else None

    def list_tokens(self) -> list[ApiToken]:
        return [ApiToken.model_validate(record["t"]) for record in self.engine.read("tokens_list", {})]

    def revoke_token(self, token_id: str) -> None:
        if not self.engine.write("token_revoke", {"id": token_id}):
            raise NotFound("token", token_id)
