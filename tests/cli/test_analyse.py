"""``maillage analyse`` through the installed command: files analysts can open, clear refusals."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from testkit.command import run_maillage as run


@pytest.fixture
def demo_copy(demo_db_copy: Path) -> Path:
    return demo_db_copy


def test_communities_to_csv_parquet_and_json(demo_copy: Path, tmp_path: Path) -> None:
    result = run(demo_copy, "analyse", "communities", "--territory", "38", "--out", str(tmp_path / "c.csv"))
    assert result.returncode == 0, result.stderr
    with (tmp_path / "c.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert rows and {"community", "size", "conductance", "ei_index", "concentrated", "fired"} <= set(rows[0])
    assert any(row["concentrated"] == "True" for row in rows)
    assert "concentrated" in result.stderr
    parquet = run(
        demo_copy, "analyse", "communities", "-t", "38", "--seed", "3", "-o", str(tmp_path / "c.parquet")
    )
    assert parquet.returncode == 0, parquet.stderr
    table = pq.read_table(tmp_path / "c.parquet")
    assert table.num_rows > 0 and "conductance" in table.column_names
    as_json = run(demo_copy, "analyse", "communities", "-t", "38", "-o", str(tmp_path / "c.json"))
    assert as_json.returncode == 0, as_json.stderr
    report = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert report["method"]["seed"] == 42 and report["membership"]


def test_every_question_answers(demo_copy: Path, tmp_path: Path) -> None:
    for question, extra in [
        ("centrality", ["--metric", "betweenness", "--top", "10"]),
        ("brokerage", ["--top", "10"]),
        ("mixing", []),
        ("introductions", ["--limit", "5"]),
        ("compare", ["--before", "2016-01-01", "--after", "2024-01-01"]),
    ]:
        target = tmp_path / f"{question}.csv"
        result = run(demo_copy, "analyse", question, "--territory", "38", *extra, "--out", str(target))
        assert result.returncode == 0, (question, result.stderr)
        with target.open(encoding="utf-8") as handle:
            assert list(csv.DictReader(handle)), question


def test_national_run_shows_counts(demo_copy: Path, tmp_path: Path) -> None:
    result = run(demo_copy, "analyse", "mixing", "--national", "--out", str(tmp_path / "m.json"))
    assert result.returncode == 0, result.stderr
    assert "pays:FR" in result.stderr
    mixing = json.loads((tmp_path / "m.json").read_text(encoding="utf-8"))["mixing"]
    assert sum(mixing["worlds"].values()) > 1000


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["communities"], "either --territory"),
        (["communities", "-t", "38", "--national"], "either --territory"),
        (["compare", "-t", "38"], "--before and --after"),
        (["communities", "-t", "99999"], "99999"),
        (["communities", "-t", "38", "--out", "x.txt"], "extension"),
        (["communities", "-t", "38", "--as-of", "2020-01-01", "--from", "2019-01-01"], "as_of"),
    ],
)
def test_bad_usage_says_what_is_wrong(demo_copy: Path, args: list[str], message: str) -> None:
    result = run(demo_copy, "analyse", *args)
    assert result.returncode == 2
    assert message in result.stderr


def test_files_hold_every_organisation_with_membership_and_pass_through_columns(
    demo_copy: Path, tmp_path: Path
) -> None:
    as_json = run(demo_copy, "analyse", "communities", "-t", "38", "-o", str(tmp_path / "c.json"))
    assert as_json.returncode == 0, as_json.stderr
    report = json.loads((tmp_path / "c.json").read_text(encoding="utf-8"))
    assert run(demo_copy, "analyse", "communities", "-t", "38", "-o", str(tmp_path / "c.csv")).returncode == 0
    with (tmp_path / "c.csv").open(encoding="utf-8") as handle:
        membership = {row["id"]: row for row in csv.DictReader(handle)}
    # The communities file is the membership: every organisation, its community and its verdict.
    assert {i: int(row["community"]) for i, row in membership.items()} == report["membership"]
    flagged = {str(c) for c in report["concentrated"]}
    assert {i for i, row in membership.items() if row["verdict"] == "concentrated"} == {
        i for i, row in membership.items() if row["community"] in flagged
    }
    # Without --top, --out writes every organisation; --top keeps that many.
    for extra, expected in (([], report["organisations"]), (["--top", "7"], 7)):
        target = tmp_path / f"centrality{len(extra)}.csv"
        result = run(demo_copy, "analyse", "centrality", "-t", "38", *extra, "--out", str(target))
        assert result.returncode == 0, result.stderr
        with target.open(encoding="utf-8") as handle:
            assert len(list(csv.DictReader(handle))) == expected
    brokerage = tmp_path / "brokerage.json"
    assert run(demo_copy, "analyse", "brokerage", "-t", "38", "--out", str(brokerage)).returncode == 0
    passing = {p["id"]: p for p in json.loads(brokerage.read_text(encoding="utf-8"))["pass_through"]}
    assert passing, "the demo's Isère has pass-through points"
    as_csv = tmp_path / "brokerage.csv"
    assert run(demo_copy, "analyse", "brokerage", "-t", "38", "--out", str(as_csv)).returncode == 0
    with as_csv.open(encoding="utf-8") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    assert set(passing) <= set(rows)
    for organisation_id, point in passing.items():
        assert int(rows[organisation_id]["cut_off"]) == point["cut_off"]


def test_partners_outside_count_unless_turned_off(demo_copy: Path, tmp_path: Path) -> None:
    reports = {}
    for flag in ("--include-external", "--no-include-external"):
        target = tmp_path / f"{flag}.json"
        result = run(demo_copy, "analyse", "communities", "-t", "38", flag, "-o", str(target))
        assert result.returncode == 0, result.stderr
        reports[flag] = json.loads(target.read_text(encoding="utf-8"))
    counted, left_out = reports["--include-external"], reports["--no-include-external"]
    assert all(card["outside_counted"] for card in counted["cards"])
    assert not any(card["outside_counted"] or card["outside_ties"] for card in left_out["cards"])
    assert counted["organisations"] > left_out["organisations"]
