"""What a subsidy import did: rows read, ties written, how each beneficiary was identified, every
fuzzy name match with its score, and every rejected row with its reason.

>>> report = SubsidyReport(dataset="somme", run="somme@1", dry_run=True)
>>> report.identified["siret"] += 2
>>> report.counts_table()[1]
('identified by SIRET', 2)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from importers.outcome import CountTable, labelled_counts
from importers.pipeline.columns import ColumnMapping
from importers.pipeline.rejections import Rejection, write_rejections
from importers.subsidies.identity import NameMatch

IDENTIFICATIONS = ("siret", "rna", "name", "unidentified")


NOTES_SHOWN = 20
"""Cells left unread listed in the notes; the report holds them all."""


@dataclass
class SubsidyReport:
    """The outcome of one subsidy import run."""

    dataset: str
    run: str
    dry_run: bool
    source: str = "subventions"
    label: str = "subsidies"
    """What the ties are, as the report names them: subsidies or contracts."""
    read: int = 0
    """Data rows read: each becomes ties or is rejected with its reason."""
    skipped_rows: Counter[str] = field(default_factory=Counter)
    """Rows left aside on purpose, by why: header and title rows, totals rows, a contract's
    superseded versions. Rows read and skipped add up to the rows of the files."""
    duplicates: int = 0
    """Subsidies read twice (same grantor, beneficiary, date, reference and amount), kept once."""
    warnings: list[Rejection] = field(default_factory=list)
    """Cells that could not be read in rows that were loaded anyway (an amount written « SEM »)."""
    tables: list[dict[str, Any]] = field(default_factory=list)
    """How each table was read: the column of each field, why, and the columns left unused."""
    ties_created: int = 0
    ties_updated: int = 0
    ties_unchanged: int = 0
    organisations_created: int = 0
    identified: Counter[str] = field(default_factory=Counter)
    name_matches: list[NameMatch] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    files: list[dict[str, str]] = field(default_factory=list)
    grantors: dict[str, str] = field(default_factory=dict)
    """Each grantor's id and name."""
    authorities_completed: dict[str, str] = field(default_factory=dict)
    """Authorities the reference knew without a SIREN, by id, with the SIREN a file stated."""

    @property
    def skipped(self) -> int:
        return sum(self.skipped_rows.values())

    def warn(self, file: str, line: int, column: str, value: Any, reason: str) -> None:
        self.warnings.append(Rejection(file, line, column, "" if value is None else str(value), reason))

    def skip(self, reason: str, rows: int = 1) -> None:
        if rows:
            self.skipped_rows[reason] += rows

    def explain(self, file: str, mapping: ColumnMapping, titles: list[str]) -> None:
        """Keep how ``file`` was read: each field's column, confidence, reasons and examples."""
        self.tables.append(
            {
                "file": file,
                "titles": titles,
                "fields": [
                    {
                        "field": choice.field_name,
                        "column": choice.column.header,
                        "year": choice.year,
                        "confidence": choice.confidence_word,
                        "score": round(choice.score, 1),
                        "why": "; ".join(choice.reasons),
                        "examples": list(choice.column.examples),
                        "close": [header for header, _ in choice.doubts],
                    }
                    for chosen in mapping.choices.values()
                    for choice in chosen
                ],
                "unused": [{"column": p.header, "values": p.describe()} for p in mapping.unused],
                "doubts": mapping.doubts,
            }
        )

    @property
    def rejected_rows(self) -> int:
        return len({(r.file, r.line) for r in self.rejections})

    def reject(self, file: str, line: int, column: str, value: Any, reason: str) -> None:
        self.rejections.append(Rejection(file, line, column, "" if value is None else str(value), reason))

    def summary(self) -> str:
        counts = ", ".join(f"{name} {self.identified[name]}" for name in IDENTIFICATIONS)
        return (
            f"{self.label}: {self.read} read, {self.ties_created} ties created, {self.ties_updated} updated, "
            f"{self.rejected_rows} rejected; beneficiaries: {counts}"
        )

    def counts_table(self) -> list[tuple[str, int]]:
        """The counts as rows of a two-column table, for the CLI."""
        return [
            ("rows read", self.read),
            *(
                (f"identified by {n.upper() if n != 'name' else n}", self.identified[n])
                for n in IDENTIFICATIONS[:3]
            ),
            ("unidentified beneficiaries", self.identified["unidentified"]),
            ("organisations created", self.organisations_created),
            ("authorities given their SIREN", len(self.authorities_completed)),
            (f"{self.label} created", self.ties_created),
            (f"{self.label} updated", self.ties_updated),
            (f"{self.label} unchanged", self.ties_unchanged),
            ("rows rejected", self.rejected_rows),
            ("rows loaded with an unreadable cell", len({(w.file, w.line) for w in self.warnings})),
            (f"{self.label} read twice, kept once", self.duplicates),
            *((f"rows skipped ({reason})", n) for reason, n in sorted(self.skipped_rows.items())),
        ]

    def count_table(self) -> CountTable:
        return labelled_counts(self.source, self.counts_table())

    def notes(self) -> list[str]:
        matched = [
            f"matched by name ({m.score:g}): {m.file}:{m.line} {m.name!r} → {m.matched_id} ({m.matched_name})"
            for m in self.name_matches
        ]
        unread = [f"{w.file}:{w.line} [{w.column}] {w.reason}" for w in self.warnings[:NOTES_SHOWN]]
        return matched + unread

    def explained_tables(self) -> list[dict[str, Any]]:
        return self.tables

    def write_rejects(self, path: Path) -> None:
        write_rejections(self.rejections, path)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "dataset": self.dataset,
            "run": self.run,
            "dry_run": self.dry_run,
            "files": self.files,
            "grantors": self.grantors,
            "authorities_completed": self.authorities_completed,
            "counts": {
                "read": self.read,
                "skipped": self.skipped,
                "skipped_by_reason": dict(self.skipped_rows),
                "duplicates": self.duplicates,
                "warnings": len(self.warnings),
                "ties": {
                    "created": self.ties_created,
                    "updated": self.ties_updated,
                    "unchanged": self.ties_unchanged,
                },
                "organisations_created": self.organisations_created,
                "beneficiaries": {name: self.identified[name] for name in IDENTIFICATIONS},
                "rejected": self.rejected_rows,
            },
            "tables": self.tables,
            "name_matches": [asdict(match) for match in self.name_matches],
            "rejections": [asdict(rejection) for rejection in self.rejections],
            "warnings": [asdict(warning) for warning in self.warnings],
        }
