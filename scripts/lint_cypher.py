"""Checks every ``cypher/neo4j/*.cypher`` file with Neo4j's own Cypher front-end, offline.

The npm package ``@neo4j-cypher/language-support`` (installed in ``scripts/cypher-lint`` by
``npm ci``) parses each statement and analyses it semantically against a schema built here from
our label and relationship-type enums and the one declaration of our properties (the embedded
schema statements). A statement may only use the parameters its embedded twin declares.

Exit 1 on any error, and on warnings that name a label, type or property missing from our schema
(a misspelling there would silently match nothing); other warnings are printed.

    python scripts/lint_cypher.py                # lint cypher/neo4j/
    python scripts/lint_cypher.py --dir some/dir # lint another folder of Neo4j statements
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from graph_service.model import NodeLabel, RelType
from graph_service.store.cypher import load_query
from graph_service.store.embedded import declared_tables

ROOT = Path(__file__).resolve().parent.parent
LINTER = ROOT / "scripts" / "cypher-lint" / "lint.mjs"
UNKNOWN_NAME = "is not present in the database"
# Keys of the ``$rows`` maps that are not stored properties; the linter reads ``row.key`` alike.
ROW_KEYS = ("from_key", "to_key")


def db_schema() -> dict[str, object]:
    """Labels, relationship types, properties and relationship ends, as the linter wants them."""
    tables = declared_tables().values()
    relationships = [t for t in tables if t.is_relationship]
    properties = {column for t in tables for column, _ in t.columns} | set(ROW_KEYS)
    return {
        "labels": [label.value for label in NodeLabel],
        "relationshipTypes": [rel.value for rel in RelType],
        "propertyKeys": sorted(properties),
        "graphSchema": [
            {"from": t.ends[0], "to": t.ends[1], "relType": t.name} for t in relationships if t.ends
        ],
    }


def twin_parameters(name: str) -> list[str]:
    """The parameters the embedded statement of the same name declares (none for schema statements;
    Neo4j's own ``gds_*`` statements have no twin and declare theirs)."""
    if name.startswith("schema_"):
        return []
    return sorted(load_query("neo4j" if name.startswith("gds_") else "embedded", name).parameters)


def lint(folder: Path) -> int:
    files = [
        {
            "path": str(path),
            "text": path.read_text(encoding="utf-8"),
            "parameters": twin_parameters(path.stem),
        }
        for path in sorted(folder.glob("*.cypher"))
    ]
    if not files:
        print(f"no .cypher file in {folder}", file=sys.stderr)
        return 1
    payload = json.dumps({"schema": db_schema(), "files": files})
    result = subprocess.run(
        ["node", str(LINTER)], input=payload, capture_output=True, text=True, check=False, cwd=LINTER.parent
    )
    if result.returncode != 0:
        print(f"the Cypher linter did not run (npm ci --prefix {LINTER.parent}?):\n{result.stderr}")
        return 1
    failures = 0
    for line in result.stdout.splitlines():
        found = json.loads(line)
        fatal = found["severity"] == "error" or UNKNOWN_NAME in found["message"]
        failures += fatal
        where = f"{found['path']}:{found['line']}:{found['column']}"
        print(f"{where}: {'error' if fatal else 'warning'}: {found['message']}")
    print(f"{len(files)} Neo4j statements checked, {failures} error(s)")
    return 1 if failures else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=ROOT / "cypher" / "neo4j")
    return lint(parser.parse_args().dir)


if __name__ == "__main__":
    sys.exit(main())
