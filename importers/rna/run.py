"""The ``rna_waldec`` export (one CSV per département, or the national file, zipped or not) into
associations: W number, title, object, commune (``adrs_codeinsee``), and their SIREN when the RNA
gives a SIRET.

Identity: an RNA record with a SIRET is the organisation ``siren:<SIREN>``, the one SIRENE
creates, with its RNA number; without, it is ``rna:<W…>``. Active associations (``position`` A)
are loaded unless asked otherwise. The associations of the Moselle, the Bas-Rhin and the Haut-Rhin
(local law) are not in the RNA.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graph_service.errors import InvalidInput, validation_reasons
from graph_service.identifiers import is_valid_rna
from graph_service.model import Organisation, World, location_key
from graph_service.model.text import check_web_address
from graph_service.progress import SILENT, Progress
from graph_service.store.port import ReadWriteStore
from importers.pipeline.merging import write_merged
from importers.pipeline.reading import SourceTable, read_tables
from importers.pipeline.rejections import Rejection
from importers.pipeline.report import OrganisationReport
from importers.pipeline.run_record import IMPORT_AUTHOR, ImportRun
from importers.pipeline.values import register_day, siren_of, text

SOURCE = "rna"
REQUIRED = {"id", "titre", "adrs_codeinsee", "position"}
CHUNK = 20_000
LOCAL_LAW_DEPARTEMENTS = ("57", "67", "68")
MAX_WEB_ADDRESS = 500


@dataclass
class RnaReport(OrganisationReport):
    """What an RNA import did."""

    linked_to_siren: int = 0
    skipped_inactive: int = 0

    def extra_counts(self) -> list[tuple[str, int]]:
        return [
            ("one with their SIRENE unit (SIRET)", self.linked_to_siren),
            ("not active (left out)", self.skipped_inactive),
        ]


def web_address(value: Any) -> str | None:
    """The RNA's ``siteweb`` when it is a web address; anything else is left out, not rejected.

    >>> web_address("https://jardins.example"), web_address("www.jardins.example"), web_address("")
    ('https://jardins.example', 'https://www.jardins.example', None)
    """
    address = text(value)
    if address and address.lower().startswith("www."):
        address = "https://" + address
    if address is None or len(address) > MAX_WEB_ADDRESS:
        return None
    try:
        return check_web_address(address)
    except ValueError:
        return None


def _association(row: dict[str, Any], known_places: set[str]) -> Organisation:
    rna = (text(row.get("id")) or "").upper()
    if not is_valid_rna(rna):
        raise ValueError(f"{rna!r} is not an RNA number (W and nine digits or capitals)")
    siren = siren_of(row.get("siret"))
    commune = text(row.get("adrs_codeinsee"))
    title = text(row.get("titre")) or text(row.get("titre_court")) or rna
    return Organisation(
        id=f"siren:{siren}" if siren else f"rna:{rna}",
        name=title[:500],
        world=World.ASSOCIATION,
        rna=rna,
        siren=siren,
        description=(text(row.get("objet")) or None),
        website=web_address(row.get("siteweb")),
        created=register_day(row.get("date_creat")),
        dissolved=register_day(row.get("date_disso")),
        commune=commune if commune and location_key(commune) in known_places else None,
        source=SOURCE,
    )


def import_rna(
    paths: Iterable[Path],
    store: ReadWriteStore,
    *,
    dataset: str = SOURCE,
    include_inactive: bool = False,
    dry_run: bool = False,
    progress: Progress = SILENT,
    author: str | None = IMPORT_AUTHOR,
) -> RnaReport:
    """Import ``rna_waldec`` files into ``store`` as associations."""
    record = ImportRun(dataset)
    report = RnaReport(dataset, record.id, dry_run, source=SOURCE, noun="associations", author=author)
    tables = [table for path in paths for table in read_tables(path)]
    with record.recorded(store, report.summary, dry_run=dry_run):
        for table in tables:
            _RnaTable(table, store, report, include_inactive).load(progress)
    return report


class _RnaTable:
    """One ``rna_waldec`` table read into associations, written in chunks."""

    def __init__(self, table: SourceTable, store: ReadWriteStore, report: RnaReport, include_inactive: bool):
        self.table = table
        self.store = store
        self.report = report
        self.include_inactive = include_inactive
        self.pending: list[Organisation] = []
        self.located: dict[str, bool] = {}
        """Whether each commune code met is a known territory: asked once per commune, not per row."""

    def load(self, progress: Progress) -> None:
        self.report.files.append({"file": self.table.name, "encoding": self.table.encoding})
        with progress.task(f"rna {self.table.name}", total=self.table.size or None) as advance:
            for number, (line, row) in enumerate(self.table.rows):
                advance(1)
                self.report.read += 1
                if "__error__" in row:
                    self._reject(line, "", "", row["__error__"])
                    continue
                if number == 0:
                    self._check_columns(row)
                if not self.include_inactive and (text(row.get("position")) or "A").upper() != "A":
                    self.report.skipped_inactive += 1
                    continue
                self._read(line, row)
        self._flush()

    def _check_columns(self, row: dict[str, Any]) -> None:
        missing = REQUIRED - set(row)
        if missing:
            raise InvalidInput(
                f"{self.table.name}: not an rna_waldec file: missing {', '.join(sorted(missing))} "
                f"(columns found: {', '.join(sorted(row))})"
            )

    def _read(self, line: int, row: dict[str, Any]) -> None:
        try:
            self.pending.append(_association(row, self._known_places(text(row.get("adrs_codeinsee")))))
        except ValueError as error:  # a pydantic ValidationError too
            reason = validation_reasons(error) if isinstance(error, ValidationError) else str(error)
            self._reject(line, "id", str(row.get("id") or ""), reason)
            return
        if len(self.pending) >= CHUNK:
            self._flush()

    def _known_places(self, commune: str | None) -> set[str]:
        if not commune:
            return set()
        if commune not in self.located:
            self.located[commune] = bool(self.store.existing_territory_keys([location_key(commune)]))
        return {location_key(commune)} if self.located[commune] else set()

    def _reject(self, line: int, column: str, value: str, reason: str) -> None:
        self.report.rejections.append(Rejection(self.table.name, line, column, value, reason))

    def _flush(self) -> None:
        unique = list({o.id: o for o in self.pending}.values())
        self.pending.clear()
        self.report.linked_to_siren += sum(1 for o in unique if o.siren)
        if not self.report.dry_run and unique:
            write_merged(self.store, unique, self.report)
