"""What an import did: counts per kind of file, and every rejected row with its reason.

>>> report = ImportReport(dataset="demo", run="demo@1", dry_run=False)
>>> report.reject(FileKind.ORGANISATIONS, "orgs.csv", 3, [CellError("siren", "123", "fails the Luhn check")])
>>> report.kinds[FileKind.ORGANISATIONS].rejected, report.rejections[0].line
(1, 3)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from graph_service.model import WriteCounts
from importers.native.cells import CellError
from importers.native.file_kinds import FileKind
from importers.pipeline.rejections import Rejection, write_rejections


@dataclass
class KindReport:
    """Counts for one kind of file: rows read and rejected, entities created, updated, unchanged."""

    read: int = 0
    rejected: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def add(self, counts: WriteCounts) -> None:
        self.created += counts.created
        self.updated += counts.updated
        self.unchanged += counts.unchanged


@dataclass
class ImportReport:
    """The outcome of one import run."""

    dataset: str
    run: str
    dry_run: bool
    kinds: dict[FileKind, KindReport] = field(
        default_factory=lambda: {kind: KindReport() for kind in FileKind}
    )
    rejections: list[Rejection] = field(default_factory=list)
    files: list[dict[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        """The counts per kind, in one line for the run record."""
        return "; ".join(
            f"{kind.value}: {c.created} created, {c.updated} updated, {c.rejected} rejected"
            for kind, c in self.kinds.items()
        )

    def reject(self, kind: FileKind, file: str, line: int, errors: list[CellError]) -> None:
        self.kinds[kind].rejected += 1
        for error in errors:
            self.rejections.append(Rejection(file, line, error.column, error.value, error.reason))

    @property
    def rejected_rows(self) -> int:
        return sum(report.rejected for report in self.kinds.values())

    def write_rejects(self, path: Path) -> None:
        write_rejections(self.rejections, path)

    def count_table(self) -> tuple[list[str], list[list[str]]]:
        """Counts by kind of file; the kinds that read nothing left out."""
        columns = ("read", "created", "updated", "unchanged", "rejected")
        rows = [
            [kind.value, *(str(getattr(counts, c)) for c in columns)]
            for kind, counts in self.kinds.items()
            if counts.read or counts.rejected
        ]
        return ["kind", *columns], rows

    def notes(self) -> list[str]:
        return []

    def explained_tables(self) -> list[dict[str, Any]]:
        return []

    def as_dict(self) -> dict[str, Any]:
        return {
            "dataset": self.dataset,
            "run": self.run,
            "dry_run": self.dry_run,
            "files": self.files,
            "counts": {kind.value: asdict(report) for kind, report in self.kinds.items()},
            "rejections": [asdict(rejection) for rejection in self.rejections],
        }
