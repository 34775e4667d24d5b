"""Which importer reads a file: the source named (``--source``), or the one its headers say.

>>> Source("subventions").label
'subsidies (SCDL subventions and its variants)'
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path

from graph_service.errors import InvalidInput
from importers.native.file_kinds import collect_files
from importers.pipeline.reading import TABLE_SUFFIXES, read_tables
from importers.rna.run import REQUIRED as RNA_COLUMNS
from importers.sirene.run import sirene_kind
from importers.subsidies.columns import fields_of, header_score

SUBSIDY_FIELDS_NEEDED = 3
"""Subsidy fields a header must name (among grantor, beneficiary, amount, date…) to be one."""


class Source(StrEnum):
    """The kinds of files Maillage imports."""

    NATIVE = "native"
    SUBVENTIONS = "subventions"
    SIRENE = "sirene"
    RNA = "rna"

    @property
    def label(self) -> str:
        return {
            Source.NATIVE: "native files (organisations, alliances, members…)",
            Source.SUBVENTIONS: "subsidies (SCDL subventions and its variants)",
            Source.SIRENE: "INSEE SIRENE stock files (StockUniteLegale, StockEtablissement)",
            Source.RNA: "the RNA's rna_waldec export (associations)",
        }[self]


def _first_table_file(paths: Sequence[Path]) -> Path | None:
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in TABLE_SUFFIXES | {".zip"})
            if found:
                return found[0]
        elif path.is_file():
            return path
    return None


def detect_source(paths: Sequence[Path]) -> Source:
    """The source of ``paths`` from the headers of their first table file."""
    first = _first_table_file(paths)
    if first is None:
        collect_files(paths)  # says which path is missing
        raise InvalidInput("no file to import")
    if first.suffix.lower() in {".jsonl", ".ndjson"}:
        return Source.NATIVE
    if first.suffix.lower() in {".csv", ".parquet"} and sirene_kind(first) is not None:
        return Source.SIRENE
    tables = read_tables(first, header_score=header_score)
    for table in tables[:1]:
        for _, row in table.rows:
            if set(row) >= RNA_COLUMNS:
                return Source.RNA
            fields = fields_of(list(row))
            if len(fields) >= SUBSIDY_FIELDS_NEEDED and "amount" in fields:
                return Source.SUBVENTIONS
            break
    return Source.NATIVE
