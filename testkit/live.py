"""`maillage serve` in its own process on a free port, for tests and benchmarks over real HTTP."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

MAILLAGE = shutil.which("maillage", path=str(Path(sys.executable).parent)) or "maillage"
"""The installed command, beside the running Python."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def live_server(db_path: Path, *args: str, timeout: float = 120, **env: str) -> Iterator[str]:
    """Serve the database at ``db_path``; yields the base URL once the health check answers."""
    port = free_port()
    environment = {**os.environ, "MAILLAGE_DB_PATH": str(db_path), **env}
    process = subprocess.Popen(
        [MAILLAGE, "serve", "--port", str(port), *args],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"the server did not answer within {timeout:g} s") from None
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:  # a read stalled in the database holds the shutdown
            process.kill()
            process.wait(timeout=30)


def upload_folder(base: str, folder: Path, secret: str, dataset: str) -> httpx.Response:
    """``POST /api/v1/imports`` with every file of ``folder``, as a catalyst's browser would."""
    files = [("files", (p.name, p.read_bytes(), "text/csv")) for p in sorted(folder.iterdir())]
    return httpx.post(
        f"{base}/api/v1/imports",
        files=files,
        data={"dataset": dataset},
        headers={"Authorization": f"Bearer {secret}"},
        timeout=3_600,
    )
