"""Accounts, browser sessions and one-time password links in the store, each kept by the hash of
its secret (a session's or a link's) or by its e-mail (an account)."""

from __future__ import annotations

from datetime import datetime

from graph_service.errors import NotFound
from graph_service.model import Session, User
from graph_service.store.sync_engine import Record, SyncEngine


def _user(record: Record) -> tuple[User, str]:
    password_hash = str(record.pop("password_hash") or "")
    return User.model_validate({**record, "password_set": bool(password_hash)}), password_hash


class AccountQueries:
    """The accounts' reads and writes, with the sessions and links that stand for them."""

    def __init__(self, engine: SyncEngine) -> None:
        self.engine = engine

    # -- accounts --------------------------------------------------------------------------------
    def save_user(self, user: User) -> None:
        params = {"email": user.email, "id": user.id, "role": user.role.value, "created": user.created}
        self.engine.write("account_create", {**params, "territories": user.territories})

    def find_user(self, email: str) -> tuple[User, str] | None:
        records = self.engine.read("account_find", {"email": email.strip().lower()})
        return _user(records[0]) if records else None

    def get_user(self, user_id: str) -> User:
        records = self.engine.read("account_get", {"id": user_id})
        if not records:
            raise NotFound("user", user_id)
        return _user(records[0])[0]

    def list_users(self) -> list[User]:
        return [_user(record)[0] for record in self.engine.read("accounts_list", {})]

    def set_password_hash(self, user_id: str, password_hash: str) -> None:
        if not self.engine.write("account_password_set", {"id": user_id, "hash": password_hash}):
            raise NotFound("user", user_id)

    # -- one-time links ------------------------------------------------------------------------
    def save_password_link(self, secret_hash: str, user_id: str, expires: datetime) -> None:
        self.engine.write(
            "password_link_create", {"hash": secret_hash, "user_id": user_id, "expires": expires}
        )

    def take_password_link(self, secret_hash: str) -> tuple[str, datetime] | None:
        records = self.engine.write("password_link_take", {"hash": secret_hash})
        return (str(records[0]["user_id"]), records[0]["expires"]) if records else None

    # -- sessions ------------------------------------------------------------------------------
    def save_session(self, secret_hash: str, session: Session, now: datetime) -> None:
        self.engine.write("sessions_prune", {"now": now})
        params = {"hash": secret_hash, "user_id": session.user_id, "csrf": session.csrf}
        self.engine.write("session_create", {**params, "expires": session.expires})

    def find_session(self, secret_hash: str, now: datetime) -> Session | None:
        records = self.engine.read("session_find", {"hash": secret_hash, "now": now})
        return Session.model_validate(records[0]) if records else None

    def extend_session(self, secret_hash: str, expires: datetime) -> None:
        self.engine.write("session_extend", {"hash": secret_hash, "expires": expires})

    def end_session(self, secret_hash: str) -> None:
        self.engine.write("session_end", {"hash": secret_hash})

    def end_sessions_of(self, user_id: str) -> None:
        self.engine.write("sessions_end_of_user", {"user_id": user_id})
