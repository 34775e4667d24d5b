"""An import's counts as the import pages show them: one line per count, labelled in the page's
language part by part (« Liens — créations : 12 »); a part the catalogues do not name (a skip
reason a source wrote) is shown as it is.

>>> count_lines({"read": 3, "ties": {"created": 2}, "skipped_by_reason": {"header rows": 1}}, "fr")
[('lignes lues', 3), ('liens — créations', 2), ('lignes passées, par raison — header rows', 1)]
"""

from __future__ import annotations

from typing import Any

from graph_service.translations import WORDS


def _label(part: str, language: str) -> str:
    words = WORDS.get(f"count.{part}")
    return part if words is None else words[0 if language == "fr" else 1]


def count_lines(counts: dict[str, Any], language: str, within: tuple[str, ...] = ()) -> list[tuple[str, int]]:
    """Every number of ``counts`` (nested dicts walked), with its labelled path."""
    lines: list[tuple[str, int]] = []
    for key, value in counts.items():
        path = (*within, str(key))
        if isinstance(value, dict):
            lines += count_lines(value, language, path)
        elif isinstance(value, int) and not isinstance(value, bool):
            lines.append((" — ".join(_label(part, language) for part in path), value))
    return lines
