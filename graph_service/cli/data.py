"""Loading and saving data: ``maillage init``, ``demo``, ``import`` and ``export``.

maillage init                                   # create the database, load French territories
maillage demo                                   # load the demo data set
maillage import data/ --dataset mon-territoire
maillage export sauvegarde/ --territory 38      # native files; `maillage import` reads them back
maillage export isere.gexf --territory 38 --format gexf --include-external
"""

from __future__ import annotations

import dataclasses
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from graph_service.analysis.options import NATIONAL
from graph_service.cli.context import (
    JsonOption,
    command_line_author,
    guarded,
    invocation,
    out,
    print_json,
    progress,
)
from graph_service.cli.options import model_options
from graph_service.errors import InvalidInput
from graph_service.graph_files import GraphFormat, file_stem, graph_file
from graph_service.model import SubgraphFilter
from importers.native.export import NativeFormat
from importers.native.file_kinds import FileKind
from importers.sources import ImportOptions, Source, import_files, parse_columns

if TYPE_CHECKING:
    from graph_service.model import Subgraph

REJECTIONS_SHOWN = 20


@guarded
def init(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Create the database and load the French territories (régions to communes)."""
    from importers.territory_reference import install_reference

    call = invocation(ctx)
    with call.store(writable=True) as store:
        counts = install_reference(store, progress())
        if as_json:
            print_json({"territories": counts.model_dump(), "backend": store.backend})
            return
        out.print(
            f"territories: {counts.created} created, {counts.updated} updated, {counts.unchanged} unchanged"
        )
        out.print(
            f"database: {call.settings().db_path}"
            if store.backend == "embedded"
            else f"backend: {store.backend}"
        )


@guarded
def import_command(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None, typer.Argument(help="files (CSV, JSON Lines, xlsx, xls, ods, zip) or folders")
    ] = None,
    source: Annotated[
        Source | None, typer.Option(help="what the files are (default: told by their headers)")
    ] = None,
    dataset: Annotated[
        str, typer.Option(help="namespace of local ids and provenance of the rows")
    ] = "native",
    kind: Annotated[
        FileKind | None, typer.Option(help="native: kind of a single file whose name does not tell")
    ] = None,
    territory: Annotated[
        str | None, typer.Option("--territory", "-t", help="sirene: keep the head offices in this territory")
    ] = None,
    include_closed: Annotated[
        bool, typer.Option("--include-closed", help="sirene: closed units too")
    ] = False,
    grantor: Annotated[
        str | None,
        typer.Option(help="subventions: the grantor when the file names none (id, SIREN or departement:66)"),
    ] = None,
    columns: Annotated[
        list[str] | None,
        typer.Option(
            "--columns",
            help='subventions: the column of a field, as FIELD="Header as written" (repeatable); '
            "overrides what the headers and values suggest",
        ),
    ] = None,
    explain: Annotated[
        bool,
        typer.Option("--explain", help="show how each table was read (field by field), write nothing"),
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="validate only; write nothing")] = False,
    no_history: Annotated[
        bool,
        typer.Option(
            "--no-history",
            help="a first bulk load: record the run, not each change (faster; not undone from the history)",
        ),
    ] = False,
    mappings: Annotated[
        bool, typer.Option("--mappings", help="list the column choices kept per publisher, and stop")
    ] = False,
    rejects: Annotated[Path | None, typer.Option(help="where to write rejected rows (CSV)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the report as JSON")] = False,
) -> None:
    """Import files: native CSV or JSON Lines, subsidy files (SCDL subventions and its variants) or
    SIRENE stock files (CSV or Parquet, zipped or not, filtered by --territory while streaming) or
    the RNA's rna_waldec export;
    rejected rows are reported, the rest is loaded. Re-running an import duplicates nothing."""
    from graph_service.cli.import_report import print_explanation, print_mappings, print_report
    from importers.pipeline.saved_mappings import SavedMappings

    call = invocation(ctx)
    if mappings:
        print_mappings(SavedMappings(call.settings().mappings_path), as_json)
        return
    if not paths:
        raise InvalidInput("give the files or folders to import (or --mappings to list the column choices)")
    options = ImportOptions(
        dataset=dataset,
        kind=kind,
        grantor=grantor,
        territory=territory,
        include_closed=include_closed,
        dry_run=dry_run or explain,
        columns=parse_columns(columns or []),
        mappings=call.settings().mappings_path,
        author=None if no_history else command_line_author(),
    )
    with call.store(writable=not options.dry_run) as store:
        if not store.existing_territory_keys(["pays:FR"]):
            raise InvalidInput("the territories are not loaded: run `maillage init` first")
        report = import_files(paths, store, options, source=source, progress=progress())
    if explain and not as_json:
        print_explanation(report)
    print_report(report, rejects, as_json)


class ExportFormat(StrEnum):
    """Native files (read back by ``maillage import``) or one graph file of a territory."""

    JSONL = NativeFormat.JSONL.value
    CSV = NativeFormat.CSV.value
    GRAPHML = GraphFormat.GRAPHML.value
    GEXF = GraphFormat.GEXF.value
    PARQUET = "parquet"


@guarded
@model_options(SubgraphFilter)
def export_files(
    ctx: typer.Context,
    destination: Annotated[
        Path,
        typer.Argument(help="new folder for native files; for graphml or gexf, a folder or the file's name"),
    ],
    options: SubgraphFilter,
    territory: Annotated[
        str | None,
        typer.Option(
            "--territory", "-t", help="only this territory's organisations and the alliances among them"
        ),
    ] = None,
    as_json: JsonOption = False,
    fmt: Annotated[
        ExportFormat,
        typer.Option(
            "--format",
            help="jsonl (lossless) or csv: native files; graphml or gexf: for Gephi; parquet: for DuckDB"
            " or pandas (without --territory: the national graph)",
        ),
    ] = ExportFormat.JSONL,
) -> None:
    """Export the graph (or one territory) as native files that `maillage import` reads into any backend,
    or a territory's ecosystem as GraphML or GEXF (the filters choose its alliances).

    Examples: `maillage export sauvegarde/`, `maillage export isere.gexf --territory 38 --format gexf
    --from 2020-01-01`.
    """
    if fmt in (ExportFormat.GRAPHML, ExportFormat.GEXF):
        _export_graph_file(ctx, destination, territory, GraphFormat(fmt.value), options, as_json)
        return
    if fmt is ExportFormat.PARQUET:
        _export_parquet(ctx, destination, territory, options, as_json)
        return
    from importers.native.export import export_native

    if options != SubgraphFilter():
        raise InvalidInput("the filters (--from, --mode…) apply to --format graphml or gexf only")
    with invocation(ctx).store(writable=False) as store:
        counts = export_native(
            store, destination, territory=territory, fmt=NativeFormat(fmt.value), progress=progress()
        )
    if as_json:
        print_json({"destination": str(destination), **dataclasses.asdict(counts)})
        return
    out.print(
        f"exported to {destination}: {counts.organisations} organisations, {counts.catalysts} catalysts, "
        f"{counts.alliances} alliances, {counts.members} memberships, {counts.territories} territories",
        soft_wrap=True,
    )


def _analysed_ecosystem(
    ctx: typer.Context, territory: str, filters: SubgraphFilter, *, every_tie: bool = False
) -> tuple[Subgraph, dict[str, dict[str, Any]], dict[str, Any]]:
    """A territory's ecosystem (with ``every_tie``, its subsidies and contracts too, whether the
    analysis counts them or not), its organisations' analysis columns, and what the file says of
    it (territory, snapshot, how the service projects alliances)."""
    from graph_service.analysis.analyser import Analyser  # the graph libraries: at use, not at start
    from graph_service.analysis.options import AnalysisOptions

    call = invocation(ctx)
    with call.store(writable=False) as store:
        key = store.resolve_territory(territory)
        snapshot = store.snapshot_id()
        read = filters.model_copy(update={"include_open_data": True}) if every_tie else filters
        subgraph = store.ecosystem(key, read)
        analyser = Analyser(store, call.settings().analysis, progress())
        annotations = analyser.annotations(key, AnalysisOptions(filter=filters))
        about = {"territory": key, "snapshot": snapshot, **analyser.projection_parameters()}
    return subgraph, annotations, about


def _export_graph_file(
    ctx: typer.Context,
    destination: Path,
    territory: str | None,
    fmt: GraphFormat,
    filters: SubgraphFilter,
    as_json: bool,
) -> None:
    if territory is None:
        raise InvalidInput(f"--format {fmt.value} draws one territory's ecosystem: give --territory CODE")
    subgraph, annotations, about = _analysed_ecosystem(ctx, territory, filters)
    written = graph_file(subgraph, fmt, annotations, about)
    target = destination
    if destination.suffix.lower() != f".{written.suffix}":
        stem = file_stem(f"ecosysteme-{about['territory']}")
        target = destination / f"{stem}.{written.suffix}"
    if target.exists():
        raise InvalidInput(f"{target} already exists: choose another name")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(written.content)
    if as_json:
        rows = {"organisations": len(subgraph.organisations), "alliances": len(subgraph.alliances)}
        print_json({"file": str(target), **rows, "memberships": len(subgraph.memberships)})
        return
    out.print(
        f"exported to {target}: {len(subgraph.organisations)} organisations, "
        f"{len(subgraph.alliances)} alliances, {len(subgraph.memberships)} memberships",
        soft_wrap=True,
    )


def _export_parquet(
    ctx: typer.Context, destination: Path, territory: str | None, filters: SubgraphFilter, as_json: bool
) -> None:
    from graph_service.analysis.parquet_files import SCHEMAS, write_parquet_files

    taken = [name for name in SCHEMAS if (destination / f"{name}.parquet").exists()]
    if taken:
        raise InvalidInput(f"{destination} already holds {taken[0]}.parquet: choose another folder")
    subgraph, annotations, about = _analysed_ecosystem(ctx, territory or NATIONAL, filters, every_tie=True)
    written = write_parquet_files(subgraph, annotations, destination, about)
    if as_json:
        print_json({"folder": str(destination), "territory": about["territory"], "rows": written})
        return
    counts = ", ".join(f"{rows} {name}" for name, rows in written.items())
    out.print(f"exported {about['territory']} to {destination}: {counts}", soft_wrap=True)


@guarded
def demo(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Load the demo data set (real actors of Le RAMEAU's cases and synthetic filler), then summarise."""
    from graph_service.cli.import_report import print_report
    from importers.demo import load_demo

    with invocation(ctx).store(writable=True) as store:
        report = load_demo(store, progress())
        counts = store.counts()
        isere = store.territory_organisations("departement:38", limit=1).total
    print_report(report, None, as_json=as_json)
    if as_json:
        return
    out.print(
        f"organisations: {counts.nodes.get('Organisation', 0)}, "
        f"alliances: {counts.nodes.get('Alliance', 0)}, "
        f"catalysts: {counts.nodes.get('Catalyst', 0)}; Isère (38): {isere} organisations"
    )
    out.print("try: maillage search labo --territory 38 ; maillage path demo:gaia demo:cress-bretagne")
