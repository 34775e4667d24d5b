"""Every Python block of the README runs as written, each in a new process (a new shell), against a
live demo server: only the server's address is changed, to the test's free port."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCKS = [
    (README.read_text(encoding="utf-8")[: match.start()].count("\n") + 1, match.group(1))
    for match in re.finditer(r"```python\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
]
README_SERVER = "http://127.0.0.1:8000"

pytestmark = pytest.mark.on_backend


def test_the_readme_has_python_examples() -> None:
    assert len(BLOCKS) >= 5
    assert all(README_SERVER in code for _, code in BLOCKS if "Maillage(" in code)


@pytest.mark.parametrize(("line", "code"), BLOCKS, ids=[f"README line {line}" for line, _ in BLOCKS])
def test_each_python_block_runs_as_written(demo_server: str, tmp_path: Path, line: int, code: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", code.replace(README_SERVER, demo_server)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"README line {line}:\n{result.stderr}"
    assert result.stdout.strip(), f"README line {line} printed nothing"
    assert "Traceback" not in result.stderr
    # What the README promises of its first example: the API's centralities, to 1e-9.
    for difference in re.findall(r"largest difference with the API: (\S+)", result.stdout):
        assert float(difference) < 1e-9
