"""How fast the ``maillage`` command starts: ``--help`` and three reads on the demo (prints figures,
never fails).

    .venv/bin/python bench/cli.py [--runs 5] [--db demo.lbug]

It builds the demo database in a temporary folder (or reads ``--db``), then runs each command
``--runs`` times in a fresh process and prints the median and the fastest wall time. The command
imports the graph libraries (networkit, scipy, networkx), pyarrow and the importers only in the
commands that use them, so these figures are mostly Python, pydantic, Typer and the database.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from testkit.live import MAILLAGE

COMMANDS = (["--help"], ["search", "grenoble"], ["show", "demo:gaia"], ["stats"])


def timed(db: Path, command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run([MAILLAGE, "--db", str(db), *command], capture_output=True, check=True, env=os.environ)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--db", type=Path, help="a database to read (default: a fresh demo)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = args.db or Path(folder) / "demo.lbug"
        if args.db is None:
            for setup in (["init"], ["demo"]):
                subprocess.run([MAILLAGE, "--db", str(db), *setup], capture_output=True, check=True)
        print(f"{'command':<28}{'median (s)':>12}{'fastest (s)':>12}")
        for command in COMMANDS:
            times = [timed(db, command) for _ in range(args.runs)]
            shown = "maillage " + " ".join(command)
            print(f"{shown:<28}{statistics.median(times):>12.2f}{min(times):>12.2f}")


if __name__ == "__main__":
    main()
