"""``maillage changes``: a command-line import is in the history under the account that ran it,
listed by run, and undone whole; ``--no-history`` records the run but not each change."""

from __future__ import annotations

import json
from pathlib import Path

from testkit.command import run_maillage as run


def _organisations(folder: Path) -> Path:
    source = folder / "organisations.csv"
    source.write_text(
        "id,name,world,commune\nun,Premier,association,38185\ndeux,Second,entreprise,38185\n",
        encoding="utf-8",
    )
    return source


def test_an_import_is_listed_by_run_then_undone_whole(demo_db_copy: Path, tmp_path: Path) -> None:
    imported = run(demo_db_copy, "import", str(_organisations(tmp_path)), "--dataset", "cli", "--json")
    assert imported.returncode == 0, imported.stderr
    run_id = json.loads(imported.stdout)["run"]
    listed = run(demo_db_copy, "changes", "list", "--run", run_id, "--json")
    assert listed.returncode == 0, listed.stderr
    items = json.loads(listed.stdout)["items"]
    assert sorted(c["entity_id"] for c in items) == ["cli:deux", "cli:un"]
    assert all(c["action"] == "create" and c["author"].startswith("command line") for c in items)
    table = run(demo_db_copy, "changes", "list", "--run", run_id)
    assert "cli:un" in table.stdout and "2 of 2 change(s)" in table.stdout
    undone = run(demo_db_copy, "changes", "undo", items[0]["id"])
    assert undone.returncode == 0, undone.stderr
    assert "2 change(s) undone" in undone.stderr
    assert run(demo_db_copy, "show", "cli:un").returncode == 2
    assert run(demo_db_copy, "changes", "undo", "0000000000000000").returncode == 2


def test_a_bulk_load_without_history_records_no_change(demo_db_copy: Path, tmp_path: Path) -> None:
    imported = run(
        demo_db_copy, "import", str(_organisations(tmp_path)), "--dataset", "vrac", "--no-history", "--json"
    )
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["counts"]["organisations"]["created"] == 2
    listed = run(demo_db_copy, "changes", "list", "--run", json.loads(imported.stdout)["run"], "--json")
    assert json.loads(listed.stdout)["total"] == 0
    assert run(demo_db_copy, "show", "vrac:un").returncode == 0
