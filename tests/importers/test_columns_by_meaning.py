"""Subsidy tables read by meaning: every header variant of the SCDL's history and of the older
conventions, the template's French labels, the synonyms publishers use, shuffled columns, title
rows, merged heading rows, totals rows, amounts of several years and extra sheets. The
expectations are the planted columns, not the engine's own output."""

from __future__ import annotations

import csv
import io
import json
import random
from collections.abc import Sequence
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph_service.errors import InvalidInput
from graph_service.store.port import GraphStore
from importers.pipeline.column_profiles import profile_columns
from importers.pipeline.columns import infer
from importers.subsidies import import_subsidies
from importers.subsidies.columns import SPECS
from testkit.command import run_maillage
from testkit.http import assert_problem, bearer
from testkit.spreadsheets import write_workbook

ROWS = [
    # grantor, grantor SIRET, date, reference, beneficiary, SIRET, object, amount, nature
    ("Département du Lot", "22460001500511", "2017-12-21", "CP 2017-11-13",
     "Association des maires et élus du Lot", "44259700100035", "Soutien financier aux communes", "40 000,00",
     "aide en numéraire"),
    ("Département du Lot", "22460001500511", "2017-12-29", "CD 2017-06-26", "Association Ecaussystème",
     "48309112000012", "Festival Ecaussystème, édition 2018 et suivantes", "260 000,00", "aide en numéraire"),
    ("Département du Lot", "22460001500511", "2017-11-13", "CP 2017-10-02", "Les Amis du Vieux Cahors",
     "77569178500015", "Restauration du pont Valentré et animations", "3 500,00", "aide en numéraire"),
    ("Département du Lot", "22460001500511", "2017-10-09", "CP 2017-09-11", "Club de judo de Figeac",
     "41012345900019", "Fonctionnement de l'école de judo", "1 250,00", "aide en nature"),
    ("Département du Lot", "22460001500511", "2017-09-18", "CP 2017-09-11", "Théâtre de l'Usine",
     "39988877500018", "Saison culturelle en milieu rural", "18 000,00", "aide en numéraire"),
]  # fmt: skip
FIELDS = ("grantor_name", "grantor_id", "date", "reference", "beneficiary_name", "beneficiary_id",
          "object", "amount", "nature")  # fmt: skip

HEADERS: dict[str, list[Sequence[str]]] = {
    # Each field: the names publishers give it, from the SCDL to hand-made tables.
    "grantor_name": [["nomAttribuant"], ["COLL_NOM"], ["Nom de l'attributaire"], ["Autorité administrative"],
                     ["Collectivité"], ["Financeur"], ["Nom de la collectivité"], ["Organisme attribuant"]],
    "grantor_id": [["idAttribuant"], ["COLL_SIRET"], ["Identification de l'attributaire (SIRET)"],
                   ["SIRET collectivité"], ["SIRET du financeur"], ["N° SIRET autorité"]],
    "date": [["dateConvention"], ["ACTE_DATE"], ["Date de la convention de subvention"], ["Date de décision"],
             ["Date d'octroi"], ["Date de vote"], ["Date de la délibération"]],
    "reference": [["referenceDecision"], ["ACTE_REF"], ["Référence de la décision"], ["N° de délibération"],
                  ["Réf. acte"]],
    "beneficiary_name": [["nomBeneficiaire"], ["ATTRIB_NOM"], ["Nom du bénéficiaire"], ["Organisme"],
                         ["Structure"], ["Raison sociale"], ["Tiers"], ["Association"], ["Nom attributaire"],
                         ["Dénomination"], ["NOM"], ["Porteur de projet"]],
    "beneficiary_id": [["idBeneficiaire"], ["ATTRIB_SIRET"], ["Identification du bénéficiaire"], ["SIRET"],
                       ["N° SIRET attributaire"], ["SIRET_ORG"], ["Siret du tiers"], ["Numéro SIRET"]],
    "object": [["objet"], ["SUB_OBJET"], ["Objet de la subvention"], ["Intitulé du projet"], ["Objet"],
               ["Description de l'action"], ["Libellé de l'opération"]],
    "amount": [["montant"], ["SUB_MONTANT"], ["Montant total de la subvention"], ["Montant accordé"],
               ["Montant voté"], ["Montant attribué"], ["Montant octroyé"], ["Montant versé"],
               ["Montant décidé ligne"], ["Montant (€)"], ["Somme allouée"]],
    "nature": [["nature"], ["SUB_NATURE"], ["Nature de la subvention"], ["Nature de l'aide"]],
}  # fmt: skip
# Words that only make sense beside others: « attributaire » names the beneficiary unless another
# column names the « bénéficiaire »; a table with « Nom attributaire » must not also say so.
BESIDE_BENEFICIARY = {"Nom de l'attributaire", "Identification de l'attributaire (SIRET)"}
NO_BENEFICIARY_WORD = {"Nom attributaire", "N° SIRET attributaire", "ATTRIB_NOM", "ATTRIB_SIRET"}


