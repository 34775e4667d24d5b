"""Generated native data sets, and what a database holds as its export, to compare stores."""

from __future__ import annotations

import csv
import json
import random
from pathlib import Path

from graph_service.model import AllianceMode, World
from testkit.command import run_maillage

# Communes of Isère and of the Rhône, so that the set spreads over several départements.
COMMUNES = ["38185", "38421", "38563", "38053", "38151", "69123", "69266", "69029", "73065", "26362"]


def write_native_set(folder: Path, organisations: int, alliances: int, *, seed: int = 3) -> Path:
    """Native files: organisations over real communes, alliances of 2 to 6 members."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    worlds = [w.value for w in World]
    with (folder / "organisations.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "name", "world", "commune"])
        for n in range(organisations):
            writer.writerow([f"o{n}", f"Organisation {n}", rng.choice(worlds), rng.choice(COMMUNES)])
    modes = [m.value for m in AllianceMode]
    with (
        (folder / "alliances.csv").open("w", newline="", encoding="utf-8") as alliance_file,
        (folder / "alliance_members.csv").open("w", newline="", encoding="utf-8") as member_file,
    ):
        alliance_rows, member_rows = csv.writer(alliance_file), csv.writer(member_file)
        alliance_rows.writerow(["id", "name", "mode", "start"])
        member_rows.writerow(["alliance", "organisation", "role"])
        for n in range(alliances):
            alliance_rows.writerow([f"a{n}", f"Alliance {n}", rng.choice(modes), rng.randint(2000, 2024)])
            for member in rng.sample(range(organisations), rng.randint(2, 6)):
                member_rows.writerow([f"a{n}", f"o{member}", rng.choice(["membre", "pilote"])])
    return folder


def exported(db: Path, folder: Path) -> dict[str, list[str]]:
    """What a store holds, as the sorted lines of its native export (runs and ids aside)."""
    result = run_maillage(db, "export", str(folder))
    assert result.returncode == 0, result.stderr
    return {path.name: sorted(path.read_text("utf-8").splitlines()) for path in sorted(folder.iterdir())}


def store_stats(db: Path) -> dict[str, object]:
    result = run_maillage(db, "stats", "--json")
    assert result.returncode == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data
