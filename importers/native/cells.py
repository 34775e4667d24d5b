"""Typed reading of one row's cells, collecting every problem instead of stopping at the first.

Headers may be English or French (``nom``, ``monde``, ``code_postal``...): each kind of file
declares its aliases. Values are forgiving where people are: ``oui``/``non``, ``Collectivité``,
``15/03/2019``, lists separated by ``;`` or ``|``.

>>> cells = RowCells({"nom": "GAIA", "ess": "oui", "start": "15/03/2019"}, {"nom": "name"})
>>> cells.text("name"), cells.boolean("ess"), cells.day("start")
('GAIA', True, datetime.date(2019, 3, 15))
>>> cells.boolean("ess2"), cells.errors
(None, [])
>>> RowCells({"ess": "peut-être"}, {}).boolean("ess") is None
True
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from pydantic import ValidationError

from importers.pipeline.reading import column_key

E = TypeVar("E", bound=StrEnum)

TRUE_WORDS = {"1", "true", "vrai", "oui", "o", "yes", "y", "x"}
FALSE_WORDS = {"0", "false", "faux", "non", "n", "no"}
MISSING_DATES = {"0001-01-01", "00/00/0000"}
_LIST_SEPARATOR = re.compile(r"\s*[;|]\s*")


def _json_type(value: Any) -> str:
    """What a value read from JSON is, in JSON's words.

    >>> _json_type({"a": 1}), _json_type([1]), _json_type(True), _json_type(1.5)
    ('an object', 'a list', 'true/false', 'a decimal number')
    """
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, float):
        return "a decimal number"
    return type(value).__name__


def _shown(value: Any) -> str:
    """A refused value as the rejects file shows it: as JSON wrote it."""
    return json.dumps(value, ensure_ascii=False, default=str)[:200]


@dataclass(frozen=True)
class CellError:
    """What is wrong with one cell."""

    column: str
    value: str
    reason: str


class RowCells:
    """One row's cells by canonical column name, and the errors found while reading them.

    Column names arrive normalised by :func:`~importers.pipeline.reading.column_key`.
    """

    def __init__(self, data: dict[str, Any], aliases: Mapping[str, str]) -> None:
        self.values: dict[str, Any] = {aliases.get(key, key): value for key, value in data.items()}
        self.errors: list[CellError] = []

    def fail(self, column: str, reason: str, value: Any = None) -> None:
        shown = self.values.get(column) if value is None else value
        self.errors.append(CellError(column, "" if shown is None else str(shown), reason))

    def text(self, column: str, *, required: bool = False) -> str | None:
        """The cell as text: a string, or a whole number written without quotes (a JSON Lines
        ``"commune": 38185``). Anything else (an object, a list, true/false) is refused, never
        stored as Python would print it."""
        value = self.values.get(column)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.fail(column, "is required")
            return None
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.fail(column, f"must be text, not {_json_type(value)}", _shown(value))
            return None
        return str(value).strip()

    def boolean(self, column: str) -> bool | None:
        value = self.values.get(column)
        if isinstance(value, bool):
            return value
        text = self.text(column)
        if text is None:
            return None
        lowered = text.lower()
        if lowered in TRUE_WORDS or lowered in FALSE_WORDS:
            return lowered in TRUE_WORDS
        self.fail(column, "must be true/false (oui/non, 1/0)")
        return None

    def integer(self, column: str) -> int | None:
        value = self.values.get(column)
        if isinstance(value, bool | float | dict | list):
            self.fail(column, "must be a whole number", _shown(value))
            return None
        text = self.text(column)
        if text is None:
            return None
        try:
            return int(text)
        except ValueError:
            self.fail(column, "must be a whole number")
            return None

    def day(self, column: str, *, end_of_period: bool = False) -> date | None:
        """A date written 2019-03-15, 15/03/2019, 2019-03 or 2019; a bare year or month means its
        first day, or its last day with ``end_of_period``."""
        text = self.text(column)
        if text is None or text in MISSING_DATES:
            return None
        try:
            if re.fullmatch(r"\d{4}", text):
                return date(int(text), 12, 31) if end_of_period else date(int(text), 1, 1)
            if re.fullmatch(r"\d{4}-\d{2}", text):
                year, month = map(int, text.split("-"))
                if end_of_period:
                    following = date(year + month // 12, month % 12 + 1, 1)
                    return date.fromordinal(following.toordinal() - 1)
                return date(year, month, 1)
            if re.fullmatch(r"\d{1,2}/\d{1,2}/\d{4}", text):
                day_, month_, year_ = map(int, text.split("/"))
                return date(year_, month_, day_)
            return date.fromisoformat(text[:10])
        except ValueError:
            self.fail(column, "must be a date such as 2019-03-15, 15/03/2019 or 2019")
            return None

    def items(self, column: str) -> list[str]:
        value = self.values.get(column)
        if isinstance(value, list):
            wrong = [item for item in value if isinstance(item, bool) or not isinstance(item, str | int)]
            if wrong:
                self.fail(column, f"must be a list of texts, not of {_json_type(wrong[0])}", _shown(value))
                return []
            return [str(item).strip() for item in value if str(item).strip()]
        text = self.text(column)
        return [part for part in _LIST_SEPARATOR.split(text) if part] if text else []

    def choice(self, column: str, enum: type[E], *, required: bool = False) -> E | None:
        text = self.text(column, required=required)
        if text is None:
            return None
        for candidate in (text, column_key(text), text.upper()):
            try:
                return enum(candidate)
            except ValueError:
                continue
        self.fail(column, f"must be one of {', '.join(member.value for member in enum)}")
        return None

    def add_validation_errors(self, error: ValidationError, columns: dict[str, str] | None = None) -> None:
        """Record a model's validation errors against the columns its fields came from."""
        for detail in error.errors():
            field = str(detail["loc"][0]) if detail["loc"] else ""
            column = (columns or {}).get(field, field)
            message = str(detail["msg"]).removeprefix("Value error, ")
            value = detail.get("input")
            self.fail(column or "row", message, value if isinstance(value, str | int | float) else "")