def variants(count: int, seed: int = 5) -> list[dict[str, str]]:
    """``count`` headers: one name per field, drawn at random, in a coherent set."""
    rng = random.Random(seed)
    found = []
    while len(found) < count:
        chosen = {name: rng.choice(HEADERS[name])[0] for name in FIELDS}
        names = set(chosen.values())
        says_beneficiary = any("néficiaire" in n or n in {"idBeneficiaire", "nomBeneficiaire"} for n in names)
        if names & NO_BENEFICIARY_WORD and (says_beneficiary or names & BESIDE_BENEFICIARY):
            continue
        if names & BESIDE_BENEFICIARY and not says_beneficiary:
            continue
        found.append(chosen)
    return found


def table_of(header: dict[str, str], order: list[str]) -> tuple[list[str], list[list[str]]]:
    labels = [header[name] for name in order]
    rows = [[dict(zip(FIELDS, row, strict=True))[name] for name in order] for row in ROWS]
    return labels, rows


VARIANTS = variants(120)


def test_every_header_variant_in_any_order_finds_its_columns() -> None:
    rng = random.Random(11)
    right = total = 0
    wrong: list[str] = []
    for header in VARIANTS:
        order = list(FIELDS)
        rng.shuffle(order)
        labels, rows = table_of(header, order)
        mapping = infer(SPECS, profile_columns(labels, rows))
        for name in FIELDS:
            total += 1
            chosen = mapping.columns_of(name)
            if chosen and chosen[0].column.header == header[name]:
                right += 1
            elif chosen or name in (
                "grantor_name",
                "grantor_id",
                "beneficiary_name",
                "beneficiary_id",
                "amount",
            ):
                unsure = [d for d in mapping.doubts if d.startswith(name)]
                if not unsure:
                    wrong.append(
                        f"{name}: « {header[name]} » → {chosen[0].column.header if chosen else None}"
                    )
    share = right / total
    print(f"\nfields found without help: {right}/{total} ({share:.1%})")
    assert not wrong, f"silently wrong: {wrong[:10]}"
    assert share >= 0.97


def write_csv(path: Path, lines: list[list[str]], separator: str = ";") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=separator).writerows(lines)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


@pytest.fixture
def store(reference_store: GraphStore) -> GraphStore:
    return reference_store


def funded(store: GraphStore, siren: str) -> list[tuple[str, float | None]]:
    return sorted((t.source_id, t.amount) for t in store.organisation_open_data_ties(f"siren:{siren}"))


