"""Text that Maillage accepts: no NUL byte, no bidirectional override, the same rule at every door.

A NUL byte truncates strings in C libraries and CSV readers downstream; a bidi override
(U+202A–U+202E, U+2066–U+2069) makes a name read differently from what it is ("Trojan Source").
Every domain model that takes free text derives from :class:`CleanTextModel`, so the API, the
importers and the reads refuse the same values.

>>> class Name(CleanTextModel):
...     name: str
>>> Name(name="Jardins partagés").name
'Jardins partagés'
>>> Name(name="evil\\u202egnp.exe")
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for Name
name
  Value error, holds a hidden control character (U+202E): NUL and bidi overrides are refused [...]
...
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, field_validator

HIDDEN_CHARACTERS = re.compile("[\x00\u202a-\u202e\u2066-\u2069]")
WEB_ADDRESS = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def hidden_character(value: str) -> str | None:
    """The first NUL byte or bidi override of ``value``, as ``U+XXXX``; None when there is none.

    >>> hidden_character("a\\x00b"), hidden_character("ok")
    ('U+0000', None)
    """
    found = HIDDEN_CHARACTERS.search(value)
    return f"U+{ord(found.group()):04X}" if found else None


def check_text(value: Any) -> Any:
    """``value`` unchanged, or ValueError if it (or a string in a list of it) holds a hidden character."""
    strings = value if isinstance(value, list) else [value]
    for item in strings:
        if isinstance(item, str) and (code := hidden_character(item)):
            raise ValueError(f"holds a hidden control character ({code}): NUL and bidi overrides are refused")
    return value


def check_web_address(value: str | None) -> str | None:
    """A website must be an http(s) address: ``javascript:`` or ``data:`` links would run in a page.

    >>> check_web_address("https://gaia.example.org"), check_web_address(None)
    ('https://gaia.example.org', None)
    """
    if value is not None and not WEB_ADDRESS.match(value):
        raise ValueError(f"website {value!r} must be an http:// or https:// address")
    return value


class CleanTextModel(BaseModel):
    """A model whose every text field (and list of texts) refuses hidden control characters."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_hidden_characters(cls, value: Any) -> Any:
        return check_text(value)
