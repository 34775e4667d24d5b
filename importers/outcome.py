"""What every import answers, whatever its source: the protocol the CLI and the API print from,
without asking which importer ran.

>>> from importers.pipeline.report import OrganisationReport
>>> report = OrganisationReport("rna", "rna@1", dry_run=False, source="rna", noun="associations")
>>> isinstance(report, ImportOutcome)
True
>>> report.count_table()[0], report.count_table()[1][1]
(['rna', 'count'], ['associations created', '0'])
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from importers.pipeline.rejections import Rejection

CountTable = tuple[list[str], list[list[str]]]
"""A table's header and its rows, as text."""


@runtime_checkable
class ImportOutcome(Protocol):
    """The outcome of one import run."""

    run: str
    dry_run: bool
    rejections: list[Rejection]

    def count_table(self) -> CountTable:
        """The counts, as the terminal shows them."""

    def notes(self) -> list[str]:
        """Lines to read beside the counts (beneficiaries matched by name, cells left unread)."""

    def explained_tables(self) -> list[dict[str, Any]]:
        """How each table was read, field by field (empty for a source of fixed columns)."""

    def write_rejects(self, path: Path) -> None:
        """Every rejected row, with its file, line, column and reason, as CSV."""

    def as_dict(self) -> dict[str, Any]:
        """The whole report as JSON answers it."""


def labelled_counts(source: str, counts: list[tuple[str, int]]) -> CountTable:
    """Counts by label as a two-column table headed by the source."""
    return [source, "count"], [[label, str(count)] for label, count in counts]
