"""The diagnostic and the comparison of a large département, cold and warm, over HTTP.

    .venv/bin/python bench/diagnostic.py [--size 50000]

It writes a synthetic département (planted communities, as ``bench/visual.py``) into a fresh
database and serves it with the background refresher off, then asks, each twice:

- ``/territoires/59/diagnostic`` (cold: the analysis, brokerage, mixing, introductions and the
  change since five years ago are computed; warm: everything is cached but the change, which
  ``compare`` always recomputes from both dates);
- ``/territoires/59/comparaison`` (the children side by side from the parent's analysis);
- ``/territoires/59/diagnostic?format=pdf`` when Chromium is installed.

It prints figures; it does not pass or fail. Target: under 5 s warm.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
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
        with live_server(db, MAILLAGE_REFRESH_ANALYSES="false", timeout=600) as base:
            print(f"== {args.size:,} organisations in département {DEPARTEMENT}")
            print(f"{'page':<44}{'cold (s)':>10}{'warm (s)':>10}{'bytes':>12}")
            for path in pages:
                cold, status, _ = timed(base, path)
                warm, status_warm, size = timed(base, path)
                marks = "" if status == status_warm == 200 else f"  (status {status}, {status_warm})"
                print(f"{path:<44}{cold:>10.2f}{warm:>10.2f}{size:>12,}{marks}")


if __name__ == "__main__":
    main()
