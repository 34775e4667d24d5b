"""Benchmark of the territory page in headless Chromium (prints figures, never fails).

    .venv/bin/python bench/visual.py                      # 200, 1,000, 5,000 and 50,000 organisations
    .venv/bin/python bench/visual.py --sizes 200 1000

Each size is a synthetic département: organisations over its real communes, in planted
communities of 8–60 members tied by small alliances (15 % of them across communities). The page
is served by `maillage serve` with a drawing threshold of 5,000, so up to 5,000 organisations are
drawn one by one and 50,000 open on the aggregated view of their communities. The figure is the
time from navigation to a settled network (physics stopped), measured twice: cold (the server
analyses the territory) and warm (the analysis is cached).
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph_service.model import (
    AllianceInfo,
    AllianceMode,
    MembershipEdge,
    Organisation,
    TerritoryLevel,
    World,
)
from graph_service.store.embedded import EmbeddedStore
from importers.territory_reference import install_reference, load_reference
from testkit.chromium import CHROMIUM_FLAGS, chromium_path
from testkit.live import live_server

DEPARTEMENTS = {200: "05", 1_000: "07", 5_000: "29", 50_000: "59"}
WORLD_WEIGHTS = {
    World.ASSOCIATION: 45,
    World.ENTREPRISE: 30,
    World.COLLECTIVITE: 8,
    World.ETAT: 4,
    World.FONDATION: 4,
    World.ACADEMIQUE: 4,
    World.AUTRE: 5,
}
THRESHOLD = 5_000


def populate(store: EmbeddedStore, size: int, departement: str, seed: int = 11) -> None:
    """``size`` organisations in ``departement``, in planted communities tied by alliances."""
    rng = random.Random(seed)
    communes = [
        t.code
        for t in load_reference().territories
        if t.level is TerritoryLevel.COMMUNE and t.code.startswith(departement)
    ]
    worlds = list(WORLD_WEIGHTS)
    organisations, groups = [], []
    start = 0
    while start < size:
        members = min(rng.randint(8, 60), size - start)
        home = rng.sample(communes, k=min(3, len(communes)))
        groups.append(list(range(start, start + members)))
        for number in range(start, start + members):
            organisations.append(
                Organisation(
                    id=f"bench:{departement}-{number}",
                    name=f"Organisation {departement}-{number}",
                    world=rng.choices(worlds, weights=list(WORLD_WEIGHTS.values()))[0],
                    commune=rng.choice(home),
                    synthetic=True,
                )
            )
        start += members
    alliances, memberships = [], []
    modes = list(AllianceMode)
    for number in range(int(size * 0.8)):
        group = rng.choice(groups)
        chosen = rng.sample(group, k=min(len(group), rng.randint(2, 4)))
        if rng.random() < 0.15:
            chosen[-1] = rng.randrange(size)
        alliance_id = f"bench:{departement}-a{number}"
        alliances.append(AllianceInfo(id=alliance_id, name=f"Alliance {number}", mode=modes[number % 4]))
        memberships += [
            MembershipEdge(organisation_id=organisations[i].id, alliance_id=alliance_id, role="membre")
            for i in set(chosen)
        ]
    run = f"bench-visual@{departement}"
    store.upsert_organisations(organisations, run)
    store.upsert_alliances(alliances, run)
    store.upsert_memberships(memberships, "bench", run)


def synthetic_database(db: Path, departements: dict[int, str]) -> None:
    """A fresh database with the territories and a synthetic département of each size."""
    began = time.perf_counter()
    with EmbeddedStore(db) as store:
        store.init_schema()
        install_reference(store)
        for size, departement in departements.items():
            populate(store, size, departement)
    print(f"synthetic territories written in {time.perf_counter() - began:.1f} s")


def measure(page: object, url: str) -> float:
    started = time.perf_counter()
    page.goto(url, timeout=600_000)  # type: ignore[attr-defined]
    page.wait_for_selector("#network[data-ready=true]", state="attached", timeout=600_000)  # type: ignore[attr-defined]
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=list(DEPARTEMENTS), choices=list(DEPARTEMENTS)
    )
    args = parser.parse_args()
    executable = chromium_path()
    if executable is None:
        print("Chromium is missing: run scripts/install_browser.sh")
        return
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.lbug"
        synthetic_database(db, {size: DEPARTEMENTS[size] for size in args.sizes})
        with (
            live_server(db, timeout=300, MAILLAGE_VISUAL_MAX_NODES=str(THRESHOLD)) as site,
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
            page = browser.new_page(viewport={"width": 1500, "height": 1000})
            print("organisations  view             cold (s)  warm (s) in page (s)  nodes")
            for size in args.sizes:
                url = f"{site}/territoires/departement:{DEPARTEMENTS[size]}"
                cold = measure(page, url)
                warm = measure(page, url)
                kind, nodes, in_page = page.evaluate(
                    "() => [document.getElementById('network').dataset.kind,"
                    " window.maillage.nodes.length, window.maillage.stabilisedMs / 1000]"
                )
                print(f"{size:>13,}  {kind:<14} {cold:>9.2f} {warm:>9.2f} {in_page:>11.2f}  {nodes:,}")
            browser.close()


if __name__ == "__main__":
    main()
