"""API tokens: who may read and write, stored by the hash of their secret only.

>>> TokenScope.ADMIN.allows(TokenScope.WRITE), TokenScope.READ.allows(TokenScope.WRITE)
(True, False)
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from graph_service.model.instants import UtcDatetime


class TokenScope(StrEnum):
    """What a token may do; each scope includes the ones before it."""

    READ = "read"
    WRITE = "write"
    ADMIN = "admin"

    def allows(self, needed: TokenScope) -> bool:
        order = list(TokenScope)
        return order.index(self) >= order.index(needed)


class ApiToken(BaseModel):
    """A token's record; the secret itself is never stored."""

    id: str
    name: str = Field(max_length=200)
    scope: TokenScope
    created: UtcDatetime
    revoked: bool = False
    expires: UtcDatetime | None = Field(default=None, description="the token is refused from then on")

    def is_valid_at(self, moment: datetime) -> bool:
        """Neither revoked nor expired at ``moment``."""
        return not self.revoked and (self.expires is None or moment < self.expires)
