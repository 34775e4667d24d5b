"""Faults around a live ``maillage serve``: the CLI beside it, a heavy request beside light ones,
writers beside page loads, and connections that survive error answers."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from testkit.backends import template_path
from testkit.command import run_maillage as run
from testkit.live import live_server, upload_folder
from testkit.native_sets import write_native_set
from testkit.process_memory import rss_mib, server_pid

pytestmark = pytest.mark.on_backend
PAGE_LOADS = [
    "/territoires/38",
    "/api/v1/territories/38/analysis/communities",
    "/api/v1/territories/38185/ecosystem",
    "/organisations/demo:gaia",
]


@pytest.fixture(scope="module")
def served(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Path, str]]:
    """A server on its own copy of the demo data (the run's backend), the database path and a write
    secret."""
    folder = tmp_path_factory.mktemp("live")
    db = template_path(request, "demo", folder)
    created = run(db, "token", "create", "--scope", "admin", "--name", "faults")
    assert created.returncode == 0, created.stderr
    with live_server(db) as base:
        yield base, db, created.stdout.strip()


@pytest.mark.embedded_only("one writing process per LadybugDB file; on Neo4j the CLI writes beside serve")
def test_the_cli_reads_beside_the_server_and_refuses_to_write(
    served: tuple[str, Path, str], tmp_path: Path
) -> None:
    base, db, _ = served
    stats = run(db, "stats", "--json")
    assert stats.returncode == 0 and '"Organisation"' in stats.stdout
    assert run(db, "search", "labo").returncode == 0
    source = tmp_path / "organisations.csv"
    source.write_text("id,name,world\ncli,CLI,association\n", "utf-8")
    refused = run(db, "import", str(source))
    assert refused.returncode == 1 and "in use by another process" in refused.stderr
    assert len([line for line in refused.stderr.splitlines() if line.strip()]) == 1
    assert httpx.get(f"{base}/api/v1/health").json()["status"] == "ok"


def test_a_heavy_upload_does_not_hold_up_light_requests(
    served: tuple[str, Path, str], tmp_path: Path
) -> None:
    base, _, secret = served
    folder = write_native_set(tmp_path / "set", organisations=40_000, alliances=10_000)
    outcome: dict[str, object] = {}

    def heavy() -> None:
        outcome["status"] = upload_folder(base, folder, secret, "heavy").status_code

    worker = threading.Thread(target=heavy)
    worker.start()
    light: list[tuple[float, int]] = []
    with httpx.Client(base_url=base, timeout=60) as client:
        while worker.is_alive():
            started = time.monotonic()
            status = client.get("/api/v1/health").status_code
            light.append((time.monotonic() - started, status))
            time.sleep(0.05)
    worker.join()
    assert outcome["status"] == 200
    assert len(light) >= 5 and all(status == 200 for _, status in light)
    # Blocked by the import, one answer would take as long as the import itself.
    assert max(seconds for seconds, _ in light) < 2.0, sorted(light)[-3:]


def test_writers_beside_page_loads_give_no_5xx(served: tuple[str, Path, str]) -> None:
    base, _, secret = served
    auth = {"Authorization": f"Bearer {secret}"}
    statuses: Counter[int] = Counter()
    stop = time.monotonic() + 20

    def writer(number: int) -> None:
        with httpx.Client(base_url=base, timeout=120, headers=auth) as client:
            i = 0
            while time.monotonic() < stop:
                key = f"w{number}-{i}"
                body = {"id": f"race:{key}", "name": key, "world": "association", "commune": "38185"}
                statuses[client.post("/api/v1/organisations", json=body).status_code] += 1
                statuses[client.put(f"/api/v1/organisations/race:{key}", json=body).status_code] += 1
                if i % 2:
                    statuses[client.delete(f"/api/v1/organisations/race:{key}").status_code] += 1
                i += 1

    def reader() -> None:
        with httpx.Client(base_url=base, timeout=120) as client:
            while time.monotonic() < stop:
                for path in PAGE_LOADS:
                    statuses[client.get(path).status_code] += 1

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
    threads += [threading.Thread(target=reader) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(statuses.values()) > 30
    assert not [s for s in statuses if s >= 500], statuses
    assert set(statuses) <= {200, 201}, statuses


def test_one_connection_survives_error_answers(served: tuple[str, Path, str]) -> None:
    base, _, _ = served
    with httpx.Client(base_url=base, timeout=30) as client:
        for path in ("/api/v1/territories/99999", "/territoires/99999", "/api/v1/organisations?limit=0"):
            assert client.get(path).status_code in (404, 422)
            assert client.get("/api/v1/health").status_code == 200
        unauthorised = client.post("/api/v1/organisations", json={"name": "x"})
        assert unauthorised.status_code == 401
        assert client.get("/api/v1/territories/38").status_code == 200


def test_two_uploads_at_once_load_the_data_once(served: tuple[str, Path, str], tmp_path: Path) -> None:
    base, _, secret = served
    folder = write_native_set(tmp_path / "twice", organisations=3_000, alliances=1_000, seed=11)
    answers: list[httpx.Response] = []
    threads = [
        threading.Thread(target=lambda: answers.append(upload_folder(base, folder, secret, "twice")))
        for _ in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a.status_code for a in answers) == [200, 200], [a.text[:300] for a in answers]
    created = sorted(a.json()["counts"]["organisations"]["created"] for a in answers)
    assert created == [0, 3_000]  # one run creates them, the other finds them unchanged
    # The other tests of this server load organisations with the same names: keep this dataset's.
    found = httpx.get(f"{base}/api/v1/organisations", params={"q": "organisation 2999", "limit": 500})
    assert [o["id"] for o in found.json()["data"]["items"] if o["id"].startswith("twice:")] == ["twice:o2999"]


def test_bursts_of_oversized_bad_bodies_answer_short_422s_and_do_not_grow_the_server(
    served: tuple[str, Path, str],
) -> None:
    """Concurrent alliances listing one member 10,000 times: each is refused at the members'
    limit with a short answer (the input is not echoed whole), and a second burst does not grow
    the server beyond what the first left (``bench/bad_bodies.py`` prints the figures)."""
    base, _, secret = served
    pid = server_pid(base)
    member = {"organisation_id": "demo:gaia", "role": "membre"}
    body = {"id": "burst:a", "name": "Burst", "mode": "mecenat", "members": [member] * 10_000}
    headers = {"Authorization": f"Bearer {secret}"}

    def burst() -> float:
        with httpx.Client(base_url=base, headers=headers, timeout=120) as client:

            def post(_: int) -> httpx.Response:
                return client.post("/api/v1/alliances", json=body)

            with ThreadPoolExecutor(3) as pool:
                answers = list(pool.map(post, range(60)))
        assert {a.status_code for a in answers} == {422}
        assert max(len(a.content) for a in answers) < 4_000
        assert "at most 5000 items" in answers[0].json()["detail"]
        time.sleep(2)
        return rss_mib(pid)

    before = rss_mib(pid)
    first = burst()
    second = burst()
    assert second - first < 20, (before, first, second)
    assert first - before < 150, (before, first, second)
