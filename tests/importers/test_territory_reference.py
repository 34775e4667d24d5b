"""The shipped COG reference: sizes, hierarchy, postal codes, former codes; and its loading."""

from __future__ import annotations

from collections import Counter

import pytest

from graph_service.errors import InvalidInput
from graph_service.model import TerritoryLevel, WriteCounts
from graph_service.store.embedded import EmbeddedStore
from importers.territory_reference import install_reference, load_reference


def test_sizes_match_the_french_administration() -> None:
    levels = Counter(t.level for t in load_reference().territories)
    assert 34_800 <= levels[TerritoryLevel.COMMUNE] <= 35_000
    assert 1_240 <= levels[TerritoryLevel.EPCI] <= 1_270
    assert levels[TerritoryLevel.DEPARTEMENT] == 101
    assert levels[TerritoryLevel.REGION] == 18
    assert levels[TerritoryLevel.ARRONDISSEMENT] == 20 + 16 + 9
    assert levels[TerritoryLevel.PAYS] == 1


def test_keys_are_unique_and_every_parent_exists() -> None:
    territories = load_reference().territories
    keys = [t.key for t in territories]
    assert len(keys) == len(set(keys))
    known = set(keys)
    assert all(link.key in known for t in territories for link in t.parents)


def test_corsica_and_overseas_are_present() -> None:
    keys = {t.key for t in load_reference().territories}
    assert {"departement:2A", "departement:2B", "commune:2A004", "departement:976", "region:06"} <= keys


def test_grenoble_rolls_up_to_its_metropole_departement_and_region(reference_store: EmbeddedStore) -> None:
    view = reference_store.get_territory("38185")
    assert [(t.level.value, t.code) for t in view.ancestors] == [
        ("epci", "200040715"),
        ("departement", "38"),
        ("region", "84"),
        ("pays", "FR"),
    ]
    assert view.ancestors[0].name.startswith("Grenoble-Alpes")
    assert view.ancestors[2].name == "Auvergne-Rhône-Alpes"


def test_arrondissements_sit_under_their_commune(reference_store: EmbeddedStore) -> None:
    lyon = reference_store.get_territory("69123")
    assert {t.code for t in lyon.children} == {str(code) for code in range(69381, 69390)}
    assert [t.key for t in reference_store.get_territory("75104").ancestors][:1] == ["commune:75056"]


def test_reinstalling_changes_nothing(reference_store: EmbeddedStore) -> None:
    before = reference_store.counts()
    again = install_reference(reference_store)
    assert again == WriteCounts(unchanged=len(load_reference().territories))
    assert reference_store.counts() == before


def test_postal_codes_resolve_or_list_their_candidates() -> None:
    reference = load_reference()
    assert reference.resolve_location(postal_code="38000") == "38185"
    assert reference.resolve_location(postal_code="13001") == "13201"
    with pytest.raises(InvalidInput) as caught:
        reference.resolve_location(postal_code="38760")
    message = str(caught.value)
    assert "38436 (Saint-Paul-de-Varces)" in message and "38524 (Varces-Allières-et-Risset)" in message
    assert reference.resolve_location(postal_code="38760", city="saint paul de varces") == "38436"
    with pytest.raises(InvalidInput, match="unknown"):
        reference.resolve_location(postal_code="00000")


def test_former_codes_give_the_current_commune() -> None:
    reference = load_reference()
    assert reference.resolve_location(commune="01340") == "01015"  # merged into Arboys en Bugey
    with pytest.raises(InvalidInput, match="not an INSEE code"):
        reference.resolve_location(commune="99999")
