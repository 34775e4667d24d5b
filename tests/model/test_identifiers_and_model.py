"""Domain validation: identifiers, models, and messages that name the field and the value."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from graph_service.identifiers import (
    is_commune_code,
    is_departement_code,
    is_valid_rna,
    is_valid_siren,
    is_valid_siret,
    search_key,
)
from graph_service.model import Alliance, AllianceInfo, Membership, Organisation, SubgraphFilter, Territory


@pytest.mark.parametrize("siren", ["213801855", "200040715", "180020026", "356000000"])
def test_valid_sirens(siren: str) -> None:
    assert is_valid_siren(siren)


@pytest.mark.parametrize("siren", ["213801856", "123456789", "35600000", "3560000000", "21380185A", ""])
def test_invalid_sirens(siren: str) -> None:
    assert not is_valid_siren(siren)


def test_siret_luhn_and_la_poste_rule() -> None:
    # Luhn worked by hand: 2138018550001X needs X = 5.
    assert is_valid_siret("21380185500015")
    assert not is_valid_siret("21380185500016")
    # La Poste's establishments fail Luhn but their digits sum to a multiple of 5.
    assert is_valid_siret("35600000000056")
    assert not is_valid_siret("35600000000057")


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("W381000001", True),
        ("W9T1000001", True),
        ("W38100000", False),
        ("X381000001", False),
        ("w381000001", False),
    ],
)
def test_rna_numbers(value: str, ok: bool) -> None:
    assert is_valid_rna(value) is ok


def test_insee_codes_accept_corsica_and_overseas() -> None:
    assert all(is_commune_code(code) for code in ("38185", "2A004", "2B033", "97411", "97611"))
    assert not any(is_commune_code(code) for code in ("2C004", "3818", "381850", "ABCDE"))
    assert all(is_departement_code(code) for code in ("01", "2A", "2B", "38", "95", "971", "976"))
    assert not any(is_departement_code(code) for code in ("00", "20", "96", "970", "2C"))


def test_search_key_folds_accents_case_and_punctuation() -> None:
    assert search_key("Œuvre d'Entraide — Île-de-France") == "oeuvre d entraide ile de france"


def test_invalid_siren_message_names_field_and_value() -> None:
    with pytest.raises(ValidationError) as caught:
        Organisation(name="X", world="association", siren="123456789")
    error = caught.value.errors()[0]
    assert error["loc"] == ("siren",)
    assert "123456789" in error["msg"] and "Luhn" in error["msg"]


def test_organisation_ids_come_from_siren_then_rna_then_source_key() -> None:
    assert Organisation(name="La Poste", world="entreprise", siren="356000000").id == "siren:356000000"
    assert Organisation(name="A", world="association", rna="W9T1000001").id == "rna:W9T1000001"
    assert Organisation(id="demo:x", name="A", world="association").id == "demo:x"
    with pytest.raises(ValidationError, match="namespaced"):
        Organisation(id="no namespace", name="A", world="association")


@pytest.mark.parametrize(
    ("field", "value"), [("rna", "W12"), ("commune", "2C004"), ("naf", "8899"), ("world", "ong")]
)
def test_organisation_rejects_bad_values_naming_the_field(field: str, value: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Organisation.model_validate({"id": "t:x", "name": "X", "world": "association", field: value})
    assert caught.value.errors()[0]["loc"] == (field,)


def test_alliance_dates_must_be_ordered() -> None:
    with pytest.raises(ValidationError, match="start 2021-01-01 is after end 2020-01-01"):
        AllianceInfo(id="t:a", name="A", mode="mecenat", start=date(2021, 1, 1), end=date(2020, 1, 1))


def test_alliance_needs_two_distinct_members() -> None:
    with pytest.raises(ValidationError, match="at least two distinct members, got 1"):
        Alliance(id="t:a", name="A", mode="mecenat", members=[Membership(organisation_id="t:x")])
    with pytest.raises(ValidationError, match="listed twice"):
        Alliance(
            id="t:a",
            name="A",
            mode="mecenat",
            members=[
                Membership(organisation_id="t:x"),
                Membership(organisation_id="t:y"),
                Membership(organisation_id="t:x"),
            ],
        )


def test_alliance_domains_are_normalised() -> None:
    alliance = AllianceInfo(
        id="t:a", name="A", mode="mecenat", domains=["Inclusion numérique", "ODD 17", " "]
    )
    assert alliance.domains == ["inclusion_numerique", "odd_17"]


def test_territory_codes_must_fit_their_level() -> None:
    assert Territory(level="departement", code="2B", name="Haute-Corse").key == "departement:2B"
    assert Territory(level="commune", code="97411", name="Saint-Denis").key == "commune:97411"
    with pytest.raises(ValidationError, match="not a valid epci code"):
        Territory(level="epci", code="38", name="X")
    with pytest.raises(ValidationError, match="only a projet area lists members"):
        Territory(level="epci", code="200040715", name="X", members=["commune:38185"])


def test_subgraph_filter_refuses_contradictions() -> None:
    with pytest.raises(ValidationError, match="as_of cannot be combined"):
        SubgraphFilter(as_of=date(2020, 1, 1), start=date(2019, 1, 1))
    with pytest.raises(ValidationError, match="after end"):
        SubgraphFilter(start=date(2021, 1, 1), end=date(2020, 1, 1))
