"""The installed ``maillage`` command, run on a database in a process of its own."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from testkit.live import MAILLAGE


def run_maillage(
    db: Path, *args: str, timeout: float = 300, stdin: str | None = None, **variables: str
) -> subprocess.CompletedProcess[str]:
    """``maillage <args>`` with ``MAILLAGE_DB_PATH`` set to ``db``, ``stdin`` on its standard input,
    in English unless ``variables`` say otherwise (``LANG="fr_FR.UTF-8"``); its output is captured."""
    env = {**os.environ, "MAILLAGE_DB_PATH": str(db), "COLUMNS": "200", "MAILLAGE_LANG": "en", **variables}
    return subprocess.run(
        [MAILLAGE, *args], capture_output=True, text=True, env=env, timeout=timeout, check=False, input=stdin
    )
