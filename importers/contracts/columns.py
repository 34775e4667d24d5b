"""Which column of a DECP file (public procurement data, consolidated tabular edition) holds what.

Both shapes are read: the long form (one row per holder, ``titulaire_id``) and the wide form
(``titulaire_id_1`` to ``titulaire_id_3``). Headers arrive as
:func:`~importers.pipeline.reading.column_key` made them.

>>> header = ["uid", "acheteur_id", "acheteur_nom", "titulaire_id", "montant", "donneesactuelles"]
>>> fields_of(header)["holders"]
[('titulaire_id', None, None)]
>>> [h[0] for h in fields_of(["acheteur_id", "titulaire_id_1", "titulaire_id_2", "montant"])["holders"]]
['titulaire_id_1', 'titulaire_id_2']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from graph_service.errors import InvalidInput

SINGLE = {
    "uid": "reference", "id": "reference", "acheteur_id": "grantor_id", "acheteur_nom": "grantor_name",
    "montant": "amount", "datenotification": "date", "date_notification": "date", "objet": "object",
    "codecpv": "nature", "code_cpv": "nature", "donneesactuelles": "current",
}  # fmt: skip
HOLDER_ID = ("titulaire_id",)
HOLDER_NAME = ("titulaire_nom", "titulaire_denominationsociale", "titulaire_denomination_sociale")
HOLDER_TYPE = ("titulaire_typeidentifiant", "titulaire_type_identifiant")


def _holder_columns(columns: Sequence[str], suffix: str) -> tuple[str, str | None, str | None] | None:
    def first(names: tuple[str, ...]) -> str | None:
        return next((c for c in columns if c in {n + suffix for n in names}), None)

    found = first(HOLDER_ID)
    return (found, first(HOLDER_NAME), first(HOLDER_TYPE)) if found else None


def fields_of(columns: Sequence[str]) -> dict[str, Any]:
    """The single fields and the holders' (id, name, identifier type) columns of a header."""
    found: dict[str, Any] = {}
    for column in columns:
        if column in SINGLE and SINGLE[column] not in found:
            found[SINGLE[column]] = column
    holders = [h for suffix in ("", "_1", "_2", "_3") if (h := _holder_columns(columns, suffix))]
    found["holders"] = holders
    return found


def header_score(columns: Sequence[str]) -> int:
    fields = fields_of(columns)
    return len(fields) - 1 + len(fields["holders"])


def require_fields(columns: Sequence[str], file: str) -> dict[str, Any]:
    """The fields of a DECP header, or one clear error naming what is missing and what was found."""
    found = fields_of(columns)
    missing = [
        name for name, field in (("acheteur_id", "grantor_id"), ("montant", "amount")) if field not in found
    ]
    if not found["holders"]:
        missing.append("titulaire_id (or titulaire_id_1)")
    if missing:
        raise InvalidInput(
            f"{file}: not a DECP public procurement file: missing {', '.join(missing)}. "
            f"Columns found: {', '.join(c for c in columns if c) or 'none'}"
        )
    return found
