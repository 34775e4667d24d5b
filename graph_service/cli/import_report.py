"""The report of an import in the terminal: counts, the first rejections, the file of them all,
and for subsidies every beneficiary matched by name with its score."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from graph_service.cli.context import EXIT_BAD_INPUT, err, out, print_json
from importers.outcome import ImportOutcome
from importers.pipeline.saved_mappings import SavedMappings

REJECTIONS_SHOWN = 20
FIELD_WORDS = {
    "grantor_name": "grantor (name)", "grantor_id": "grantor (SIRET)", "grantor_type": "grantor (kind)",
    "date": "date", "period": "payment period", "reference": "reference", "beneficiary_name": "beneficiary",
    "beneficiary_id": "beneficiary (SIRET)", "beneficiary_rna": "beneficiary (RNA)", "object": "object",
    "amount": "amount", "nature": "nature",
}  # fmt: skip


def print_mappings(saved: SavedMappings, as_json: bool) -> None:
    """The column choices kept per publisher (grantor SIREN or file name pattern)."""
    kept = saved.all()
    if as_json:
        print_json(kept)
        return
    if not kept:
        out.print(f"no column choice kept yet ({saved.path})", markup=False)
        return
    table = Table(title=f"Column choices kept per publisher ({saved.path})")
    for column in ("publisher", "field", "column"):
        table.add_column(column)
    for publisher, columns in sorted(kept.items()):
        for name, header in columns.items():
            table.add_row(publisher, FIELD_WORDS.get(name, name), header)
    out.print(table)


def print_explanation(report: ImportOutcome) -> None:
    """How each table was read: for every field its column, why, examples and confidence; the
    columns left unused; the doubts. One look tells whether the file was understood."""
    if not report.explained_tables():
        err.print("this import reads fixed columns: nothing to explain", markup=False)
        return
    for explained in report.explained_tables():
        table = Table(title=f"How {explained['file']} was read", show_lines=True)
        for column in ("field", "column", "confidence", "why", "examples"):
            table.add_column(column, overflow="fold")
        for chosen in explained["fields"]:
            year = f" ({chosen['year']})" if chosen["year"] else ""
            examples = " | ".join(str(e)[:40] for e in chosen["examples"])
            table.add_row(
                FIELD_WORDS.get(chosen["field"], chosen["field"]) + year,
                chosen["column"],
                chosen["confidence"],
                chosen["why"],
                examples,
            )
        out.print(table)
        for title in explained["titles"]:
            out.print(f"  title row: {title}", markup=False, highlight=False)
        for unused in explained["unused"]:
            out.print(f"  unused: « {unused['column']} » ({unused['values']})", markup=False, highlight=False)
        for doubt in explained["doubts"]:
            out.print(f"  unsure: {doubt} (name it with --columns)", markup=False, highlight=False)


def print_report(report: ImportOutcome, rejects: Path | None, as_json: bool) -> None:
    """The counts of an import, its notes and first rejections, and the file holding them all."""
    target = rejects or Path(f"maillage-rejects-{report.run.replace('@', '-')}.csv")
    if report.rejections:
        report.write_rejects(target)
    if as_json:
        print_json(report.as_dict())
    else:
        table = Table(
            title=f"Import {report.run}" + (" (dry run: nothing written)" if report.dry_run else "")
        )
        header, rows = report.count_table()
        for k, column in enumerate(header):
            table.add_column(column, justify="right" if k else "left")
        for row in rows:
            table.add_row(*row)
        out.print(table)
        for note in report.notes():
            err.print(f"  {note}", markup=False, highlight=False)
        for rejection in report.rejections[:REJECTIONS_SHOWN]:
            err.print(
                f"  {rejection.file}:{rejection.line} [{rejection.column}] {rejection.reason}",
                markup=False,
                highlight=False,
            )
        if len(report.rejections) > REJECTIONS_SHOWN:
            err.print(f"  ... {len(report.rejections) - REJECTIONS_SHOWN} more", markup=False)
    if report.rejections:
        err.print(f"rejected rows written to {target}", markup=False)
        raise typer.Exit(EXIT_BAD_INPUT)
