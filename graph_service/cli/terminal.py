"""What the terminal shows: tables that never cut a value (long ones wrap; ``--wide`` keeps each row
on one line), in the reader's language (French when ``LC_ALL``, ``LC_MESSAGES`` or ``LANG`` says
``fr``; ``MAILLAGE_LANG`` overrides), with the pages' Babel catalogues.

>>> language_of({"LANG": "fr_FR.UTF-8"}), language_of({"LANG": "C.UTF-8"})
('fr', 'en')
>>> language_of({"LC_ALL": "en_GB.UTF-8", "LANG": "fr_FR.UTF-8"}), language_of({"MAILLAGE_LANG": "fr"})
('en', 'fr')
>>> cell(0.123456, "fr"), cell(1234.5, "en"), cell(None, "fr"), cell(True, "fr")
('0,123', '1,234.5', '', 'oui')
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any

from babel.numbers import format_decimal
from rich.console import Console
from rich.measure import Measurement
from rich.table import Table

from graph_service.translations import translator

WIDE = 100_000
"""Console width for ``--wide``: every table at its natural width, never wrapped."""


def language_of(environment: Mapping[str, str]) -> str:
    """``fr`` or ``en``, from the POSIX locale variables in their order of precedence."""
    for name in ("MAILLAGE_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environment.get(name, "")
        if value:
            return "fr" if value.lower().startswith("fr") else "en"
    return "en"


@cache
def language() -> str:
    """This terminal's language."""
    return language_of(os.environ)


def say(key: str, **values: Any) -> str:
    """The words of ``key`` in the terminal's language, ``{name}`` fields filled in."""
    text = translator(language())(key)
    return text.format(**values) if values else text


def words_or(key: str, fallback: str) -> str:
    """The words of ``key``, or ``fallback`` when the catalogue has none."""
    words = say(key)
    return fallback if words == key else words


def heading(column: str) -> str:
    """A column's heading: its words under ``column.<name>`` when the catalogue has them."""
    return words_or(f"column.{column}", column)


def cell(value: Any, lang: str | None = None) -> str:
    """A value as the terminal shows it: numbers to three decimals in the reader's notation."""
    lang = lang or language()
    if value is None:
        return ""
    if isinstance(value, bool):
        return translator(lang)("yes" if value else "no").lower()
    if isinstance(value, float):
        return format_decimal(round(value, 3), format="#,##0.###", locale=lang)
    return str(value)


def table(
    title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, numeric: Iterable[str] = ()
) -> Table:
    """A table whose cells fold rather than lose characters: an id is always whole."""
    shown = Table(title=title)
    right = set(numeric)
    for column in columns:
        shown.add_column(heading(column), overflow="fold", justify="right" if column in right else "left")
    for row in rows:
        shown.add_row(*(cell(value) for value in row))
    return shown


def print_table(console: Console, shown: Table, *, wide: bool = False) -> None:
    """Print ``shown``: folded to the terminal's width, or each row on one line with ``wide``."""
    if not wide:
        console.print(shown)
        return
    # Rich clamps a print's width to its console's: a console as wide as the table draws it whole.
    natural = Measurement.get(console, console.options.update(width=WIDE), shown).maximum
    Console(file=console.file, width=max(natural, console.width), no_color=console.no_color).print(shown)
