"""Store contract: the invariants the reads assume hold after deletes and interrupted imports, on
every backend; health, runs, paging past the end and token expiry behave alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from graph_service.model import AllianceInfo, ApiToken, MembershipEdge, Organisation, TokenScope
from graph_service.store.cypher_store import CypherGraphStore
from graph_service.store.port import GraphStore


def _members(store: GraphStore, alliance_id: str, *ids: str) -> None:
    edges = [MembershipEdge(organisation_id=i, alliance_id=alliance_id, role="membre") for i in ids]
    store.upsert_memberships(edges, "t", "r1")


def _setup(store: GraphStore) -> None:
    store.upsert_organisations(
        [Organisation(id=f"t:{k}", name=k.upper(), world="association", commune="38185") for k in "abc"], "r1"
    )
    store.upsert_alliances(
        [
            AllianceInfo(id="t:duo", name="Duo", mode="mecenat"),
            AllianceInfo(id="t:trio", name="Trio", mode="mecenat"),
        ],
        "r1",
    )
    _members(store, "t:duo", "t:a", "t:b")
    _members(store, "t:trio", "t:a", "t:b", "t:c")


def test_a_delete_dissolves_the_alliances_left_with_one_member(contract_store: GraphStore) -> None:
    _setup(contract_store)
    assert contract_store.delete_organisation("t:a") == ["t:duo"]
    assert not contract_store.existing_alliance_ids(["t:duo"])
    assert [m.organisation_id for m in contract_store.get_alliance("t:trio").members] == ["t:b", "t:c"]
    assert [a.id for a in contract_store.organisation_alliances("t:b")] == ["t:trio"]
    assert contract_store.delete_organisation("t:b") == ["t:trio"]
    assert contract_store.search_alliances("", limit=50).items == []


def test_a_member_less_alliance_is_left_out_of_every_read(contract_store: GraphStore) -> None:
    _setup(contract_store)
    contract_store.upsert_alliances([AllianceInfo(id="t:shell", name="Shell", mode="mecenat")], "r2")
    _members(contract_store, "t:shell", "t:c")
    listed = {a.id for a in contract_store.search_alliances("", limit=50).items}
    assert listed == {"t:duo", "t:trio"}
    assert "t:shell" not in {a.id for a in contract_store.organisation_alliances("t:c")}
    assert "t:shell" not in {a.id for a in contract_store.ecosystem("38185").alliances}


def test_paging_past_the_end_answers_empty(contract_store: GraphStore) -> None:
    _setup(contract_store)
    for offset in (3, 4, 10_000_000):
        page = contract_store.search_organisations("", territory="38", offset=offset, limit=10)
        assert page.items == [] and page.total == 3
    assert contract_store.search_territories("", offset=10**7).items == []
    assert contract_store.search_alliances("", offset=2).items == []


def test_the_snapshot_is_the_latest_finished_run(contract_store: GraphStore) -> None:
    start = datetime(2026, 1, 1, tzinfo=UTC)
    contract_store.record_import_run("a@1", "a", start, "done")
    assert contract_store.snapshot_id() == "a@1"
    contract_store.record_import_run("b@2", "b", start + timedelta(hours=1), "running", finished=False)
    assert contract_store.snapshot_id() == "a@1"
    # A run that started earlier but finishes last is the snapshot: its data came last.
    contract_store.record_import_run("c@0", "c", start - timedelta(hours=1), "done")
    assert contract_store.snapshot_id() == "c@0"
    contract_store.record_import_run("b@2", "b", start + timedelta(hours=1), "done")
    assert contract_store.snapshot_id() == "b@2"


def test_health_reads_france_and_every_table(contract_store: GraphStore) -> None:
    contract_store.check_health()
    assert isinstance(contract_store, CypherGraphStore)
    _setup(contract_store)
    contract_store.scan_for_health()  # the full read health runs in the background


def test_an_expired_token_is_not_found(contract_store: GraphStore) -> None:
    now = datetime.now(UTC)
    live = ApiToken(id="aa", name="live", scope=TokenScope.READ, created=now, expires=now + timedelta(days=1))
    dead = ApiToken(
        id="bb", name="dead", scope=TokenScope.READ, created=now, expires=now - timedelta(seconds=1)
    )
    contract_store.save_token(live, "hash-live")
    contract_store.save_token(dead, "hash-dead")
    found = contract_store.find_token("hash-live")
    assert found is not None and found.expires is not None
    assert contract_store.find_token("hash-dead") is None
    assert {t.id for t in contract_store.list_tokens()} >= {"aa", "bb"}
