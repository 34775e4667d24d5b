"""Numbers and dates as people write them in the page's language: ``12,5 %`` and ``0,45`` in
French, a data snapshot as « 6 décembre 2026 à 03:51 ».

>>> percent(0.125, "fr"), percent(0.125, "en"), decimal(-0.4512, "fr"), decimal(3, "en", 0)
('12,5 %', '12.5%', '−0,45', '3')
>>> snapshot_time("demo@20261206T025135626778Z", "fr"), snapshot_time("empty", "fr")
('6 décembre 2026 à 03:51', 'empty')
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from graph_service.translations import Language

RUN_TIME = "%Y%m%dT%H%M%S%fZ"
"""How an import run's id (``dataset@time``) writes the time it started, in UTC."""


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


def snapshot_time(snapshot: str, language: str) -> str:
    """When the data shown was last written (the latest import run), in French time; a snapshot
    that names no run (``empty``) as it is."""
    try:
        moment = datetime.strptime(snapshot.rpartition("@")[2], RUN_TIME).replace(tzinfo=UTC)
    except ValueError:
        return snapshot
    pattern = "d MMMM y 'à' HH:mm" if language == Language.FR else "d MMMM y 'at' HH:mm"
    return format_datetime(moment, pattern, tzinfo=ZoneInfo("Europe/Paris"), locale=language)
