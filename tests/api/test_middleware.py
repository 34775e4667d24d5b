"""The middleware stack around a small app of its own: a bug answers 500 without being re-raised
(so the connection survives), as problem+json for the API and as a page for pages."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from graph_service.api.middleware import BodyLimit, CatchAll, SecurityHeaders
from graph_service.api.problems import install_problem_handlers


def _app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    app.add_middleware(CatchAll)
    app.add_middleware(SecurityHeaders)
    app.add_middleware(BodyLimit, default=1_000, limits={"/api/big": 10_000})

    @app.get("/api/boom")
    def api_boom() -> None:
        raise RuntimeError("secret internals")

    @app.get("/page-boom")
    def page_boom() -> None:
        raise KeyError("secret internals")

    @app.post("/api/echo")
    def echo(body: dict[str, str]) -> dict[str, int]:
        return {"keys": len(body)}

    @app.post("/api/big/echo")
    def big_echo(body: dict[str, str]) -> dict[str, int]:
        return {"keys": len(body)}

    return app


def test_a_bug_answers_500_without_internals_and_is_not_reraised() -> None:
    # raise_server_exceptions=True: a re-raised exception would fail this test right here.
    with TestClient(_app(), raise_server_exceptions=True) as client:
        api = client.get("/api/boom")
        assert api.status_code == 500 and api.headers["content-type"] == "application/problem+json"
        assert "secret" not in api.text and api.json()["detail"] == "the server failed; the error was logged"
        page = client.get("/page-boom")
        assert page.status_code == 500 and page.headers["content-type"].startswith("text/html")
        assert "Erreur du serveur" in page.text and "secret" not in page.text
        assert page.headers["x-content-type-options"] == "nosniff"
        assert client.get("/api/boom?lang=en").status_code == 500


def test_bodies_are_limited_per_path_before_the_route_runs() -> None:
    with TestClient(_app(), raise_server_exceptions=True) as client:
        assert client.post("/api/echo", json={"a": "b"}).json() == {"keys": 1}
        refused = client.post("/api/echo", json={"a": "b" * 2_000})
        assert refused.status_code == 413 and "1,000 bytes" in refused.json()["detail"]
        assert client.post("/api/big/echo", json={"a": "b" * 2_000}).json() == {"keys": 1}
        bad_length = client.post("/api/echo", content=b"{}", headers={"content-length": "abc"})
        assert bad_length.status_code in (400, 413)
