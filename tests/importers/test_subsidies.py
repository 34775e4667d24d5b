"""Subsidy files as their publishers really wrote them, into FUNDS ties on the real embedded store.

The expected counts were read from the files with Python's csv module and a spreadsheet viewer
(rows with data, beneficiaries with a SIRET, amounts that are not numbers), not from the importer.
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest

from graph_service.errors import InvalidInput
from graph_service.model import Organisation, SubgraphFilter, World
from graph_service.store.port import GraphStore
from importers.subsidies import import_subsidies
from importers.subsidies.identity import NAME_MATCH_THRESHOLD
from testkit.command import run_maillage
from testkit.spreadsheets import write_xlsx

SAMPLES = Path(__file__).parent / "data" / "subventions"

# file: rows read, identified by SIRET, by RNA, by name, unidentified, rows rejected, ties written
EXPECTED = {
    "aube.xlsx": (7, 7, 0, 0, 0, 0, 7),
    # The same workbook saved as Excel 97 and as OpenDocument: the same rows, read the same way.
    "aube_resave.xls": (7, 7, 0, 0, 0, 0, 7),
    "aube_resave.ods": (7, 7, 0, 0, 0, 0, 7),
    "lot_2017_cp1252.csv": (13, 13, 0, 0, 0, 0, 13),
    "nievre_2016_sans_siret.csv": (97, 0, 0, 0, 97, 0, 97),
    "poitiers_2017_format_historique.csv": (562, 562, 0, 0, 0, 0, 547),
    "scdl_exemple_valide.csv": (29, 28, 1, 0, 0, 0, 29),
    "somme_2018_03_02_cp1252.csv": (41, 41, 0, 0, 0, 0, 41),
}
GRANTORS = {
    # file: the reference's authority the grantor is, its name there, and the SIREN the file states.
    "aube.xlsx": ("collectivite:departement:10", "Département de l'Aube", "221000052"),
    "aube_resave.xls": ("collectivite:departement:10", "Département de l'Aube", "221000052"),
    "aube_resave.ods": ("collectivite:departement:10", "Département de l'Aube", "221000052"),
    "lot_2017_cp1252.csv": ("collectivite:departement:46", "Département du Lot", "224600015"),
    "nievre_2016_sans_siret.csv": ("collectivite:departement:58", "Département de la Nièvre", "225800010"),
    "poitiers_2017_format_historique.csv": ("siren:218601946", "Commune de Poitiers", "218601946"),
    "scdl_exemple_valide.csv": ("siren:210600045", "Commune d'Antibes", "210600045"),
    "somme_2018_03_02_cp1252.csv": ("collectivite:departement:80", "Département de la Somme", "228000014"),
}


@pytest.fixture
def store(reference_store: GraphStore) -> GraphStore:
    """The French territories on the run's backend."""
    return reference_store


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_published_file_imports_with_its_counts(store: GraphStore, name: str) -> None:
    read, siret, rna, by_name, unidentified, rejected, ties = EXPECTED[name]
    report = import_subsidies([SAMPLES / name], store, dataset="test")
    assert report.read == read
    assert (report.identified["siret"], report.identified["rna"]) == (siret, rna)
    assert (report.identified["name"], report.identified["unidentified"]) == (by_name, unidentified)
    assert report.rejected_rows == rejected
    assert report.ties_created == ties and store.counts().relationships.get("FUNDS", 0) == ties
    grantor_id, grantor_name, siren = GRANTORS[name]
    assert report.grantors == {grantor_id: grantor_name}
    grantor = store.get_organisation(grantor_id)
    assert grantor.world is World.COLLECTIVITE and grantor.siren == siren
    # A département starts without a SIREN; the file that names it and states one gives it.
    completed = {grantor_id: siren} if grantor_id.startswith("collectivite:") else {}
    assert report.authorities_completed == completed
    assert store.organisation_ids_by_siren([siren]) == {siren: {grantor_id}}


