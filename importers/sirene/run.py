"""INSEE SIRENE stock files (``StockUniteLegale`` and ``StockEtablissement``, CSV or Parquet,
zipped or not) into organisations, streamed through DuckDB.

A national stock (about 30 M legal units and 40 M establishments, several GB) is never loaded
whole: DuckDB reads the files in place, keeps only the columns and rows asked for (head offices
located in the territory, active units, no sole proprietor, no unit under partial diffusion),
joins them out of core within a memory limit, and hands the result over in record batches.

Each organisation gets ``siren:<SIREN>``, its name (or acronym), the world of its legal category,
NAF, size band, ESS flag, RNA number (``identifiantAssociationUniteLegale``) and the commune of
its head office. A regional or departmental council the reference knows without a SIREN is
completed in place (:func:`~importers.territory_reference.authorities.council_of`).
"""

from __future__ import annotations

import shutil
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph_service.errors import InvalidInput, validation_reasons
from graph_service.model import Organisation, TerritoryLevel, location_key
from graph_service.progress import SILENT, Progress
from graph_service.store.port import ReadWriteStore
from importers.pipeline.merging import write_merged
from importers.pipeline.reading import column_key
from importers.pipeline.rejections import Rejection
from importers.pipeline.report import OrganisationReport
from importers.pipeline.run_record import IMPORT_AUTHOR, ImportRun
from importers.pipeline.values import register_day
from importers.sirene.legal_categories import SOLE_PROPRIETOR, size_band, world_of
from importers.territory_reference.authorities import council_of

SOURCE = "sirene"
BATCH_ROWS = 50_000
MEMORY_LIMIT = "SET memory_limit = '1500MB'"
"""DuckDB's memory bound: beyond it a join spills to disk."""
UNIT_COLUMNS = {"siren", "denominationunitelegale", "categoriejuridiqueunitelegale"}
ESTABLISHMENT_COLUMNS = {"siret", "siren", "codecommuneetablissement"}


@dataclass
class SireneReport(OrganisationReport):
    """What a SIRENE import did."""

    with_rna: int = 0

    def extra_counts(self) -> list[tuple[str, int]]:
        return [("linked to an RNA number", self.with_rna)]


def _header(path: Path) -> set[str]:
    if path.suffix.lower() == ".parquet":
        import pyarrow.parquet as pq

        return {column_key(name) for name in pq.read_schema(path).names}
    with path.open("rb") as handle:
        first = handle.readline(1_000_000).decode("utf-8-sig", errors="replace")
    separator = max(",;\t", key=first.count)
    return {column_key(name.strip().strip('"')) for name in first.split(separator)}


@contextmanager
def _unpacked(paths: Iterable[Path]) -> Iterator[list[Path]]:
    """The table files of ``paths``, zip members copied out (streamed) to a temporary folder."""
    folder = Path(tempfile.mkdtemp(prefix="maillage-sirene-"))
    try:
        found: list[Path] = []
        for path in paths:
            if path.suffix.lower() != ".zip":
                found.append(path)
                continue
            try:
                with zipfile.ZipFile(path) as archive:
                    for info in archive.infolist():
                        if info.filename.lower().endswith((".csv", ".parquet")):
                            target = folder / Path(info.filename).name
                            with archive.open(info) as source, target.open("wb") as sink:
                                shutil.copyfileobj(source, sink, 1024 * 1024)
                            found.append(target)
            except (zipfile.BadZipFile, EOFError, OSError) as error:
                raise InvalidInput(
                    f"{path.name}: this zip archive is damaged or truncated ({error})"
                ) from error
        yield found
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def sirene_kind(path: Path) -> str | None:
    """``unites_legales`` or ``etablissements`` when the file's header says so, else ``None``."""
    columns = _header(path)
    if columns >= UNIT_COLUMNS:
        return "unites_legales"
    if columns >= ESTABLISHMENT_COLUMNS:
        return "etablissements"
    return None


