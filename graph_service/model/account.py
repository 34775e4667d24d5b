"""People who sign in to the pages: their role, the territories a catalyst animates, and the
sessions and one-time links that stand for them (stored by the hash of their secret only).

>>> user = User(id="u1", email=" Claire@Example.FR ", role=AccountRole.CATALYST,
...             territories=["departement:38"], created="2026-12-06T10:00:00Z")
>>> user.email, AccountRole.ADMIN.may_edit_everywhere, AccountRole.READER.may_edit
('claire@example.fr', True, False)
"""

from __future__ import annotations

import re
from enum import StrEnum

from pydantic import BaseModel, Field, field_validator

from graph_service.model.instants import UtcDatetime

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
MAX_EMAIL = 254


class AccountRole(StrEnum):
    """What a signed-in person may do: an admin edits everything, a catalyst the territories they
    animate (and below), a reader reads."""

    ADMIN = "admin"
    CATALYST = "catalyst"
    READER = "reader"

    @property
    def may_edit(self) -> bool:
        return self is not AccountRole.READER

    @property
    def may_edit_everywhere(self) -> bool:
        return self is AccountRole.ADMIN


class User(BaseModel):
    """A person's account; the password itself is never stored, only its argon2 hash."""

    id: str
    email: str = Field(max_length=MAX_EMAIL)
    role: AccountRole
    territories: list[str] = Field(default_factory=list, description="keys of the territories animated")
    created: UtcDatetime
    password_set: bool = False

    @field_validator("email", mode="before")
    @classmethod
    def _normalised(cls, value: object) -> object:
        """One spelling per address, so that an e-mail finds its account whatever its case."""
        if not isinstance(value, str):
            return value
        email = value.strip().lower()
        if not EMAIL.match(email):
            raise ValueError(f"{value!r} is not an e-mail address")
        return email


class Session(BaseModel):
    """A signed-in browser: the user, the CSRF token its pages carry, and until when it lives."""

    user_id: str
    csrf: str
    expires: UtcDatetime
