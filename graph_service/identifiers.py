"""French public identifiers (SIREN, SIRET, RNA, INSEE codes) and the search key of a name.

>>> is_valid_siren("213801855")  # Ville de Grenoble
True
>>> is_valid_siren("356000000")  # La Poste: the known exception to the Luhn rule
True
>>> is_valid_siren("123456789")
False
>>> is_valid_rna("W381000001")
True
>>> is_commune_code("2A004"), is_commune_code("97411"), is_commune_code("2C004")
(True, True, False)
>>> search_key("  Électricité de FRANCE — Île ")
'electricite de france ile'
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from functools import lru_cache

LA_POSTE_SIREN = "356000000"

RNA_PATTERN = re.compile(r"^W[0-9A-Z]{9}$")
COMMUNE_CODE_PATTERN = re.compile(r"^(?:\d{5}|2[AB]\d{3})$")
DEPARTEMENT_CODE_PATTERN = re.compile(r"^(?:0[1-9]|1\d|2[1-9]|[3-8]\d|9[0-5]|2[AB]|97[1-8]|98[4-9])$")
REGION_CODE_PATTERN = re.compile(r"^(?:0[1-6]|[1-9]\d|97[5-9]|98[4-9])$")
EPCI_CODE_PATTERN = re.compile(r"^\d{9}$")
POSTAL_CODE_PATTERN = re.compile(r"^\d{5}$")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


_DOUBLED = (0, 2, 4, 6, 8, 1, 3, 5, 7, 9)
"""A digit doubled, its two digits summed: Luhn's rule for every second digit from the right."""


def luhn_ok(digits: str) -> bool:
    """Whether a string of digits passes the Luhn checksum used by SIREN and SIRET.

    >>> luhn_ok("213801855"), luhn_ok("213801856")
    (True, False)
    """
    backwards = digits[::-1]
    total = sum(map(int, backwards[0::2])) + sum(_DOUBLED[int(char)] for char in backwards[1::2])
    return total % 10 == 0


@lru_cache(maxsize=1 << 16)
def is_valid_siren(value: str) -> bool:
    """A SIREN is 9 digits passing Luhn; La Poste's 356000000 is accepted as issued."""
    if len(value) != 9 or not value.isdigit():
        return False
    return value == LA_POSTE_SIREN or luhn_ok(value)


def is_valid_siret(value: str) -> bool:
    """A SIRET is 14 digits passing Luhn; La Poste's establishments use a digit sum divisible by 5."""
    if len(value) != 14 or not value.isdigit():
        return False
    if value.startswith(LA_POSTE_SIREN):
        return luhn_ok(value) or sum(int(c) for c in value) % 5 == 0
    return luhn_ok(value)


def is_valid_rna(value: str) -> bool:
    """An RNA number is ``W`` and 9 digits or capitals (Mayotte uses ``W9T...``)."""
    return bool(RNA_PATTERN.match(value))


def is_commune_code(value: str) -> bool:
    """An INSEE commune code: 5 digits, or 2A/2B and 3 digits for Corsica."""
    return bool(COMMUNE_CODE_PATTERN.match(value))


def is_departement_code(value: str) -> bool:
    """An INSEE département code, Corsica's 2A/2B and the overseas 971-978, 984-989 included."""
    return bool(DEPARTEMENT_CODE_PATTERN.match(value))


# Files repeat their names on every row (the grantor, the commune): most keys are asked again.
@lru_cache(maxsize=1 << 16)
def search_key(text: str) -> str:
    """Lower-case, accent-free, punctuation-free form of a name, for accent-insensitive search."""
    if text.isascii():
        return _NOT_ALNUM.sub(" ", text.lower()).strip()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_ALNUM.sub(" ", stripped.replace("œ", "oe").replace("æ", "ae")).strip()


def run_id(dataset: str, started: datetime) -> str:
    """The id of one write run: its dataset and the UTC instant it started, to the microsecond, so
    that runs sort by time and two runs never share one.

    >>> from datetime import UTC
    >>> run_id("somme", datetime(2024, 3, 1, 8, 30, tzinfo=UTC))
    'somme@20240301T083000000000Z'
    """
    return f"{dataset}@{started.strftime('%Y%m%dT%H%M%S%fZ')}"
