"""What ``maillage`` prints for people: names and verdicts on the terminal, ids never cut, the whole
report with ``--json``, French when the locale is French, and ``stats`` telling the organisations
of the ecosystem from the authorities still waiting for their first tie."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from graph_service.cli.app import COMMANDS
from graph_service.cli.lazy_commands import loaded
from graph_service.model import MembershipEdge
from testkit.backends import open_database
from testkit.command import run_maillage as run

BOX = "│┃┏┓┗┛┡┩┢┪━─┃╇╈┳┻╋└┘┴┬├┤┼"


@pytest.fixture
def demo_copy(demo_db_copy: Path) -> Path:
    return demo_db_copy


def _report(db: Path, *args: str) -> dict:
    result = run(db, "analyse", *args, "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _cells(text: str) -> list[str]:
    """The text of every cell of a table printed one row per line."""
    return [cell.strip() for line in text.splitlines() for cell in line.strip(BOX).split("│")]


def test_communities_show_each_card_name_and_verdict(demo_copy: Path) -> None:
    report = _report(demo_copy, "communities", "-t", "38")
    result = run(demo_copy, "analyse", "communities", "-t", "38", "--wide")
    assert result.returncode == 0, result.stderr
    cells = _cells(result.stdout)
    for card in report["cards"]:
        assert card["name"] in cells
    verdicts = {card["verdict"] for card in report["cards"]}
    assert "concentrated" in verdicts and {"Concentrated", "concentrated"} & set(cells)
    # One row per community, not one per organisation.
    assert len(result.stdout.splitlines()) < len(report["membership"]) / 4


def test_ids_are_never_cut(demo_copy: Path) -> None:
    report = _report(demo_copy, "centrality", "-t", "38", "--top", "20")
    ids = [row["id"] for row in report["rows"]]
    wide = run(demo_copy, "analyse", "centrality", "-t", "38", "--top", "20", "--wide", COLUMNS="60")
    assert [cell for cell in _cells(wide.stdout) if cell in ids] == ids
    folded = run(demo_copy, "analyse", "centrality", "-t", "38", "--top", "20", COLUMNS="60")
    assert "…" not in folded.stdout
    assert max(len(line) for line in folded.stdout.splitlines()) <= 60
    # Folded over lines, each id is still whole once the pieces of its cell are joined.
    first_column = "".join(
        line.strip(BOX).split("│")[0].strip() for line in folded.stdout.splitlines() if line.startswith("│")
    )
    assert all(organisation_id in first_column for organisation_id in ids)


def test_french_when_the_locale_is_french(demo_copy: Path) -> None:
    french = run(demo_copy, "analyse", "communities", "-t", "38", MAILLAGE_LANG="", LANG="fr_FR.UTF-8")
    assert french.returncode == 0, french.stderr
    assert "Communautés" in french.stdout and "concentrée" in french.stdout
    assert "communautés" in french.stderr and "isolées" in french.stderr
    english = run(demo_copy, "analyse", "communities", "-t", "38", MAILLAGE_LANG="", LANG="C.UTF-8")
    assert "Communities" in english.stdout and "concentrée" not in english.stdout
    stats = run(demo_copy, "stats", MAILLAGE_LANG="", LC_ALL="fr_FR.UTF-8")
    assert "Organisations par monde" in stats.stdout and "attendent leur premier lien" in stats.stdout


def _waiting(db: Path) -> tuple[int, int]:
    counts = json.loads(run(db, "stats", "--json").stdout)
    waiting = sum(counts["waiting_authorities_by_world"].values())
    return waiting, sum(counts["organisations_by_world"].values()) - waiting


def test_stats_tell_the_ecosystem_from_authorities_waiting_for_a_tie(demo_copy: Path) -> None:
    waiting, tied = _waiting(demo_copy)
    assert waiting > 30_000 and 1000 < tied < 5000
    # Tying one more authority of the reference moves it from waiting to the ecosystem.
    with open_database(demo_copy, read_only=False) as store:
        untied = store.get_organisation("siren:210100046")  # Ambérieu-en-Bugey, in the Ain: no demo tie
        alliance = store.search_alliances("", limit=1).items[0]
        store.upsert_memberships(
            [MembershipEdge(organisation_id=untied.id, alliance_id=alliance.id, role="membre")],
            "test",
            "test@1",
        )
    after_waiting, after_tied = _waiting(demo_copy)
    assert (after_waiting, after_tied) == (waiting - 1, tied + 1)
    text = run(demo_copy, "stats").stdout
    assert f"{after_waiting} authorities of the territory reference wait for their first tie" in text


def _leaves(command: Any, name: str) -> list[tuple[str, Any]]:
    """The commands under ``command`` (a Typer group's sub-commands, or itself), with their names."""
    subcommands = getattr(command, "commands", None)
    if subcommands:
        return [leaf for sub, found in subcommands.items() for leaf in _leaves(found, f"{name} {sub}")]
    return [(name, command)]


def test_every_command_that_reports_has_json() -> None:
    commands = [
        _leaves(loaded(located), located.name)
        for located in COMMANDS
        if located.name != "serve"  # it serves; it reports nothing
    ]
    missing = [name for group in commands for name, command in group if not _has_json(command)]
    assert not missing, f"commands without --json: {missing}"


def _has_json(command: Any) -> bool:
    return any("--json" in parameter.opts for parameter in command.params)


def test_json_outcomes_hold_what_scripts_need(demo_copy: Path, tmp_path: Path) -> None:
    created = json.loads(run(demo_copy, "token", "create", "--scope", "read", "--json").stdout)
    assert created["scope"] == "read" and len(created["secret"]) > 20
    listed = json.loads(run(demo_copy, "token", "list", "--json").stdout)
    assert created["id"] in {token["id"] for token in listed}
    assert json.loads(run(demo_copy, "token", "revoke", created["id"], "--json").stdout) == {
        "revoked": created["id"]
    }
    exported = run(demo_copy, "export", str(tmp_path / "pq"), "-t", "29", "--format", "parquet", "--json")
    rows = json.loads(exported.stdout)["rows"]
    assert rows["organisations"] == len(
        json.loads(run(demo_copy, "analyse", "communities", "-t", "29", "--json").stdout)["membership"]
    )
