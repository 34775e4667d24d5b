"""Public contracts (DECP) into CONTRACTS_WITH ties, long and wide forms, on the real store."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_service.errors import InvalidInput
from graph_service.model import SubgraphFilter
from graph_service.store.port import GraphStore
from importers.contracts import import_contracts
from importers.sources import Source, detect_source
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
    with pytest.raises(InvalidInput, match=r"missing titulaire_id.*Columns found: acheteur_id, montant"):
        import_contracts([other], store)
