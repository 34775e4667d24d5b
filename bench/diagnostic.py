"""The diagnostic and the comparison of a large département, cold and warm, over HTTP.

    .venv/bin/python bench/diagnostic.py [--size 50000]

It writes a synthetic département (planted communities, as ``bench/visual.py``) into a fresh
database and serves it twice.

1. With the background refresher off and nothing saved, each page asked twice (cold: everything
   is computed by the request; warm: from memory):

   - ``/territoires/59/diagnostic`` (the analysis, brokerage, mixing, introductions and the change
     since five years ago, two dated analyses);
   - ``/territoires/59/comparaison`` (the children side by side from the parent's analysis);
   - ``/territoires/59/diagnostic?format=pdf`` when Chromium is installed.

2. As it runs by default: the refresher on, left to settle after the start, then each page asked
   once. This is a catalyst's first visit: no page was asked before, nothing is in the response
   cache, the analyses are what the refresher prepared.

It prints figures; it does not pass or fail. Target: the first visit under 5 s.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.load import settled
from bench.visual import synthetic_database
from graph_service.pages.pdf import chromium_path
from testkit.live import live_server

DEPARTEMENT = "59"


def timed(base: str, path: str) -> tuple[float, int, int]:
    started = time.perf_counter()
    answer = httpx.get(base + path, timeout=3_600)
    return time.perf_counter() - started, answer.status_code, len(answer.content)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=50_000, help="organisations in the département")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "diagnostic.lbug"
        synthetic_database(db, {args.size: DEPARTEMENT})
        pages = [f"/territoires/{DEPARTEMENT}/diagnostic", f"/territoires/{DEPARTEMENT}/comparaison"]
        if chromium_path():
            pages.append(f"/territoires/{DEPARTEMENT}/diagnostic?format=pdf")
        cold_env = {"MAILLAGE_REFRESH_ANALYSES": "false", "MAILLAGE_ANALYSIS_DIR": str(Path(folder) / "cold")}
        with live_server(db, timeout=600, **cold_env) as base:
            print(f"== {args.size:,} organisations in département {DEPARTEMENT}")
            print(f"{'page':<44}{'cold (s)':>10}{'warm (s)':>10}{'bytes':>12}")
            for path in pages:
                cold, status, _ = timed(base, path)
                warm, status_warm, size = timed(base, path)
                marks = "" if status == status_warm == 200 else f"  (status {status}, {status_warm})"
                print(f"{path:<44}{cold:>10.2f}{warm:>10.2f}{size:>12,}{marks}")
        with live_server(db, MAILLAGE_REFRESH_ANALYSES="true", timeout=600) as base:
            started = time.perf_counter()
            settled(base)
            print(f"== refresher on: settled in {time.perf_counter() - started:.1f} s, then a first visit")
            print(f"{'page':<44}{'first (s)':>10}{'':>10}{'bytes':>12}")
            for path in pages:
                first, status, size = timed(base, path)
                marks = "" if status == 200 else f"  (status {status})"
                print(f"{path:<44}{first:>10.2f}{'':>10}{size:>12,}{marks}")


if __name__ == "__main__":
    main()
