"""The access ports: API tokens and the accounts of the people who sign in (with their sessions
and one-time links), each kept by the hash of its secret. Part of the store's port
(:mod:`graph_service.store.port`, which composes them into :class:`GraphStore`).
"""

from __future__ import annotations

from abc import abstractmethod
from datetime import datetime
from typing import Protocol

from graph_service.model import ApiToken, Session, User


class TokenStore(Protocol):
    """The API tokens, kept by the hash of their secret."""

    @abstractmethod
    def save_token(self, token: ApiToken, secret_hash: str) -> None:
        """Store a new token by the hash of its secret."""

    @abstractmethod
    def find_token(self, secret_hash: str) -> ApiToken | None:
        """The live (not revoked) token whose secret has this hash."""

    @abstractmethod
    def list_tokens(self) -> list[ApiToken]:
        """Every token, revoked ones included."""

    @abstractmethod
    def revoke_token(self, token_id: str) -> None:
        """Revoke a token; raises NotFound."""


class AccountStore(Protocol):
    """People who sign in: their accounts, browser sessions and one-time password links, each kept
    by the hash of its secret (never the secret, never the password)."""

    @abstractmethod
    def save_user(self, user: User) -> None:
        """Store a new account; an e-mail already held raises ConstraintViolation."""

    @abstractmethod
    def find_user(self, email: str) -> tuple[User, str] | None:
        """The account of an e-mail (any case), with its password hash ('' until one is set)."""

    @abstractmethod
    def get_user(self, user_id: str) -> User:
        """The account of an id; raises NotFound."""

    @abstractmethod
    def list_users(self) -> list[User]:
        """Every account, oldest first."""

    @abstractmethod
    def set_password_hash(self, user_id: str, password_hash: str) -> None:
        """Replace an account's password hash; raises NotFound."""

    @abstractmethod
    def save_password_link(self, secret_hash: str, user_id: str, expires: datetime) -> None:
        """Store a one-time link that sets a password until ``expires``."""

    @abstractmethod
    def take_password_link(self, secret_hash: str) -> tuple[str, datetime] | None:
        """The user and expiry of a link, removed as it is read: a link serves once."""

    @abstractmethod
    def save_session(self, secret_hash: str, session: Session, now: datetime) -> None:
        """Store a new browser session (and forget the ones expired at ``now``)."""

    @abstractmethod
    def find_session(self, secret_hash: str, now: datetime) -> Session | None:
        """The session of a cookie's secret, if it has not expired at ``now``."""

    @abstractmethod
    def extend_session(self, secret_hash: str, expires: datetime) -> None:
        """Move a session's expiry (it expires after inactivity)."""

    @abstractmethod
    def end_session(self, secret_hash: str) -> None:
        """Forget a session (sign-out)."""

    @abstractmethod
    def end_sessions_of(self, user_id: str) -> None:
        """Forget every session of an account (its password changed)."""
