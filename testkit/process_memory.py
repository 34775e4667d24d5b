"""A live server's resident memory, read from ``/proc`` (Linux), for the memory tests and
benchmarks."""

from __future__ import annotations

import subprocess
from pathlib import Path


def rss_mib(pid: int) -> float:
    """The resident set of process ``pid`` in MiB; NaN when ``/proc`` does not say it."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def server_pid(base: str) -> int:
    """The process of the ``maillage serve`` listening at ``base`` (``http://127.0.0.1:PORT``)."""
    port = base.rsplit(":", 1)[1]
    found = subprocess.run(["pgrep", "-f", f"serve --port {port}"], capture_output=True, text=True)
    return int(found.stdout.split()[0])
