"""A rejected row, as every importer reports it: its file, line, column, value and reason, and the
CSV a user opens to fix them.

>>> import tempfile, pathlib
>>> path = pathlib.Path(tempfile.mkdtemp()) / "rejets.csv"
>>> write_rejections([Rejection("orgs.csv", 3, "siren", "123", "fails the Luhn check")], path)
>>> path.read_text(encoding="utf-8-sig").splitlines()[1]
'orgs.csv,3,siren,123,fails the Luhn check'
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from pathlib import Path

from graph_service.spreadsheet import safe_record

REJECT_COLUMNS = ["file", "line", "column", "value", "reason"]


@dataclass(frozen=True)
class Rejection:
    """One problem of one rejected row (a row with two bad cells gives two rejections)."""

    file: str
    line: int
    column: str
    value: str
    reason: str


def write_rejections(rejections: list[Rejection], path: Path) -> None:
    """Rejections as CSV (UTF-8 with BOM, so that Excel shows accents)."""
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=REJECT_COLUMNS)
        writer.writeheader()
        writer.writerows(safe_record(asdict(rejection)) for rejection in rejections)
