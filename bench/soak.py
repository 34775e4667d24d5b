"""Soak: 2,000 API writes (create, update, delete) interleaved with reads on a live server, and
how its memory grows.

    .venv/bin/python bench/soak.py [--operations 2000] [--compare-copy]

It builds a demo database, serves it with ``maillage serve`` in a child process, and drives
creates, updates and deletes of organisations and alliances, each followed by reads (the
organisation, its alliances, the territory's communities). The server's resident memory is read
from ``/proc`` every 200 operations. ``--compare-copy`` runs the same soak again with every write
forced through ``COPY`` (``MAILLAGE_COPY_MIN_ROWS=1``), the path that held 23 MiB per write. It
prints figures; it does not pass or fail.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from testkit.live import MAILLAGE, live_server
from testkit.process_memory import rss_mib, server_pid


def soak(db: Path, operations: int, **env: str) -> None:
    made = subprocess.run(
        [MAILLAGE, "--db", str(db), "token", "create", "--scope", "write"], capture_output=True, text=True
    )
    auth = {"Authorization": f"Bearer {made.stdout.strip()}"}
    with live_server(db, **env) as base, httpx.Client(base_url=base, headers=auth, timeout=120) as client:
        pid = server_pid(base)
        samples = [(0, rss_mib(pid))]
        errors = 0
        started = time.perf_counter()
        for n in range(operations):
            key = f"soak:o{n}"
            body = {"id": key, "name": f"Soak {n}", "world": "association", "commune": "38185"}
            step = n % 4
            if step == 0:
                answer = client.post("/api/v1/organisations", json=body)
            elif step == 1:
                answer = client.put(
                    f"/api/v1/organisations/soak:o{n - 1}", json={**body, "id": f"soak:o{n - 1}"}
                )
            elif step == 2:
                members = [{"organisation_id": f"soak:o{n - 2}"}, {"organisation_id": "demo:gaia"}]
                alliance = {"id": f"soak:a{n}", "name": f"Soak {n}", "mode": "mecenat", "members": members}
                answer = client.post("/api/v1/alliances", json=alliance)
            else:
                answer = client.delete(f"/api/v1/organisations/soak:o{n - 3}")
            errors += answer.status_code >= 400
            for path in (
                "/api/v1/organisations/demo:gaia/alliances",
                "/api/v1/territories/38185/analysis/communities",
            ):
                errors += client.get(path).status_code >= 400
            if (n + 1) % 200 == 0:
                samples.append((n + 1, rss_mib(pid)))
        seconds = time.perf_counter() - started
    print(f"  {operations} writes + {2 * operations} reads in {seconds:.0f} s, {errors} error answers")
    print("  RSS (MiB) after " + ", ".join(f"{n}: {mib:.0f}" for n, mib in samples))
    warm = samples[1][1]
    print(f"  growth after the first 200 operations: {samples[-1][1] - warm:+.0f} MiB "
          f"(from the start: {samples[-1][1] - samples[0][1]:+.0f} MiB)")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--operations", type=int, default=2_000)
    parser.add_argument("--compare-copy", action="store_true", help="also soak with every write through COPY")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        template = Path(folder) / "demo.lbug"
        subprocess.run([MAILLAGE, "--db", str(template), "demo"], check=True, capture_output=True)
        runs = [("small writes by statements (default)", {})]
        if args.compare_copy:
            runs.append(("every write through COPY", {"MAILLAGE_COPY_MIN_ROWS": "1"}))
        for number, (label, env) in enumerate(runs):
            db = Path(folder) / f"soak{number}.lbug"
            db.write_bytes(template.read_bytes())
            print(label)
            soak(db, args.operations, **env)


if __name__ == "__main__":
    main()
