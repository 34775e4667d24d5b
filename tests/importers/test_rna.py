"""The RNA ``rna_waldec`` export into associations, linked to their SIRENE unit through the SIRET."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from graph_service.errors import InvalidInput, NotFound
from graph_service.model import World
from graph_service.store.port import GraphStore
from importers.rna import import_rna
from importers.sirene import import_sirene
from testkit.sirene import with_luhn_digit, write_stock

HEADER = (
    "id;id_ex;siret;rup_mi;gestion;date_creat;date_decla;date_publi;date_disso;nature;groupement;titre;"
    "titre_court;objet;objet_social1;objet_social2;adrs_complement;adrs_numvoie;adrs_repetition;"
    "adrs_typevoie;adrs_libvoie;adrs_distrib;adrs_codeinsee;adrs_codepostal;adrs_libcommune;"
    "adrg_declarant;adrg_complemid;adrg_complemgeo;adrg_libvoie;adrg_distrib;adrg_codepostal;"
    "adrg_achemine;adrg_pays;dir_civilite;siteweb;publiweb;observation;position;maj_time"
)
COLUMNS = HEADER.split(";")
LINKED = with_luhn_digit("77990011")


def _row(**fields: str) -> str:
    values = {"date_disso": "0001-01-01", "position": "A", **fields}
    return ";".join(f'"{values.get(c, "")}"' for c in COLUMNS)


@pytest.fixture
def waldec(tmp_path: Path) -> Path:
    rows = [
        _row(id="W381000001", siret=f"{LINKED}00012", titre="JARDINS DE GRENOBLE",
             objet="cultiver ensemble", adrs_codeinsee="38185"),
        _row(id="W381000002", titre="CHORALE DES ÉCRINS", objet="chanter", adrs_codeinsee="38185",
             date_creat="1987-06-12", siteweb="www.chorale-ecrins.example"),
        _row(id="W381000003", titre="AMICALE DISSOUTE", adrs_codeinsee="38185", position="D",
             date_creat="1950-01-20", date_disso="2019-11-30", siteweb="javascript:alert(1)"),
        _row(id="X12", titre="NUMÉRO FAUX", adrs_codeinsee="38185"),
    ]  # fmt: skip
    path = tmp_path / "rna_waldec_20250101_dpt_38.csv"
    path.write_bytes(("\n".join([HEADER, *rows]) + "\n").encode("latin-1"))
    return path


@pytest.fixture
def store(reference_store: GraphStore) -> GraphStore:
    """The French territories on the run's backend."""
    return reference_store


def test_active_associations_load_with_their_title_object_and_commune(
    store: GraphStore, waldec: Path
) -> None:
    report = import_rna([waldec], store)
    assert (report.read, report.created, report.skipped_inactive, report.rejected_rows) == (4, 2, 1, 1)
    chorale = store.get_organisation("rna:W381000002")
    assert (chorale.name, chorale.world, chorale.commune, chorale.description) == (
        "CHORALE DES ÉCRINS", World.ASSOCIATION, "38185", "chanter"
    )  # fmt: skip
    # Its creation date is kept; the RNA's 0001-01-01 means "never dissolved", not a date.
    assert (chorale.created, chorale.dissolved) == (date(1987, 6, 12), None)
    assert chorale.website == "https://www.chorale-ecrins.example"
    with pytest.raises(NotFound):
        store.get_organisation("rna:W381000003")
    assert "not an RNA number" in report.rejections[0].reason and report.rejections[0].line == 5
    again = import_rna([waldec], store)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)


def test_a_siret_makes_the_rna_record_and_the_sirene_unit_one_organisation(
    store: GraphStore, waldec: Path, tmp_path: Path
) -> None:
    unit = {"siren": LINKED, "denominationUniteLegale": "JARDINS DE GRENOBLE",
            "categorieJuridiqueUniteLegale": "9220",
            "etatAdministratifUniteLegale": "A", "activitePrincipaleUniteLegale": "94.99Z",
            "identifiantAssociationUniteLegale": "W381000001"}  # fmt: skip
    office = {"siren": LINKED, "nic": "00012", "siret": f"{LINKED}00012", "etablissementSiege": "true",
              "codeCommuneEtablissement": "38185"}  # fmt: skip
    import_sirene(write_stock(tmp_path / "sirene", [unit], [office]), store, territory="38")
    before = store.counts().nodes["Organisation"]
    report = import_rna([waldec], store)
    assert report.linked_to_siren == 1
    linked = store.get_organisation(f"siren:{LINKED}")
    assert (linked.rna, linked.naf, linked.description) == ("W381000001", "94.99Z", "cultiver ensemble")
    assert linked.source == "sirene;rna"
    assert store.counts().nodes["Organisation"] == before + 1  # the chorale only
    with pytest.raises(NotFound):
        store.get_organisation("rna:W381000001")


