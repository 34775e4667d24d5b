"""Memory under a burst of bad bodies: concurrent ``POST /api/v1/alliances`` whose body lists one
member thousands of times (each answers 422). Prints the server's resident memory before, after
and a few seconds after the burst (prints figures, never fails).

    .venv/bin/python bench/bad_bodies.py [--rounds 300] [--concurrent 3] [--copies 10000]
"""

from __future__ import annotations

import argparse
import concurrent.futures
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from testkit.live import MAILLAGE, live_server
from testkit.process_memory import rss_mib, server_pid


def bad_body(copies: int) -> dict[str, object]:
    member = {"organisation_id": "demo:gaia", "role": "membre"}
    return {"id": "bench:bad", "name": "Bad", "mode": "mecenat", "members": [member] * copies}


def burst(base: str, secret: str, rounds: int, clients: int, copies: int) -> Counter[int]:
    body = bad_body(copies)
    auth = {"Authorization": f"Bearer {secret}"}
    statuses: Counter[int] = Counter()
    with httpx.Client(base_url=base, headers=auth, timeout=120) as client:

        def post(_: int) -> int:
            return client.post("/api/v1/alliances", json=body).status_code

        with concurrent.futures.ThreadPoolExecutor(clients) as pool:
            statuses.update(pool.map(post, range(rounds * clients)))
    return statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--concurrent", type=int, default=3)
    parser.add_argument("--copies", type=int, default=10_000)
    parser.add_argument("--bursts", type=int, default=2, help="bursts one after the other")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "demo.lbug"
        for setup in (["init"], ["demo"]):
            subprocess.run([MAILLAGE, "--db", str(db), *setup], capture_output=True, check=True)
        made = subprocess.run(
            [MAILLAGE, "--db", str(db), "token", "create", "--scope", "write"], capture_output=True, text=True
        )
        with live_server(db, MAILLAGE_REFRESH_ANALYSES="false") as base:
            pid = server_pid(base)
            before = rss_mib(pid)
            print(f"{args.rounds} × {args.concurrent} concurrent bodies of {args.copies:,} members a burst")
            print(f"server RSS before: {before:.0f} MiB")
            for number in range(1, args.bursts + 1):
                started = time.perf_counter()
                statuses = burst(base, made.stdout.strip(), args.rounds, args.concurrent, args.copies)
                took = time.perf_counter() - started
                time.sleep(5)
                settled = rss_mib(pid)
                print(
                    f"burst {number}: {dict(statuses)} in {took:.1f} s; RSS 5 s later {settled:.0f} MiB "
                    f"({settled - before:+.0f} MiB since the start)"
                )


if __name__ == "__main__":
    main()
