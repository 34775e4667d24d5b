"""The main command's own words: where to go first, and a second start that installs nothing."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

from testkit.live import MAILLAGE, free_port

ROOT = Path(__file__).resolve().parents[2]


def test_serve_points_to_the_pages_first_then_to_the_api_docs(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [MAILLAGE, "serve", "--port", str(port)],
        env={**os.environ, "MAILLAGE_DB_PATH": str(tmp_path / "start.lbug"), "COLUMNS": "200"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    lines: list[str] = []
    try:
        assert process.stdout is not None
        deadline = time.monotonic() + 120
        while not any("/docs" in line for line in lines) and time.monotonic() < deadline:
            line = process.stdout.readline()
            if not line:
                break
            lines.append(line)
    finally:
        process.terminate()
        process.wait(timeout=30)
    said = "".join(lines)
    pages, docs = said.find(f"http://127.0.0.1:{port}/ "), said.find(f"http://127.0.0.1:{port}/docs")
    assert 0 <= pages < docs, said


def test_a_second_install_with_the_same_dependencies_installs_nothing() -> None:
    environment = {**os.environ, "EXTRAS": "test"}
    subprocess.run(["bash", "scripts/install.sh"], cwd=ROOT, env=environment, check=True, capture_output=True)
    second = subprocess.run(
        ["bash", "scripts/install.sh"], cwd=ROOT, env=environment, check=True, capture_output=True, text=True
    )
    # The message is printed only when pip is skipped.
    assert "nothing to install" in second.stdout
