"""Analyses kept on disk, so that a restarted server opens its territories warm.

One file per territory and parameter set holds the latest computed :class:`Saved` result: the
analysed territory (projection, partition, closure cards), the results derived from it so far
(centralities, introductions) and the snapshot it was computed at. Files are written to a
temporary name and renamed, so a reader never sees half a file; a file that cannot be read (an
older Maillage, a damaged disk) is ignored and deleted.

The files are Python pickles: the folder must be as private as the database file itself (it is
made beside it, readable by its owner only).

>>> import tempfile, pathlib
>>> store = ResultStore(pathlib.Path(tempfile.mkdtemp()) / "analyses")
>>> store.save(("departement:38", "{}"), Saved(snapshot="run-1", value={"answer": 42}))
>>> store.load(("departement:38", "{}")).value
{'answer': 42}
>>> store.load(("departement:29", "{}")) is None
True
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

logger = logging.getLogger("maillage.analysis")
FORMAT = 2
"""Bumped when what is saved changes shape: files of another format are ignored."""


@dataclass
class Saved:
    """What one file holds."""

    snapshot: str
    value: Any
    derived: dict[tuple[str, ...], Any] = field(default_factory=dict)
    format: int = FORMAT


class ResultStore:
    """A folder of saved analyses, one file per key."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, key: tuple[str, ...]) -> Path:
        digest = hashlib.sha256("\x1f".join(key).encode()).hexdigest()[:32]
        return self.folder / f"{digest}.pickle"

    def save(self, key: tuple[str, ...], saved: Saved) -> None:
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".part")
            with os.fdopen(handle, "wb") as out:
                pickle.dump((key, saved), out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self._path(key))
        except OSError as error:
            # A full or read-only disk costs a warm restart, never an answer.
            logger.warning("analysis not saved to %s: %s", self.folder, error)

    def load(self, key: tuple[str, ...]) -> Saved | None:
        path = self._path(key)
        try:
            with path.open("rb") as source:
                stored_key, saved = pickle.load(source)
        except FileNotFoundError:
            return None
        except Exception as error:  # any unreadable file: an older format, a damaged disk
            logger.info("ignoring saved analysis %s: %s", path.name, error)
            path.unlink(missing_ok=True)
            return None
        if stored_key != key or not isinstance(saved, Saved) or saved.format != FORMAT:
            return None
        return saved