def test_the_two_refused_real_world_shapes_now_load(store: GraphStore, tmp_path: Path) -> None:
    """« Autorité administrative » / « Nom attributaire » / « N° SIRET attributaire » / « Montant
    décidé ligne »; and « SIRET_ORG » / « NOM » / « Montant octroyé » under a title row naming the
    authority, with no grantor column."""
    first = write_csv(
        tmp_path / "aides.csv",
        [
            [
                "Autorité administrative",
                "Nom attributaire",
                "N° SIRET attributaire",
                "Objet",
                "Montant décidé ligne",
            ]
        ]
        + [[r[0], r[4], r[5], r[6], r[7]] for r in ROWS],
    )
    report = import_subsidies([first], store, dataset="aides")
    assert (report.read, report.ties_created, report.rejected_rows) == (5, 5, 0)
    assert funded(store, "442597001") == [("collectivite:departement:46", 40000.0)]
    second = write_csv(
        tmp_path / "subventions_2017.csv",
        [
            ["Subventions 2017 du Département du Lot aux associations", "", ""],
            ["SIRET_ORG", "NOM", "Montant octroyé"],
        ]
        + [[r[5], r[4], r[7]] for r in ROWS],
    )
    report = import_subsidies([second], store, dataset="octroi")
    # The same subsidies in another shape: the title row names the grantor, nothing is new.
    assert report.grantors == {"collectivite:departement:46": "Département du Lot"}
    assert (report.read, report.ties_created, report.rejected_rows) == (5, 0, 0)
    assert report.ties_updated + report.ties_unchanged == 5
    assert report.skipped_rows == {"header rows": 1, "title rows": 1}
    assert funded(store, "483091120") == [("collectivite:departement:46", 260000.0)]
    assert store.get_organisation("siren:483091120").name == "Association Ecaussystème"


def test_attributaire_is_the_grantor_beside_a_beneficiary_and_the_beneficiary_otherwise() -> None:
    template = infer(
        SPECS,
        profile_columns(
            ["Nom de l'attributaire", "Nom du bénéficiaire", "Identification du bénéficiaire", "Montant"],
            [[r[0], r[4], r[5], r[7]] for r in ROWS],
        ),
    )
    assert template.column_of("grantor_name") == "nom_de_l_attributaire"
    assert template.column_of("beneficiary_name") == "nom_du_beneficiaire"
    other = infer(
        SPECS,
        profile_columns(["Collectivité", "Nom attributaire", "Montant"], [[r[0], r[4], r[7]] for r in ROWS]),
    )
    assert other.column_of("grantor_name") == "collectivite"
    assert other.column_of("beneficiary_name") == "nom_attributaire"
    reasons = other.columns_of("beneficiary_name")[0].reasons
    assert any("read as the beneficiary" in reason for reason in reasons)


def test_a_varying_siret_column_is_the_beneficiary_and_a_constant_one_the_grantor() -> None:
    mapping = infer(
        SPECS,
        profile_columns(["Nom", "Code A", "Code B", "Montant"], [[r[4], r[1], r[5], r[7]] for r in ROWS]),
    )
    assert mapping.column_of("beneficiary_id") == "code_b"
    assert mapping.column_of("grantor_id") == "code_a"


def test_workbooks_as_people_make_them(store: GraphStore, tmp_path: Path) -> None:
    """A title row, a merged heading row over the header, a totals row, amounts of two years side
    by side, and a sheet of notes: every row accounted for."""
    sheet = [
        ["Aides aux associations versées par le Département du Lot", "", "", "", ""],
        ["Informations relatives au bénéficiaire", "", "Informations relatives à la subvention", "", ""],
        ["Nom", "SIRET", "Objet", "Montant 2017", "Montant 2018"],
        *[[r[4], r[5], r[6], r[7], "1 000,00"] for r in ROWS],
        ["TOTAL", "", "", "322 750,00", "5 000,00"],
    ]
    notes = [
        ["Ce fichier recense les aides votées en commission permanente."],
        ["Contact : service des sports"],
    ]
    workbook = write_workbook(tmp_path / "aides.xlsx", {"Notes": notes, "Aides": sheet})
    report = import_subsidies([workbook], store, dataset="aides")
    assert report.read == 5 and report.rejected_rows == 0
    assert report.skipped_rows == {"title rows": 1, "header rows": 2, "total rows": 1}
    assert report.read + report.skipped == len(sheet)
    assert report.ties_created == 10, "one subsidy per year and beneficiary"
    assert [f.get("skipped") for f in report.files] == [None, "no subsidies table in this sheet"] or [
        f.get("skipped") for f in report.files
    ] == ["no subsidies table in this sheet", None]
    ties = store.organisation_open_data_ties("siren:775691785")
    assert sorted((t.day.year if t.day else None, t.amount) for t in ties) == [(2017, 3500.0), (2018, 1000.0)]
    assert all(t.source_id == "collectivite:departement:46" for t in ties)


