"""``maillage --help`` lists every command with its own help without importing the command
modules; each command, once run, is the one its module defines."""

from __future__ import annotations

import subprocess
import sys

import typer
from typer.core import TyperGroup

from graph_service.cli.app import COMMANDS, app
from graph_service.cli.lazy_commands import loaded

COMMAND_MODULES = sorted({located.module for located in COMMANDS})


def test_the_listing_shows_each_command_s_own_help() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    context = typer.Context(group)
    assert group.list_commands(context) == [located.name for located in COMMANDS]
    for located in COMMANDS:
        listed = group.get_command(context, located.name)
        real = loaded(located)
        assert listed is not None and listed.help, located
        assert listed.get_short_help_str(limit=500) == real.get_short_help_str(limit=500), located


def test_help_imports_no_command_module_and_running_one_imports_only_its_own() -> None:
    probe = (
        "import sys\n"
        "from graph_service.cli.app import app\n"
        "try:\n"
        "    app(sys.argv[1:])\n"
        "except SystemExit:\n"
        "    pass\n"
        f"print('LOADED', *sorted(set({COMMAND_MODULES!r}) & set(sys.modules)))\n"
    )

    def modules_after(*args: str) -> list[str]:
        done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True)
        line = next(line for line in done.stdout.splitlines() if line.startswith("LOADED"))
        return line.split()[1:]

    assert modules_after("--help") == []
    assert modules_after("stats", "--help") == ["graph_service.cli.browse"]
    assert modules_after("token", "--help") == ["graph_service.cli.tokens"]


def test_an_unknown_command_is_refused_with_the_usage_error() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "from graph_service.cli import main; main()", "nonsense"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 2 and "No such command 'nonsense'" in done.stderr
