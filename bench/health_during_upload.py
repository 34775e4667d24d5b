"""How fast ``/health`` and a light read answer while a large upload is imported.

    .venv/bin/python bench/health_during_upload.py [--rows 200000]

It serves a fresh database (territory reference only) with ``maillage serve``, uploads native
files of ``--rows`` organisations (and a quarter as many alliances of 2 to 6 members) through
``POST /api/v1/imports``, and meanwhile asks ``/api/v1/health`` and ``/api/v1/territories/38``
every 20 ms on another connection. It prints the latencies; it does not pass or fail.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from testkit.live import MAILLAGE, live_server, upload_folder
from testkit.native_sets import write_native_set


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "upload.lbug"
        subprocess.run([MAILLAGE, "--db", str(db), "init"], check=True, capture_output=True)
        made = subprocess.run(
            [MAILLAGE, "--db", str(db), "token", "create"], capture_output=True, text=True, check=True
        )
        files_folder = write_native_set(Path(folder) / "set", args.rows, args.rows // 4)
        size = sum(p.stat().st_size for p in files_folder.iterdir())
        with live_server(db, MAILLAGE_UPLOAD_MAX_BYTES=str(size * 2)) as base:
            done: dict[str, float] = {}

            def upload() -> None:
                started = time.perf_counter()
                answer = upload_folder(base, files_folder, made.stdout.strip(), "bench")
                done["seconds"], done["status"] = time.perf_counter() - started, answer.status_code

            worker = threading.Thread(target=upload)
            worker.start()
            latencies: dict[str, list[float]] = {"/api/v1/health": [], "/api/v1/territories/38": []}
            with httpx.Client(base_url=base, timeout=60) as client:
                while worker.is_alive():
                    for path, seen in latencies.items():
                        started = time.perf_counter()
                        client.get(path).raise_for_status()
                        seen.append(time.perf_counter() - started)
                    time.sleep(0.02)
            worker.join()
        print(f"upload of {args.rows:,} organisations ({size / 2**20:.1f} MiB): "
              f"{done['seconds']:.1f} s, status {done['status']}")  # fmt: skip
        for path, seen in latencies.items():
            ms = np.array(seen) * 1000
            print(f"{path:<26} {len(ms):>5} answers  p50 {np.percentile(ms, 50):6.1f} ms  "
                  f"p99 {np.percentile(ms, 99):6.1f} ms  max {ms.max():6.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
