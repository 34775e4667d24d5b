"""What tells one kind of open-data tie file from another: :class:`TieFormat`.

Subsidy files (``FUNDS``) and public contracts (``CONTRACTS_WITH``) are read by the same run
(:class:`~importers.subsidies.run.TieImport`: grantors, beneficiaries, identity, dates, amounts,
keys, writes). What differs is given to it as a format: the words of a header, how columns are
inferred, which fields a table cannot do without, and which ties a file row gives. Subsidies'
format is :data:`SUBSIDIES`; contracts' is :data:`~importers.contracts.run.CONTRACTS`.

>>> SUBSIDIES.rows({"m": "10", "b": "Club"}, {"beneficiary_name": "b", "amounts": [("m", None)]})
[{'beneficiary_name': 'Club', 'amount': '10'}]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

from graph_service.model import RelType
from importers.pipeline import values
from importers.pipeline.column_profiles import ColumnProfile
from importers.pipeline.columns import ColumnMapping, infer
from importers.subsidies import columns
from importers.subsidies.tables import is_total_row


class TieFormat(Protocol):
    """One kind of open-data tie file."""

    source: str
    """The ``source`` written on what the run creates (``subventions``, ``marches``)."""
    kind: RelType
    label: str
    """What its tables are called in messages (« no subsidies table in this sheet »)."""

    def header_score(self, names: Sequence[str]) -> int:
        """How much a row looks like this format's header."""
        ...

    def infer(self, profiles: list[ColumnProfile], given: dict[str, str], why_given: str) -> ColumnMapping:
        """The column of each field, ``given`` ones first (with the reason shown for them)."""
        ...

    def fields(self, mapping: ColumnMapping, table: str, *, grantor_known: bool) -> dict[str, Any]:
        """The run's fields from ``mapping``; raises InvalidInput when a needed one is missing."""
        ...

    def rows(self, raw: dict[str, Any], fields: dict[str, Any]) -> list[dict[str, Any]] | str:
        """The ties a file row gives, each as a row of named fields; or why the row is skipped."""
        ...


class SubsidyFormat:
    """SCDL ``subventions`` 1.x and 2.x and the historical variants."""

    source = "subventions"
    kind = RelType.FUNDS
    label = "subsidies"

    def header_score(self, names: Sequence[str]) -> int:
        return columns.header_score(names)

    def infer(self, profiles: list[ColumnProfile], given: dict[str, str], why_given: str) -> ColumnMapping:
        return infer(columns.SPECS, profiles, given=given, why_given=why_given)

    def fields(self, mapping: ColumnMapping, table: str, *, grantor_known: bool) -> dict[str, Any]:
        columns.require_fields(mapping, table, grantor_known=grantor_known)
        fields: dict[str, Any] = {
            name: column for name, column in mapping.as_fields().items() if name != "amount"
        }
        fields["amounts"] = [(choice.column.key, choice.year) for choice in mapping.columns_of("amount")]
        return fields

    def rows(self, raw: dict[str, Any], fields: dict[str, Any]) -> list[dict[str, Any]] | str:
        """One row per amount column: one for a subsidy, one per year when the amounts of several
        years stand side by side; or « total rows »."""
        shared = {field: raw.get(column) for field, column in fields.items() if field != "amounts"}
        if is_total_row(raw, shared):
            return "total rows"
        amounts: list[tuple[str, int | None]] = fields["amounts"]
        if len(amounts) == 1:
            return [{**shared, "amount": raw.get(amounts[0][0])}]
        rows = []
        for column, year in amounts:
            if values.is_blank(raw.get(column)):
                continue
            dated = shared if not values.is_blank(shared.get("date")) else {**shared, "date": f"{year}-01-01"}
            rows.append({**dated, "amount": raw.get(column)})
        return rows or [{**shared, "amount": None}]


SUBSIDIES: TieFormat = SubsidyFormat()
