"""Public contracts (DECP, consolidated tabular edition) into ``CONTRACTS_WITH`` ties from buyer to
holder, with the amount, notification date, CPV code and object.

Rows whose ``donneesActuelles`` is false (superseded versions of a contract) are skipped. A holder
identified by a SIRET is ``siren:<SIREN>``; the identity rules are the subsidies' (by name within
the buyer's territory, never merged below the threshold). A contract is identified by buyer,
holder, date, ``uid`` and amount: re-importing a file writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from graph_service.model import RelType
from graph_service.progress import SILENT, Progress
from graph_service.store.port import ReadWriteStore
from importers.contracts import columns
from importers.pipeline import values
from importers.pipeline.column_profiles import ColumnProfile
from importers.pipeline.columns import ColumnMapping
from importers.pipeline.run_record import IMPORT_AUTHOR
from importers.pipeline.saved_mappings import SavedMappings
from importers.subsidies.report import SubsidyReport
from importers.subsidies.run import TieImport
from importers.subsidies.tie_format import TieFormat

SOURCE = "marches"
NOT_CURRENT = {"false", "faux", "non", "0", "n", "f"}


class ContractFormat:
    """The DECP's tabular edition: a tie per holder of each current contract."""

    source = SOURCE
    kind = RelType.CONTRACTS_WITH
    label = "contracts"

    def header_score(self, names: Sequence[str]) -> int:
        return columns.header_score(names)

    def infer(self, profiles: list[ColumnProfile], given: dict[str, str], why_given: str) -> ColumnMapping:
        return columns.infer_contract_columns(profiles, given=given, why_given=why_given)

    def fields(self, mapping: ColumnMapping, table: str, *, grantor_known: bool) -> dict[str, Any]:
        """Which column holds each field, the holders' included."""
        columns.require_fields(mapping, table, grantor_known=grantor_known)
        return columns.as_fields(mapping)

    def rows(self, raw: dict[str, Any], fields: dict[str, Any]) -> list[dict[str, Any]] | str:
        current = fields.get("current")
        if current and str(raw.get(current, "")).strip().lower() in NOT_CURRENT:
            return "superseded versions"
        shared = {field: raw.get(column) for field, column in fields.items() if field != "holders"}
        rows = []
        for holder_id, holder_name, holder_type in fields["holders"]:
            identifier, name = raw.get(holder_id), raw.get(holder_name) if holder_name else None
            if values.is_blank(identifier) and values.is_blank(name):
                continue
            kind = (values.text(raw.get(holder_type)) or "SIRET").upper() if holder_type else "SIRET"
            # Only a SIRET gives a SIREN; a VAT or foreign number is a name for identity's sake.
            rows.append(
                {
                    **shared,
                    "beneficiary_id": identifier if kind == "SIRET" else None,
                    "beneficiary_name": name,
                }
            )
        return rows


CONTRACTS: TieFormat = ContractFormat()


def import_contracts(
    paths: Iterable[Path],
    store: ReadWriteStore,
    *,
    dataset: str = SOURCE,
    grantor: str | None = None,
    dry_run: bool = False,
    progress: Progress = SILENT,
    columns: dict[str, str] | None = None,
    saved: SavedMappings | None = None,
    author: str | None = IMPORT_AUTHOR,
) -> SubsidyReport:
    """Import DECP files into ``store`` as ``CONTRACTS_WITH`` ties. ``grantor`` is the buyer, for
    a table that names none; ``columns`` and ``saved`` as for
    :func:`~importers.subsidies.run.import_subsidies`."""
    return TieImport(
        store,
        dataset,
        CONTRACTS,
        grantor=grantor or None,
        dry_run=dry_run,
        progress=progress,
        columns=columns,
        saved=saved,
        author=author,
    ).run(paths)
