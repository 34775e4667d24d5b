"""Store contract: writes are idempotent upserts, checked by reading back through the port."""

from __future__ import annotations

from datetime import date

import pytest

from graph_service.errors import InvalidInput
from graph_service.model import (
    AllianceInfo,
    CatalystProfile,
    MembershipEdge,
    Organisation,
    ParentLink,
    Territory,
    WriteCounts,
)
from graph_service.store.port import GraphStore


def _orgs() -> list[Organisation]:
    return [
        Organisation(id="t:a", name="Alpha", world="association", commune="38185"),
        Organisation(id="t:b", name="Béta", world="entreprise", commune="38421"),
        Organisation(id="t:c", name="Gamma", world="collectivite"),
    ]


def test_schema_creation_is_idempotent(contract_store: GraphStore) -> None:
    before = contract_store.counts()
    contract_store.init_schema()
    contract_store.init_schema()
    assert contract_store.counts() == before


def test_organisation_upsert_creates_then_leaves_unchanged_then_updates(
    contract_store: GraphStore,
) -> None:
    located_before = contract_store.counts().relationships["LOCATED_IN"]
    assert contract_store.upsert_organisations(_orgs(), "r1") == WriteCounts(created=3)
    assert contract_store.upsert_organisations(_orgs(), "r2") == WriteCounts(unchanged=3)
    moved = [o.model_copy(update={"commune": "38185"}) if o.id == "t:b" else o for o in _orgs()]
    assert contract_store.upsert_organisations(moved, "r3") == WriteCounts(updated=1, unchanged=2)
    assert contract_store.get_organisation("t:b").commune == "38185"
    in_grenoble = {o.id for o in contract_store.territory_organisations("38185").items}
    assert in_grenoble == {"t:a", "t:b"}
    assert contract_store.territory_organisations("38421").total == 0
    assert contract_store.counts().relationships["LOCATED_IN"] == located_before + 2


def test_unknown_location_is_refused_before_writing(contract_store: GraphStore) -> None:
    with pytest.raises(InvalidInput, match="commune:99999"):
        contract_store.upsert_organisations(
            [Organisation(id="t:x", name="X", world="autre", commune="99999")], "r1"
        )
    assert contract_store.existing_organisation_ids(["t:x"]) == set()


def test_catalyst_profile_and_animated_territories_are_replaced(contract_store: GraphStore) -> None:
    contract_store.upsert_organisations(_orgs(), "r1")
    first = CatalystProfile(missions=["dialogue"], territories=["departement:38"], since=2015)
    assert contract_store.upsert_catalysts({"t:a": first}, "t", "r1") == WriteCounts(updated=1)
    assert contract_store.upsert_catalysts({"t:a": first}, "t", "r2") == WriteCounts(unchanged=1)
    second = CatalystProfile(missions=["dialogue"], territories=["epci:200040715"], since=2015)
    assert contract_store.upsert_catalysts({"t:a": second}, "t", "r3") == WriteCounts(updated=1)
    profile = contract_store.get_organisation("t:a").catalyst
    assert profile is not None and profile.territories == ["epci:200040715"]
    # Re-importing the organisation without a profile keeps the catalyst it is.
    contract_store.upsert_organisations(_orgs(), "r4")
    assert contract_store.get_organisation("t:a").is_catalyst


def test_alliances_and_memberships_are_upserted_not_duplicated(contract_store: GraphStore) -> None:
    contract_store.upsert_organisations(_orgs(), "r1")
    alliance = AllianceInfo(
        id="t:al", name="Projet", mode="mecenat", start=date(2020, 1, 1), domains=["Emploi"]
    )
    edges = [
        MembershipEdge(organisation_id="t:a", alliance_id="t:al", role="pilote"),
        MembershipEdge(organisation_id="t:b", alliance_id="t:al", role="membre"),
    ]
    assert contract_store.upsert_alliances([alliance], "r1") == WriteCounts(created=1)
    assert contract_store.upsert_memberships(edges, "t", "r1") == WriteCounts(created=2)
    assert contract_store.upsert_memberships(edges, "t", "r2") == WriteCounts(unchanged=2)
    promoted = [edges[0], edges[1].model_copy(update={"role": "financeur"})]
    assert contract_store.upsert_memberships(promoted, "t", "r3") == WriteCounts(updated=1, unchanged=1)
    assert contract_store.counts().relationships["MEMBER_OF"] == 2
    stored = contract_store.organisation_alliances("t:b")[0]
    assert {m.organisation_id: m.role for m in stored.members} == {"t:a": "pilote", "t:b": "financeur"}
    assert stored.domains == ["emploi"]
    ended = alliance.model_copy(update={"end": date(2021, 6, 30)})
    assert contract_store.upsert_alliances([ended], "r4") == WriteCounts(updated=1)
    assert contract_store.organisation_alliances("t:a")[0].end == date(2021, 6, 30)


def test_membership_of_unknown_organisation_is_refused(contract_store: GraphStore) -> None:
    contract_store.upsert_alliances([AllianceInfo(id="t:al", name="P", mode="mecenat")], "r1")
    with pytest.raises(InvalidInput, match="t:ghost"):
        contract_store.upsert_memberships(
            [MembershipEdge(organisation_id="t:ghost", alliance_id="t:al", role="membre")], "t", "r1"
        )


def test_informal_area_members_do_not_disturb_the_administrative_hierarchy(
    contract_store: GraphStore,
) -> None:
    area = Territory(
        level="projet",
        code="zone-test",
        name="Zone test",
        parents=[ParentLink(key="departement:38")],
        members=["commune:38185", "commune:38421"],
        source="t",
    )
    assert contract_store.upsert_territories([area], "r1") == WriteCounts(created=1)
    assert contract_store.upsert_territories([area], "r2") == WriteCounts(unchanged=1)
    grenoble = contract_store.get_territory("38185")
    assert "epci:200040715" in {t.key for t in grenoble.ancestors}
    assert "projet:zone-test" in {t.key for t in grenoble.ancestors}
    # Re-installing the reference must keep the area's members.
    from importers.territory_reference import install_reference

    install_reference(contract_store)
    assert {t.key for t in contract_store.get_territory("projet:zone-test").children} == {
        "commune:38185",
        "commune:38421",
    }
    smaller = area.model_copy(update={"members": ["commune:38185"]})
    assert contract_store.upsert_territories([smaller], "r3") == WriteCounts(updated=1)
    assert {t.key for t in contract_store.get_territory("projet:zone-test").children} == {"commune:38185"}


def test_epci_spanning_two_departements_does_not_leak_organisations(contract_store: GraphStore) -> None:
    """An organisation rolls up to its commune's département only, not to every one its EPCI touches."""
    spanning = [
        t
        for t in contract_store.get_territory("departement:38").children
        if t.parents and all(link.partial for link in t.parents if link.key.startswith("departement:"))
    ]
    assert spanning, "the COG has EPCI across départements; the reference must flag them as partial"
    epci = spanning[0]
    other = next(link.key for link in epci.parents if link.key != "departement:38")
    commune = next(
        t
        for t in contract_store.get_territory(epci.key).children
        if t.key.startswith("commune:")
        and any(a.key == other for a in contract_store.get_territory(t.key).ancestors)
    )
    contract_store.upsert_organisations(
        [Organisation(id="t:edge", name="Edge", world="association", commune=commune.code)], "r1"
    )
    assert "t:edge" in {o.id for o in contract_store.territory_organisations(other).items}
    assert "t:edge" in {o.id for o in contract_store.territory_organisations(epci.key).items}
    assert "t:edge" not in {o.id for o in contract_store.territory_organisations("38", limit=1000).items}
