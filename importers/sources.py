"""Which importer reads a file: the source named (``--source``), or the one its headers say.

>>> Source("subventions").label
'subsidies (SCDL subventions and its variants)'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from graph_service.errors import InvalidInput
from graph_service.progress import SILENT, Progress
from graph_service.store.port import ReadWriteStore
from importers.contracts.columns import header_score as contract_score
from importers.contracts.columns import looks_like_contracts
from importers.native.edit_scope import EditScope
from importers.native.file_kinds import FileKind, collect_files
from importers.outcome import ImportOutcome
from importers.pipeline.reading import TABLE_SUFFIXES, TEXT_SUFFIXES, read_tables
from importers.pipeline.run_record import IMPORT_AUTHOR
from importers.pipeline.saved_mappings import SavedMappings
from importers.rna.run import REQUIRED as RNA_COLUMNS
from importers.sirene.run import sirene_kind
from importers.subsidies.columns import header_score, looks_like_subsidies

JSON_LINES = {".jsonl", ".ndjson"}
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
    author: str | None = IMPORT_AUTHOR
    """Who the changes the import makes are recorded by (the history's author); None: not
    recorded, for a first bulk load from the command line (``--no-history``)."""
    scope: EditScope | None = None
    """What the import may change; None: everything (the command line, a token, an admin)."""

    def dataset_for(self, source: Source) -> str:
        """The dataset named, or by default the source's name (``subventions``, ``rna`` …)."""
        return self.dataset if self.dataset != "native" else source.value


Run = Callable[[Sequence[Path], ReadWriteStore, ImportOptions, Progress], ImportOutcome]


def _never(_: Any) -> bool:
    return False


@dataclass(frozen=True)
class Importer:
    """One source's importer: how its files are recognised, and how they are read.

    A file is recognised from itself first (``recognises_file``: a SIRENE header, a JSON Lines
    suffix), then from the first row of its first table (``recognises_header``), read with the
    importers' ``header_score`` to find the header among title rows.
    """

    source: Source
    run: Run
    recognises_file: Callable[[Path], bool] = _never
    recognises_header: Callable[[list[str]], bool] = _never
    header_score: Callable[[Sequence[str]], int] | None = None


def _run_native(
    paths: Sequence[Path], store: ReadWriteStore, options: ImportOptions, progress: Progress
) -> ImportOutcome:
    from importers.native import import_native

    return import_native(
        paths, store, dataset=options.dataset, kind=options.kind, dry_run=options.dry_run, progress=progress,
        chunk_rows=options.chunk_rows, author=options.author, scope=options.scope,
    )  # fmt: skip


def _run_sirene(
    paths: Sequence[Path], store: ReadWriteStore, options: ImportOptions, progress: Progress
) -> ImportOutcome:
    from importers.sirene import import_sirene

    return import_sirene(
        paths, store, dataset=options.dataset_for(Source.SIRENE), territory=options.territory,
        include_closed=options.include_closed, dry_run=options.dry_run, progress=progress,
        author=options.author,
    )  # fmt: skip


def _run_rna(
    paths: Sequence[Path], store: ReadWriteStore, options: ImportOptions, progress: Progress
) -> ImportOutcome:
    from importers.rna import import_rna

    return import_rna(
        paths,
        store,
        dataset=options.dataset_for(Source.RNA),
        dry_run=options.dry_run,
        progress=progress,
        author=options.author,
    )


def _ties_run(source: Source) -> Run:
    """Subsidies or contracts: the same options, the format told by ``source``."""

    def run(
        paths: Sequence[Path], store: ReadWriteStore, options: ImportOptions, progress: Progress
    ) -> ImportOutcome:
        from importers.contracts import import_contracts
        from importers.subsidies import import_subsidies

        ties_import = import_contracts if source is Source.MARCHES else import_subsidies
        return ties_import(
            paths, store, dataset=options.dataset_for(source), grantor=options.grantor,
            dry_run=options.dry_run, progress=progress, columns=options.columns,
            saved=SavedMappings(options.mappings) if options.mappings else None, author=options.author,
        )  # fmt: skip

    return run


IMPORTERS: tuple[Importer, ...] = (
    Importer(Source.NATIVE, _run_native, recognises_file=lambda path: path.suffix.lower() in JSON_LINES),
    Importer(
        Source.SIRENE,
        _run_sirene,
        recognises_file=lambda path: (
            path.suffix.lower() in {".csv", ".parquet"} and sirene_kind(path) is not None
        ),
    ),
    Importer(Source.RNA, _run_rna, recognises_header=lambda header: set(header) >= RNA_COLUMNS),
    Importer(
        Source.MARCHES,
        _ties_run(Source.MARCHES),
        recognises_header=looks_like_contracts,
        header_score=contract_score,
    ),
    Importer(
        Source.SUBVENTIONS,
        _ties_run(Source.SUBVENTIONS),
        recognises_header=looks_like_subsidies,
        header_score=header_score,
    ),
)
"""Every importer, in the order files are recognised; a file none recognises is native."""
BY_SOURCE = {importer.source: importer for importer in IMPORTERS}


def _first_table_file(paths: Sequence[Path]) -> Path | None:
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.suffix.lower() in TABLE_SUFFIXES | {".zip"})
            if found:
                return found[0]
        elif path.is_file():
            return path
    return None


def _header_score(columns: Sequence[str]) -> int:
    return max(importer.header_score(columns) for importer in IMPORTERS if importer.header_score)


def detect_source(paths: Sequence[Path]) -> Source:
    """The source of ``paths``: the first importer that recognises their first table file."""
    first = _first_table_file(paths)
    if first is None:
        collect_files(paths)  # says which path is missing
        raise InvalidInput("no file to import")
    for importer in IMPORTERS:
        if importer.recognises_file(first):
            return importer.source
    try:
        tables = read_tables(first, header_score=_header_score, head_bytes=HEAD_BYTES)
    except InvalidInput:
        if first.suffix.lower() not in TEXT_SUFFIXES:
            raise
        # An unreadable text file: the native importer reports it as rejected, with its reason.
        return Source.NATIVE
    for table in tables[:1]:
        for _, row in table.rows:
            header = list(row)
            return next((i.source for i in IMPORTERS if i.recognises_header(header)), Source.NATIVE)
    return Source.NATIVE


def import_files(
    paths: Sequence[Path],
    store: ReadWriteStore,
    options: ImportOptions,
    *,
    source: Source | None = None,
    progress: Progress = SILENT,
) -> ImportOutcome:
    """Import ``paths`` with the importer of ``source`` (by default, the one that recognises them).

    The one entry of every import: ``maillage import`` and ``POST /api/v1/imports`` both call it.
    """
    chosen = source or detect_source(paths)
    refusal = (
        options.scope.kind_refusal(chosen.value) if options.scope and chosen is not Source.NATIVE else None
    )
    if refusal:
        raise InvalidInput(refusal)
    return BY_SOURCE[chosen].run(paths, store, options, progress)


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
