"""The report of an import in the terminal: counts, the first rejections, the file of them all,
and for subsidies every beneficiary matched by name with its score."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from graph_service.cli.context import EXIT_BAD_INPUT, err, out, print_json
from importers.native.report import ImportReport
from importers.pipeline.saved_mappings import SavedMappings
from importers.rna.run import RnaReport
from importers.sirene.run import SireneReport
from importers.subsidies.report import SubsidyReport

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


def print_explanation(report: ImportReport | SubsidyReport | SireneReport | RnaReport) -> None:
    """How each table was read: for every field its column, why, examples and confidence; the
    columns left unused; the doubts. One look tells whether the file was understood."""
    if not isinstance(report, SubsidyReport) or not report.tables:
        err.print("this import reads fixed columns: nothing to explain", markup=False)
        return
    for explained in report.tables:
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


def print_report(
    report: ImportReport | SubsidyReport | SireneReport | RnaReport, rejects: Path | None, as_json: bool
) -> None:
    """The counts of an import, its first rejections, and the file holding them all."""
    target = rejects or Path(f"maillage-rejects-{report.run.replace('@', '-')}.csv")
    if report.rejections:
        report.write_rejects(target)
    if as_json:
        print_json(report.as_dict())
    else:
        table = Table(
            title=f"Import {report.run}" + (" (dry run: nothing written)" if report.dry_run else "")
        )
        if not isinstance(report, ImportReport):
            table.add_column(report.as_dict()["source"])
            table.add_column("count", justify="right")
            for label, count in report.counts_table():
                table.add_row(label, str(count))
        else:
            columns = ("read", "created", "updated", "unchanged", "rejected")
            table.add_column("kind")
            for column in columns:
                table.add_column(column, justify="right")
            for kind, counts in report.kinds.items():
                if counts.read or counts.rejected:
                    table.add_row(kind.value, *(str(getattr(counts, c)) for c in columns))
        out.print(table)
        if isinstance(report, SubsidyReport):
            for match in report.name_matches:
                err.print(
                    f"  matched by name ({match.score:g}): {match.file}:{match.line} {match.name!r} → "
                    f"{match.matched_id} ({match.matched_name})",
                    markup=False,
                    highlight=False,
                )
        if isinstance(report, SubsidyReport):
            for warning in report.warnings[:REJECTIONS_SHOWN]:
                err.print(
                    f"  {warning.file}:{warning.line} [{warning.column}] {warning.reason}",
                    markup=False,
                    highlight=False,
                )
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