def test_explain_shows_each_field_and_writes_nothing_and_columns_override(
    reference_db_copy: Path, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "liste.csv",
        [["Collectivité", "Bénéficiaire", "Code tiers", "Montant", "Montant versé"]]
        + [[r[0], r[4], r[5], r[7], "10"] for r in ROWS],
    )
    explained = run_maillage(reference_db_copy, "import", str(path), "--explain")
    assert explained.returncode == 0, explained.stderr
    text = " ".join(explained.stdout.split())
    assert "How liste.csv was read" in text and "dry run: nothing written" in text
    for shown in ("Collectivité", "Bénéficiaire", "Code tiers", "Association Ecaussystème", "high"):
        assert shown in text, shown
    stats = json.loads(run_maillage(reference_db_copy, "stats", "--json").stdout)
    assert stats["relationships"].get("FUNDS", 0) == 0
    # The user says which amount is the one: « Montant versé », not « Montant ».
    done = run_maillage(
        reference_db_copy, "import", str(path), "--columns", 'amount="montant verse"', "--json"
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    chosen = {f["field"]: f for f in report["tables"][0]["fields"]}
    assert chosen["amount"]["column"] == "Montant versé" and chosen["amount"]["confidence"] == "given"
    # Kept for the publisher (its SIREN, its file names): next year's file is read the same way.
    kept = json.loads(run_maillage(reference_db_copy, "import", "--mappings", "--json").stdout)
    assert kept["file:liste.csv"] == {"amount": "montant verse"}
    next_year = write_csv(
        tmp_path / "liste_2018.csv",
        [["Collectivité", "SIRET collectivité", "Bénéficiaire", "Code tiers", "Montant", "Montant versé"]]
        + [[r[0], r[1], r[4], r[5], r[7], "20"] for r in ROWS],
    )
    first = run_maillage(
        reference_db_copy, "import", str(next_year), "--columns", 'amount="Montant versé"', "--json"
    )
    assert first.returncode == 0, first.stderr
    assert json.loads(run_maillage(reference_db_copy, "import", "--mappings", "--json").stdout)[
        "siren:224600015"
    ] == {"amount": "Montant versé"}
    later = write_csv(
        tmp_path / "liste_2019.csv",
        [["Montant", "Bénéficiaire", "Code tiers", "Montant versé", "SIRET collectivité", "Collectivité"]]
        + [[r[7], r[4], r[5], "30", r[1], r[0]] for r in ROWS],
    )
    again = json.loads(run_maillage(reference_db_copy, "import", str(later), "--json").stdout)
    chosen = {f["field"]: f for f in again["tables"][0]["fields"]}
    assert chosen["amount"]["column"] == "Montant versé"
    assert chosen["amount"]["why"] == "chosen for this publisher's earlier file"
    bad = run_maillage(
        reference_db_copy, "import", str(path), "--columns", "amount=Montant total", "--dry-run"
    )
    assert bad.returncode == 2 and "no such column" in bad.stderr and "« Montant versé »" in bad.stderr
    unknown = run_maillage(
        reference_db_copy, "import", str(path), "--columns", "montant=Montant", "--dry-run"
    )
    assert unknown.returncode == 2 and "no such field" in unknown.stderr


def test_a_table_without_a_beneficiary_is_refused_saying_what_each_column_looks_like(
    store: GraphStore, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "budget.csv", [["Chapitre", "Montant"], ["Culture", "12 000"], ["Sport", "8 000"]]
    )
    with pytest.raises(InvalidInput, match=r"no column holds a beneficiary.*« Chapitre »: names"):
        import_subsidies([path], store, grantor="departement:46")


def test_the_api_explains_a_dry_run_and_takes_the_users_columns(
    client: TestClient, tokens: dict[str, str], tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "liste.csv",
        [["Collectivité", "Bénéficiaire", "Code tiers", "Montant", "Montant versé"]]
        + [[r[0], r[4], r[5], r[7], "10"] for r in ROWS],
    )
    answer = client.post(
        "/api/v1/imports",
        files=[("files", ("liste.csv", path.read_bytes(), "text/csv"))],
        data={"dataset": "liste", "dry_run": "true", "columns": ["amount=Montant versé"]},
        headers=bearer(tokens["write"]),
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    chosen = {f["field"]: f for f in body["tables"][0]["fields"]}
    assert chosen["amount"]["column"] == "Montant versé" and chosen["amount"]["confidence"] == "given"
    assert chosen["beneficiary_name"]["column"] == "Bénéficiaire"
    assert chosen["beneficiary_id"]["examples"][0] == "44259700100035"
    assert body["dry_run"] and body["counts"]["ties"]["created"] == 5
    wrong = client.post(
        "/api/v1/imports",
        files=[("files", ("liste.csv", path.read_bytes(), "text/csv"))],
        data={"dataset": "liste", "dry_run": "true", "columns": ["amount"]},
        headers=bearer(tokens["write"]),
    )
    assert_problem(wrong, 422, 'write FIELD="Header as written"')


def test_a_file_name_names_the_grantor_when_nothing_inside_does(store: GraphStore, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "subventions_departement_du_lot_2017.csv",
        [["Bénéficiaire", "SIRET", "Montant"]] + [[r[4], r[5], r[7]] for r in ROWS],
    )
    report = import_subsidies([path], store, dataset="lot")
    assert report.grantors == {"collectivite:departement:46": "Département du Lot"}
    assert (report.read, report.ties_created) == (5, 5)
    nameless = write_csv(
        tmp_path / "aides.csv", [["Bénéficiaire", "SIRET", "Montant"], [ROWS[0][4], ROWS[0][5], "10"]]
    )
    with pytest.raises(InvalidInput, match=r"a grantor .*give --grantor"):
        import_subsidies([nameless], store, dataset="aides")


def test_one_file_holding_several_grantors(store: GraphStore, tmp_path: Path) -> None:
    """A consolidated file (a portal gathering several authorities): the grantor columns vary, yet
    they are still the grantor's, and each row goes to its own grantor."""
    grantors = [("Département du Lot", "22460001500511"), ("Département de l'Isère", "22380001500011"),
                ("Ville de Grenoble", "21380185500015")]  # fmt: skip
    lines = [["Bénéficiaire", "SIRET", "Collectivité", "SIRET collectivité", "Montant"]]
    expected = {}
    for n, row in enumerate(ROWS):
        name, siret = grantors[n % len(grantors)]
        lines.append([row[4], row[5], name, siret, row[7]])
        expected[row[5][:9]] = name
    report = import_subsidies([write_csv(tmp_path / "portail.csv", lines)], store, dataset="portail")
    assert (report.read, report.ties_created, report.rejected_rows) == (5, 5, 0)
    # The authorities of the territory reference: Grenoble's stored under its SIREN.
    grantor_of = {"Département du Lot": "collectivite:departement:46", "Ville de Grenoble": "siren:213801855",
                  "Département de l'Isère": "collectivite:departement:38"}  # fmt: skip
    assert set(report.grantors) == set(grantor_of.values())
    for siren, name in expected.items():
        assert [source for source, _ in funded(store, siren)] == [grantor_of[name]], siren
