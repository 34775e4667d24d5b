"""Wrong tokens are throttled per address: past the limit, 429 with ``Retry-After`` before any
look-up; a token known valid still passes from that address, and other addresses are untouched."""

from __future__ import annotations

from fastapi.testclient import TestClient

from graph_service.api.auth_throttle import MAX_FAILURES
from testkit.http import assert_problem, bearer

WRITE = "/api/v1/organisations/demo:labo-grenoble"
WRONG = bearer("mlg_" + "x" * 43)


def _guess(client: TestClient, times: int) -> list[int]:
    return [client.delete(WRITE, headers=WRONG).status_code for _ in range(times)]


def test_wrong_tokens_past_the_limit_answer_429_with_retry_after(client: TestClient) -> None:
    assert _guess(client, MAX_FAILURES) == [401] * MAX_FAILURES
    refused = client.delete(WRITE, headers=WRONG)
    assert_problem(refused, 429, "too many wrong tokens")
    wait = int(refused.headers["Retry-After"])
    assert 1 <= wait <= 60
    # The admin routes are behind the same door.
    assert client.get("/api/v1/tokens", headers=WRONG).status_code == 429


def test_a_token_known_valid_still_passes_and_other_addresses_are_untouched(
    client: TestClient, tokens: dict[str, str]
) -> None:
    admin = bearer(tokens["admin"])
    assert client.get("/api/v1/tokens", headers=admin).status_code == 200
    _guess(client, MAX_FAILURES + 5)
    assert client.get("/api/v1/tokens", headers=admin).status_code == 200
    # A valid token never seen from anywhere waits like the guesses (it could be one).
    assert client.get("/api/v1/tokens", headers=bearer(tokens["write"])).status_code == 429
    elsewhere = TestClient(client.app, client=("192.0.2.7", 4000), raise_server_exceptions=False)
    assert elsewhere.delete(WRITE, headers=WRONG).status_code == 401
    assert elsewhere.get("/api/v1/tokens", headers=bearer(tokens["write"])).status_code == 403


def test_a_revoked_token_that_was_valid_gains_nothing_from_the_throttle(
    client: TestClient, tokens: dict[str, str]
) -> None:
    admin = bearer(tokens["admin"])
    listed = client.get("/api/v1/tokens", headers=admin).json()["data"]
    write_id = next(t["id"] for t in listed if t["scope"] == "write")
    writer = bearer(tokens["write"])
    assert client.get("/api/v1/tokens", headers=writer).status_code == 403  # valid, known
    assert client.delete(f"/api/v1/tokens/{write_id}", headers=admin).status_code in (200, 204)
    assert client.get("/api/v1/tokens", headers=writer).status_code == 401
