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
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graph_service.errors import InvalidInput, validation_reasons
from graph_service.identifiers import is_valid_rna, run_id
from graph_service.model import Organisation, World, location_key
from graph_service.model.text import check_web_address
from graph_service.progress import SILENT, Progress
from graph_service.store.port import ReadWriteStore
from importers.pipeline.merging import merged_with_store
from importers.pipeline.reading import read_tables
from importers.pipeline.rejections import Rejection
from importers.pipeline.report import OrganisationReport
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
) -> RnaReport:
    """Import ``rna_waldec`` files into ``store`` as associations."""
    started = datetime.now(UTC)
    run = run_id(dataset, started)
    report = RnaReport(dataset, run, dry_run, source=SOURCE, noun="associations")
    tables = [table for path in paths for table in read_tables(path)]
    for table in tables:
        report.files.append({"file": table.name, "encoding": table.encoding})
        pending: list[Organisation] = []
        # Whether each commune code met is a known territory: asked once per commune, not per row.
        located: dict[str, bool] = {}
        checked = False
        with progress.task(f"rna {table.name}", total=table.size or None) as advance:
            for line, row in table.rows:
                advance(1)
                report.read += 1
                if "__error__" in row:
                    report.rejections.append(Rejection(table.name, line, "", "", row["__error__"]))
                    continue
                if not checked:
                    missing = REQUIRED - set(row)
                    if missing:
                        raise InvalidInput(
                            f"{table.name}: not an rna_waldec file: missing {', '.join(sorted(missing))} "
                            f"(columns found: {', '.join(sorted(row))})"
                        )
                    checked = True
                if not include_inactive and (text(row.get("position")) or "A").upper() != "A":
                    report.skipped_inactive += 1
                    continue
                try:
                    commune = text(row.get("adrs_codeinsee"))
                    if commune and commune not in located:
                        located[commune] = bool(store.existing_territory_keys([location_key(commune)]))
                    places = {location_key(commune)} if commune and located[commune] else set()
                    pending.append(_association(row, places))
                except ValidationError as error:
                    reason = validation_reasons(error)
                    report.rejections.append(
                        Rejection(table.name, line, "id", str(row.get("id") or ""), reason)
                    )
                    continue
                except ValueError as error:
                    reason = str(error)
                    report.rejections.append(
                        Rejection(table.name, line, "id", str(row.get("id") or ""), reason)
                    )
                    continue
                if len(pending) >= CHUNK:
                    _flush(store, pending, report)
        _flush(store, pending, report)
    if not dry_run:
        store.record_import_run(report.run, dataset, started, report.summary(), finished=True)
    return report


def _flush(store: ReadWriteStore, pending: list[Organisation], report: RnaReport) -> None:
    unique = list({o.id: o for o in pending}.values())
    pending.clear()
    report.linked_to_siren += sum(1 for o in unique if o.siren)
    if report.dry_run or not unique:
        return
    merged, conflicts = merged_with_store(store, unique)
    report.conflicts += [c.reason for c in conflicts]
    counts = store.upsert_organisations(merged, report.run)
    report.created += counts.created
    report.updated += counts.updated
    report.unchanged += counts.unchanged
