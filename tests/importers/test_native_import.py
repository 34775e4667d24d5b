"""The native importer end to end on a real LadybugDB: good rows load, bad rows are reported."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from graph_service.errors import NotFound
from graph_service.store.embedded import EmbeddedStore
from importers.native import import_native
from importers.native.file_kinds import FileKind
from importers.native.report import ImportReport

ORGANISATIONS = """id,name,world,siren,rna,commune,postal_code,city,ess
gaia,GAIA,association,,W381000001,38185,,,oui
poste,La Poste,entreprise,356000000,,75056,,,non
ville,Ville de Grenoble,collectivite,213801855,,,38000,,
badsiren,Mauvais SIREN,entreprise,123456789,,38185,,,
nowhere,Nulle Part,association,,,99999,,,
gaia,GAIA bis,association,,,38185,,,
ambigu,Ambiguë,association,,,,38760,,
varces,Varces Sports,association,,,,38760,Varces-Allières-et-Risset,
noworld,Sans monde,,,,38185,,,
"""
ALLIANCES = """id,name,mode,domains,start,end
copil,Comité,innovation_societale,Solidarité;Mobilité,2019,
lonely,Seule,mecenat,,2020,
backwards,À l'envers,mecenat,,2021-05-01,2020-01-01
"""
MEMBERS = """alliance,organisation,role
copil,gaia,pilote
copil,poste,membre
copil,213801855,membre
copil,ghost,membre
copil,gaia,membre
lonely,gaia,membre
nosuch,gaia,membre
"""


def _write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def _files(folder: Path) -> list[Path]:
    return [
        _write(folder, "organisations.csv", ORGANISATIONS),
        _write(folder, "alliances.csv", ALLIANCES),
        _write(folder, "alliance_members.csv", MEMBERS),
    ]


def _reasons(report: ImportReport) -> dict[tuple[str, int], str]:
    return {(r.file, r.line): f"[{r.column}] {r.reason}" for r in report.rejections}


def test_good_rows_load_and_bad_rows_are_reported(reference_store: EmbeddedStore, tmp_path: Path) -> None:
    report = import_native(_files(tmp_path), reference_store, dataset="test")
    organisations = report.kinds[FileKind.ORGANISATIONS]
    # Ville de Grenoble was there already, as the reference's commune: it is completed, not created.
    assert (organisations.read, organisations.created, organisations.updated) == (9, 3, 1)
    assert organisations.rejected == 5
    reasons = _reasons(report)
    assert "siren '123456789' fails the Luhn check" in reasons[("organisations.csv", 5)]
    assert reasons[("organisations.csv", 5)].startswith("[siren]")
    assert "commune '99999'" in reasons[("organisations.csv", 6)]
    assert "duplicate id gaia (first at line 2)" in reasons[("organisations.csv", 7)]
    assert "ambiguous" in reasons[("organisations.csv", 8)] and "38436" in reasons[("organisations.csv", 8)]
    assert reasons[("organisations.csv", 10)] == "[world] is required"
    assert (
        "t:ghost" not in reasons
        and "test:ghost is neither in this import" in reasons[("alliance_members.csv", 5)]
    )
    assert "listed twice" in reasons[("alliance_members.csv", 6)]
    assert "at least two" in reasons[("alliances.csv", 3)]
    assert "was rejected" in reasons[("alliance_members.csv", 7)]
    assert "test:nosuch is neither in this import" in reasons[("alliance_members.csv", 8)]
    assert "after end" in reasons[("alliances.csv", 4)]

    assert reference_store.get_organisation("rna:W381000001").name == "GAIA"
    assert reference_store.get_organisation("siren:213801855").commune == "38185"  # from postal code 38000
    assert reference_store.get_organisation("test:varces").commune == "38524"
    copil = reference_store.organisation_alliances("siren:356000000")
    assert [a.id for a in copil] == ["test:copil"]
    roles = {m.organisation_id: m.role for m in copil[0].members}
    assert roles == {"rna:W381000001": "pilote", "siren:356000000": "membre", "siren:213801855": "membre"}
    assert copil[0].domains == ["mobilite", "solidarite"]
    assert reference_store.existing_alliance_ids(["test:lonely", "test:backwards"]) == set()


def test_rejects_file_has_file_line_column_and_reason(reference_store: EmbeddedStore, tmp_path: Path) -> None:
    report = import_native(_files(tmp_path), reference_store, dataset="test")
    target = tmp_path / "rejects.csv"
    report.write_rejects(target)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert list(rows[0]) == ["file", "line", "column", "value", "reason"]
    assert {
        "file": "organisations.csv",
        "line": "5",
        "column": "siren",
        "value": "123456789",
    }.items() <= next(
        row for row in rows if row["line"] == "5" and row["file"] == "organisations.csv"
    ).items()
    assert len(rows) == len(report.rejections) >= 11


def test_reimport_changes_nothing(reference_store: EmbeddedStore, tmp_path: Path) -> None:
    files = _files(tmp_path)
    import_native(files, reference_store, dataset="test")
    before = reference_store.counts()
    again = import_native(files, reference_store, dataset="test")
    assert reference_store.counts() == before
    for kind in (FileKind.ORGANISATIONS, FileKind.ALLIANCES, FileKind.MEMBERS):
        assert again.kinds[kind].created == again.kinds[kind].updated == 0
    assert again.kinds[FileKind.ORGANISATIONS].unchanged == 4
    assert again.kinds[FileKind.MEMBERS].unchanged == 3


def test_dry_run_validates_without_writing(reference_store: EmbeddedStore, tmp_path: Path) -> None:
    before = reference_store.counts()
    report = import_native(_files(tmp_path), reference_store, dataset="test", dry_run=True)
    assert report.dry_run and report.kinds[FileKind.ORGANISATIONS].rejected == 5
    assert report.kinds[FileKind.ORGANISATIONS].created == 0
    assert reference_store.counts() == before
    assert reference_store.snapshot_id() == "empty"


def test_latin1_file_is_detected_and_read_correctly(reference_store: EmbeddedStore, tmp_path: Path) -> None:
    text = "id;nom;monde;code_postal;ville\néco;Fédération des œuvres laïques;association;38000;\n"
    path = _write(tmp_path, "organisations.csv", text, encoding="cp1252")
    report = import_native([path], reference_store, dataset="test")
    assert report.files[0]["encoding"] in {"cp1252", "latin_1", "iso8859_15"}
    organisation = reference_store.get_organisation("test:éco")
    assert organisation.name == "Fédération des œuvres laïques"
    assert organisation.commune == "38185"


def test_headers_in_a_publishers_own_words(reference_store: EmbeddedStore, tmp_path: Path) -> None:
    """The native format's columns are read by the open-data tables' engine: « Raison sociale »,
    « Code INSEE », « Site internet » are the name, commune and website, in any order; a column
    that names no field (« Notes ») is ignored."""
    text = (
        "Site internet;Notes;Code INSEE;Raison sociale;Identifiant;Famille\n"
        "https://gaia.example;à rappeler;38185;GAIA Isère;g1;association\n"
    )
    report = import_native([_write(tmp_path, "organisations.csv", text)], reference_store, dataset="own")
    assert report.kinds[FileKind.ORGANISATIONS].created == 1, _reasons(report)
    organisation = reference_store.get_organisation("own:g1")
    assert (organisation.name, organisation.commune) == ("GAIA Isère", "38185")
    assert organisation.website == "https://gaia.example" and organisation.world.value == "association"


def test_binary_file_is_refused_cleanly(reference_store: EmbeddedStore, tmp_path: Path) -> None:
    path = tmp_path / "organisations.csv"
    path.write_bytes(b"PK\x03\x04\x00\x00binary zip content\x00\x01")
    good = _write(tmp_path, "alliances.csv", ALLIANCES)
    report = import_native([path, good], reference_store, dataset="test")
    [rejection] = [r for r in report.rejections if r.file == "organisations.csv"]
    assert rejection.column == "file" and "not a text file" in rejection.reason
    assert report.kinds[FileKind.ALLIANCES].read == 3


def test_json_lines_with_lists_and_french_values(reference_store: EmbeddedStore, tmp_path: Path) -> None:
    organisations = (
        '{"id": "a", "name": "Asso A", "world": "Association", "commune": "38185", '
        '"maturity": "Premiers pas"}\n'
        '{"id": "b", "name": "Coop B", "world": "Entreprise", "commune": "2A004", "ess": true}\n'
        "not json\n"
    )
    alliances = (
        '{"id": "x", "name": "X", "mode": "Mécénat", '
        '"domains": ["Emploi", "ODD 17"], "start": "15/03/2019"}\n'
    )
    members = (
        '{"alliance": "x", "organisation": "a"}\n'
        '{"alliance": "x", "organisation": "b", "role": "financeur"}\n'
    )
    paths = [
        _write(tmp_path, "organisations.jsonl", organisations),
        _write(tmp_path, "alliances.jsonl", alliances),
        _write(tmp_path, "members.jsonl", members),
    ]
    report = import_native(paths, reference_store, dataset="j")
    assert _reasons(report)[("organisations.jsonl", 3)].startswith("[row] invalid JSON")
    assert reference_store.get_organisation("j:a").maturity is not None
    assert reference_store.get_organisation("j:b").ess is True
    [alliance] = reference_store.organisation_alliances("j:b")
    assert alliance.mode.value == "mecenat" and alliance.domains == ["emploi", "odd_17"]
    assert alliance.start is not None and alliance.start.isoformat() == "2019-03-15"


def test_catalysts_and_informal_areas(reference_store: EmbeddedStore, tmp_path: Path) -> None:
    paths = [
        _write(tmp_path, "territories.csv", "code,name,parent,communes\nsud,Sud test,38,38185;38421;01340\n"),
        _write(tmp_path, "organisations.csv", "id,name,world,commune\nlabo,Labo,association,38421\n"),
        _write(
            tmp_path,
            "catalysts.csv",
            "organisation,territories,missions,since\nlabo,projet:sud;38,dialogue;partenariats,2019\n"
            "labo,38,dialogue,2019\nghost,38,dialogue,2019\nlabo,99,dialogue,2019\n",
        ),
    ]
    report = import_native(paths, reference_store, dataset="c")
    reasons = _reasons(report)
    assert "duplicate catalyst" in reasons[("catalysts.csv", 3)]
    assert "c:ghost is neither in this import" in reasons[("catalysts.csv", 4)]
    assert "territory '99'" in reasons[("catalysts.csv", 5)]
    area = reference_store.get_territory("projet:sud")
    assert {t.key for t in area.children} == {"commune:38185", "commune:38421", "commune:01015"}
    assert [t.key for t in area.ancestors][:1] == ["departement:38"]
    profile = reference_store.get_organisation("c:labo").catalyst
    assert profile is not None and profile.territories == ["departement:38", "projet:sud"]
    assert [o.id for o in reference_store.territory_organisations("projet:sud").items] == ["c:labo"]


def test_members_of_later_imports_count_towards_two(reference_store: EmbeddedStore, tmp_path: Path) -> None:
    first = tmp_path / "first"
    first.mkdir()
    import_native(_files(first), reference_store, dataset="test")
    second = tmp_path / "second"
    second.mkdir()
    _write(second, "alliance_members.csv", "alliance,organisation\ncopil,badsiren\ncopil,varces\n")
    report = import_native([second], reference_store, dataset="test")
    assert report.kinds[FileKind.MEMBERS].created == 1
    assert "test:badsiren is neither" in _reasons(report)[("alliance_members.csv", 2)]
    members = reference_store.alliance_member_ids(["test:copil"])["test:copil"]
    assert "test:varces" in members and len(members) == 4


def test_file_names_must_tell_their_kind(reference_store: EmbeddedStore, tmp_path: Path) -> None:
    from graph_service.errors import InvalidInput

    path = _write(tmp_path, "export.csv", "id,name,world\na,A,association\n")
    with pytest.raises(InvalidInput, match="cannot tell what the file holds"):
        import_native([path], reference_store, dataset="x")
    report = import_native([path], reference_store, dataset="x", kind=FileKind.ORGANISATIONS)
    assert report.kinds[FileKind.ORGANISATIONS].created == 1


WRONG_TYPES = [
    ("name", {"nested": [1, 2]}, "an object"),
    ("name", ["a", "b"], "a list"),
    ("name", True, "true/false"),
    ("commune", 38185.5, "a decimal number"),
    ("description", False, "true/false"),
    ("website", {"url": "https://x.example"}, "an object"),
]


@pytest.mark.parametrize(("field", "value", "said"), WRONG_TYPES)
def test_a_json_value_of_the_wrong_type_is_a_reject_with_its_line(
    reference_store: EmbeddedStore, tmp_path: Path, field: str, value: object, said: str
) -> None:
    """Every field has a type: a JSON value of another type is refused with its line and what it
    is, never stored as Python prints it (``{'nested': [1, 2]}``, ``True``)."""
    good = {"id": "ok", "name": "Bonne", "world": "association", "commune": "38185"}
    wrong = {**good, "id": "ko", field: value}
    lines = "\n".join(json.dumps(row) for row in (good, wrong)) + "\n"
    report = import_native([_write(tmp_path, "organisations.jsonl", lines)], reference_store, dataset="t")
    reason = _reasons(report)[("organisations.jsonl", 2)]
    assert field in reason and said in reason, reason
    assert reference_store.get_organisation("t:ok").name == "Bonne"
    with pytest.raises(NotFound):
        reference_store.get_organisation("t:ko")
    # Whole numbers written without quotes are text as written: a commune code.
    numbers = {**good, "id": "n", "commune": 38185}
    fine = import_native(
        [_write(tmp_path, "organisations_2.jsonl", json.dumps(numbers) + "\n")], reference_store, dataset="t"
    )
    assert not fine.rejections and reference_store.get_organisation("t:n").commune == "38185"
