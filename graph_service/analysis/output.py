"""Writing analysis reports to files for analysts: CSV or Parquet (the report's table) or JSON (all of it).

>>> from graph_service.analysis.reports import Method, MixingReport
>>> format_of(Path("out/communities.parquet"))
<OutputFormat.PARQUET: 'parquet'>
"""

from __future__ import annotations

import csv
from enum import StrEnum
from pathlib import Path
from typing import TextIO

import pyarrow as pa
import pyarrow.parquet as pq

from graph_service.analysis.reports import Report, TableRow
from graph_service.errors import InvalidInput
from graph_service.spreadsheet import safe_record


class OutputFormat(StrEnum):
    CSV = "csv"
    PARQUET = "parquet"
    JSON = "json"


def format_of(path: Path) -> OutputFormat:
    """The format a file name asks for, from its extension."""
    suffix = path.suffix.lower().lstrip(".")
    try:
        return OutputFormat(suffix)
    except ValueError:
        names = ", ".join(f".{f.value}" for f in OutputFormat)
        raise InvalidInput(f"{path.name}: cannot tell the format from the extension; use {names}") from None


def write_report(report: Report, path: Path, output_format: OutputFormat | None = None) -> int:
    """Write ``report`` to ``path``; returns the number of rows written (1 for JSON)."""
    chosen = output_format or format_of(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if chosen is OutputFormat.JSON:
        path.write_text(report.model_dump_json(indent=2), encoding="utf-8")
        return 1
    rows = report.table()
    if chosen is OutputFormat.PARQUET:
        pq.write_table(pa.Table.from_pylist(rows), path)
        return len(rows)
    with path.open("w", encoding="utf-8", newline="") as handle:
        write_csv(rows, handle)
    return len(rows)


def write_csv(rows: list[TableRow], handle: TextIO) -> None:
    """Rows as CSV, every column any row has, cells that a spreadsheet would run made inert."""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    writer = csv.DictWriter(handle, fieldnames=columns)
    writer.writeheader()
    writer.writerows(safe_record(row) for row in rows)
