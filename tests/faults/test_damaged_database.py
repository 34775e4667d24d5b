"""A damaged database file is refused in one clear line, by the CLI and by the server, never with a
traceback, and it is left as it was (nothing is written over it)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from testkit.command import run_maillage as run

pytestmark = pytest.mark.embedded_only(
    "a damaged or missing LadybugDB file; Neo4j guards its own store files (its faults: test_neo4j_server.py)"
)


def _damage(kind: str, demo_db: Path, target: Path) -> None:
    if kind == "corrupt":
        data = bytearray(demo_db.read_bytes())
        data[: len(data) // 2] = os.urandom(len(data) // 2)
        target.write_bytes(bytes(data))
    elif kind == "truncated":
        target.write_bytes(demo_db.read_bytes()[:40_000])
    elif kind == "garbage":
        target.write_bytes(os.urandom(200_000))
    else:
        target.write_bytes(b"")


@pytest.mark.parametrize("kind", ["corrupt", "truncated", "garbage", "empty"])
@pytest.mark.parametrize("command", [["stats"], ["search", "labo"], ["init"], ["serve", "--port", "1"]])
def test_a_damaged_file_is_one_clear_line(
    demo_db: Path, tmp_path: Path, kind: str, command: list[str]
) -> None:
    db = tmp_path / "maillage.lbug"
    _damage(kind, demo_db, db)
    before = db.read_bytes()
    result = run(db, *command)
    assert result.returncode == 1, (result.stdout, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error:"), result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert ("empty file" if kind == "empty" else "damaged") in lines[0]
    assert db.read_bytes() == before
