"""Local authorities out of the box: every commune, EPCI, département and région of the reference
is a ``collectivite`` organisation, located in its own territory, waiting for the ties that name it."""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

from graph_service.model import OpenDataTie, Organisation, RelType, TerritoryLevel, World
from graph_service.store.embedded import EmbeddedStore
from importers.sirene import import_sirene
from importers.territory_reference import install_reference, load_reference
from importers.territory_reference.authorities import load_authorities
from testkit.sirene import with_luhn_digit, write_stock

POITIERS = "siren:218601946"


def _ancestors() -> dict[str, set[str]]:
    """Each territory's key → the keys of everything above it (partial parents included)."""
    parents = {t.key: [link.key for link in t.parents] for t in load_reference().territories}
    found: dict[str, set[str]] = {}

    def above(key: str) -> set[str]:
        if key not in found:
            found[key] = {p for parent in parents[key] for p in {parent} | above(parent)}
        return found[key]

    for key in parents:
        above(key)
    return found


def test_every_authority_level_of_the_reference_has_its_authority() -> None:
    authorities = load_authorities()
    territories = {t.key: t for t in load_reference().territories}
    governed = {
        key for key, t in territories.items() if t.level.value in ("commune", "epci", "departement", "region")
    }
    assert set(authorities) == governed
    by_level = Counter(key.split(":")[0] for key in authorities)
    assert by_level["departement"] == 101 and by_level["region"] == 18
    # The reference gives the communes' SIRENs, and an EPCI's code is its SIREN.
    communes = [a for key, a in authorities.items() if key.startswith("commune:")]
    assert sum(1 for a in communes if a.siren) / len(communes) > 0.995
    assert all(a.siren == key.split(":")[1] for key, a in authorities.items() if key.startswith("epci:"))
    # Départements and régions wait for SIRENE or a file that states their SIREN: never a guess.
    assert all(
        a.siren is None and a.id == f"collectivite:{key}"
        for key, a in authorities.items()
        if key.startswith(("departement:", "region:"))
    )
    assert len({a.id for a in authorities.values()}) == len(authorities)


def test_each_authority_sits_inside_its_own_territory() -> None:
    ancestors = _ancestors()
    for key, authority in load_authorities().items():
        seat = f"commune:{authority.commune}"
        assert seat == key or key in ancestors[seat], (key, authority.commune)


def test_names_are_the_ones_people_use() -> None:
    authorities = load_authorities()
    assert authorities["commune:86194"].name == "Commune de Poitiers"
    assert authorities["commune:76351"].name == "Commune du Havre"
    assert authorities["departement:80"].name == "Département de la Somme"
    assert authorities["departement:38"].name == "Département de l'Isère"
    assert authorities["region:53"].name == "Région Bretagne"
    assert authorities["epci:200040715"].legal_form == "Métropole"


def test_an_authority_without_ties_waits_outside_the_territory_views(reference_store: EmbeddedStore) -> None:
    poitiers = reference_store.get_organisation(POITIERS)
    assert (poitiers.world, poitiers.commune, poitiers.siren) == (World.COLLECTIVITE, "86194", "218601946")
    assert [o.id for o in reference_store.search_organisations("commune de poitiers").items] == [POITIERS]
    assert reference_store.ecosystem("86").organisations == []
    assert reference_store.territory_organisations("86").total == 0
    assert reference_store.territory_world_counts("86") == {}
    assert reference_store.populated_territories(TerritoryLevel.DEPARTEMENT) == []
    # Asked for by name within its territory, it is found.
    assert reference_store.search_organisations("poitiers", territory="86").total >= 1


def test_a_tie_brings_an_authority_into_its_territory(reference_store: EmbeddedStore) -> None:
    club = Organisation(id="test:club", name="Club de Poitiers", world=World.ASSOCIATION, commune="86194")
    reference_store.upsert_organisations([club], "test@1")
    subsidy = OpenDataTie(
        kind=RelType.FUNDS, source_id=POITIERS, target_id="test:club", day=date(2024, 3, 1),
        amount=5000.0, source="subventions", key="test-1",
    )  # fmt: skip
    reference_store.upsert_open_data_ties([subsidy], "test@1")
    inside = {o.id for o in reference_store.ecosystem("86").organisations}
    assert inside == {POITIERS, "test:club"}
    assert reference_store.territory_world_counts("86") == {"association": 1, "collectivite": 1}
    counted = {
        p.territory.key: p.organisations
        for p in reference_store.populated_territories(TerritoryLevel.DEPARTEMENT)
    }
    assert counted == {"departement:86": 2}


def test_reinstalling_keeps_what_imports_said_of_an_authority(reference_store: EmbeddedStore) -> None:
    completed = reference_store.get_organisation(POITIERS).model_copy(
        update={"name": "COMMUNE DE POITIERS", "naf": "84.11Z", "source": "cog;sirene"}
    )
    reference_store.upsert_organisations([completed], "sirene@1")
    install_reference(reference_store)
    kept = reference_store.get_organisation(POITIERS)
    assert (kept.name, kept.naf, kept.source) == ("COMMUNE DE POITIERS", "84.11Z", "cog;sirene")


def test_sirene_gives_a_regional_council_its_siren(reference_store: EmbeddedStore, tmp_path: Path) -> None:
    region, departement = with_luhn_digit("20005376"), with_luhn_digit("22380009")
    units = [
        {"siren": region, "denominationUniteLegale": "REGION AUVERGNE-RHONE-ALPES",
         "categorieJuridiqueUniteLegale": "7230", "etatAdministratifUniteLegale": "A"},
        {"siren": departement, "denominationUniteLegale": "DEPARTEMENT DE L'ISERE",
         "categorieJuridiqueUniteLegale": "7220", "etatAdministratifUniteLegale": "A"},
    ]  # fmt: skip
    offices = [
        {"siren": siren, "nic": "00012", "siret": siren + "00012", "etablissementSiege": "true",
         "codeCommuneEtablissement": commune, "etatAdministratifEtablissement": "A"}
        for siren, commune in ((region, "69123"), (departement, "38185"))
    ]  # fmt: skip
    report = import_sirene(write_stock(tmp_path, units, offices), reference_store)
    assert (report.created, report.updated) == (0, 2)
    assert reference_store.get_organisation("collectivite:region:84").siren == region
    assert reference_store.organisation_ids_by_siren([region, departement]) == {
        region: {"collectivite:region:84"},
        departement: {"collectivite:departement:38"},
    }
    assert not reference_store.existing_organisation_ids([f"siren:{region}", f"siren:{departement}"])
