"""The Neo4j statements pass Neo4j's own Cypher front-end, and a broken one makes the check fail."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "lint_cypher.py"
INSTALLED = (
    ROOT / "scripts" / "cypher-lint" / "node_modules" / "@neo4j-cypher" / "language-support"
).is_dir()

if not (INSTALLED and shutil.which("node")):
    if os.environ.get("CI"):
        raise RuntimeError("the Cypher linter is not installed: npm ci --prefix scripts/cypher-lint")
    pytest.skip(
        "the Cypher linter is not installed (npm ci --prefix scripts/cypher-lint)", allow_module_level=True
    )


def lint(folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--dir", str(folder)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


@pytest.fixture
def statements(tmp_path: Path) -> Path:
    folder = tmp_path / "neo4j"
    shutil.copytree(ROOT / "cypher" / "neo4j", folder)
    return folder


def test_every_neo4j_statement_passes(statements: Path) -> None:
    result = lint(statements)
    assert result.returncode == 0, result.stdout + result.stderr
    count = len(list(statements.glob("*.cypher")))
    assert f"{count} Neo4j statements checked, 0 error(s)" in result.stdout


BROKEN = {
    "alliances_get": "UNWIND $ids AS k\nMATCH (a:Alliance {id: k}\nRETURN a\n",
    "organisations_delete": "UNWIND $ids AS id\nMATCH (o:Organisation {id: id})\nRETURN b\n",
    "organisations_get": "UNWIND $ids AS k\nMATCH (o:Organisatio {id: k})\nRETURN o.nmae\n",
    "populated_territories": "MATCH (c:Territory)-[:PART_OF]->(t:Territory {key: $territory})\nRETURN c\n",
}


def test_broken_statements_fail_each_named_with_its_reason(statements: Path) -> None:
    """One run over four broken files (the front-end takes seconds to start); the syntax error counts twice
    (the parser stops at RETURN, then finds a query ending with MATCH)."""
    for name, text in BROKEN.items():
        (statements / f"{name}.cypher").write_text(text)
    result = lint(statements)
    assert result.returncode == 1
    lines = result.stdout.splitlines()

    def reported(name: str) -> str:
        return "\n".join(line for line in lines if f"/{name}.cypher:" in line)

    assert "alliances_get.cypher:3:1: error" in reported("alliances_get")  # syntax
    assert "Variable `b` not defined" in reported("organisations_delete")  # semantics
    assert "Organisatio " in reported("organisations_get") and "nmae" in reported("organisations_get")
    assert "$territory" in reported("populated_territories")  # not a parameter its embedded twin declares
    assert lines[-1].endswith(
        f"{len(list(statements.glob('*.cypher')))} Neo4j statements checked, 6 error(s)"
    )