def test_unreadable_amounts_keep_the_subsidy_and_are_said_with_their_line(store: GraphStore) -> None:
    report = import_subsidies([SAMPLES / "nievre_2016_sans_siret.csv"], store, dataset="nievre")
    assert report.rejected_rows == 0
    warned = {(w.line, w.value) for w in report.warnings}
    assert {value for _, value in warned} == {"SEM", "ODHLM"} and len(warned) == 5
    assert all(
        "is not an amount" in w.reason
        and "loaded without an amount" in w.reason
        and w.file == "nievre_2016_sans_siret.csv"
        for w in report.warnings
    )
    # The subsidy is there, without its amount: the publisher wrote a kind of company there.
    batifranc = store.get_organisation("nom:departement-58:batifranc")
    ties = store.organisation_open_data_ties(batifranc.id)
    assert [(t.source_id, t.amount) for t in ties] == [("collectivite:departement:58", None)]
    # Every beneficiary known by name alone is its own organisation.
    agora = store.get_organisation("nom:departement-58:agora")
    assert agora.name == "AGORA" and agora.source == "subventions"


def test_re_importing_changes_nothing(store: GraphStore) -> None:
    files = [SAMPLES / "poitiers_2017_format_historique.csv", SAMPLES / "aube.xlsx"]
    first = import_subsidies(files, store, dataset="test")
    counts = store.counts()
    again = import_subsidies(files, store, dataset="test")
    assert again.ties_created == 0 and again.ties_updated == 0 and again.organisations_created == 0
    assert again.ties_unchanged == first.ties_created
    after = store.counts()
    assert after.relationships == counts.relationships
    assert after.nodes["Organisation"] == counts.nodes["Organisation"]


def test_float_mangled_sirets_give_the_right_siren(store: GraphStore) -> None:
    # 45032466000000.0 in the file: TROUVER SONNETTE A SON PIED, SIREN 450324660, known here
    # already with its commune; the store's record wins over the file's name.
    known = Organisation(
        id="siren:450324660",
        name="Trouver sonnette",
        world=World.ASSOCIATION,
        siren="450324660",
        commune="86194",
    )
    store.upsert_organisations([known], "test@1")
    report = import_subsidies([SAMPLES / "poitiers_2017_format_historique.csv"], store, dataset="poitiers")
    assert store.get_organisation("siren:450324660").name == "Trouver sonnette"
    assert store.get_organisation("siren:218601946").commune == "86194"  # Ville de Poitiers
    ties = store.ecosystem("commune:86194", SubgraphFilter(include_open_data=True)).open_data_ties
    # Two rows of the file (2016-12-05 and 2017-04-10, 10,000 € each): two subsidies.
    found = sorted(
        (t.source_id, t.day.isoformat() if t.day else "", t.amount)
        for t in ties
        if t.target_id == "siren:450324660"
    )
    assert found == [("siren:218601946", "2016-12-05", 10000.0), ("siren:218601946", "2017-04-10", 10000.0)]
    text = (SAMPLES / "poitiers_2017_format_historique.csv").read_text(encoding="utf-8")
    sirens = {row["ATTRIB_SIRET"][:9] for row in csv.DictReader(io.StringIO(text), delimiter=";")}
    # Every beneficiary's SIREN once; the one already known is not created again, nor is the city,
    # which the reference holds.
    assert report.organisations_created == len(sirens) - 1
    assert store.get_organisation("siren:218601946").name == "Commune de Poitiers"


def test_a_name_is_matched_above_the_threshold_and_never_merged_below(store: GraphStore) -> None:
    known = [
        Organisation(
            id="test:adt58",
            name="Agence départementale du tourisme",
            world=World.ASSOCIATION,
            commune="58194",
        ),
        Organisation(id="test:agropole", name="Agropole de Marault", world=World.AUTRE, commune="58194"),
    ]
    store.upsert_organisations(known, "test@1")
    report = import_subsidies([SAMPLES / "nievre_2016_sans_siret.csv"], store, dataset="nievre")
    matches = {m.name: m for m in report.name_matches}
    tourism = matches["AGENCE DEPARTEMENTAL DU TOURISME"]
    assert tourism.matched_id == "test:adt58" and NAME_MATCH_THRESHOLD <= tourism.score < 100
    assert report.identified["name"] == len(report.name_matches) == 1
    # « ASSOC AGROPOLE MARAULT » scores 83 against « Agropole de Marault »: below the threshold it
    # stays an organisation of its own, never merged by guess.
    kept_apart = store.get_organisation("nom:departement-58:assoc-agropole-marault")
    assert kept_apart.name == "ASSOC AGROPOLE MARAULT"
    assert "test:agropole" not in {m.matched_id for m in report.name_matches}
    funded = store.ecosystem("departement:58", SubgraphFilter(include_open_data=True)).open_data_ties
    assert any(t.target_id == "test:adt58" and t.amount == 934_000 for t in funded)


