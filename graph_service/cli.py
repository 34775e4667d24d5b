"""The ``maillage`` command.

Exit codes: 0 success, 1 failure (store unavailable, internal error), 2 bad usage or input
(unknown id, invalid file, rejected rows).

    maillage init                      # create the database and load French territories
    maillage demo                      # load the demo data set
    maillage import data/ --dataset mon-territoire
    maillage export sauvegarde/ --territory 38    # native files; `maillage import` reads them back
    maillage stats --json
    maillage search "labo" --territory 38
    maillage show demo:gaia
    maillage path "GAIA" "CRESS Bretagne"
    maillage analyse communities --territory 38 --out communautes.csv
"""

from __future__ import annotations

import functools
import gc
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from graph_service.config import Backend, Settings, get_settings
from graph_service.errors import InvalidInput, MaillageError, NotFound, StoreUnavailable
from graph_service.model import Organisation, TokenScope, World
from graph_service.progress import SILENT, Progress, TerminalProgress
from graph_service.store import GraphStore, open_store
from importers.native.export import ExportFormat
from importers.native.kinds import FileKind
from importers.native.report import ImportReport

EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2

app = typer.Typer(
    help="Maillage: graph database of French territorial ecosystems.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
out = Console()
err = Console(stderr=True)


class _Options:
    db: Path | None = None


OPTIONS = _Options()


def _settings() -> Settings:
    settings = get_settings()
    return settings.model_copy(update={"db_path": OPTIONS.db}) if OPTIONS.db else settings


def _progress() -> Progress:
    return TerminalProgress(err) if err.is_terminal else SILENT


@contextmanager
def _store(*, writable: bool) -> Iterator[GraphStore]:
    """The configured store; reads fall back to read-only when a server holds the database."""
    settings = _settings()
    try:
        store = open_store(settings)
    except StoreUnavailable:
        if writable or settings.backend is Backend.NEO4J or not settings.db_path.exists():
            raise
        store = open_store(settings, read_only=True)
    try:
        yield store
    finally:
        store.close()


def _fail(error: MaillageError) -> typer.Exit:
    code = EXIT_BAD_INPUT if isinstance(error, InvalidInput | NotFound) else EXIT_FAILURE
    err.print(f"[bold red]error:[/] {error}", markup=True, highlight=False, soft_wrap=True)
    return typer.Exit(code)


def _guarded(command: Callable[..., None]) -> Callable[..., None]:
    """Turn Maillage errors into one clear line and the right exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except MaillageError as error:
            raise _fail(error) from error

    return wrapper


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def _report(report: ImportReport, rejects: Path | None, as_json: bool) -> None:
    target = rejects or Path(f"maillage-rejects-{report.run.replace('@', '-')}.csv")
    if report.rejections:
        report.write_rejects(target)
    if as_json:
        _print_json(report.as_dict())
    else:
        table = Table(
            title=f"Import {report.run}" + (" (dry run: nothing written)" if report.dry_run else "")
        )
        for column in ("kind", "read", "created", "updated", "unchanged", "rejected"):
            table.add_column(column, justify="left" if column == "kind" else "right")
        for kind, counts in report.kinds.items():
            if counts.read or counts.rejected:
                table.add_row(
                    kind.value,
                    *(
                        str(getattr(counts, c))
                        for c in ("read", "created", "updated", "unchanged", "rejected")
                    ),
                )
        out.print(table)
        for rejection in report.rejections[:20]:
            err.print(
                f"  {rejection.file}:{rejection.line} [{rejection.column}] {rejection.reason}",
                markup=False,
                highlight=False,
            )
        if len(report.rejections) > 20:
            err.print(f"  ... {len(report.rejections) - 20} more", markup=False)
    if report.rejections:
        err.print(f"rejected rows written to {target}", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT)


@app.callback()
def main_options(
    db: Annotated[
        Path | None, typer.Option(help="database file (embedded backend); default MAILLAGE_DB_PATH")
    ] = None,
) -> None:
    """Maillage: graph database of French territorial ecosystems."""
    OPTIONS.db = db


@app.command()
@_guarded
def init() -> None:
    """Create the database and load the French territories (régions to communes)."""
    from importers.territory_reference import install_reference

    with _store(writable=True) as store:
        counts = install_reference(store, _progress())
        out.print(
            f"territories: {counts.created} created, {counts.updated} updated, {counts.unchanged} unchanged"
        )
        out.print(
            f"database: {_settings().db_path}" if store.backend == "embedded" else f"backend: {store.backend}"
        )


@app.command("import")
@_guarded
def import_files(
    paths: Annotated[list[Path], typer.Argument(help="native files or folders holding them")],
    dataset: Annotated[
        str, typer.Option(help="namespace of local ids and provenance of the rows")
    ] = "native",
    kind: Annotated[
        FileKind | None, typer.Option(help="kind of a single file whose name does not tell")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="validate only; write nothing")] = False,
    rejects: Annotated[Path | None, typer.Option(help="where to write rejected rows (CSV)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
) -> None:
    """Import native CSV or JSON Lines files; rejected rows are reported, the rest is loaded."""
    from importers.native import import_native

    settings = _settings()
    with _store(writable=not dry_run) as store:
        if not store.existing_territory_keys(["pays:FR"]):
            raise InvalidInput("the territories are not loaded: run `maillage init` first")
        report = import_native(
            paths,
            store,
            dataset=dataset,
            kind=kind,
            dry_run=dry_run,
            progress=_progress(),
            chunk_rows=settings.import_chunk_rows,
        )
    _report(report, rejects, as_json)


@app.command("export")
@_guarded
def export_files(
    folder: Annotated[Path, typer.Argument(help="new folder to write the native files into")],
    territory: Annotated[
        str | None, typer.Option(help="only this territory's organisations and the alliances among them")
    ] = None,
    fmt: Annotated[
        ExportFormat, typer.Option("--format", help="JSON Lines (lossless) or CSV")
    ] = ExportFormat.JSONL,
) -> None:
    """Export the graph (or one territory) as native files; `maillage import` reads them into any backend."""
    from importers.native.export import export_native

    with _store(writable=False) as store:
        counts = export_native(store, folder, territory=territory, fmt=fmt, progress=_progress())
    out.print(
        f"exported to {folder}: {counts.organisations} organisations, {counts.catalysts} catalysts, "
        f"{counts.alliances} alliances, {counts.members} memberships, {counts.territories} territories",
        soft_wrap=True,
    )


@app.command()
@_guarded
def demo() -> None:
    """Load the demo data set (real actors of Le RAMEAU's cases and synthetic filler), then summarise."""
    from importers.demo import load_demo

    with _store(writable=True) as store:
        report = load_demo(store, _progress())
        counts = store.counts()
        isere = store.territory_organisations("departement:38", limit=1).total
    _report(report, None, as_json=False)
    out.print(
        f"organisations: {counts.nodes.get('Organisation', 0)}, "
        f"alliances: {counts.nodes.get('Alliance', 0)}, "
        f"catalysts: {counts.nodes.get('Catalyst', 0)}; Isère (38): {isere} organisations"
    )
    out.print("try: maillage search labo --territory 38 ; maillage path demo:gaia demo:cress-bretagne")


@app.command()
@_guarded
def stats(as_json: Annotated[bool, typer.Option("--json", help="print counts as JSON")] = False) -> None:
    """Counts of nodes by label, relationships by type and organisations by world."""
    with _store(writable=False) as store:
        counts = store.counts()
        snapshot = store.snapshot_id()
    if as_json:
        _print_json({"backend": store.backend, "snapshot": snapshot, **counts.model_dump()})
        return
    for title, values in (
        ("nodes", counts.nodes),
        ("relationships", counts.relationships),
        ("organisations by world", counts.organisations_by_world),
    ):
        table = Table(title=title)
        table.add_column("name")
        table.add_column("count", justify="right")
        for name, value in values.items():
            table.add_row(name, str(value))
        out.print(table)
    out.print(f"snapshot: {snapshot}", markup=False)


def _organisations_table(items: list[Organisation], title: str) -> Table:
    table = Table(title=title)
    for column in ("id", "name", "world", "commune", "catalyst"):
        table.add_column(column)
    for organisation in items:
        table.add_row(
            organisation.id,
            organisation.name,
            organisation.world.value,
            organisation.commune or "",
            "oui" if organisation.is_catalyst else "",
        )
    return table


@app.command()
@_guarded
def search(
    query: Annotated[str, typer.Argument(help="part of a name; accents and case do not matter")] = "",
    world: Annotated[World | None, typer.Option(help="only this world")] = None,
    territory: Annotated[
        str | None, typer.Option(help="INSEE code or key, at any level (38, epci:200040715)")
    ] = None,
    limit: Annotated[int, typer.Option(min=1, max=1000)] = 20,
    offset: Annotated[int, typer.Option(min=0)] = 0,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """Search organisations by name, world and territory."""
    with _store(writable=False) as store:
        page = store.search_organisations(
            query,
            world=world,
            territory=territory,
            limit=limit,
            offset=offset,
        )
    if as_json:
        _print_json(page.model_dump(mode="json"))
        return
    out.print(_organisations_table(page.items, f"{page.total} organisation(s)"))


def _resolve_organisation(store: GraphStore, text: str) -> Organisation:
    """An organisation from its id, or from a name that designates exactly one."""
    try:
        return store.get_organisation(text)
    except NotFound:
        page = store.search_organisations(text, limit=10)
    exact = [o for o in page.items if o.name.casefold() == text.casefold()]
    if len(exact) == 1 or page.total == 1:
        return exact[0] if exact else page.items[0]
    if not page.total:
        raise NotFound("organisation", text)
    names = "; ".join(f"{o.id} ({o.name})" for o in page.items)
    raise InvalidInput(f"{text!r} matches {page.total} organisations, give an id: {names}")


@app.command()
@_guarded
def show(
    organisation: Annotated[str, typer.Argument(help="id (siren:..., rna:..., dataset:key) or exact name")],
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """An organisation, its catalyst profile and its alliances."""
    with _store(writable=False) as store:
        found = _resolve_organisation(store, organisation)
        alliances = store.organisation_alliances(found.id)
    if as_json:
        _print_json(
            {
                "organisation": found.model_dump(mode="json"),
                "alliances": [a.model_dump(mode="json") for a in alliances],
            }
        )
        return
    out.print(f"[bold]{found.name}[/] ({found.id})", highlight=False)
    for field in ("world", "commune", "siren", "rna", "ess", "maturity", "source", "synthetic"):
        value = getattr(found, field)
        if value not in (None, False):
            out.print(f"  {field}: {getattr(value, 'value', value)}", markup=False, highlight=False)
    if found.catalyst:
        missions = ", ".join(m.value for m in found.catalyst.missions)
        out.print(f"  catalyst: {', '.join(found.catalyst.territories)} ({missions})", markup=False)
    table = Table(title=f"{len(alliances)} alliance(s)")
    for column in ("id", "name", "mode", "start", "end", "members"):
        table.add_column(column)
    for alliance in alliances:
        table.add_row(
            alliance.id,
            alliance.name,
            alliance.mode.value,
            str(alliance.start or ""),
            str(alliance.end or ""),
            str(len(alliance.members)),
        )
    out.print(table)


@app.command()
@_guarded
def path(
    source: Annotated[str, typer.Argument(help="first organisation: id or exact name")],
    target: Annotated[str, typer.Argument(help="second organisation: id or exact name")],
    max_hops: Annotated[int, typer.Option(min=1, max=6, help="alliances to cross at most")] = 4,
    limit: Annotated[int, typer.Option(min=1, max=100)] = 10,
    as_json: Annotated[bool, typer.Option("--json")] = False,
) -> None:
    """How two organisations are connected: the shortest chains of shared alliances."""
    with _store(writable=False) as store:
        start = _resolve_organisation(store, source)
        end = _resolve_organisation(store, target)
        paths = store.shortest_paths(start.id, end.id, max_hops=max_hops, limit=limit)
    if as_json:
        _print_json([p.model_dump(mode="json") for p in paths])
        return
    if not paths:
        out.print(
            f"no connection within {max_hops} alliances between {start.name} and {end.name}", markup=False
        )
        return
    for number, found in enumerate(paths, start=1):
        chain = [found.start.name] + [f"--[{step.alliance.name}]--> {step.to.name}" for step in found.steps]
        out.print(f"{number}. " + " ".join(chain), markup=False, highlight=False)


@app.command()
@_guarded
def serve(
    host: Annotated[
        str | None, typer.Option(help="address to listen on (MAILLAGE_HOST, default 127.0.0.1)")
    ] = None,
    port: Annotated[int | None, typer.Option(help="port (MAILLAGE_PORT, default 8000)")] = None,
    demo_if_empty: Annotated[
        bool, typer.Option("--demo-if-empty", help="load the demo data set first when the store is empty")
    ] = False,
) -> None:
    """Serve the API (and its docs at /docs) on the configured backend."""
    import uvicorn

    from graph_service.api.app import create_app
    from importers.demo import load_demo

    settings = _settings()
    # Open the store once first, so that an unreachable Neo4j or a locked file is one clear line.
    with _store(writable=True) as store:
        if demo_if_empty and not store.counts().nodes.get("Organisation"):
            load_demo(store, _progress())
    bind_host, bind_port = host or settings.host, port or settings.port
    # An upload is imported in a worker thread that holds the GIL while it parses; a request
    # hands the GIL over a dozen times on its way, 5 ms each by default. At 0.5 ms light requests
    # (health, reads) pass through a long import (bench/health_during_upload.py).
    sys.setswitchinterval(settings.gil_switch_interval)
    out.print(f"Maillage API on http://{bind_host}:{bind_port}/docs (backend: {settings.backend.value})")
    uvicorn.run(
        create_app(settings, on_started=freeze_heap), host=bind_host, port=bind_port, log_level="info"
    )


def freeze_heap() -> None:
    """Move what start-up loaded (the territory reference, tens of thousands of objects that live as
    long as the server) out of the garbage collector's sight: its full passes then scan only what
    requests create (a page render spent 15 of its 70 ms in them)."""
    gc.collect()
    gc.freeze()


token_app = typer.Typer(help="API tokens: create, list, revoke.", no_args_is_help=True)
app.add_typer(token_app, name="token")


@token_app.command("create")
@_guarded
def token_create(
    scope: Annotated[TokenScope, typer.Option(help="read, write or admin")] = TokenScope.WRITE,
    name: Annotated[str, typer.Option(help="who or what the token is for")] = "",
    days: Annotated[
        float | None, typer.Option(min=0.001, max=3650, help="expires after this many days (default: never)")
    ] = None,
) -> None:
    """Create a token; its secret is printed once and stored only as a hash."""
    from graph_service.tokens import issue_token

    with _store(writable=True) as store:
        token, secret = issue_token(store, name or scope.value, scope, valid_days=days)
    err.print(f"token {token.id} ({token.scope.value}) created; keep the secret, it is not shown again:")
    sys.stdout.write(secret + "\n")


@token_app.command("list")
@_guarded
def token_list(as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List tokens (never their secrets)."""
    with _store(writable=False) as store:
        tokens = store.list_tokens()
    if as_json:
        _print_json([t.model_dump(mode="json") for t in tokens])
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
@_guarded
def token_revoke(
    token_id: Annotated[str, typer.Argument(help="the token's id (from `maillage token list`)")],
) -> None:
    """Revoke a token at once."""
    with _store(writable=True) as store:
        store.revoke_token(token_id)
    out.print(f"token {token_id} revoked")


# Registered last: the analysis command reuses this module's helpers.
from graph_service.cli_analyse import analyse  # noqa: E402

app.command("analyse")(analyse)


def main() -> None:
    """Entry point of the ``maillage`` command."""
    app()


if __name__ == "__main__":
    main()
