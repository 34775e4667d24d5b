"""Numbers as people write them in the page's language: ``12,5 %`` and ``0,45`` in French.

>>> percent(0.125, "fr"), percent(0.125, "en"), decimal(-0.4512, "fr"), decimal(3, "en", 0)
('12,5 %', '12.5%', '−0,45', '3')
"""

from __future__ import annotations

from visual.i18n import Language


def decimal(value: float, language: str, digits: int = 2) -> str:
    """A number with ``digits`` decimals; in French a decimal comma and a true minus sign."""
    text = f"{value:.{digits}f}"
    if language == Language.FR:
        text = text.replace(".", ",").replace("-", "−")
    return text


def short(value: float, language: str) -> str:
    """A threshold as written in a rule, without trailing zeros: ``0,25``, ``−0,2``, ``4``.

    >>> short(-0.2, "fr"), short(4, "fr"), short(0.25, "en")
    ('−0,2', '4', '0.25')
    """
    text = decimal(value, language, 2)
    return text.rstrip("0").rstrip(",.") if ("," in text or "." in text) else text


def percent(share: float, language: str) -> str:
    """A share as a percentage with at most one decimal: ``12,5 %`` in French, ``12.5%`` in English."""
    text = f"{share * 100:.1f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} %" if language == Language.FR else f"{text}%"
