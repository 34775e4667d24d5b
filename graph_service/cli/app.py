"""The ``maillage`` command: its global options and every command, grouped by theme.

Exit codes: 0 success, 1 failure (store unavailable, internal error), 2 bad usage or input
(unknown id, invalid file, rejected rows).

The command modules (:mod:`~graph_service.cli.data`, :mod:`~graph_service.cli.browse`,
:mod:`~graph_service.cli.analyse`, :mod:`~graph_service.cli.serve`, :mod:`~graph_service.cli.tokens`)
import only :mod:`graph_service.cli.context`; this module gathers them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph_service.cli import analyse, browse, data, fetch, serve, tokens
from graph_service.cli.context import Invocation

app = typer.Typer(
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


app.command()(data.init)
app.command("import")(data.import_command)
app.command("fetch")(fetch.fetch_command)
app.command("export")(data.export_files)
app.command()(data.demo)
app.command()(browse.stats)
app.command()(browse.search)
app.command()(browse.show)
app.command()(browse.path)
app.command("analyse")(analyse.analyse)
app.command()(serve.serve)
app.add_typer(tokens.token_app, name="token")


def main() -> None:
    """Entry point of the ``maillage`` command."""
    app()