def test_a_file_without_grantor_takes_the_one_given(store: GraphStore, tmp_path: Path) -> None:
    path = tmp_path / "aides.csv"
    path.write_text("Nom du bénéficiaire;N° SIRET;Montant\nLes Amis;;1 200,50\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="give --grantor"):
        import_subsidies([path], store)
    report = import_subsidies([path], store, grantor="departement:66")
    assert report.grantors == {"collectivite:departement:66": "Département des Pyrénées-Orientales"}
    assert store.get_organisation("nom:departement-66:les-amis").name == "Les Amis"
    with pytest.raises(InvalidInput, match="not a valid SIREN"):
        import_subsidies([path], store, grantor="123456789")
    assert store.counts().relationships["FUNDS"] == 1


def test_a_zip_is_read_in_place_and_a_truncated_one_loads_nothing(store: GraphStore, tmp_path: Path) -> None:
    archive = tmp_path / "subventions.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.write(SAMPLES / "lot_2017_cp1252.csv", "2017/lot.csv")
    report = import_subsidies([archive], store)
    assert report.ties_created == 13 and report.files[0]["file"] == "subventions.zip/2017/lot.csv"
    broken = tmp_path / "broken.zip"
    broken.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    before = store.counts()
    with pytest.raises(InvalidInput, match="damaged or truncated"):
        import_subsidies([broken], store)
    assert store.counts() == before


def test_files_that_are_not_subsidies_say_what_they_lack(store: GraphStore, tmp_path: Path) -> None:
    native = tmp_path / "organisations.csv"
    native.write_text("id,name,world,commune\ngaia,GAIA,association,38185\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match=r"no column holds an amount.*Columns found: « id »"):
        import_subsidies([native], store)
    workbook = tmp_path / "vide.xlsx"
    write_xlsx(workbook, [["Budget", "2017"], ["Total", "12"]])
    with pytest.raises(InvalidInput, match="not a subsidy table"):
        import_subsidies([workbook], store)
    assert store.counts().relationships.get("FUNDS", 0) == 0


def test_the_command_detects_subsidies_and_reports_name_matches(demo_db_copy: Path, tmp_path: Path) -> None:
    db = demo_db_copy
    result = run_maillage(db, "import", str(SAMPLES / "lot_2017_cp1252.csv"), "--json")
    assert result.returncode == 0, result.stderr
    import json

    report = json.loads(result.stdout)
    assert report["source"] == "subventions" and report["counts"]["ties"]["created"] == 13
    bad = tmp_path / "sans_beneficiaire.csv"
    bad.write_text(
        "nomAttribuant;idAttribuant;nomBeneficiaire;idBeneficiaire;montant\n"
        "Département du Lot;22460001500511;Agora;;1 000\n"
        "Département du Lot;22460001500511;;;2 000\n",
        encoding="utf-8",
    )
    rejected = run_maillage(db, "import", str(bad), "--rejects", str(tmp_path / "r.csv"))
    assert rejected.returncode == 2 and "identified by SIRET" in rejected.stdout
    lines = list(csv.DictReader(io.StringIO((tmp_path / "r.csv").read_text(encoding="utf-8-sig"))))
    assert [(line["line"], line["column"]) for line in lines] == [("3", "beneficiary")]
    assert "neither a name, a SIRET nor an RNA number" in lines[0]["reason"]
    again = run_maillage(
        db, "import", str(SAMPLES / "lot_2017_cp1252.csv"), "--source", "subventions", "--json"
    )
    assert json.loads(again.stdout)["counts"]["ties"] == {"created": 0, "updated": 0, "unchanged": 13}
