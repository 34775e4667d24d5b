"""The report of an import in the terminal: counts, the first rejections, the file of them all,
and for subsidies every beneficiary matched by name with its score."""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from graph_service.cli.context import EXIT_BAD_INPUT, err, out, print_json
from importers.native.report import ImportReport
from importers.rna.run import RnaReport
from importers.sirene.run import SireneReport
from importers.subsidies.report import SubsidyReport

REJECTIONS_SHOWN = 20


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
