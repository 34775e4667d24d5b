"""Public contracts (DECP) into CONTRACTS_WITH ties, long and wide forms, on the real store."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from graph_service.errors import InvalidInput
from graph_service.model import SubgraphFilter
from graph_service.store.port import GraphStore
from importers.contracts import import_contracts
from importers.sources import Source, detect_source
from importers.subsidies.report import SubsidyReport
from testkit.sirene import with_luhn_digit

BUILDER = with_luhn_digit("77990021")
PRINTER = with_luhn_digit("77990022")
LONG = [
    "uid,id,nature,acheteur_id,acheteur_nom,titulaire_id,titulaire_typeIdentifiant,titulaire_nom,objet,"
    "montant,codeCPV,dateNotification,donneesActuelles",
    f"21380185500015-1,1,Marché,21380185500015,Ville de Grenoble,{BUILDER}00011,SIRET,BTP Alpes,"
    "Rénovation d'une école,250000.5,45000000-7,2024-03-01,true",
    f"21380185500015-1,1,Marché,21380185500015,Ville de Grenoble,{BUILDER}00011,SIRET,BTP Alpes,"
    "Rénovation d'une école,200000,45000000-7,2024-01-15,false",
    "21380185500015-2,2,Marché,21380185500015,Ville de Grenoble,IT12345678901,TVA,Stampa Srl,"
    "Impression,12000,79800000-2,2024-05-02,true",
]
WIDE = [
    "id,acheteur.id,acheteur.nom,objet,montant,dateNotification,titulaire_id_1,titulaire_denominationSociale_1,"
    "titulaire_typeIdentifiant_1,titulaire_id_2,titulaire_denominationSociale_2,titulaire_typeIdentifiant_2",
    f"2024-77,21380185500015,Ville de Grenoble,Lots groupés,30000,2024-06-01,{BUILDER}00011,BTP Alpes,SIRET,"
    f"{PRINTER}00019,Imprimerie du Drac,SIRET",
]


@pytest.fixture
def store(reference_store: GraphStore) -> GraphStore:
    """The French territories on the run's backend."""
    return reference_store


def _field(report: SubsidyReport, name: str) -> dict[str, Any]:
    """How the first table's ``name`` field was read."""
    return next(info for info in report.tables[0]["fields"] if info["field"] == name)


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_current_contracts_tie_the_buyer_to_each_holder(store: GraphStore, tmp_path: Path) -> None:
    long_file = _write(tmp_path / "decp.csv", LONG)
    assert detect_source([long_file]) is Source.MARCHES
    report = import_contracts([long_file], store)
    assert (report.read, report.skipped_rows["superseded versions"], report.ties_created) == (2, 1, 2)
    assert report.read + report.skipped == len(LONG), "every line is read or skipped, the header too"
    assert report.identified["siret"] == 1 and report.identified["unidentified"] == 1
    ties = store.organisation_open_data_ties("siren:213801855")
    assert sorted((t.target_id, t.amount, t.nature) for t in ties) == [
        ("nom:commune-38185:stampa-srl", 12000.0, "79800000-2"),
        (f"siren:{BUILDER}", 250000.5, "45000000-7"),
    ]
    assert {t.kind.value for t in ties} == {"CONTRACTS_WITH"}
    wide_file = _write(tmp_path / "decp-wide.csv", WIDE)
    wide = import_contracts([wide_file], store)
    assert wide.ties_created == 2 and wide.identified["siret"] == 2
    again = import_contracts([long_file, wide_file], store)
    assert (again.ties_created, again.ties_updated, again.ties_unchanged) == (0, 0, 4)


def test_contracts_count_as_open_data_ties(store: GraphStore, tmp_path: Path) -> None:
    import_contracts([_write(tmp_path / "decp.csv", LONG)], store)
    # The city is located in Grenoble: its contracts are ties of the commune's ecosystem.
    frame = store.ecosystem("commune:38185", SubgraphFilter(include_open_data=True))
    assert len(frame.open_data_ties) == 2
    assert not store.ecosystem("commune:38185").open_data_ties


def test_a_file_without_holders_says_so(store: GraphStore, tmp_path: Path) -> None:
    other = _write(tmp_path / "decp.csv", ["acheteur_id,montant", "21380185500015,12"])
    with pytest.raises(InvalidInput, match=r"missing a holder \(titulaire_id.*found: « acheteur_id »"):
        import_contracts([other], store)


def test_a_buyers_own_table_is_read_by_meaning(store: GraphStore, tmp_path: Path) -> None:
    """A buyer's own list: French labels in its own order, a title row naming it, no buyer column."""
    lines = [
        "Marchés publics notifiés en 2024 par la Ville de Grenoble",
        "Montant HT (€);Titulaire;Objet du marché;N° SIRET titulaire;Date de notification;Code CPV",
        f"250 000,50;BTP Alpes;Rénovation d'une école;{BUILDER}00011;01/03/2024;45000000-7",
        f"12 000;Imprimerie du Drac;Impression;{PRINTER}00019;02/05/2024;79800000-2",
    ]
    table = _write(tmp_path / "marches-2024.csv", lines)
    assert detect_source([table]) is Source.MARCHES
    report = import_contracts([table], store)
    assert (report.read, report.ties_created, report.skipped_rows["title rows"]) == (2, 2, 1)
    chosen = {info["field"]: info["column"] for info in report.tables[0]["fields"]}
    assert chosen["amount"] == "Montant HT (€)" and chosen["holder_id"] == "N° SIRET titulaire"
    assert chosen["holder_name"] == "Titulaire" and chosen["nature"] == "Code CPV"
    ties = store.organisation_open_data_ties("siren:213801855")
    assert sorted((t.target_id, t.amount, str(t.day)) for t in ties) == [
        (f"siren:{BUILDER}", 250000.5, "2024-03-01"),
        (f"siren:{PRINTER}", 12000.0, "2024-05-02"),
    ]
    assert import_contracts([table], store).ties_created == 0, "a second import changes nothing"


def test_the_user_names_a_contract_column(store: GraphStore, tmp_path: Path) -> None:
    lines = [
        "acheteur_id,fournisseur retenu,ref fournisseur,montant",
        f"21380185500015,BTP Alpes,{BUILDER}00011,1000",
    ]
    table = _write(tmp_path / "decp-maison.csv", lines)
    guessed = import_contracts([table], store, dry_run=True)
    assert _field(guessed, "holder_id")["column"] == "ref fournisseur"
    given = import_contracts([table], store, columns={"holder_name": "Fournisseur retenu"})
    assert _field(given, "holder_name")["confidence"] == "given"
    assert [t.target_id for t in store.organisation_open_data_ties("siren:213801855")] == [f"siren:{BUILDER}"]


def test_a_subsidy_file_naming_an_attributaire_is_not_taken_for_contracts(tmp_path: Path) -> None:
    lines = [
        "Autorité administrative;Nom attributaire;N° SIRET attributaire;Montant décidé ligne",
        f"Ville de Grenoble;BTP Alpes;{BUILDER}00011;1000",
    ]
    assert detect_source([_write(tmp_path / "aides.csv", lines)]) is Source.SUBVENTIONS
