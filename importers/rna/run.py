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
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graph_service.errors import InvalidInput
from graph_service.identifiers import is_valid_rna
from graph_service.model import Organisation, World, location_key
from graph_service.progress import SILENT, Progress
from graph_service.store.port import GraphStore
from importers.native.report import Rejection, write_rejections
from importers.pipeline.merging import merged_with_store
from importers.pipeline.reading import read_tables
from importers.subsidies.values import siren_of, text

SOURCE = "rna"
REQUIRED = {"id", "titre", "adrs_codeinsee", "position"}
CHUNK = 20_000
LOCAL_LAW_DEPARTEMENTS = ("57", "67", "68")


@dataclass
class RnaReport:
    """What an RNA import did."""

    dataset: str
    run: str
    dry_run: bool
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    linked_to_siren: int = 0
    skipped_inactive: int = 0
    files: list[dict[str, str]] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    """Identity conflicts found (an RNA number another organisation holds): reported, not merged."""

    @property
    def rejected_rows(self) -> int:
        return len({(r.file, r.line) for r in self.rejections})

    def counts_table(self) -> list[tuple[str, int]]:
        return [
            ("rows read", self.read),
            ("associations created", self.created),
            ("associations updated", self.updated),
            ("associations unchanged", self.unchanged),
            ("one with their SIRENE unit (SIRET)", self.linked_to_siren),
            ("not active (left out)", self.skipped_inactive),
            ("rows rejected", self.rejected_rows),
            ("identity conflicts (not merged)", len(self.conflicts)),
        ]

    def summary(self) -> str:
        return (
            f"rna: {self.read} read, {self.created} created, {self.updated} updated, "
            f"{self.rejected_rows} rejected"
        )

    def write_rejects(self, path: Path) -> None:
        write_rejections(self.rejections, path)

    def as_dict(self) -> dict[str, Any]:
        counts = {k: v for k, v in asdict(self).items() if isinstance(v, int) and not isinstance(v, bool)}
        return {
            "source": SOURCE,
            "dataset": self.dataset,
            "run": self.run,
            "dry_run": self.dry_run,
            "files": self.files,
            "counts": counts,
            "rejections": [asdict(r) for r in self.rejections],
            "conflicts": self.conflicts,
        }


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
        website=None,
        commune=commune if commune and location_key(commune) in known_places else None,
        source=SOURCE,
    )


def import_rna(
    paths: Iterable[Path],
    store: GraphStore,
    *,
    dataset: str = SOURCE,
    include_inactive: bool = False,
    dry_run: bool = False,
    progress: Progress = SILENT,
) -> RnaReport:
    """Import ``rna_waldec`` files into ``store`` as associations."""
    started = datetime.now(UTC)
    report = RnaReport(dataset, f"{dataset}@{started.strftime('%Y%m%dT%H%M%S%fZ')}", dry_run)
    tables = [table for path in paths for table in read_tables(path)]
    for table in tables:
        report.files.append({"file": table.name, "encoding": table.encoding})
        pending: list[Organisation] = []
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
                    places = set(store.existing_territory_keys([location_key(commune)])) if commune else set()
                    pending.append(_association(row, places))
                except ValidationError as error:
                    reason = "; ".join(str(e["msg"]) for e in error.errors())
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


def _flush(store: GraphStore, pending: list[Organisation], report: RnaReport) -> None:
    unique = list({o.id: o for o in pending}.values())
    pending.clear()
    # A record without SIRET whose number one organisation holds already (a SIRENE unit) is it.
    holders = store.organisation_ids_by_rna({o.rna for o in unique if o.rna and not o.siren})
    for i, organisation in enumerate(unique):
        others = holders.get(organisation.rna or "", set()) - {organisation.id}
        if not organisation.siren and len(others) == 1:
            unique[i] = organisation.model_copy(update={"id": next(iter(others))})
    report.linked_to_siren += sum(1 for o in unique if o.siren)
    if report.dry_run or not unique:
        return
    merged, conflicts = merged_with_store(store, unique)
    report.conflicts += [c.reason for c in conflicts]
    counts = store.upsert_organisations(merged, report.run)
    report.created += counts.created
    report.updated += counts.updated
    report.unchanged += counts.unchanged
