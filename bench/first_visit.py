"""First visits to a 50,000-organisation département: cold, warm after an import, during writes, after
a restart.

    .venv/bin/python bench/first_visit.py [--size 50000] [--writers 10] [--seconds 30]

It writes a synthetic département (planted communities, as ``bench/visual.py``) into a fresh
database, then measures over HTTP on a live ``maillage serve``:

1. **cold**: the analysis (``…/analysis/communities``) and the page on a server with the background
   refresher off and nothing saved, i.e. what the first visitor waited for before;
2. **where the cold time goes**: extraction, projection, communities (5-run ensemble), cards,
   centralities and introductions, timed in this process on the same database;
3. **warm first visit**: a server with the refresher on (the default) is left to settle, then the
   page is asked once;
4. **during a burst of writes**: ``--writers`` clients create and delete organisations in the
   département for ``--seconds`` while one reader loads the page every half second (each write
   touches the département, so every load misses the response cache and renders from the
   analysis kept, marked *mise à jour en cours* while its refresh runs);
5. **after a restart**: the same database served again, the page asked once (the analyses saved on
   disk are read back).

It prints figures; it does not pass or fail.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.load import Connection, settled
from bench.visual import synthetic_database
from graph_service.store.embedded import EmbeddedStore
from testkit.live import MAILLAGE, live_server

DEPARTEMENT = "59"


def timed_get(base: str, path: str) -> tuple[float, httpx.Response]:
    started = time.perf_counter()
    answer = httpx.get(base + path, timeout=1_800)
    return time.perf_counter() - started, answer


def where_cold_time_goes(db: Path) -> dict[str, float]:
    from graph_service.analysis.analyser import Analyser
    from graph_service.analysis.cache import collector_paused
    from graph_service.analysis.closure import closure_cards
    from graph_service.analysis.communities import detect_communities
    from graph_service.analysis.introductions import introductions_for
    from graph_service.analysis.mixing import world_mixing
    from graph_service.analysis.options import DEFAULT_OPTIONS
    from graph_service.analysis.projection import project
    from graph_service.config import Settings

    figures: dict[str, float] = {}
    key = f"departement:{DEPARTEMENT}"
    # As the server computes a base: with the cycle collector paused.
    with EmbeddedStore(db, read_only=True) as store, collector_paused():
        settings = Settings(refresh_analyses=False)
        analyser = Analyser(store, settings)
        store.search_territories("", limit=1)
        clock = time.perf_counter()
        frame = store.ecosystem_frame(key)
        areas = store.organisation_areas(key)
        figures["extraction"], clock = time.perf_counter() - clock, time.perf_counter()
        graph = project(frame, areas=areas)
        figures["projection"], clock = time.perf_counter() - clock, time.perf_counter()
        chosen = DEFAULT_OPTIONS.community.resolved(settings, ties=graph.edge_count, territory=key)
        partition = detect_communities(
            graph, resolution=chosen.resolution, seed=chosen.seed, runs=chosen.runs
        )
        figures["communities (5 runs)"], clock = time.perf_counter() - clock, time.perf_counter()
        cards = closure_cards(graph, partition, settings.closure)
        figures["closure cards"], clock = time.perf_counter() - clock, time.perf_counter()
        base = analyser.base(key, DEFAULT_OPTIONS)
        clock = time.perf_counter()
        analyser.centrality_table(base, DEFAULT_OPTIONS)
        figures["centralities"], clock = time.perf_counter() - clock, time.perf_counter()
        introductions_for(graph, partition, cards, world_mixing(graph).never_meet, limit=15)
        figures["introductions"] = time.perf_counter() - clock
    return figures


async def burst(base: str, secret: str, writers: int, seconds: float) -> tuple[list[float], int, int]:
    from bench.load import Tally, writer

    tally = Tally()
    until = time.perf_counter() + seconds
    loads: list[float] = []
    marked = 0

    async def reader() -> None:
        nonlocal marked
        host, port = base.removeprefix("http://").split(":")
        connection = Connection(host, int(port))
        while time.perf_counter() < until:
            started = time.perf_counter()
            status, body = await connection.request("GET", f"/territoires/departement:{DEPARTEMENT}")
            loads.append(time.perf_counter() - started)
            marked += b"Mise \xc3\xa0 jour en cours" in body
            assert status == 200, status
            await asyncio.sleep(0.5)
        connection.close()

    communes = [f"{DEPARTEMENT}350", f"{DEPARTEMENT}183", f"{DEPARTEMENT}599"]

    async def local_writer(number: int) -> None:
        await writer(base, secret, until, tally, number, communes=communes)

    await asyncio.gather(reader(), *(local_writer(n) for n in range(writers)))
    return loads, marked, tally.writes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=50_000)
    parser.add_argument("--writers", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=30)
    args = parser.parse_args()
    page, communities = (
        f"/territoires/departement:{DEPARTEMENT}",
        f"/api/v1/territories/{DEPARTEMENT}/analysis/communities",
    )
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.lbug"
        synthetic_database(db, {args.size: DEPARTEMENT})
        secret = subprocess.run(
            [MAILLAGE, "--db", str(db), "token", "create", "--scope", "write"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()

        cold_env = {"MAILLAGE_REFRESH_ANALYSES": "false", "MAILLAGE_ANALYSIS_DIR": str(Path(folder) / "cold")}
        with live_server(db, timeout=600, **cold_env) as base:
            cold_analysis, _ = timed_get(base, communities)
            cold_page, _ = timed_get(base, page)
        print(f"cold analysis (communities, nothing computed):  {cold_analysis:6.2f} s")
        print(f"page right after it (centralities, introductions, drawing): {cold_page:6.2f} s")
        for step, seconds in where_cold_time_goes(db).items():
            print(f"  {step:<22} {seconds:6.2f} s")

        with live_server(db, timeout=600, MAILLAGE_REFRESH_ANALYSES="true") as base:
            started = time.perf_counter()
            settled(base)
            warmed = time.perf_counter() - started
            first, answer = timed_get(base, page)
            size = len(answer.content)
            print(f"refresher settled in {warmed:.1f} s; warm first visit: {first:.2f} s ({size:,} bytes)")
            loads, marked, writes = asyncio.run(burst(base, secret, args.writers, args.seconds))
            figures = np.array(loads)
            print(
                f"during {args.writers} writers ({writes / args.seconds:.1f} writes/s): page p50 "
                f"{np.percentile(figures, 50):.2f} s, max {figures.max():.2f} s over {figures.size} loads, "
                f"{marked} marked 'mise à jour en cours'"
            )
            print("  loads (s):", " ".join(f"{load:.2f}" for load in loads))
            health = httpx.get(base + "/api/v1/health").json()
            print("analyses:", json.dumps(health.get("analyses")))
        with live_server(db, timeout=600, MAILLAGE_REFRESH_ANALYSES="true") as base:
            restarted, answer = timed_get(base, page)
            marked = "Mise à jour en cours" in answer.text
            print(f"after a restart: first visit {restarted:.2f} s (marked refreshing: {marked})")


if __name__ == "__main__":
    main()
