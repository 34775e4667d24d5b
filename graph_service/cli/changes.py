"""``maillage changes``: the history of writes (pages, API, imports) read, and a run undone.

maillage changes list --run native@20261206T101500123456
maillage changes list --territory 38 --json
maillage changes undo 3fa2c1d4e5f60718
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from graph_service.cli.context import (
    JsonOption,
    command_line_author,
    err,
    guarded,
    invocation,
    out,
    print_json,
    progress,
)

changes_app = typer.Typer(
    help="The history of writes: list the changes, undo a write or a whole import.", no_args_is_help=True
)


@changes_app.command("list")
@guarded
def changes_list(
    ctx: typer.Context,
    run: Annotated[str | None, typer.Option(help="the changes of one run (an import's run id)")] = None,
    territory: Annotated[str | None, typer.Option(help="the changes in a territory: 38, epci:…")] = None,
    entity: Annotated[str | None, typer.Option(help="the changes of one organisation or alliance id")] = None,
    limit: Annotated[int, typer.Option(min=1, max=1_000)] = 50,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """List the changes, newest first: who, when, what, and the fields changed."""
    with invocation(ctx).store(writable=False) as store:
        key = store.resolve_territory(territory) if territory else None
        page = store.list_changes(run=run, territory=key, entity_id=entity, limit=limit)
    if as_json:
        print_json(page.model_dump(mode="json"))
        return
    table = Table(title=f"{len(page.items)} of {page.total} change(s)")
    for column in ("id", "when", "who", "action", "kind", "entity", "fields", "run"):
        table.add_column(column, overflow="fold")
    for change in page.items:
        table.add_row(
            change.id, change.at.isoformat(timespec="seconds"), change.author, change.action.value,
            change.kind.value, change.entity_id, ", ".join(change.changed_fields()), change.run,
        )  # fmt: skip
    out.print(table)


@changes_app.command("undo")
@guarded
def changes_undo(
    ctx: typer.Context,
    change: Annotated[str, typer.Argument(help="any change of the write or import to undo")],
    as_json: JsonOption = False,
) -> None:
    """Undo the write (a form's, an API call's or a whole import) that a change belongs to: what
    it created is removed and what it changed put back; the undo is recorded as a run."""
    from graph_service.undo import undo

    with invocation(ctx).store(writable=True) as store:
        made = undo(store, change, command_line_author(), progress())
    if as_json:
        print_json({"undone": len(made), "changes": [c.model_dump(mode="json") for c in made]})
        return
    err.print(f"{len(made)} change(s) undone")
