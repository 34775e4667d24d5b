"""``maillage fetch``: download published files (with resume and a checksum), then import them.

maillage fetch subventions https://example.org/subventions-2024.csv
maillage fetch sirene https://…/StockUniteLegale_utf8.zip https://…/StockEtablissement_utf8.zip -t 38
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from graph_service.cli.context import command_line_author, err, guarded, invocation, progress
from graph_service.errors import InvalidInput
from importers.sources import ImportOptions, Source, import_files


@guarded
def fetch_command(
    ctx: typer.Context,
    source: Annotated[Source, typer.Argument(help="what the files are: sirene, rna, subventions, marches")],
    urls: Annotated[list[str], typer.Argument(help="the files' public http(s) addresses")],
    into: Annotated[
        Path | None, typer.Option(help="where the downloads are kept (default: beside the database)")
    ] = None,
    sha256: Annotated[
        list[str] | None, typer.Option("--sha256", help="expected SHA-256 of each file, in order")
    ] = None,
    territory: Annotated[
        str | None, typer.Option("--territory", "-t", help="sirene: keep the head offices in this territory")
    ] = None,
    grantor: Annotated[
        str | None, typer.Option(help="subventions: the grantor when the file names none")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="download and validate; write nothing")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
) -> None:
    """Download published files (an interrupted download resumes), check them, then import them."""
    if sha256 and len(sha256) != len(urls):
        raise InvalidInput(f"give one --sha256 per address ({len(urls)}), or none")
    from graph_service.cli.import_report import print_report
    from importers.fetching import fetch

    call = invocation(ctx)
    folder = into or (call.settings().rejects_dir.parent / "downloads")
    checksums: list[str | None] = list(sha256) if sha256 else [None] * len(urls)
    paths = [
        fetch(url, folder, sha256=checksum, progress=progress())
        for url, checksum in zip(urls, checksums, strict=True)
    ]
    err.print(f"downloaded to {folder}: {', '.join(p.name for p in paths)}", markup=False)
    options = ImportOptions(
        dataset=source.value,
        grantor=grantor,
        territory=territory,
        dry_run=dry_run,
        author=command_line_author(),
    )
    with call.store(writable=not dry_run) as store:
        if not store.existing_territory_keys(["pays:FR"]):
            raise InvalidInput("the territories are not loaded: run `maillage init` first")
        report = import_files(paths, store, options, source=source, progress=progress())
    print_report(report, None, as_json)
