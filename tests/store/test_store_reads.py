"""Store contract: every read of the GraphStore port, on the demo data, for every backend.

Expected values come from the demo's source files (``importers/demo/data``) and from the COG,
never from the store under test.
"""

from __future__ import annotations

from datetime import date

import pytest

from graph_service.errors import InvalidInput, NotFound
from graph_service.model import AllianceMode, SubgraphFilter, TerritoryLevel, World
from graph_service.store.port import GraphStore

INSIDE = SubgraphFilter(include_external=False)
"""The organisations located inside only (partners outside come by default)."""


def test_organisation_by_id_maps_every_property(demo_store: GraphStore) -> None:
    poste = demo_store.get_organisation("siren:356000000")
    assert poste.name == "Groupe La Poste"
    assert poste.world is World.ENTREPRISE
    assert poste.siren == "356000000"
    assert poste.commune == "75056"
    assert poste.source == "demo"
    assert poste.synthetic is False


def test_unknown_organisation_raises_not_found(demo_store: GraphStore) -> None:
    with pytest.raises(NotFound, match="demo:nobody"):
        demo_store.get_organisation("demo:nobody")


def test_catalyst_profile_is_read_back(demo_store: GraphStore) -> None:
    labo = demo_store.get_organisation("demo:labo-grenoble")
    assert labo.catalyst is not None
    assert labo.catalyst.since == 2019
    assert {m.value for m in labo.catalyst.missions} == {"dialogue", "partenariats", "experimentation"}
    assert set(labo.catalyst.territories) == {
        "epci:200040715",
        "epci:200018166",
        "projet:sud-isere",
        "projet:nord-isere",
    }


def test_search_is_accent_and_case_insensitive(demo_store: GraphStore) -> None:
    for query in ("DEPARTEMENT DE L'ISERE", "département de l'isère", "Departement de l Isere"):
        page = demo_store.search_organisations(query)
        assert [o.id for o in page.items] == ["collectivite:departement:38"], query


def test_search_ranks_prefix_matches_first(demo_store: GraphStore) -> None:
    page = demo_store.search_organisations("grenoble", limit=50)
    names = [o.name.lower() for o in page.items]
    assert page.total == len(names) >= 3
    first_non_prefix = next(i for i, name in enumerate(names) if not name.startswith("grenoble"))
    assert first_non_prefix >= 1
    assert all(not name.startswith("grenoble") for name in names[first_non_prefix:])
    assert "ville de grenoble" in names[first_non_prefix:]


def test_search_by_substring_world_and_territory(demo_store: GraphStore) -> None:
    substring = demo_store.search_organisations("partenariats")
    assert {"demo:labo-grenoble", "demo:labo-alsace"} <= {o.id for o in substring.items}
    in_isere = demo_store.search_organisations("partenariats", territory="38")
    assert [o.id for o in in_isere.items] == ["demo:labo-grenoble"]
    public = demo_store.search_organisations("", world=World.ETAT, territory="departement:38", limit=100)
    assert public.total == len(public.items) > 0
    assert all(o.world is World.ETAT for o in public.items)
    assert "demo:direccte-ara" in {o.id for o in public.items}


def test_search_pages_are_consistent(demo_store: GraphStore) -> None:
    first = demo_store.search_organisations("", territory="38", limit=10, offset=0)
    second = demo_store.search_organisations("", territory="38", limit=10, offset=10)
    assert first.total == second.total > 20
    assert not {o.id for o in first.items} & {o.id for o in second.items}


def test_territory_with_ancestors_and_children(demo_store: GraphStore) -> None:
    grenoble = demo_store.get_territory("38185")
    assert grenoble.territory.name == "Grenoble"
    assert [t.key for t in grenoble.ancestors] == [
        "epci:200040715",
        "departement:38",
        "region:84",
        "pays:FR",
    ]
    isere = demo_store.get_territory("departement:38")
    child_levels = {t.level for t in isere.children}
    assert TerritoryLevel.EPCI in child_levels
    assert {"projet:sud-isere", "projet:nord-isere", "epci:200040715"} <= {t.key for t in isere.children}
    sud_isere = demo_store.get_territory("projet:sud-isere")
    assert {t.key for t in sud_isere.children} == {"epci:200040657", "epci:200030658", "epci:243800745"}


