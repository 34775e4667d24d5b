"""Which importer reads a file: the source named (``--source``), or the one its headers say.

>>> Source("subventions").label
'subsidies (SCDL subventions and its variants)'
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from graph_service.errors import InvalidInput
from graph_service.progress import SILENT, Progress
from graph_service.store.port import ReadWriteStore
from importers.contracts.columns import header_score as contract_score
from importers.contracts.columns import looks_like_contracts
from importers.native.file_kinds import FileKind, collect_files
from importers.outcome import ImportOutcome
from importers.pipeline.reading import TABLE_SUFFIXES, TEXT_SUFFIXES, read_tables
from importers.pipeline.saved_mappings import SavedMappings
from importers.rna.run import REQUIRED as RNA_COLUMNS
from importers.sirene.run import sirene_kind
from importers.subsidies.columns import header_score, looks_like_subsidies

HEAD_BYTES = 256 * 1024
"""What detection reads of a text file: its header and first rows, not the whole file."""


class Source(StrEnum):
    """The kinds of files Maillage imports."""

    NATIVE = "native"
    SUBVENTIONS = "subventions"
    SIRENE = "sirene"
    RNA = "rna"
    MARCHES = "marches"

    @property
    def label(self) -> str:
        return {
            Source.NATIVE: "native files (organisations, alliances, members…)",
            Source.SUBVENTIONS: "subsidies (SCDL subventions and its variants)",
            Source.SIRENE: "INSEE SIRENE stock files (StockUniteLegale, StockEtablissement)",
            Source.RNA: "the RNA's rna_waldec export (associations)",
            Source.MARCHES: "public contracts (DECP, consolidated tabular edition)",
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
    try:
        tables = read_tables(
            first, header_score=lambda c: max(header_score(c), contract_score(c)), head_bytes=HEAD_BYTES
        )
    except InvalidInput:
        if first.suffix.lower() not in TEXT_SUFFIXES:
            raise
        # An unreadable text file: the native importer reports it as rejected, with its reason.
        return Source.NATIVE
    for table in tables[:1]:
        for _, row in table.rows:
            if set(row) >= RNA_COLUMNS:
                return Source.RNA
            if looks_like_contracts(list(row)):
                return Source.MARCHES
            if looks_like_subsidies(list(row)):
                return Source.SUBVENTIONS
            break
    return Source.NATIVE


@dataclass(frozen=True)
class ImportOptions:
    """What an import is told besides its files; each importer reads the options it knows."""

    dataset: str = "native"
    kind: FileKind | None = None
    grantor: str | None = None
    territory: str | None = None
    include_closed: bool = False
    dry_run: bool = False
    chunk_rows: int = 100_000
    columns: dict[str, str] | None = None
    """Subsidies: the column of some fields, by header as written (``--columns``)."""
    mappings: Path | None = None
    """Where column choices are kept per publisher (``column-mappings.json``), if anywhere."""


def import_files(
    paths: Sequence[Path],
    store: ReadWriteStore,
    options: ImportOptions,
    *,
    source: Source | None = None,
    progress: Progress = SILENT,
) -> ImportOutcome:
    """Import ``paths`` with the importer of ``source`` (by default, the one their headers say).

    The one entry of every import: ``maillage import`` and ``POST /api/v1/imports`` both call it.
    """
    from importers.contracts import import_contracts
    from importers.native import import_native
    from importers.rna import import_rna
    from importers.sirene import import_sirene
    from importers.subsidies import import_subsidies

    chosen = source or detect_source(paths)
    named = options.dataset if options.dataset != "native" else chosen.value
    if chosen is Source.RNA:
        return import_rna(paths, store, dataset=named, dry_run=options.dry_run, progress=progress)
    if chosen is Source.SIRENE:
        return import_sirene(
            paths, store, dataset=named, territory=options.territory, include_closed=options.include_closed,
            dry_run=options.dry_run, progress=progress,
        )  # fmt: skip
    if chosen in (Source.MARCHES, Source.SUBVENTIONS):
        ties_import = import_contracts if chosen is Source.MARCHES else import_subsidies
        return ties_import(
            paths, store, dataset=named, grantor=options.grantor, dry_run=options.dry_run, progress=progress,
            columns=options.columns, saved=SavedMappings(options.mappings) if options.mappings else None,
        )  # fmt: skip
    return import_native(
        paths, store, dataset=options.dataset, kind=options.kind, dry_run=options.dry_run, progress=progress,
        chunk_rows=options.chunk_rows,
    )  # fmt: skip


def parse_columns(given: Sequence[str]) -> dict[str, str]:
    """``FIELD=Header`` pairs as a mapping, as ``--columns`` and the API take them; a pair without
    ``=`` is refused in one line.

    >>> parse_columns(['amount=Montant octroyé', 'beneficiary_id = "SIRET_ORG"'])
    {'amount': 'Montant octroyé', 'beneficiary_id': 'SIRET_ORG'}
    """
    found: dict[str, str] = {}
    for pair in given:
        name, equals, header = pair.partition("=")
        if not equals or not name.strip() or not header.strip():
            raise InvalidInput(f'columns {pair!r}: write FIELD="Header as written", e.g. amount="Montant"')
        found[name.strip()] = header.strip().strip('"').strip("'")
    return found
