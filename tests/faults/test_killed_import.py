"""``kill -9`` during an import, at several points: the database reopens, reads still work, and
re-running the import gives exactly what a clean import gives."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph_service.api.app import create_app
from graph_service.config import Settings
from testkit.backends import template_path
from testkit.command import run_maillage as run
from testkit.live import MAILLAGE
from testkit.native_sets import exported, store_stats, write_native_set

READS_AFTER_KILL = [
    "/api/v1/alliances?limit=500",
    "/api/v1/organisations/gen:o1/alliances",
    "/api/v1/territories/38/analysis/communities",
    "/territoires/38",
]


@pytest.fixture(scope="module")
def native_set(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # Above the COPY threshold, so that bulk loads and statements are both interrupted.
    return write_native_set(tmp_path_factory.mktemp("set"), organisations=25_000, alliances=8_000)


@pytest.fixture(scope="module")
def clean(
    native_set: Path, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[dict, float]:
    folder = tmp_path_factory.mktemp("clean")
    db = template_path(request, "reference", folder)
    started = time.monotonic()
    result = run(db, "import", str(native_set), "--dataset", "gen")
    assert result.returncode == 0, result.stderr
    return exported(db, folder / "export"), time.monotonic() - started


def _import_killed_after(db: Path, native_set: Path, seconds: float) -> None:
    env = {**os.environ, "MAILLAGE_DB_PATH": str(db)}
    process = subprocess.Popen(
        [MAILLAGE, "import", str(native_set), "--dataset", "gen"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(seconds)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


@pytest.mark.parametrize("fraction", [0.3, 0.6, 0.85])
def test_a_killed_import_reopens_reads_and_reruns_to_the_clean_result(
    fraction: float,
    native_set: Path,
    clean: tuple[dict, float],
    reference_db_copy: Path,
    tmp_path: Path,
) -> None:
    expected, seconds = clean
    db = reference_db_copy
    _import_killed_after(db, native_set, seconds * fraction)
    assert "nodes" in store_stats(db)  # reopens
    config = Settings(db_path=db, data_dir=tmp_path / "data")
    with TestClient(create_app(config), raise_server_exceptions=False) as client:
        for path in READS_AFTER_KILL:
            assert client.get(path).status_code in (200, 404), path
    rerun = run(db, "import", str(native_set), "--dataset", "gen")
    assert rerun.returncode == 0, rerun.stderr
    assert exported(db, tmp_path / "export") == expected
