"""The ``maillage`` command: its global options and every command, grouped by theme.

Exit codes: 0 success, 1 failure (store unavailable, internal error), 2 bad usage or input
(unknown id, invalid file, rejected rows).

The command modules (:mod:`~graph_service.cli.data`, :mod:`~graph_service.cli.browse`,
:mod:`~graph_service.cli.analyse`, :mod:`~graph_service.cli.serve`, :mod:`~graph_service.cli.tokens`)
import only :mod:`graph_service.cli.context`; this module says where each command lives, and a
command's module is imported when it runs (:mod:`~graph_service.cli.lazy_commands`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph_service.cli.context import Invocation
from graph_service.cli.lazy_commands import LazyCommands, Located

COMMANDS = (
    Located("init", "graph_service.cli.data", "init"),
    Located("import", "graph_service.cli.data", "import_command"),
    Located("fetch", "graph_service.cli.fetch", "fetch_command"),
    Located("export", "graph_service.cli.data", "export_files"),
    Located("demo", "graph_service.cli.data", "demo"),
    Located("stats", "graph_service.cli.browse", "stats"),
    Located("search", "graph_service.cli.browse", "search"),
    Located("show", "graph_service.cli.browse", "show"),
    Located("path", "graph_service.cli.browse", "path"),
    Located("analyse", "graph_service.cli.analyse", "analyse"),
    Located("serve", "graph_service.cli.serve", "serve"),
    Located("token", "graph_service.cli.tokens", "token_app"),
    Located("user", "graph_service.cli.users", "user_app"),
    Located("changes", "graph_service.cli.changes", "changes_app"),
)


class MaillageCommands(LazyCommands):
    located = COMMANDS


app = typer.Typer(
    cls=MaillageCommands,
    help="Maillage: graph database of French territorial ecosystems.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main_options(
    ctx: typer.Context,
    db: Annotated[
        Path | None, typer.Option(help="database file (embedded backend); default MAILLAGE_DB_PATH")
    ] = None,
) -> None:
    """Maillage: graph database of French territorial ecosystems."""
    ctx.obj = Invocation(db=db)


def main() -> None:
    """Entry point of the ``maillage`` command."""
    app()
