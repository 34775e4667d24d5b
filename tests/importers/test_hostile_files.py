"""Files a user will send by mistake or on purpose: each problem is a reject with its line, the
rest loads, nothing is swallowed silently, and the reference territories cannot be rewritten."""

from __future__ import annotations

from pathlib import Path

from graph_service.model import World
from graph_service.store.embedded import EmbeddedStore
from importers.native import import_native
from importers.native.report import ImportReport
from importers.pipeline.reading import MAX_CELL_CHARS


def _reasons(report: ImportReport) -> dict[tuple[str, int], str]:
    return {(r.file, r.line): r.reason for r in report.rejections}


def _names(store: EmbeddedStore, dataset: str) -> set[str]:
    """The names of the associations ``dataset`` loaded (the reference's authorities are not)."""
    found = store.search_organisations("", world=World.ASSOCIATION, limit=500).items
    return {o.name for o in found if o.id.startswith(f"{dataset}:")}


def test_an_oversized_cell_is_a_reject_and_the_following_rows_load(
    reference_store: EmbeddedStore, tmp_path: Path
) -> None:
    path = tmp_path / "organisations.csv"
    rows = [
        "id,name,world",
        "a,Avant,association",
        f"b,{'x' * (MAX_CELL_CHARS + 10)},association",
        "c,Après,association",
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    report = import_native([path], reference_store, dataset="big")
    assert "longer than" in _reasons(report)[("organisations.csv", 3)]
    assert _names(reference_store, "big") == {"Avant", "Après"}


def test_an_unclosed_quote_is_reported_with_the_lines_it_swallowed(
    reference_store: EmbeddedStore, tmp_path: Path
) -> None:
    path = tmp_path / "organisations.csv"
    path.write_text('id,name,world\na,Avant,association\nb,"Ouverte,association\nc,C,association\n', "utf-8")
    report = import_native([path], reference_store, dataset="quote")
    reason = _reasons(report)[("organisations.csv", 3)]
    assert "never closed" in reason and "3 to 4" in reason
    assert _names(reference_store, "quote") == {"Avant"}


def test_a_multi_line_cell_that_closes_is_one_row(reference_store: EmbeddedStore, tmp_path: Path) -> None:
    path = tmp_path / "organisations.csv"
    path.write_text('id,name,world,description\na,A,association,"deux\nlignes"\nb,B,association,\n', "utf-8")
    report = import_native([path], reference_store, dataset="multi")
    assert not report.rejections
    assert reference_store.get_organisation("multi:a").description == "deux\nlignes"
    assert _names(reference_store, "multi") == {"A", "B"}


def test_extra_cells_are_a_reject_not_silently_dropped(
    reference_store: EmbeddedStore, tmp_path: Path
) -> None:
    path = tmp_path / "organisations.csv"
    path.write_text(
        "id,name,world\na,A,association\nb,Nom, avec virgule,association\nc,C,association,\n", "utf-8"
    )
    report = import_native([path], reference_store, dataset="extra")
    assert "4 cells" in _reasons(report)[("organisations.csv", 3)]
    # A trailing empty cell (a separator at the end of the line) is not an extra value.
    assert _names(reference_store, "extra") == {"A", "C"}


def test_binary_and_nul_bytes_are_rejects(reference_store: EmbeddedStore, tmp_path: Path) -> None:
    binary = tmp_path / "organisations_binaire.csv"
    binary.write_bytes(b"\x00\x01\x02PK\x03\x04" * 100)
    late = tmp_path / "organisations_nul.csv"
    late.write_bytes(b"id,name,world\na,A,association\n" + b"x" * 5000 + b"\nb,B\x00,association\n")
    jsonl = tmp_path / "organisations.jsonl"
    jsonl.write_text('{"id": "j", "name": "J\\u0000", "world": "association"}\n', "utf-8")
    report = import_native([binary, late, jsonl], reference_store, dataset="bin")
    reasons = _reasons(report)
    assert "not a text file" in reasons[("organisations_binaire.csv", 0)]
    assert ("organisations_nul.csv", 4) in reasons
    assert "U+0000" in reasons[("organisations.jsonl", 1)]
    assert _names(reference_store, "bin") == {"A"}


def test_hidden_characters_and_javascript_websites_are_rejects(
    reference_store: EmbeddedStore, tmp_path: Path
) -> None:
    path = tmp_path / "organisations.csv"
    text = "id,name,world,website\na,Sain,association,https://a.example\nb,Bi\u202ed,association,\nc,C,association,javascript:alert(1)\n"
    path.write_text(text, "utf-8")
    report = import_native([path], reference_store, dataset="hid")
    reasons = _reasons(report)
    assert "U+202E" in reasons[("organisations.csv", 3)] and "http" in reasons[("organisations.csv", 4)]
    assert _names(reference_store, "hid") == {"Sain"}


def test_an_import_cannot_rename_or_detach_a_reference_territory(
    reference_store: EmbeddedStore, tmp_path: Path
) -> None:
    path = tmp_path / "territories.csv"
    path.write_text(
        "code,name,level,parent\n38,Isère piratée,departement,region:11\nsud-isere,Sud Isère,projet,38\n",
        "utf-8",
    )
    report = import_native([path], reference_store, dataset="ter")
    assert "reference territory" in _reasons(report)[("territories.csv", 2)]
    isere = reference_store.get_territory("departement:38")
    assert isere.territory.name == "Isère" and "region:84" in {a.key for a in isere.ancestors}
    assert reference_store.get_territory("projet:sud-isere").territory.name == "Sud Isère"


def test_a_run_is_recorded_before_and_after_every_import(
    reference_store: EmbeddedStore, tmp_path: Path
) -> None:
    path = tmp_path / "organisations.csv"
    path.write_text("id,name,world\na,A,association\n", "utf-8")
    before = reference_store.snapshot_id()
    report = import_native([path], reference_store, dataset="runs")
    assert reference_store.snapshot_id() == report.run != before
    dry = import_native([path], reference_store, dataset="runs", dry_run=True)
    assert reference_store.snapshot_id() == report.run != dry.run
