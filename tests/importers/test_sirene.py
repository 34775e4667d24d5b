"""SIRENE stock files with the published headers into organisations, through DuckDB, on the real
embedded store."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import duckdb
import pytest

from graph_service.errors import InvalidInput, NotFound
from graph_service.model import SizeBand, World
from graph_service.store.port import GraphStore
from importers.sirene import import_sirene
from importers.subsidies import import_subsidies
from importers.territory_reference.authorities import load_authorities
from testkit.sirene import with_luhn_digit, write_stock

ASSOCIATION = with_luhn_digit("77990001")
COMPANY = with_luhn_digit("77990002")
CITY = "213801855"  # Ville de Grenoble
SOLE = with_luhn_digit("77990003")
CLOSED = with_luhn_digit("77990004")
HIDDEN = with_luhn_digit("77990005")
LYON = with_luhn_digit("77990006")


def _unit(siren: str, name: str, category: str, **fields: str) -> dict[str, str]:
    return {
        "siren": siren, "denominationUniteLegale": name, "categorieJuridiqueUniteLegale": category,
        "etatAdministratifUniteLegale": "A", "statutDiffusionUniteLegale": "O",
        "nicSiegeUniteLegale": "00012", **fields,
    }  # fmt: skip


def _head_office(siren: str, commune: str) -> dict[str, str]:
    return {
        "siren": siren, "nic": "00012", "siret": siren + "00012", "etablissementSiege": "true",
        "codeCommuneEtablissement": commune, "etatAdministratifEtablissement": "A",
    }  # fmt: skip


@pytest.fixture
def stock(tmp_path: Path) -> tuple[Path, Path]:
    units = [
        _unit(ASSOCIATION, "Jardins de Grenoble", "9220", identifiantAssociationUniteLegale="W381000001",
              economieSocialeSolidaireUniteLegale="O", activitePrincipaleUniteLegale="94.99Z"),
        _unit(COMPANY, "Alpes Numérique", "5710", categorieEntreprise="PME",
              activitePrincipaleUniteLegale="62.01Z", dateCreationUniteLegale="2012-04-01"),
        _unit(CITY, "COMMUNE DE GRENOBLE", "7210", trancheEffectifsUniteLegale="53"),
        _unit(SOLE, "", "1000", nomUniteLegale="DUPONT"),
        _unit(CLOSED, "Ancienne société", "5499", etatAdministratifUniteLegale="C"),
        _unit(HIDDEN, "[ND]", "5710", statutDiffusionUniteLegale="P"),
        _unit(LYON, "Lyon Solidaire", "9220"),
    ]  # fmt: skip
    offices = [_head_office(s, "38185") for s in (ASSOCIATION, COMPANY, CITY, SOLE, CLOSED, HIDDEN)] + [
        _head_office(LYON, "69123"),
        {**_head_office(COMPANY, "38421"), "nic": "00020", "etablissementSiege": "false"},
    ]
    return write_stock(tmp_path / "sirene", units, offices)


@pytest.fixture
def store(reference_store: GraphStore) -> GraphStore:
    """The French territories on the run's backend."""
    return reference_store


def test_a_departement_is_filtered_while_streaming(store: GraphStore, stock: tuple[Path, Path]) -> None:
    report = import_sirene(stock, store, territory="38")
    # The city was there already, as the reference's commune: SIRENE completes it.
    assert (report.read, report.created, report.updated) == (3, 2, 1)
    association, company, city = (store.get_organisation(f"siren:{s}") for s in (ASSOCIATION, COMPANY, CITY))
    assert (association.world, association.commune, association.rna, association.ess) == (
        World.ASSOCIATION, "38185", "W381000001", True
    )  # fmt: skip
    assert (company.world, company.size_band, company.naf) == (World.ENTREPRISE, SizeBand.PME, "62.01Z")
    assert (company.created, association.created) == (date(2012, 4, 1), None)
    assert (city.world, city.size_band) == (World.COLLECTIVITE, SizeBand.GE)
    for left_out in (SOLE, CLOSED, HIDDEN, LYON):
        with pytest.raises(NotFound):
            store.get_organisation(f"siren:{left_out}")
    assert store.territory_organisations("38").total == 3


def test_re_running_changes_nothing_and_options_widen_the_selection(
    store: GraphStore, stock: tuple[Path, Path]
) -> None:
    import_sirene(stock, store, territory="38")
    again = import_sirene(stock, store, territory="38")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    wider = import_sirene(stock, store, include_closed=True, include_sole_proprietors=True)
    # The whole country now: Lyon, the closed unit and the sole proprietor; never the hidden one.
    assert wider.created == 3 and store.get_organisation(f"siren:{LYON}").commune == "69123"
    assert store.get_organisation(f"siren:{SOLE}").name == f"SIREN {SOLE}"
    with pytest.raises(NotFound):
        store.get_organisation(f"siren:{HIDDEN}")


def test_zipped_and_parquet_stocks_read_the_same(
    store: GraphStore, stock: tuple[Path, Path], tmp_path: Path
) -> None:
    archive = tmp_path / "StockUniteLegale.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.write(stock[0], stock[0].name)
    parquet = tmp_path / "StockEtablissement.parquet"
    source = str(stock[1]).replace("'", "''")
    duckdb.sql(
        f"COPY (SELECT * FROM read_csv('{source}', all_varchar = true)) TO '{parquet}' (FORMAT parquet)"
    )
    report = import_sirene([archive, parquet], store, territory="38")
    assert (report.created, report.updated) == (2, 1)


def test_files_that_are_not_sirene_stocks_say_so(
    store: GraphStore, stock: tuple[Path, Path], tmp_path: Path
) -> None:
    other = tmp_path / "organisations.csv"
    other.write_text("id,name,world\nx,X,association\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="neither a StockUniteLegale nor a StockEtablissement"):
        import_sirene([other], store)
    with pytest.raises(InvalidInput, match="needs the StockEtablissement file"):
        import_sirene([stock[0]], store, territory="38")
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(InvalidInput, match="damaged or truncated"):
        import_sirene([broken, stock[1]], store)
    assert store.counts().nodes["Organisation"] == len(load_authorities())


def test_a_beneficiary_known_only_by_siret_is_placed_by_a_sirene_import(
    store: GraphStore, stock: tuple[Path, Path], tmp_path: Path
) -> None:
    grants = tmp_path / "aides.csv"
    grants.write_text(
        f"Nom du bénéficiaire;N° SIRET;Montant\nJardins de Grenoble;{ASSOCIATION}00012;1 200,50\n",
        encoding="utf-8",
    )
    import_subsidies([grants], store, grantor="departement:38")
    beneficiary = store.get_organisation(f"siren:{ASSOCIATION}")
    assert beneficiary.commune is None, "a subsidy file gives no place"

    def in_grenoble() -> set[str]:
        return {o.id for o in store.territory_organisations("38185", limit=100).items}

    assert f"siren:{ASSOCIATION}" not in in_grenoble()
    report = import_sirene(stock, store, territory="38")
    # The beneficiary is the SIRENE unit: completed with its place, not created a second time.
    assert (report.created, report.updated) == (1, 2)
    placed = store.get_organisation(f"siren:{ASSOCIATION}")
    assert (placed.commune, placed.world, placed.name) == ("38185", World.ASSOCIATION, "Jardins de Grenoble")
    assert f"siren:{ASSOCIATION}" in in_grenoble()
    assert store.counts().relationships["FUNDS"] == 1