def test_bare_codes_prefer_the_departement_and_keys_reach_the_region(demo_store: GraphStore) -> None:
    assert demo_store.resolve_territory("84") == "departement:84"
    assert demo_store.resolve_territory("region:84") == "region:84"
    assert demo_store.resolve_territory("2A") == "departement:2A"
    with pytest.raises(NotFound):
        demo_store.resolve_territory("99999")
    with pytest.raises(InvalidInput):
        demo_store.resolve_territory("canton:123")


def test_organisations_of_a_territory_roll_up_every_level(demo_store: GraphStore) -> None:
    commune = demo_store.territory_organisations("38185").total
    epci = demo_store.territory_organisations("epci:200040715").total
    departement = demo_store.territory_organisations("38").total
    region = demo_store.territory_organisations("region:84").total
    assert 0 < commune < epci < departement < region
    ids = {o.id for o in demo_store.territory_organisations("38185", limit=500).items}
    assert {"demo:gaia", "demo:labo-grenoble", "siren:200040715", "siren:213801855"} <= ids


def test_informal_area_gathers_the_organisations_of_its_members(demo_store: GraphStore) -> None:
    area = demo_store.territory_organisations("projet:sud-isere", limit=1000)
    matheysine = demo_store.territory_organisations("epci:200040657", limit=1000)
    assert {o.id for o in matheysine.items} <= {o.id for o in area.items}
    assert "demo:syn-matheysine-00" in {o.id for o in area.items}


def test_organisation_alliances_carry_all_members_and_roles(demo_store: GraphStore) -> None:
    alliances = {a.id: a for a in demo_store.organisation_alliances("demo:gaia")}
    assert {"demo:copil-labo-grenoble", "demo:gaia-alsace-active"} <= set(alliances)
    copil = alliances["demo:copil-labo-grenoble"]
    roles = {m.organisation_id: m.role for m in copil.members}
    assert len(roles) == 14
    assert roles["demo:gaia"] == "pilote"
    assert roles["demo:labo-grenoble"] == "animateur"
    assert roles["siren:200040715"] == "membre"
    assert copil.mode is AllianceMode.INNOVATION_SOCIETALE
    assert set(copil.domains) == {"solidarite", "mobilite", "reemploi", "alimentation"}


def test_ecosystem_keeps_isolated_organisations_and_inside_alliances(demo_store: GraphStore) -> None:
    graph = demo_store.ecosystem("38", INSIDE)
    inside = {o.id for o in graph.organisations}
    assert inside == {o.id for o in demo_store.territory_organisations("38", limit=10_000).items}
    tied = {m.organisation_id for m in graph.memberships}
    assert inside - tied, "isolated organisations must stay in the ecosystem"
    assert tied <= inside
    per_alliance: dict[str, set[str]] = {}
    for membership in graph.memberships:
        per_alliance.setdefault(membership.alliance_id, set()).add(membership.organisation_id)
    assert set(per_alliance) == {a.id for a in graph.alliances}
    assert all(len(members) >= 2 for members in per_alliance.values())
    assert graph.external_ids == []


def test_ecosystem_with_external_partners(demo_store: GraphStore) -> None:
    closed = demo_store.ecosystem("38", INSIDE)
    opened = demo_store.ecosystem("38")  # partners outside come by default
    assert "demo:le-rameau" in opened.external_ids
    assert "demo:le-rameau" not in {o.id for o in closed.organisations}
    assert len(opened.organisations) == len(closed.organisations) + len(opened.external_ids)
    copil = {m.organisation_id for m in opened.memberships if m.alliance_id == "demo:copil-labo-grenoble"}
    assert {"demo:le-rameau", "demo:french-impact", "demo:fdf-centre-est"} <= copil


def test_ecosystem_filters_by_mode_date_and_domain(demo_store: GraphStore) -> None:
    mecenat = demo_store.ecosystem("38", SubgraphFilter(modes=[AllianceMode.MECENAT], include_external=False))
    assert mecenat.alliances and all(a.mode is AllianceMode.MECENAT for a in mecenat.alliances)
    day = date(2015, 6, 1)
    as_of = demo_store.ecosystem("38", SubgraphFilter(as_of=day, include_external=False))
    assert as_of.alliances and all(a.is_active_on(day) for a in as_of.alliances)
    window = demo_store.ecosystem(
        "38", SubgraphFilter(start=date(2020, 1, 1), end=date(2020, 12, 31), include_external=False)
    )
    for alliance in window.alliances:
        assert (alliance.start or date.min) <= date(2020, 12, 31)
        assert (alliance.end or date.max) >= date(2020, 1, 1)
    food = demo_store.ecosystem("38", SubgraphFilter(domains=["Alimentation"], include_external=False))
    assert food.alliances and all("alimentation" in a.domains for a in food.alliances)
    assert len(food.organisations) == len(demo_store.ecosystem("38", INSIDE).organisations)


