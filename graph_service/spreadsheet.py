"""CSV cells that a spreadsheet cannot run: every CSV Maillage writes goes through here.

Excel, LibreOffice and Google Sheets read a cell that starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return as a formula (``=HYPERLINK(...)``, ``=cmd|...``). Such a text cell gets a
leading apostrophe, the spreadsheets' own "this is text" mark (OWASP's advice on CSV injection).
Numbers are left alone: ``-0.8`` is an E-I index, not a formula. The native importer removes the
apostrophe again, so an export re-imports unchanged.

>>> safe_cell("=HYPERLINK(\\"http://x\\")"), safe_cell("GAIA"), safe_cell(-0.8)
('\\'=HYPERLINK("http://x")', 'GAIA', -0.8)
>>> restore_cell(safe_cell("+33 4 76 00 00 00"))
'+33 4 76 00 00 00'
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TEXT_MARK = "'"


def safe_cell(value: Any) -> Any:
    """``value``, with a text mark in front if a spreadsheet would read it as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return TEXT_MARK + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """A row for ``csv.writer``, each cell made safe."""
    return [safe_cell(value) for value in values]


def safe_record(record: Mapping[str, Any]) -> dict[str, Any]:
    """A row for ``csv.DictWriter``, each cell made safe."""
    return {key: safe_cell(value) for key, value in record.items()}


def restore_cell(value: str) -> str:
    """A cell as it was before :func:`safe_cell` (for reading Maillage's own CSV back)."""
    if value.startswith(TEXT_MARK) and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