def test_another_kind_of_file_says_what_it_lacks(store: GraphStore, tmp_path: Path) -> None:
    other = tmp_path / "organisations.csv"
    other.write_text("id,name,world\nx,X,association\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="not an rna_waldec file: missing adrs_codeinsee, position, titre"):
        import_rna([other], store)


def test_numbers_held_already_join_their_holder_or_are_reported(
    store: GraphStore, waldec: Path, tmp_path: Path
) -> None:
    chorale, other = with_luhn_digit("77990012"), with_luhn_digit("77990013")
    units = [
        {"siren": s, "denominationUniteLegale": name, "categorieJuridiqueUniteLegale": "9220",
         "etatAdministratifUniteLegale": "A", "identifiantAssociationUniteLegale": "W381000002"}
        for s, name in ((chorale, "Chorale des Écrins"), (other, "Autre chorale"))
    ]  # fmt: skip
    offices = [
        {"siren": s, "siret": f"{s}00012", "etablissementSiege": "true", "codeCommuneEtablissement": "38185"}
        for s in (chorale, other)
    ]
    sirene = import_sirene(write_stock(tmp_path / "sirene", units, offices), store, territory="38")
    # Two SIRENs claim one RNA number: the first keeps it, the second is loaded without it, reported.
    assert len(sirene.conflicts) == 1 and "W381000002" in sirene.conflicts[0]
    holders = store.organisation_ids_by_rna(["W381000002"])
    assert len(holders["W381000002"]) == 1
    holder = next(iter(holders["W381000002"]))
    # The RNA record without SIRET is the organisation that holds its number: no second one.
    report = import_rna([waldec], store)
    assert store.get_organisation(holder).description == "chanter"
    with pytest.raises(NotFound):
        store.get_organisation("rna:W381000002")
    assert report.conflicts == []


def test_a_dissolved_association_asked_for_keeps_its_dates(store: GraphStore, waldec: Path) -> None:
    report = import_rna([waldec], store, include_inactive=True)
    assert report.skipped_inactive == 0
    dissolved = store.get_organisation("rna:W381000003")
    assert (dissolved.created, dissolved.dissolved) == (date(1950, 1, 20), date(2019, 11, 30))
    # A website that is not a web address is left out, not run in a page nor a reason to reject.
    assert dissolved.website is None
    assert (import_rna([waldec], store, include_inactive=True).unchanged, report.created) == (3, 3)


def test_sirene_after_the_rna_adopts_the_association_with_its_ties(
    store: GraphStore, waldec: Path, tmp_path: Path
) -> None:
    from importers.subsidies import import_subsidies

    import_rna([waldec], store)
    # A subsidy to the chorale, known by its RNA number only.
    grant = tmp_path / "aides.csv"
    grant.write_text(
        "nomAttribuant;idAttribuant;dateConvention;nomBeneficiaire;rnaBeneficiaire;montant\n"
        "Ville de Grenoble;21380185500015;2024-02-01;Chorale;W381000002;800\n",
        encoding="utf-8",
    )
    import_subsidies([grant], store)
    chorale = with_luhn_digit("77990014")
    unit = {"siren": chorale, "denominationUniteLegale": "CHORALE DES ECRINS",
            "categorieJuridiqueUniteLegale": "9220", "etatAdministratifUniteLegale": "A",
            "identifiantAssociationUniteLegale": "W381000002",
            "activitePrincipaleUniteLegale": "90.01Z"}  # fmt: skip
    office = {"siren": chorale, "siret": f"{chorale}00012", "etablissementSiege": "true",
              "codeCommuneEtablissement": "38185"}  # fmt: skip
    before = store.counts().nodes["Organisation"]
    report = import_sirene(write_stock(tmp_path / "sirene", [unit], [office]), store)
    # One organisation: the RNA's keeps its id and its subsidy, and gains the SIREN and the NAF.
    assert (report.created, report.updated, report.conflicts) == (0, 1, [])
    assert store.counts().nodes["Organisation"] == before
    adopted = store.get_organisation("rna:W381000002")
    assert (adopted.siren, adopted.rna, adopted.naf, adopted.source) == (
        chorale,
        "W381000002",
        "90.01Z",
        "rna;sirene",
    )
    assert store.organisation_ids_by_siren([chorale]) == {chorale: {"rna:W381000002"}}
    assert [t.amount for t in store.organisation_open_data_ties("rna:W381000002")] == [800.0]
    # A later file naming it by its SIRET reaches the same organisation, and re-running changes nothing.
    grant.write_text(
        "nomAttribuant;idAttribuant;dateConvention;nomBeneficiaire;idBeneficiaire;montant\n"
        f"Ville de Grenoble;21380185500015;2025-02-01;Chorale;{chorale}00012;900\n",
        encoding="utf-8",
    )
    again = import_subsidies([grant], store)
    assert again.organisations_created == 0
    assert sorted(t.amount for t in store.organisation_open_data_ties("rna:W381000002")) == [800.0, 900.0]
    assert import_subsidies([grant], store).ties_created == 0
    assert import_sirene(write_stock(tmp_path / "sirene", [unit], [office]), store).created == 0


def test_a_file_refused_midway_leaves_a_run_that_names_what_was_committed(
    store: GraphStore, waldec: Path, tmp_path: Path
) -> None:
    before = store.snapshot_id()
    not_rna = tmp_path / "rna_waldec_20250101_dpt_73.csv"
    not_rna.write_text("id;titre\nW731000001;SANS COMMUNE\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="not an rna_waldec file"):
        import_rna([waldec, not_rna], store)
    # The first file was written; the run that wrote it is recorded as ended, and is the snapshot.
    assert store.get_organisation("rna:W381000002").name == "CHORALE DES ÉCRINS"
    assert store.snapshot_id() != before and store.snapshot_id().startswith("rna@")
