"""Accounts of the people who sign in: created with a role (and the territories a catalyst
animates), given a password once through a one-time link, checked at sign-in, and what each role
may edit.

Passwords are hashed with Argon2id (``argon2-cffi``): memory-hard, so that a stolen table cannot be
brute-forced on graphics cards; sessions and links are random secrets kept by their SHA-256 hash,
like API tokens.

>>> import tempfile, pathlib
>>> from graph_service.store.embedded import EmbeddedStore
>>> store = EmbeddedStore(pathlib.Path(tempfile.mkdtemp()) / "g.lbug"); store.init_schema()
>>> user, secret = create_user(store, "claire@example.fr", AccountRole.CATALYST, ["departement:38"])
>>> set_password_with_link(store, secret, "un mot de passe assez long").email
'claire@example.fr'
>>> set_password_with_link(store, secret, "une seconde fois") is None  # a link serves once
True
>>> signed_in(store, "Claire@Example.fr", "un mot de passe assez long").id == user.id
True
>>> signed_in(store, "claire@example.fr", "faux") is None
True
>>> store.close()
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from graph_service.errors import InvalidInput
from graph_service.model import AccountRole, User
from graph_service.store.port import AccountStore
from graph_service.tokens import hash_secret

LINK_VALID = timedelta(days=7)
"""How long a one-time link to set a password is valid."""
MIN_PASSWORD = 12
MAX_PASSWORD = 1_000
"""Beyond this a password is refused before hashing: Argon2 of a megabyte is a denial of service."""


@cache
def _hasher() -> PasswordHasher:
    return PasswordHasher()


@cache
def _decoy_hash() -> str:
    """A hash to verify against when the e-mail has no account, so that the answer takes as long
    as for a wrong password and does not tell which e-mails exist."""
    return _hasher().hash(secrets.token_urlsafe(16))


def check_password_rule(password: str) -> None:
    """Raise InvalidInput unless ``password`` has between 12 and 1,000 characters."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise InvalidInput(f"a password has at most {MAX_PASSWORD} characters")


def create_user(
    store: AccountStore, email: str, role: AccountRole, territories: list[str] | None = None
) -> tuple[User, str]:
    """A new account without a password, and the secret of its one-time link to set one."""
    user = User(
        id=secrets.token_hex(6),
        email=email,
        role=role,
        territories=sorted(set(territories or [])),
        created=datetime.now(UTC),
    )
    if role is AccountRole.CATALYST and not user.territories:
        raise InvalidInput("a catalyst animates at least one territory: give --territory")
    store.save_user(user)
    return user, new_password_link(store, user.id)


def new_password_link(store: AccountStore, user_id: str) -> str:
    """The secret of a new one-time link that sets ``user_id``'s password."""
    secret = secrets.token_urlsafe(32)
    store.save_password_link(hash_secret(secret), user_id, datetime.now(UTC) + LINK_VALID)
    return secret


def set_password(store: AccountStore, user_id: str, password: str) -> None:
    """Set a password (the account's sessions end: whoever held one must sign in again)."""
    check_password_rule(password)
    store.set_password_hash(user_id, _hasher().hash(password))
    store.end_sessions_of(user_id)


def set_password_with_link(store: AccountStore, secret: str, password: str) -> User | None:
    """Set the password of the link's account; None when the link is unknown, used or expired.
    The password is checked before the link is spent, so that a refused one can be corrected."""
    check_password_rule(password)
    taken = store.take_password_link(hash_secret(secret))
    if taken is None or taken[1].replace(tzinfo=taken[1].tzinfo or UTC) <= datetime.now(UTC):
        return None
    set_password(store, taken[0], password)
    return store.get_user(taken[0])


def signed_in(store: AccountStore, email: str, password: str) -> User | None:
    """The account whose e-mail and password these are, else None (whatever was wrong)."""
    found = store.find_user(email) if len(password) <= MAX_PASSWORD else None
    password_hash = found[1] if found and found[1] else _decoy_hash()
    try:
        _hasher().verify(password_hash, password[:MAX_PASSWORD])
    except (VerificationError, InvalidHashError):
        return None
    return found[0] if found else None


def may_edit_in(user: User, territory_keys: set[str]) -> bool:
    """Whether ``user`` may edit what lies in territories with these keys (a place and every
    territory above it): an admin everywhere, a catalyst where one of them is animated.

    >>> catalyst = User(id="c", email="c@x.fr", role=AccountRole.CATALYST, territories=["departement:38"],
    ...                 created="2026-12-06T10:00:00Z")
    >>> may_edit_in(catalyst, {"commune:38185", "epci:200040715", "departement:38"})
    True
    >>> may_edit_in(catalyst, {"commune:29019", "departement:29"})
    False
    """
    if user.role.may_edit_everywhere:
        return True
    return user.role.may_edit and bool(territory_keys & set(user.territories))
