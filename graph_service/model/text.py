"""Text that Maillage accepts: what every format it writes can carry, the same rule at every door.

Refused, never silently changed (a name is evidence: the user is told which character and where):

- the characters XML 1.0 cannot carry, so that every GraphML and GEXF export parses: C0 control
  characters but tab, line feed and carriage return (a NUL byte also truncates strings in C
  libraries and CSV readers), the non-characters U+FFFE and U+FFFF;
- unpaired surrogates (U+D800–U+DFFF), which no UTF-8 answer can encode;
- bidirectional overrides (U+202A–U+202E, U+2066–U+2069), which make a name read differently from
  what it is ("Trojan Source").

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
  Value error, holds a character that cannot be kept (U+202E, a bidi override): ...
...
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel, field_validator

HIDDEN_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff\u202a-\u202e\u2066-\u2069]"
)
WEB_ADDRESS = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)


def hidden_character(value: str) -> str | None:
    """The first character of ``value`` that cannot be kept, as ``U+XXXX`` and what it is; None
    when there is none.

    >>> hidden_character("a\\x00b"), hidden_character("Lone \\ud800"), hidden_character("ok\\tok")
    ('U+0000, a control character', 'U+D800, an unpaired surrogate', None)
    """
    found = HIDDEN_CHARACTERS.search(value)
    if not found:
        return None
    code = ord(found.group())
    kind = (
        "an unpaired surrogate"
        if 0xD800 <= code <= 0xDFFF
        else "a non-character"
        if code in (0xFFFE, 0xFFFF)
        else "a bidi override"
        if code >= 0x202A
        else "a control character"
    )
    return f"U+{code:04X}, {kind}"


def check_text(value: Any) -> Any:
    """``value`` unchanged, or ValueError if it (or a string in a list of it) holds a hidden character."""
    strings = value if isinstance(value, list) else [value]
    for item in strings:
        if isinstance(item, str) and (code := hidden_character(item)):
            raise ValueError(
                f"holds a character that cannot be kept ({code}): control characters, unpaired "
                "surrogates, U+FFFE/U+FFFF and bidi overrides are refused"
            )
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
    """A model whose every text field (and list of texts) refuses what :func:`hidden_character`
    finds."""

    @field_validator("*", mode="after")
    @classmethod
    def _no_hidden_characters(cls, value: Any) -> Any:
        return check_text(value)
