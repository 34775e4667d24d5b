"""Serving many readers over HTTP: ETag and 304, answers kept per territory, analyses that stay
valid where no write touched them, that survive a restart, and that are served while recomputed."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from graph_service.analysis.analyser import Analyser
from graph_service.analysis.change import recent_since
from graph_service.analysis.options import AnalysisOptions
from graph_service.api.app import create_app
from graph_service.api.response_cache import REFRESHING_HEADER
from graph_service.config import Settings
from graph_service.model import Organisation
from graph_service.store.port import GraphStore
from testkit.backends import database_path
from testkit.http import bearer

ISERE = "/api/v1/territories/departement:38"
FINISTERE = "/api/v1/territories/departement:29"


def new_organisation(key: str, commune: str) -> dict[str, str]:
    return {"id": f"api:{key}", "name": f"Nouvelle {key}", "world": "fondation", "commune": commune}


def settings_for(store: GraphStore, tmp_path: Path, **overrides: Any) -> Settings:
    return Settings(  # type: ignore[arg-type]
        db_path=database_path(store, tmp_path),
        data_dir=tmp_path / "data",
        analysis_dir=tmp_path / "analyses",
        **overrides,
    )


@pytest.fixture
def refreshing_client(api_store: GraphStore, tmp_path: Path) -> Iterator[TestClient]:
    """An app with the background refresher on, but no walk through the populated territories:
    only what a request asks is recomputed, so the tests see each step."""
    config = settings_for(api_store, tmp_path, refresh_analyses=True, refresh_max_territories=0)
    with TestClient(create_app(config, store=api_store), raise_server_exceptions=False) as client:
        yield client


def wait_until(condition: Callable[[], bool], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.05)


def members(answer: Any) -> set[str]:
    return set(answer.json()["data"]["membership"])


# -- ETag and 304 ----------------------------------------------------------------------------------
def test_a_read_carries_an_etag_and_a_match_answers_304_without_a_body(client: TestClient) -> None:
    first = client.get(ISERE)
    assert first.status_code == 200 and first.headers["cache-control"] == "no-cache"
    etag = first.headers["etag"]
    again = client.get(ISERE, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    # A weak form or a list of tags match too; another tag gets the whole answer.
    assert client.get(ISERE, headers={"If-None-Match": f'"other", W/{etag}'}).status_code == 304
    other = client.get(ISERE, headers={"If-None-Match": '"other"'})
    assert other.status_code == 200 and other.content == first.content


def test_a_write_changes_the_etag_of_its_territory_and_the_answer(
    client: TestClient, tokens: dict[str, str]
) -> None:
    before = client.get(ISERE)
    foundations = before.json()["data"]["organisations_by_world"].get("fondation", 0)
    created = client.post(
        "/api/v1/organisations", json=new_organisation("grenoble", "38185"), headers=bearer(tokens["write"])
    )
    assert created.status_code == 201
    after = client.get(ISERE, headers={"If-None-Match": before.headers["etag"]})
    assert after.status_code == 200
    assert after.headers["etag"] != before.headers["etag"]
    assert after.json()["data"]["organisations_by_world"]["fondation"] == foundations + 1


def test_a_write_in_one_departement_keeps_the_answers_of_another(
    client: TestClient, tokens: dict[str, str]
) -> None:
    isere = client.get(ISERE)
    finistere = client.get(FINISTERE)
    search = client.get("/api/v1/organisations", params={"q": "labo"})
    created = client.post(
        "/api/v1/organisations", json=new_organisation("brest", "29019"), headers=bearer(tokens["write"])
    )
    assert created.status_code == 201
    # The Isère was not touched: its tag still matches. The Finistère and searches moved.
    assert client.get(ISERE, headers={"If-None-Match": isere.headers["etag"]}).status_code == 304
    assert client.get(FINISTERE, headers={"If-None-Match": finistere.headers["etag"]}).status_code == 200
    moved = client.get(
        "/api/v1/organisations", params={"q": "labo"}, headers={"If-None-Match": search.headers["etag"]}
    )
    assert moved.status_code == 200


def test_errors_and_closed_reads_are_not_cached(
    client: TestClient, closed_client: TestClient, tokens: dict[str, str]
) -> None:
    missing = client.get("/api/v1/territories/departement:999")
    assert missing.status_code == 404 and "etag" not in missing.headers
    closed = closed_client.get(ISERE, headers=bearer(tokens["read"]))
    assert closed.status_code == 200 and "etag" not in closed.headers
    # Without a token, a closed read is refused even right after a token holder read it.
    assert closed_client.get(ISERE).status_code == 401


def test_a_cached_answer_is_the_routes_answer(client: TestClient) -> None:
    """Pages and analyses too: the second answer is byte for byte the first, and is kept."""
    cache = client.app.state.response_cache  # type: ignore[attr-defined]
    for url in ("/territoires/departement:38", f"{ISERE}/analysis/communities", "/organisations/demo:gaia"):
        first, second = client.get(url), client.get(url)
        assert first.status_code == second.status_code == 200
        assert first.content == second.content and first.headers["etag"] == second.headers["etag"]
    assert len(cache) >= 3


# -- analyses valid per territory ------------------------------------------------------------------
def test_a_write_outdates_the_analyses_of_the_territories_it_touches_only(
    api_store: GraphStore, tmp_path: Path
) -> None:
    analyser = Analyser(api_store, settings_for(api_store, tmp_path))
    options = AnalysisOptions()
    isere, finistere = analyser.base("38", options), analyser.base("29", options)
    for above in ("region:84", "region:53"):  # Auvergne-Rhône-Alpes, Bretagne
        analyser.base(above, options)
    api_store.upsert_organisations(
        [Organisation(id="api:brest", name="Nouvelle Brest", world="fondation", commune="29019")], "api@test"
    )
    api_store.record_import_run("api@test", "api", now(), "a write in Brest")
    assert analyser.is_fresh("38", options) and analyser.is_fresh("region:84", options)
    assert not analyser.is_fresh("29", options) and not analyser.is_fresh("region:53", options)
    assert analyser.base("38", options) is isere  # kept: not recomputed
    again = analyser.base("29", options)
    assert again.token != finistere.token and "api:brest" in again.graph.index
    assert again.snapshot == "api@test"


def test_a_new_alliance_outdates_the_territories_of_all_its_members(
    api_store: GraphStore, tmp_path: Path
) -> None:
    from graph_service.model import AllianceInfo, MembershipEdge

    analyser = Analyser(api_store, settings_for(api_store, tmp_path))
    options = AnalysisOptions()
    for code in ("38", "29", "63"):
        analyser.base(code, options)
    grenoble, brest = (api_store.territory_organisations(code, limit=1).items[0].id for code in ("38", "29"))
    api_store.upsert_alliances([AllianceInfo(id="api:pont", name="Pont", mode="mecenat")], "api@pont")
    api_store.upsert_memberships(
        [MembershipEdge(organisation_id=o, alliance_id="api:pont", role="membre") for o in (grenoble, brest)],
        "api",
        "api@pont",
    )
    assert not analyser.is_fresh("38", options) and not analyser.is_fresh("29", options)
    assert analyser.is_fresh("63", options)


def now() -> Any:
    from datetime import UTC, datetime

    return datetime.now(UTC)


def test_analyses_over_http_follow_their_own_territory(client: TestClient, tokens: dict[str, str]) -> None:
    isere = client.get(f"{ISERE}/analysis/communities").json()["data"]
    finistere = client.get(f"{FINISTERE}/analysis/communities").json()["data"]
    created = client.post(
        "/api/v1/organisations", json=new_organisation("brest", "29019"), headers=bearer(tokens["write"])
    )
    assert created.status_code == 201
    isere_after = client.get(f"{ISERE}/analysis/communities").json()["data"]
    finistere_after = client.get(f"{FINISTERE}/analysis/communities").json()["data"]
    assert isere_after["method"]["snapshot"] == isere["method"]["snapshot"]  # kept, not recomputed
    assert finistere_after["method"]["snapshot"] != finistere["method"]["snapshot"]
    assert "api:brest" in finistere_after["membership"] and "api:brest" not in finistere["membership"]


# -- saved analyses --------------------------------------------------------------------------------
def test_analyses_survive_a_restart(api_store: GraphStore, tmp_path: Path) -> None:
    config = settings_for(api_store, tmp_path)
    with TestClient(create_app(config, store=api_store)) as first:
        before = first.get(f"{ISERE}/analysis/communities").json()["data"]
    assert list((tmp_path / "analyses").glob("*.pickle"))
    restarted = create_app(config, store=api_store)
    with TestClient(restarted) as second:

        def no_recomputation(*_: object) -> None:
            raise AssertionError("the saved analysis should have been used")

        second.app.state.analyser._compute_base = no_recomputation  # type: ignore[attr-defined]
        after = second.get(f"{ISERE}/analysis/communities")
        page = second.get("/territoires/departement:38")
    assert after.status_code == 200 and page.status_code == 200
    assert after.json()["data"]["membership"] == before["membership"]
    assert after.json()["data"]["method"]["snapshot"] == before["method"]["snapshot"]


def test_a_saved_analysis_of_an_older_snapshot_is_recomputed(
    api_store: GraphStore, tmp_path: Path, tokens: dict[str, str]
) -> None:
    config = settings_for(api_store, tmp_path)
    with TestClient(create_app(config, store=api_store)) as first:
        before = first.get(f"{ISERE}/analysis/communities").json()["data"]
    # A write while no server runs: the saved analysis is now of an older snapshot.
    api_store.upsert_organisations(
        [Organisation(id="api:grenoble", name="Nouvelle", world="fondation", commune="38185")], "api@offline"
    )
    api_store.record_import_run("api@offline", "api", now(), "offline write")
    with TestClient(create_app(config, store=api_store)) as second:
        after = second.get(f"{ISERE}/analysis/communities").json()["data"]
    assert after["method"]["snapshot"] == "api@offline" != before["method"]["snapshot"]
    assert "api:grenoble" in after["membership"] and after["method"]["refreshing"] is False


def test_an_unreadable_saved_analysis_is_ignored(api_store: GraphStore, tmp_path: Path) -> None:
    config = settings_for(api_store, tmp_path)
    with TestClient(create_app(config, store=api_store)) as first:
        before = first.get(f"{ISERE}/analysis/communities").json()["data"]
    for saved in (tmp_path / "analyses").glob("*.pickle"):
        saved.write_bytes(b"not a pickle")
    with TestClient(create_app(config, store=api_store)) as second:
        after = second.get(f"{ISERE}/analysis/communities")
    assert after.status_code == 200 and after.json()["data"]["membership"] == before["membership"]


# -- stale-while-revalidate ------------------------------------------------------------------------
def test_an_outdated_analysis_is_served_marked_while_recomputed_then_replaced(
    refreshing_client: TestClient, tokens: dict[str, str]
) -> None:
    client = refreshing_client
    url = f"{ISERE}/analysis/communities"
    before = client.get(url)
    assert before.status_code == 200 and before.json()["data"]["method"]["refreshing"] is False
    analyser = client.app.state.analyser  # type: ignore[attr-defined]
    gate = threading.Event()
    compute = analyser._compute_base

    def held(*args: Any) -> Any:
        gate.wait(60)  # the recomputation waits here, so the test sees the time in between
        return compute(*args)

    analyser._compute_base = held
    created = client.post(
        "/api/v1/organisations", json=new_organisation("grenoble", "38185"), headers=bearer(tokens["write"])
    )
    assert created.status_code == 201
    stale = client.get(url)
    assert stale.status_code == 200 and stale.headers[REFRESHING_HEADER] == "1"
    assert "etag" not in stale.headers and stale.headers["cache-control"] == "no-store"
    assert stale.json()["data"]["method"]["refreshing"] is True
    assert members(stale) == members(before)  # the previous result, not a blocking recomputation
    page = client.get("/territoires/departement:38")
    assert page.status_code == 200 and "Mise à jour en cours" in page.text
    # Another write outdates nothing more: the page drawn from the analysis kept is drawn once.
    again = client.post(
        "/api/v1/organisations", json=new_organisation("voiron", "38563"), headers=bearer(tokens["write"])
    )
    assert again.status_code == 201
    assert client.get("/territoires/departement:38").content == page.content
    gate.set()

    def replaced() -> bool:
        answer = client.get(url)
        return answer.json()["data"]["method"]["refreshing"] is False and {
            "api:grenoble",
            "api:voiron",
        } <= members(answer)

    wait_until(replaced)
    fresh = client.get(url)
    assert "etag" in fresh.headers and REFRESHING_HEADER not in fresh.headers
    # A marked page is kept a couple of seconds at most, then the fresh one replaces it.
    wait_until(lambda: "Mise à jour en cours" not in client.get("/territoires/departement:38").text)


def test_the_refresher_warms_populated_territories_and_rewarms_after_writes(
    api_store: GraphStore, tmp_path: Path, tokens: dict[str, str]
) -> None:
    config = settings_for(
        api_store, tmp_path, refresh_analyses=True, refresh_quiet_seconds=0.2, refresh_max_territories=4
    )
    with TestClient(create_app(config, store=api_store)) as client:
        analyser = client.app.state.analyser  # type: ignore[attr-defined]
        options = AnalysisOptions()

        def idle() -> bool:
            return bool(client.get("/api/v1/health").json()["analyses"]["state"] == "idle")

        wait_until(idle, timeout=120)
        health = client.get("/api/v1/health").json()["analyses"]
        assert health["warmed"] == 4
        # The four fullest of the régions, départements and EPCI, biggest first: the Isère's among them.
        assert analyser.is_fresh("departement:38", options)
        assert not analyser.is_fresh("departement:29", options)
        created = client.post(
            "/api/v1/organisations",
            json=new_organisation("grenoble", "38185"),
            headers=bearer(tokens["write"]),
        )
        assert created.status_code == 201
        assert not analyser.is_fresh("departement:38", options)
        wait_until(lambda: analyser.is_fresh("departement:38", options), timeout=120)
        assert "api:grenoble" in analyser.base("departement:38", options).graph.index
        assert client.get("/api/v1/health").json()["analyses"]["warmed"] > health["warmed"]


def test_the_refresher_prepares_the_diagnostic_so_a_restarted_server_computes_nothing(
    api_store: GraphStore, tmp_path: Path
) -> None:
    warming = settings_for(api_store, tmp_path, refresh_analyses=True, refresh_max_territories=2)
    with TestClient(create_app(warming, store=api_store)) as client:
        wait_until(lambda: client.get("/api/v1/health").json()["analyses"]["state"] == "idle", timeout=180)
        analyser = client.app.state.analyser  # type: ignore[attr-defined]
        base = analyser.base("departement:38", AnalysisOptions())
        assert analyser.has_change_to_today(base, recent_since(date.today()), AnalysisOptions())
    with TestClient(create_app(settings_for(api_store, tmp_path), store=api_store)) as restarted:

        def no_recomputation(*_: object) -> None:
            raise AssertionError("the diagnostic should use what the refresher prepared")

        restarted.app.state.analyser._compute_base = no_recomputation  # type: ignore[attr-defined]
        page = restarted.get("/territoires/departement:38/diagnostic")
    assert page.status_code == 200
    assert f"{recent_since(date.today()).year}" in page.text and 'id="change"' in page.text