def classify(paths: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """The legal-unit files and the establishment files among ``paths``, told by their headers."""
    units, establishments = [], []
    for path in paths:
        kind = sirene_kind(path)
        if kind == "unites_legales":
            units.append(path)
        elif kind == "etablissements":
            establishments.append(path)
        else:
            raise InvalidInput(
                f"{path.name}: neither a StockUniteLegale nor a StockEtablissement file "
                f"(expected the columns {sorted(UNIT_COLUMNS)} or {sorted(ESTABLISHMENT_COLUMNS)})"
            )
    if not units:
        raise InvalidInput("a SIRENE import needs the StockUniteLegale file (legal units)")
    return units, establishments


def _source(paths: list[Path]) -> str:
    """The table function reading ``paths``. DuckDB takes no parameter there: the paths are
    quoted as SQL string literals (quotes doubled), and no other value enters the statement."""
    quoted = ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths)
    if all(p.suffix.lower() == ".parquet" for p in paths):
        return f"read_parquet([{quoted}])"
    return f"read_csv([{quoted}], header = true, all_varchar = true, normalize_names = false)"


def territory_communes(store: ReadWriteStore, code: str) -> list[str]:
    """The INSEE codes of every commune and arrondissement inside a territory."""
    seen: set[str] = set()
    communes: list[str] = []
    pending = [store.resolve_territory(code)]
    while pending:
        key = pending.pop()
        if key in seen:
            continue
        seen.add(key)
        view = store.get_territory(key)
        if view.territory.level in (TerritoryLevel.COMMUNE, TerritoryLevel.ARRONDISSEMENT):
            communes.append(view.territory.code)
        pending += [child.key for child in view.children]
    return sorted(communes)


def _query(
    units: list[Path], establishments: list[Path], communes: list[str] | None, options: dict[str, bool]
) -> str:
    conditions = ["u.siren IS NOT NULL"]
    if not options["closed"]:
        conditions.append("coalesce(u.etatAdministratifUniteLegale, 'A') = 'A'")
    if not options["sole_proprietors"]:
        conditions.append(f"coalesce(u.categorieJuridiqueUniteLegale, '') <> '{SOLE_PROPRIETOR}'")
    # Units under partial diffusion are never published with their name.
    conditions.append("coalesce(u.statutDiffusionUniteLegale, 'O') <> 'P'")
    location = "NULL AS commune"
    joins = ""
    if establishments:
        location = "e.commune AS commune"
        # Only quoted paths and fixed text enter the statement (see _source).
        head_offices = (
            f"SELECT siren, codeCommuneEtablissement AS commune FROM {_source(establishments)} "  # noqa: S608
            "WHERE lower(coalesce(CAST(etablissementSiege AS VARCHAR), '')) IN ('true', 'oui', '1', 't')"
        )
        if communes is not None:
            head_offices += " AND codeCommuneEtablissement IN (SELECT code FROM wanted_communes)"
        joins = f"{'JOIN' if communes is not None else 'LEFT JOIN'} ({head_offices}) e ON e.siren = u.siren"
    columns = (
        "u.siren, u.denominationUniteLegale AS name, u.sigleUniteLegale AS acronym, "
        "u.categorieJuridiqueUniteLegale AS category, u.activitePrincipaleUniteLegale AS naf, "
        "u.trancheEffectifsUniteLegale AS headcount, u.categorieEntreprise AS company_category, "
        "u.economieSocialeSolidaireUniteLegale AS ess, u.identifiantAssociationUniteLegale AS rna, "
        "u.dateCreationUniteLegale AS created"
    )
    where = " AND ".join(conditions)
    return f"SELECT {columns}, {location} FROM {_source(units)} u {joins} WHERE {where}"  # noqa: S608


