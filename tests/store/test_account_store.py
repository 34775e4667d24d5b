"""Accounts, sessions and one-time links in the store, the same on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from graph_service.errors import ConstraintViolation, NotFound
from graph_service.model import AccountRole, Session, User
from graph_service.store.port import GraphStore

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)


def _user(id_: str, email: str, role: AccountRole = AccountRole.CATALYST) -> User:
    return User(id=id_, email=email, role=role, territories=["departement:38", "epci:200040715"], created=NOW)


def test_an_account_is_found_by_its_email_whatever_the_case_and_held_once(contract_store: GraphStore) -> None:
    contract_store.save_user(_user("u1", "claire@example.fr"))
    found = contract_store.find_user("  CLAIRE@example.FR")
    assert found is not None
    user, password_hash = found
    assert (user.id, user.role, user.territories, password_hash, user.password_set) == (
        "u1", AccountRole.CATALYST, ["departement:38", "epci:200040715"], "", False,
    )  # fmt: skip
    assert user.created == NOW
    with pytest.raises(ConstraintViolation):
        contract_store.save_user(_user("u2", "claire@example.fr", AccountRole.ADMIN))
    assert contract_store.find_user("nobody@example.fr") is None
    contract_store.set_password_hash("u1", "$argon2id$…")
    assert contract_store.get_user("u1").password_set
    assert contract_store.find_user("claire@example.fr")[1] == "$argon2id$…"  # type: ignore[index]
    with pytest.raises(NotFound):
        contract_store.get_user("u2")
    with pytest.raises(NotFound):
        contract_store.set_password_hash("u2", "x")
    contract_store.save_user(_user("u3", "b@example.fr", AccountRole.READER))
    # Oldest first, then by address.
    assert [u.email for u in contract_store.list_users()] == ["b@example.fr", "claire@example.fr"]


def test_a_password_link_serves_once(contract_store: GraphStore) -> None:
    contract_store.save_user(_user("u1", "a@example.fr"))
    contract_store.save_password_link("h1", "u1", NOW + timedelta(days=7))
    taken = contract_store.take_password_link("h1")
    assert taken is not None and taken[0] == "u1"
    assert taken[1].replace(tzinfo=taken[1].tzinfo or UTC) == NOW + timedelta(days=7)
    assert contract_store.take_password_link("h1") is None
    assert contract_store.take_password_link("unknown") is None


def test_sessions_live_until_they_expire_or_end(contract_store: GraphStore) -> None:
    for n in range(3):
        session = Session(user_id="u1" if n < 2 else "u2", csrf=f"c{n}", expires=NOW + timedelta(hours=1))
        contract_store.save_session(f"s{n}", session, NOW)
    found = contract_store.find_session("s0", NOW)
    assert found is not None and (found.user_id, found.csrf) == ("u1", "c0")
    assert contract_store.find_session("s0", NOW + timedelta(hours=2)) is None  # expired
    contract_store.extend_session("s0", NOW + timedelta(hours=3))
    assert contract_store.find_session("s0", NOW + timedelta(hours=2)) is not None
    contract_store.end_session("s0")
    assert contract_store.find_session("s0", NOW) is None
    contract_store.end_sessions_of("u1")
    assert contract_store.find_session("s1", NOW) is None
    assert contract_store.find_session("s2", NOW) is not None
    # Opening a session forgets the expired ones.
    later = NOW + timedelta(hours=5)
    contract_store.save_session(
        "s3", Session(user_id="u3", csrf="c3", expires=later + timedelta(hours=1)), later
    )
    assert contract_store.find_session("s2", NOW) is None
