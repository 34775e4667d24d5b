"""What an import of organisations (SIRENE, RNA) did: rows read, organisations created, updated
and unchanged, rejected rows with their reasons, and identity conflicts reported, not merged.

>>> report = OrganisationReport("rna", "rna@1", dry_run=False, source="rna", noun="associations")
>>> report.created = 2
>>> report.counts_table()[1]
('associations created', 2)
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from graph_service.model import WriteCounts
from importers.outcome import CountTable, labelled_counts
from importers.pipeline.rejections import Rejection, write_rejections
from importers.pipeline.run_record import IMPORT_AUTHOR


@dataclass
class OrganisationReport:
    """The counts every organisation import gives; a source adds its own (``extra_counts``)."""

    dataset: str
    run: str
    dry_run: bool
    source: str
    noun: str = "organisations"
    author: str | None = IMPORT_AUTHOR
    """Who the changes are recorded by."""
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    files: list[dict[str, str]] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    """Identity conflicts found (an RNA number another organisation holds): reported, not merged."""

    def add(self, counts: WriteCounts) -> None:
        """Count what one write did."""
        self.created += counts.created
        self.updated += counts.updated
        self.unchanged += counts.unchanged

    @property
    def rejected_rows(self) -> int:
        return len({(r.file, r.line) for r in self.rejections})

    def extra_counts(self) -> list[tuple[str, int]]:
        """The counts of one source, labelled, between the common ones."""
        return []

    def counts_table(self) -> list[tuple[str, int]]:
        return [
            ("rows read", self.read),
            (f"{self.noun} created", self.created),
            (f"{self.noun} updated", self.updated),
            (f"{self.noun} unchanged", self.unchanged),
            *self.extra_counts(),
            ("rows rejected", self.rejected_rows),
            ("identity conflicts (not merged)", len(self.conflicts)),
        ]

    def count_table(self) -> CountTable:
        return labelled_counts(self.source, self.counts_table())

    def notes(self) -> list[str]:
        return []

    def explained_tables(self) -> list[dict[str, Any]]:
        return []

    def summary(self) -> str:
        return (
            f"{self.source}: {self.read} read, {self.created} created, {self.updated} updated, "
            f"{self.rejected_rows} rejected"
        )

    def write_rejects(self, path: Path) -> None:
        write_rejections(self.rejections, path)

    def as_dict(self) -> dict[str, Any]:
        counts = {k: v for k, v in asdict(self).items() if isinstance(v, int) and not isinstance(v, bool)}
        return {
            "source": self.source,
            "dataset": self.dataset,
            "run": self.run,
            "dry_run": self.dry_run,
            "files": self.files,
            "counts": counts,
            "rejections": [asdict(r) for r in self.rejections],
            "conflicts": self.conflicts,
        }
