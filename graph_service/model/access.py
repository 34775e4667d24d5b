"""API tokens: who may read and write, stored by the hash of their secret only.

>>> TokenScope.ADMIN.allows(TokenScope.WRITE), TokenScope.READ.allows(TokenScope.WRITE)
(True, False)
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, Field, field_validator

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
    owner: str | None = Field(
        default=None,
        description="the account that created it from its page: the token acts with that account's "
        "rights (role and territories), never more",
    )

    @field_validator("owner", mode="before")
    @classmethod
    def _no_owner(cls, value: object) -> object:
        """A store without nulls in its columns keeps no owner as ''."""
        return value or None

    def is_valid_at(self, moment: datetime) -> bool:
        """Neither revoked nor expired at ``moment``."""
        return not self.revoked and (self.expires is None or moment < self.expires)
