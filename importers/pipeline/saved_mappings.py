"""Column choices a user made once, kept per publisher and used again on their next file.

A publisher is known by the SIREN of the grantor its files name (the same authority every year),
or, for files without one, by the pattern of their name (``subventions_2017.csv`` and
``subventions_2018.csv`` are ``subventions_#.csv``). The choices are the headers as written; on
the next file, those that exist there are given to the inference as if typed with ``--columns``.
They live in one JSON file beside the database (``column-mappings.json``).

>>> import tempfile, pathlib
>>> saved = SavedMappings(pathlib.Path(tempfile.mkdtemp()) / "column-mappings.json")
>>> saved.remember(["siren:221000052", "file:aides_#.xlsx"], {"amount": "Montant octroyé"})
>>> saved.recall(["file:aides_#.xlsx"])
{'amount': 'Montant octroyé'}
>>> file_pattern("Subventions_2018-03.CSV")
'file:subventions_#-#.csv'
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import threading
from collections.abc import Sequence
from pathlib import Path

_DIGITS = re.compile(r"\d+")
_lock = threading.Lock()


def file_pattern(name: str) -> str:
    """A file's name with its numbers (years, dates, versions) made ``#``, lower-case."""
    return "file:" + _DIGITS.sub("#", Path(name).name.lower())


class SavedMappings:
    """The choices of every publisher, in one JSON file."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def all(self) -> dict[str, dict[str, str]]:
        try:
            found = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            return {}
        return {
            str(k): {str(f): str(h) for f, h in v.items()} for k, v in found.items() if isinstance(v, dict)
        }

    def recall(self, publishers: Sequence[str]) -> dict[str, str]:
        """The choices kept for the first of ``publishers`` that has some."""
        kept = self.all()
        return next((dict(kept[key]) for key in publishers if key in kept), {})

    def remember(self, publishers: Sequence[str], columns: dict[str, str]) -> None:
        """Keep ``columns`` for every one of ``publishers`` (written whole, atomically)."""
        if not columns or not publishers:
            return
        with _lock:
            kept = self.all()
            for key in publishers:
                kept[key] = dict(sorted(columns.items()))
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.path.parent, suffix=".json")
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(kept, out, ensure_ascii=False, indent=2, sort_keys=True)
            os.replace(temporary, self.path)
