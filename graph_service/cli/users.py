"""``maillage user``: create the accounts of the people who sign in to the pages, and list them.

maillage user create --email claire@example.fr --role catalyst --territory 38
echo "un mot de passe assez long" | maillage user create --email a@example.fr --role admin --password-stdin
maillage user list
"""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.table import Table

from graph_service.cli.context import JsonOption, err, guarded, invocation, out, print_json
from graph_service.model import AccountRole

user_app = typer.Typer(help="Accounts of the people who sign in: create, list.", no_args_is_help=True)


@user_app.command("create")
@guarded
def user_create(
    ctx: typer.Context,
    email: Annotated[str, typer.Option(help="the address the person signs in with")],
    role: Annotated[AccountRole, typer.Option(help="admin, catalyst or reader")],
    territory: Annotated[
        list[str] | None,
        typer.Option("--territory", "-t", help="a territory the catalyst animates (repeatable): 38, epci:…"),
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="set the password read from standard input (scripts)")
    ] = False,
    url: Annotated[
        str | None, typer.Option(help="the site's address, for the link (default: host and port)")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Create an account and print the one-time link that sets its password (valid 7 days), or
    set the password given on standard input."""
    from graph_service.accounts import check_password_rule, create_user, set_password

    call = invocation(ctx)
    settings = call.settings()
    with call.store(writable=True) as store:
        keys = [store.resolve_territory(code) for code in territory or []]
        password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
        if password is not None:
            check_password_rule(password)  # before the account exists: nothing half made
        user, secret = create_user(store, email, role, keys)
        if password is not None:
            set_password(store, user.id, password)
    where = f" ({', '.join(user.territories)})" if user.territories else ""
    err.print(f"account {user.email} created: {user.role.value}{where}")
    base = (url or f"http://{settings.host}:{settings.port}").rstrip("/")
    link = None if password is not None else f"{base}/mot-de-passe/{secret}"
    if as_json:
        print_json({**user.model_dump(mode="json"), "link": link})
    elif link is not None:
        err.print("send this one-time link to set the password (it serves once):")
        sys.stdout.write(link + "\n")


@user_app.command("list")
@guarded
def user_list(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List the accounts (never their passwords)."""
    with invocation(ctx).store(writable=False) as store:
        users = store.list_users()
    if as_json:
        print_json([u.model_dump(mode="json") for u in users])
        return
    table = Table(title=f"{len(users)} account(s)")
    for column in ("email", "role", "territories", "password set", "created"):
        table.add_column(column, overflow="fold")
    for u in users:
        created = u.created.isoformat(timespec="seconds")
        table.add_row(
            u.email, u.role.value, ", ".join(u.territories), "yes" if u.password_set else "no", created
        )
    out.print(table)