def _organisation(row: dict[str, Any], known_communes: set[str]) -> Organisation:
    siren = str(row["siren"]).strip()
    name = (row.get("name") or row.get("acronym") or f"SIREN {siren}").strip()
    commune = (row.get("commune") or "").strip() or None
    rna = (row.get("rna") or "").strip().upper() or None
    naf = (row.get("naf") or "").strip() or None
    council = council_of(row.get("category"), commune)
    return Organisation(
        id=council.id if council else f"siren:{siren}",
        name=name[:500],
        world=world_of(row.get("category")),  # type: ignore[arg-type]
        legal_form=(row.get("category") or None),
        siren=siren,
        rna=rna if rna and len(rna) == 10 else None,
        naf=naf if naf and len(naf) == 6 else None,
        ess=(row.get("ess") or "").strip().upper() == "O",
        size_band=size_band(row.get("company_category"), row.get("headcount")),  # type: ignore[arg-type]
        created=register_day(row.get("created")),
        commune=commune if commune and location_key(commune) in known_communes else None,
        source=SOURCE,
    )


def import_sirene(
    paths: Iterable[Path],
    store: ReadWriteStore,
    *,
    territory: str | None = None,
    dataset: str = SOURCE,
    include_closed: bool = False,
    include_sole_proprietors: bool = False,
    dry_run: bool = False,
    progress: Progress = SILENT,
    author: str | None = IMPORT_AUTHOR,
) -> SireneReport:
    """Import SIRENE stock files into ``store``; ``territory`` keeps the head offices located in it."""
    record = ImportRun(dataset)
    report = SireneReport(dataset, record.id, dry_run, source=SOURCE, author=author)
    options = {"closed": include_closed, "sole_proprietors": include_sole_proprietors}
    with _unpacked(list(paths)) as files:
        units, establishments = classify(files)
        communes = territory_communes(store, territory) if territory else None
        if communes is not None and not establishments:
            raise InvalidInput(
                "--territory needs the StockEtablissement file, which locates the head offices"
            )
        report.files = [{"file": p.name, "kind": "unites_legales"} for p in units] + [
            {"file": p.name, "kind": "etablissements"} for p in establishments
        ]
        known = set(store.existing_territory_keys({location_key(c) for c in communes})) if communes else None
        with (
            _organisation_rows(units, establishments, communes, options) as batches,
            record.recorded(store, report.summary, dry_run=dry_run),
            progress.task("sirene", total=None) as advance,
        ):
            for rows in batches:
                advance(len(rows))
                _load_batch(store, rows, report, known)
    return report


@contextmanager
def _organisation_rows(
    units: list[Path], establishments: list[Path], communes: list[str] | None, options: dict[str, bool]
) -> Iterator[Iterator[list[dict[str, Any]]]]:
    """The rows of the organisations asked for, in batches, read by DuckDB within its memory limit."""
    import duckdb

    connection = duckdb.connect()
    try:
        connection.execute(MEMORY_LIMIT)
        connection.execute("SET preserve_insertion_order = false")
        if communes is not None:
            connection.execute("CREATE TABLE wanted_communes (code VARCHAR)")
            connection.executemany("INSERT INTO wanted_communes VALUES (?)", [[c] for c in communes])
        try:
            reader = connection.sql(_query(units, establishments, communes, options)).to_arrow_reader(
                BATCH_ROWS
            )
        except duckdb.Error as error:
            raise InvalidInput(f"the SIRENE files cannot be read: {error}") from error
        yield (batch.to_pylist() for batch in reader)
    finally:
        connection.close()


def _load_batch(
    store: ReadWriteStore, rows: list[dict[str, Any]], report: SireneReport, known: set[str] | None
) -> None:
    """One batch of rows into organisations, written; a row the model refuses is rejected."""
    from pydantic import ValidationError

    first_line = report.read + 2  # the header is line 1
    report.read += len(rows)
    if known is None:
        known = set(
            store.existing_territory_keys({location_key(r["commune"]) for r in rows if r.get("commune")})
        )
    organisations = []
    for number, row in enumerate(rows, start=first_line):
        try:
            organisations.append(_organisation(row, known))
        except ValidationError as error:
            rejection = Rejection(
                report.files[0]["file"], number, "siren", str(row.get("siren")), validation_reasons(error)
            )
            report.rejections.append(rejection)
    report.with_rna += sum(1 for o in organisations if o.rna)
    if not report.dry_run and organisations:
        write_merged(store, organisations, report)
