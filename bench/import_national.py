"""Benchmark: a national-scale native import, against the naive one-MERGE-per-row way.

    .venv/bin/python bench/import_national.py [--organisations 1000000] [--alliances 750000] [--no-history]
    eval "$(bash scripts/neo4j.sh env)"; .venv/bin/python bench/import_national.py --backend neo4j --wipe

It writes a synthetic national set in the native format (organisations spread over real communes
by population, bilateral alliances), installs the territory reference in a fresh database, then
times ``maillage import`` on the set in a child process and reads that process's peak memory.
In the same run it times one ``MERGE`` per row on a sample into another fresh database and prints
the ratio. With ``--backend neo4j`` the same runs against the Neo4j of ``MAILLAGE_NEO4J_URI`` (emptied first:
``--wipe`` is required, since every Maillage node there is deleted), the naive way is one
``execute_query`` per row, and the server's peak memory (``VmHWM`` of the process that
``scripts/neo4j.sh`` started) is printed beside the importer's. It prints figures; it does not pass
or fail.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import ladybug

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph_service.model import AllianceMode, TerritoryLevel, World
from graph_service.store.cypher import load_query
from importers.territory_reference import load_reference
from testkit.bench_stores import fresh_store, neo4j_server_peak_gib

WORLDS = [world.value for world in World]
WORLD_WEIGHTS = [50, 30, 6, 2, 3, 3, 6]
NAIVE_MERGE = (
    "MERGE (o:Organisation {id: $id}) "
    "SET o.name = $name, o.world = $world, o.commune = $commune, o.source = $source"
)


def write_national_set(folder: Path, organisations: int, alliances: int, seed: int = 7) -> None:
    """Native files for a synthetic nation: organisations weighted by commune population."""
    rng = random.Random(seed)
    communes = [t for t in load_reference().territories if t.level is TerritoryLevel.COMMUNE]
    weights = [max(t.population or 1, 1) for t in communes]
    placed = rng.choices([t.code for t in communes], weights=weights, k=organisations)
    worlds = rng.choices(WORLDS, weights=WORLD_WEIGHTS, k=organisations)
    with (folder / "organisations.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "world", "commune", "ess", "synthetic"])
        for number in range(organisations):
            ess = "true" if worlds[number] == "association" else "false"
            writer.writerow(
                [f"o{number}", f"Organisation {number}", worlds[number], placed[number], ess, "true"]
            )
    modes = [mode.value for mode in AllianceMode]
    with (
        (folder / "alliances.csv").open("w", newline="", encoding="utf-8") as alliance_file,
        (folder / "alliance_members.csv").open("w", newline="", encoding="utf-8") as member_file,
    ):
        alliance_writer, member_writer = csv.writer(alliance_file), csv.writer(member_file)
        alliance_writer.writerow(["id", "name", "mode", "domains", "start"])
        member_writer.writerow(["alliance", "organisation", "role"])
        for number in range(alliances):
            first = rng.randrange(organisations)
            # Most ties are local: a partner a few thousand ids away shares the region.
            second = (first + rng.randint(1, 5_000)) % organisations
            alliance_writer.writerow(
                [
                    f"a{number}",
                    f"Alliance {number}",
                    modes[number % 4],
                    "solidarite",
                    f"{2010 + number % 15}-01-01",
                ]
            )
            member_writer.writerow([f"a{number}", f"o{first}", "pilote"])
            member_writer.writerow([f"a{number}", f"o{second}", "membre"])


def sample_rows(folder: Path, sample: int) -> list[dict[str, str]]:
    """The first ``sample`` organisations of the generated set."""
    with (folder / "set" / "organisations.csv").open(encoding="utf-8") as handle:
        return list(itertools.islice(csv.DictReader(handle), sample))


def time_naive_merge(folder: Path, sample: int) -> float:
    """Seconds to write ``sample`` organisations with one MERGE statement each."""
    database = ladybug.Database(str(folder / "naive.lbug"))
    connection = ladybug.Connection(database)
    connection.execute(load_query("embedded", "schema_01_organisation").text)
    rows = sample_rows(folder, sample)
    started = time.perf_counter()
    for row in rows:
        params = {"id": f"bench:{row['id']}", "name": row["name"], "world": row["world"]}
        connection.execute(NAIVE_MERGE, {**params, "commune": row["commune"], "source": "bench"})
    elapsed = time.perf_counter() - started
    connection.close()
    database.close()
    return elapsed


def time_naive_merge_neo4j(folder: Path, sample: int) -> float:
    """Seconds to write ``sample`` organisations with one MERGE statement (one transaction) each."""
    from graph_service.config import get_settings
    from graph_service.store.neo4j import shared_driver

    settings = get_settings()
    assert settings.neo4j_uri
    driver = shared_driver(settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password)
    rows = sample_rows(folder, sample)
    started = time.perf_counter()
    for row in rows:
        params = {"id": f"bench:{row['id']}", "name": row["name"], "world": row["world"]}
        driver.execute_query(
            NAIVE_MERGE,
            {**params, "commune": row["commune"], "source": "bench"},
            database_=settings.neo4j_database,
        )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--organisations", type=int, default=1_000_000)
    parser.add_argument("--alliances", type=int, default=750_000)
    parser.add_argument("--naive-sample", type=int, default=20_000)
    parser.add_argument(
        "--work", type=Path, default=None, help="folder for the files (default: a temp folder)"
    )
    parser.add_argument("--backend", choices=["embedded", "neo4j"], default="embedded")
    parser.add_argument("--wipe", action="store_true", help="neo4j: delete the Maillage data there first")
    parser.add_argument("--no-history", action="store_true", help="import without recording each change")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="maillage-bench-"))
    (work / "set").mkdir(parents=True, exist_ok=True)

    started = time.perf_counter()
    write_national_set(work / "set", args.organisations, args.alliances)
    print(
        f"generated {args.organisations:,} organisations, {args.alliances:,} alliances, "
        f"{2 * args.alliances:,} member rows in {time.perf_counter() - started:.1f} s"
    )

    database = work / "national.lbug"
    started = time.perf_counter()
    fresh_store(args.backend, database, wipe=args.wipe)
    print(f"territory reference installed in {time.perf_counter() - started:.1f} s ({args.backend})")

    maillage = Path(sys.executable).parent / "maillage"
    env = {**os.environ, "MAILLAGE_DB_PATH": str(database), "MAILLAGE_BACKEND": args.backend}
    started = time.perf_counter()
    result = subprocess.run(
        [str(maillage), "import", str(work / "set"), "--dataset", "bench", "--json"]
        + (["--no-history"] if args.no_history else []),
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    peak_gib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024 / 1024
    if result.returncode != 0:
        print(result.stderr[-2000:])
        raise SystemExit(f"maillage import failed with exit code {result.returncode}")
    rows = args.organisations + 3 * args.alliances
    print(
        f"maillage import: {elapsed:.1f} s for {rows:,} rows ({rows / elapsed:,.0f} rows/s), "
        f"peak memory {peak_gib:.2f} GiB"
        + (f", Neo4j server peak {neo4j_server_peak_gib()}" if args.backend == "neo4j" else "")
    )

    naive = (time_naive_merge_neo4j if args.backend == "neo4j" else time_naive_merge)(work, args.naive_sample)
    naive_rate = args.naive_sample / naive
    bulk_rate = rows / elapsed
    print(
        f"naive MERGE per row: {naive:.1f} s for {args.naive_sample:,} rows ({naive_rate:,.0f} rows/s); "
        f"the whole set would take about {rows / naive_rate / 60:.0f} min"
    )
    print(f"ratio: the bulk import is {bulk_rate / naive_rate:.0f}x faster per row")


if __name__ == "__main__":
    main()