def test_neighbours_grow_with_depth(demo_store: GraphStore) -> None:
    one = demo_store.neighbours("demo:silver-geek", 1)
    assert {o.id for o in one.organisations} == {"demo:silver-geek", "siren:356000000", "demo:unis-cite"}
    two = demo_store.neighbours("demo:silver-geek", 2)
    assert {o.id for o in one.organisations} < {o.id for o in two.organisations}
    assert "demo:alliance-dynamique" in {a.id for a in two.alliances}
    with pytest.raises(InvalidInput):
        demo_store.neighbours("demo:silver-geek", 4)


def test_shortest_paths_name_the_alliances_along_them(demo_store: GraphStore) -> None:
    paths = demo_store.shortest_paths("demo:unis-cite", "siren:356000000")
    assert len(paths) == 1
    assert [step.alliance.id for step in paths[0].steps] == [
        "demo:silver-geek-unis-cite",
        "demo:agir-ensemble-poitiers",
    ]
    assert [step.to.id for step in paths[0].steps] == ["demo:silver-geek", "siren:356000000"]
    far = demo_store.shortest_paths("demo:gaia", "demo:cress-bretagne", max_hops=4)
    assert far and all(p.hops == 2 for p in far)
    for found in far:
        assert found.start.id == "demo:gaia" and found.steps[-1].to.id == "demo:cress-bretagne"
    assert demo_store.shortest_paths("demo:gaia", "demo:cress-bretagne", max_hops=1) == []


def test_counts_by_label_type_and_world(demo_store: GraphStore) -> None:
    counts = demo_store.counts()
    assert counts.nodes["Catalyst"] == 7
    assert counts.nodes["Territory"] > 36_000
    assert counts.relationships["LOCATED_IN"] == counts.nodes["Organisation"]
    assert sum(counts.organisations_by_world.values()) == counts.nodes["Organisation"]
    assert counts.relationships["ANIMATES"] == 14


def test_organisation_areas_name_the_child_territory_each_organisation_lies_in(
    demo_store: GraphStore,
) -> None:
    areas = demo_store.organisation_areas("38")
    children = {t.key for t in demo_store.get_territory("38").children}
    inside = {o.id for o in demo_store.ecosystem("38", INSIDE).organisations}
    assert set(areas) == inside
    assert set(areas.values()) <= children
    # Grenoble (38185) lies in Grenoble-Alpes Métropole (EPCI 200040715) in the COG.
    labo = demo_store.get_organisation("demo:labo-grenoble")
    assert labo.commune == "38185"
    assert areas["demo:labo-grenoble"] == "epci:200040715"
    # A commune has no child: nothing to map.
    assert demo_store.organisation_areas("38185") == {}


def test_ecosystem_without_open_data_ties_unless_asked(demo_store: GraphStore) -> None:
    assert demo_store.ecosystem("38", INSIDE).open_data_ties == []
    with_ties = demo_store.ecosystem("38", SubgraphFilter(include_open_data=True, include_external=False))
    assert len(with_ties.organisations) == len(demo_store.ecosystem("38", INSIDE).organisations)


def test_populated_territories_count_the_organisations_inside_each(demo_store: GraphStore) -> None:
    departements = demo_store.populated_territories(TerritoryLevel.DEPARTEMENT)
    assert departements, "the demo holds organisations"
    for entry in departements:
        assert entry.territory.level is TerritoryLevel.DEPARTEMENT
        assert entry.organisations == sum(demo_store.territory_world_counts(entry.territory.key).values())
    totals = [entry.organisations for entry in departements]
    assert totals == sorted(totals, reverse=True)
    # Every département holding an organisation is listed; empty ones are not.
    located = {o.commune[:2] for o in demo_store.ecosystem("38", INSIDE).organisations if o.commune}
    assert "departement:38" in {e.territory.key for e in departements} and located == {"38"}
    assert all(e.organisations > 0 for e in departements)


def test_get_territories_keeps_the_order_asked_and_skips_unknown_keys(demo_store: GraphStore) -> None:
    found = demo_store.get_territories(["commune:38185", "commune:00000", "departement:38"])
    assert [t.key for t in found] == ["commune:38185", "departement:38"]
    assert found[0].name == "Grenoble"
