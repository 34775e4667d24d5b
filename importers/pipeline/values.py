"""The cells of published subsidy files, as they really are: amounts written ``40 000,00``,
``26 956,00 €`` or ``50 000 euros``; dates ``2017/09/08``, ``28/11/2017`` or a period
``2018-01-01_2018-03-31``; SIRETs turned into floats by a spreadsheet (``21860194600000.0``: the
first nine digits are still the SIREN); placeholders such as « Ne rien indiquer ».

>>> amount("40 000,00"), amount("26 956,00 €"), amount("50\\u00a0000 euros"), amount("10000.0"), amount(1.5)
(40000.0, 26956.0, 50000.0, 10000.0, 1.5)
>>> day("2017/09/08"), day("28/11/2017"), day("2018-01-01_2018-03-31")
(datetime.date(2017, 9, 8), datetime.date(2017, 11, 28), datetime.date(2018, 1, 1))
>>> siren_of("21860194600000.0"), siren_of("225800010"), siren_of(22460001500511.0), siren_of("12")
('218601946', '225800010', '224600015', None)
>>> rna_of(" w333216789 "), rna_of("Ne rien indiquer")
('W333216789', None)
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Any

from graph_service.identifiers import is_valid_rna, is_valid_siren, search_key

EARLIEST_REGISTER_YEAR = 1800
"""Older dates in a register are placeholders, not dates (the oldest associations date from 1901
and the oldest SIRENE units from the nineteenth century at most)."""

PLACEHOLDERS = {
    "", "-", "--", "/", "n/a", "na", "nc", "nd", "neant", "sans objet", "ne rien indiquer", "non renseigne",
    "inconnu", "null", "none",
}  # fmt: skip
"""What publishers write in a cell that holds nothing (compared accent- and case-free)."""

_CURRENCY = re.compile(r"(€|eur(os?)?\b|ttc|ht)", re.IGNORECASE)
_SPACES = re.compile(r"[\s\u00a0\u202f']+")
_DAY_PATTERNS = (
    (re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"), (1, 2, 3)),
    (re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})"), (3, 2, 1)),
)
_DIGITS = re.compile(r"\d+")
_FLOAT_INTEGER = re.compile(r"\d+\.0+")
_NOT_LETTER_OR_DIGIT = re.compile(r"[\W_]+")
_LONGEST_PLACEHOLDER = max(len(p) for p in PLACEHOLDERS)


def is_blank(value: Any) -> bool:
    """Whether a cell holds nothing: empty, or a placeholder."""
    if value is None:
        return True
    if not isinstance(value, str):
        return False
    # Most cells hold more letters than any placeholder: counting them in C spares the search key.
    if len(value) > _LONGEST_PLACEHOLDER and len(_NOT_LETTER_OR_DIGIT.sub("", value)) > _LONGEST_PLACEHOLDER:
        return False
    return search_key(value) in PLACEHOLDERS


def text(value: Any) -> str | None:
    """A cell as trimmed text, ``None`` when it holds nothing."""
    if is_blank(value):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()) or None


def amount(value: Any) -> float | None:
    """An amount in euros; ``None`` when blank. Raises ``ValueError`` when it is not a number."""
    if is_blank(value):
        return None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    cleaned = _SPACES.sub("", _CURRENCY.sub("", str(value)))
    if "," in cleaned and "." in cleaned:
        # 1.234,56 (French thousands) or 1,234.56 (English): the last mark is the decimal one.
        cleaned = (
            cleaned.replace(".", "").replace(",", ".")
            if cleaned.rfind(",") > cleaned.rfind(".")
            else cleaned.replace(",", "")
        )
    else:
        cleaned = cleaned.replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        raise ValueError(f"{value!r} is not an amount") from None


def day(value: Any) -> date | None:
    """A day; a period gives its first day. ``None`` when blank; ``ValueError`` when unreadable."""
    if is_blank(value):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    raw = str(value).strip()
    for pattern, (y, m, d) in _DAY_PATTERNS:
        found = pattern.match(raw)
        if found:
            try:
                return date(int(found.group(y)), int(found.group(m)), int(found.group(d)))
            except ValueError:
                break
    raise ValueError(f"{value!r} is not a date (use YYYY-MM-DD)")


def register_day(value: Any) -> date | None:
    """A date of a public register, or ``None`` when blank, unreadable or a placeholder: the RNA
    writes ``0001-01-01`` for "no date" (an association never dissolved).

    >>> register_day("2015-03-02"), register_day("0001-01-01"), register_day("n/a")
    (datetime.date(2015, 3, 2), None, None)
    """
    try:
        found = day(value)
    except ValueError:
        return None
    return found if found is not None and found.year >= EARLIEST_REGISTER_YEAR else None


def siren_of(value: Any) -> str | None:
    """The SIREN a SIREN or SIRET cell designates, recovering the ones a spreadsheet mangled.

    A float keeps the first digits (its last ones become zeros) and may lose a leading zero: the
    first nine digits are tried, then the number padded to fourteen. Only a SIREN that passes the
    Luhn check is given; anything else is ``None``.
    """
    if is_blank(value):
        return None
    if isinstance(value, float):
        value = f"{value:.0f}"
    raw = str(value).strip()
    if _FLOAT_INTEGER.fullmatch(raw):
        raw = raw.split(".")[0]
    digits = "".join(_DIGITS.findall(raw))
    if len(digits) < 9 or len(digits) > 14:
        return None
    candidates = [digits[:9]]
    if len(digits) < 14:
        candidates.append(digits.zfill(14)[:9])
    return next((c for c in candidates if is_valid_siren(c)), None)


def rna_of(value: Any) -> str | None:
    """An RNA number (``W`` and nine digits or capitals), ``None`` when the cell holds none."""
    if is_blank(value):
        return None
    candidate = str(value).strip().upper()
    return candidate if is_valid_rna(candidate) else None
