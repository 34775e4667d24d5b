"""Benchmark: what recording an import in the history costs, and undoing the whole import.

    .venv/bin/python bench/import_undo.py [--organisations 50000] [--alliances 20000]
    eval "$(bash scripts/neo4j.sh env)"; .venv/bin/python bench/import_undo.py --backend neo4j --wipe

It writes a native set (organisations over communes of four départements, alliances of 2 to 6
members), imports it into a store holding the territory reference only, then imports it again
(nothing changes: the cost of reading the values before and after alone), changes every tenth
organisation's name in a third import, and undoes that import, then the first one. Each step's
time and the change records it left are printed. It prints figures; it does not pass or fail.
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph_service.config import Backend, get_settings
from graph_service.store import open_store
from graph_service.undo import undo
from importers.sources import ImportOptions, Source, import_files
from testkit.bench_stores import fresh_store
from testkit.native_sets import write_native_set


def _renamed(folder: Path, every: int) -> Path:
    """The organisations file with every ``every``-th name changed, in a folder of its own."""
    target = folder / "renamed"
    target.mkdir()
    with (folder / "organisations.csv").open(encoding="utf-8") as source:
        rows = list(csv.reader(source))
    for number, row in enumerate(rows[1:]):
        if number % every == 0:
            row[1] += " (renommée)"
    with (target / "organisations.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--organisations", type=int, default=50_000)
    parser.add_argument("--alliances", type=int, default=20_000)
    parser.add_argument("--backend", choices=["embedded", "neo4j"], default="embedded")
    parser.add_argument("--wipe", action="store_true", help="neo4j: delete the Maillage data there first")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        folder = write_native_set(Path(scratch) / "set", options.organisations, options.alliances)
        database = Path(scratch) / "bench.lbug"
        fresh_store(options.backend, database, wipe=options.wipe)
        settings = get_settings().model_copy(
            update={"backend": Backend(options.backend), "db_path": database}
        )
        with open_store(settings) as store:

            def timed_import(files: Path, label: str) -> str:
                started = time.perf_counter()
                outcome = import_files(
                    [files], store, ImportOptions(dataset="bench", author="bench"), source=Source.NATIVE
                )
                seconds = time.perf_counter() - started
                recorded = store.list_changes(run=outcome.run, limit=1).total
                print(f"{label:<42} {seconds:8.1f} s   {recorded:>9,} change records")
                return outcome.run

            def timed_undo(run: str, label: str) -> None:
                first = store.list_changes(run=run, limit=1).items[0]
                started = time.perf_counter()
                made = undo(store, first.id, "bench")
                print(f"{label:<42} {time.perf_counter() - started:8.1f} s   {len(made):>9,} change records")

            print(
                f"{options.backend}: {options.organisations:,} organisations, {options.alliances:,} alliances"
            )
            first = timed_import(folder, "first import (all created)")
            timed_import(folder, "same files again (nothing changes)")
            renaming = timed_import(_renamed(folder, 10), "every tenth organisation renamed")
            timed_undo(renaming, "undo of the renaming import")
            timed_undo(first, "undo of the first import (all removed)")
            print(f"organisations left: {store.counts().nodes.get('Organisation', 0):,} (the reference's)")


if __name__ == "__main__":
    main()
