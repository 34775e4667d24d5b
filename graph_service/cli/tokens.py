"""``maillage token``: create, list and revoke API tokens.

maillage token create --scope write --name "import nocturne" --days 30
maillage token list
maillage token revoke 3f2a…
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from graph_service.cli.context import JsonOption, err, guarded, invocation, out, print_json
from graph_service.model import TokenScope

token_app = typer.Typer(help="API tokens: create, list, revoke.", no_args_is_help=True)


@token_app.command("create")
@guarded
def token_create(
    ctx: typer.Context,
    scope: Annotated[TokenScope, typer.Option(help="read, write or admin")] = TokenScope.WRITE,
    name: Annotated[str, typer.Option(help="who or what the token is for")] = "",
    days: Annotated[
        float | None, typer.Option(min=0.001, max=3650, help="expires after this many days (default: never)")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Create a token; its secret is printed once and stored only as a hash."""
    from graph_service.tokens import issue_token

    with invocation(ctx).store(writable=True) as store:
        token, secret = issue_token(store, name or scope.value, scope, valid_days=days)
    err.print(f"token {token.id} ({token.scope.value}) created; keep the secret, it is not shown again:")
    if as_json:
        print_json({**token.model_dump(mode="json"), "secret": secret})
        return
    sys.stdout.write(secret + "\n")


@token_app.command("list")
@guarded
def token_list(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List tokens (never their secrets)."""
    with invocation(ctx).store(writable=False) as store:
        tokens = store.list_tokens()
    if as_json:
        print_json([t.model_dump(mode="json") for t in tokens])
        return
    table = Table(title=f"{len(tokens)} token(s)")
    for column in ("id", "name", "scope", "created", "expires", "revoked"):
        table.add_column(column)
    for t in tokens:
        expires = t.expires.isoformat(timespec="seconds") if t.expires else ""
        created = t.created.isoformat(timespec="seconds")
        table.add_row(t.id, t.name, t.scope.value, created, expires, "oui" if t.revoked else "")
    out.print(table)


@token_app.command("revoke")
@guarded
def token_revoke(
    ctx: typer.Context,
    token_id: Annotated[str, typer.Argument(help="the token's id (from `maillage token list`)")],
    as_json: JsonOption = False,
) -> None:
    """Revoke a token at once."""
    with invocation(ctx).store(writable=True) as store:
        store.revoke_token(token_id)
    if as_json:
        print_json({"revoked": token_id})
        return
    out.print(f"token {token_id} revoked")
