"""Reliability over HTTP: paging past the end, territories of every shape, writes that keep the
graph valid, one snapshot per answer, uploads, tokens, headers and error pages."""

from __future__ import annotations

import csv
import io
import time
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from graph_service.api.app import create_app
from graph_service.config import Settings
from graph_service.model import TokenScope
from graph_service.store.embedded import EmbeddedStore
from graph_service.tokens import issue_token
from testkit.databases import copy_db
from testkit.http import assert_problem, bearer

ANALYSES = ("communities", "centrality", "brokerage", "mixing", "introductions")


def _answers_everywhere(client: TestClient, code: str) -> None:
    """Every analysis route, the compare route, the ecosystem and the page answer for ``code``."""
    for question in ANALYSES:
        answer = client.get(f"/api/v1/territories/{code}/analysis/{question}")
        assert answer.status_code == 200, (code, question, answer.text[:300])
        assert answer.json()["data"]["method"]["snapshot"] == answer.json()["provenance"]["snapshot"]
    compare = client.get(
        f"/api/v1/territories/{code}/analysis/compare", params={"before": "2015-01-01", "after": "2024-01-01"}
    )
    assert compare.status_code == 200, compare.text[:300]
    for fmt in ("json", "csv", "graphml", "gexf"):
        assert client.get(f"/api/v1/territories/{code}/ecosystem", params={"format": fmt}).status_code == 200
    page = client.get(f"/territoires/{code}")
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<html lang="fr">' in page.text


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/organisations",
        "/api/v1/territories",
        "/api/v1/territories/38/organisations",
        "/api/v1/alliances",
    ],
)
def test_every_paginated_route_is_safe_past_the_end(client: TestClient, path: str) -> None:
    total = client.get(path, params={"limit": 1}).json()["data"]["total"]
    for offset in (total, total + 1, 9_999_999, 10_000_000):
        page = client.get(path, params={"offset": offset, "limit": 500})
        assert page.status_code == 200, page.text
        assert page.json()["data"] == {"items": [], "total": total, "limit": 500, "offset": offset}
    last = client.get(path, params={"offset": total - 1, "limit": 500}).json()["data"]
    assert len(last["items"]) == 1


def test_an_empty_territory_answers_every_route_and_page(client: TestClient) -> None:
    assert client.get("/api/v1/territories/01/organisations").json()["data"]["total"] == 0
    _answers_everywhere(client, "01")
    communities = client.get("/api/v1/territories/01/analysis/communities").json()["data"]
    assert communities["cards"] == [] and communities["isolated"] == 0


def _write(client: TestClient, auth: dict[str, str], path: str, body: dict[str, object]) -> None:
    answer = client.post(path, json=body, headers=auth)
    assert answer.status_code == 201, answer.text


def _organisation(
    client: TestClient,
    auth: dict[str, str],
    key: str,
    commune: str,
    *,
    world: str = "association",
    name: str = "",
) -> None:
    body = {"id": f"t:{key}", "name": name or key.upper(), "world": world, "commune": commune}
    _write(client, auth, "/api/v1/organisations", body)


def _alliance(client: TestClient, auth: dict[str, str], key: str, members: list[str], name: str = "") -> None:
    body = {
        "id": f"t:{key}",
        "name": name or key.upper(),
        "mode": "mecenat",
        "members": [{"organisation_id": f"t:{m}"} for m in members],
    }
    _write(client, auth, "/api/v1/alliances", body)


def test_territories_of_one_organisation_no_ties_and_one_alliance_answer(
    client: TestClient, tokens: dict[str, str]
) -> None:
    auth = bearer(tokens["write"])
    # Ain (01): one organisation; Aisne (02): three without ties; Allier (03): one alliance of two.
    _organisation(client, auth, "seule", "01053")
    for i in range(3):
        _organisation(client, auth, f"aisne{i}", "02408", world="entreprise")
    for i in range(2):
        _organisation(client, auth, f"allier{i}", "03190", world="collectivite")
    _alliance(client, auth, "pacte", ["allier0", "allier1"])
    for code in ("01", "02", "03", "commune:01053", "region:84"):
        _answers_everywhere(client, code)
    allier = client.get("/api/v1/territories/03/analysis/communities").json()["data"]
    assert allier["organisations"] == 2 and allier["ties"] == 1
    aisne = client.get("/api/v1/territories/02/analysis/communities").json()["data"]
    assert aisne["organisations"] == 3 and aisne["isolated"] == 3


def test_every_region_and_departement_and_a_sample_of_epci_and_communes_answer(client: TestClient) -> None:
    codes = []
    for level in ("region", "departement"):
        page = client.get("/api/v1/territories", params={"level": level, "limit": 500}).json()["data"]
        codes += [f"{level}:{t['code']}" for t in page["items"]]
    assert len(codes) == 18 + 101
    for level in ("epci", "commune"):
        page = client.get("/api/v1/territories", params={"level": level, "limit": 500}).json()["data"]
        step = max(1, len(page["items"]) // 12)
        codes += [f"{level}:{t['code']}" for t in page["items"][::step]]
    codes += ["epci:200040715", "commune:38185", "pays:FR"]  # populated ones, and the whole country
    for code in codes:
        page = client.get(f"/territoires/{code}")
        assert page.status_code == 200, (code, page.text[:300])
        assert page.headers["content-type"].startswith("text/html") and '<html lang="fr">' in page.text
        for question in ANALYSES:
            answer = client.get(f"/api/v1/territories/{code}/analysis/{question}")
            assert answer.status_code == 200, (code, question, answer.text[:300])


def test_deleting_an_organisation_dissolves_the_alliances_it_leaves_with_one_member(
    client: TestClient, tokens: dict[str, str]
) -> None:
    auth = bearer(tokens["write"])
    for name in ("a", "b", "c"):
        _organisation(client, auth, name, "38185")
    _alliance(client, auth, "duo", ["a", "b"])
    _alliance(client, auth, "trio", ["a", "b", "c"])
    deleted = client.delete("/api/v1/organisations/t:a", headers=auth)
    assert deleted.status_code == 200
    assert deleted.json()["data"] == {"deleted": "t:a", "dissolved_alliances": ["t:duo"]}
    assert_problem(client.get("/api/v1/alliances/t:duo"), 404, "t:duo")
    trio = client.get("/api/v1/alliances/t:trio").json()["data"]
    assert [m["organisation_id"] for m in trio["members"]] == ["t:b", "t:c"]
    assert [a["id"] for a in client.get("/api/v1/organisations/t:b/alliances").json()["data"]] == ["t:trio"]
    every = client.get("/api/v1/alliances", params={"limit": 500, "q": "o"})
    assert every.status_code == 200
    assert client.get("/organisations/t:b").status_code == 200


def test_an_alliance_shell_without_members_never_breaks_a_read(
    client: TestClient, api_store: EmbeddedStore
) -> None:
    from graph_service.model import AllianceInfo, MembershipEdge

    # What an import stopped between an alliance and its members leaves behind.
    api_store.upsert_alliances([AllianceInfo(id="t:coquille", name="Coquille", mode="mecenat")], "t@1")
    edge = MembershipEdge(organisation_id="demo:gaia", alliance_id="t:coquille", role="pilote")
    api_store.upsert_memberships([edge], "t", "t@1")
    assert_problem(client.get("/api/v1/alliances/t:coquille"), 404, "t:coquille")
    assert client.get("/api/v1/alliances", params={"q": "coquille"}).status_code == 200
    gaia = client.get("/api/v1/organisations/demo:gaia/alliances")
    assert gaia.status_code == 200 and "t:coquille" not in {a["id"] for a in gaia.json()["data"]}
    assert client.get("/organisations/demo:gaia").status_code == 200


def test_each_write_is_seen_by_the_next_analysis(client: TestClient, tokens: dict[str, str]) -> None:
    auth = bearer(tokens["write"])
    seen = client.get("/api/v1/territories/38/analysis/communities").json()["data"]["organisations"]
    for i in range(8):
        _organisation(client, auth, f"n{i}", "38185")
        answer = client.get("/api/v1/territories/38/analysis/communities").json()
        assert answer["data"]["organisations"] == seen + i + 1
        assert answer["data"]["method"]["snapshot"] == answer["provenance"]["snapshot"]


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("name", "Nul\x00le", "U+0000"),
        ("name", "abc\u202egnp.exe", "U+202E"),
        ("website", "javascript:alert(1)", "http"),
        ("website", "data:text/html,<script>", "http"),
    ],
)
def test_hidden_characters_and_unsafe_websites_are_refused(
    client: TestClient, tokens: dict[str, str], field: str, value: str, reason: str
) -> None:
    body = {"id": "t:x", "name": "X", "world": "association", field: value}
    assert_problem(
        client.post("/api/v1/organisations", json=body, headers=bearer(tokens["write"])), 422, reason
    )


def test_a_role_the_reads_would_refuse_is_refused_on_import(
    client: TestClient, tokens: dict[str, str]
) -> None:
    files = [
        ("files", ("organisations.csv", b"id,name,world\nx,X,association\ny,Y,association\n", "text/csv")),
        ("files", ("alliances.csv", b"id,name,mode\np,P,mecenat\n", "text/csv")),
        (
            "files",
            (
                "alliance_members.csv",
                f"alliance,organisation,role\np,x,{'r' * 101}\np,y,membre\n".encode(),
                "text/csv",
            ),
        ),
    ]
    report = client.post(
        "/api/v1/imports", files=files, data={"dataset": "roles"}, headers=bearer(tokens["write"])
    )
    assert report.status_code == 200, report.text
    members = [r for r in report.json()["rejections"] if r["file"] == "alliance_members.csv"]
    [role] = [r for r in members if r["column"] == "role"]
    assert role["line"] == 2 and "100" in role["reason"]
    # The alliance is left with one member, so it and its other membership are refused too.
    assert {r["line"] for r in members} == {2, 3}
    assert client.get("/api/v1/organisations/roles:x/alliances").status_code == 200


def test_upload_size_is_refused_before_the_token_is_looked_at(small_upload_client: TestClient) -> None:
    big = [("files", ("organisations.csv", b"id,name,world\n" + b"x" * 5_000, "text/csv"))]
    answer = small_upload_client.post("/api/v1/imports", files=big)  # no token at all
    assert_problem(answer, 413, "larger than")

    def chunks() -> Iterator[bytes]:
        yield b"--b\r\nContent-Disposition: form-data; name=files; filename=organisations.csv\r\n\r\n"
        for _ in range(50):
            yield b"x" * 1_000

    streamed = small_upload_client.post(
        "/api/v1/imports", content=chunks(), headers={"Content-Type": "multipart/form-data; boundary=b"}
    )
    assert_problem(streamed, 413, "larger than")


@pytest.mark.parametrize(
    ("dataset", "name"),
    [
        ("../../etc", "organisations.csv"),
        ("ok", "../../organisations.csv"),
        ("ok", "organisations" + "x" * 300 + ".csv"),
        ("ok", "organisations\x00.csv"),
        ("a" * 65, "organisations.csv"),
    ],
)
def test_dataset_and_file_names_are_validated(
    client: TestClient, tokens: dict[str, str], tmp_path: Path, dataset: str, name: str
) -> None:
    files = [("files", (name, b"id,name,world\nx,X,association\n", "text/csv"))]
    answer = client.post(
        "/api/v1/imports", files=files, data={"dataset": dataset}, headers=bearer(tokens["write"])
    )
    assert answer.status_code == 422, answer.text
    assert not list(tmp_path.rglob("*.csv")), "nothing written anywhere"


def test_admin_creates_lists_and_revokes_tokens_at_once(client: TestClient, tokens: dict[str, str]) -> None:
    admin = bearer(tokens["admin"])
    assert_problem(
        client.post("/api/v1/tokens", json={"name": "x"}, headers=bearer(tokens["write"])), 403, "admin"
    )
    created = client.post("/api/v1/tokens", json={"name": "équipe", "scope": "write"}, headers=admin)
    assert created.status_code == 201
    token, secret = created.json()["data"]["token"], created.json()["data"]["secret"]
    listed = client.get("/api/v1/tokens", headers=admin).json()["data"]
    assert token["id"] in {t["id"] for t in listed} and secret not in str(listed)
    # Every instant answered carries its offset, and the list says the same instant as the creation.
    again = next(t for t in listed if t["id"] == token["id"])
    for answered in (token, *listed):
        for field in ("created", "expires"):
            if answered.get(field):
                assert datetime.fromisoformat(answered[field]).tzinfo is not None, answered
    assert datetime.fromisoformat(again["created"]) == datetime.fromisoformat(token["created"])
    body = {"id": "t:tok", "name": "Tok", "world": "association"}
    assert client.post("/api/v1/organisations", json=body, headers=bearer(secret)).status_code == 201
    assert client.delete(f"/api/v1/tokens/{token['id']}", headers=admin).status_code == 204
    body["id"] = "t:tok2"
    assert_problem(client.post("/api/v1/organisations", json=body, headers=bearer(secret)), 401, "revoked")
    assert_problem(client.delete("/api/v1/tokens/00000000", headers=admin), 404, "00000000")


def test_an_expired_token_is_refused(client: TestClient, tokens: dict[str, str]) -> None:
    made = client.post(
        "/api/v1/tokens", json={"name": "court", "valid_days": 1 / 86_400}, headers=bearer(tokens["admin"])
    ).json()["data"]
    assert made["token"]["expires"]
    time.sleep(1.2)
    body = {"id": "t:late", "name": "Late", "world": "association"}
    assert_problem(
        client.post("/api/v1/organisations", json=body, headers=bearer(made["secret"])), 401, "expired"
    )


def test_security_headers_on_api_answers_pages_and_errors(client: TestClient) -> None:
    for path in ("/api/v1/stats", "/territoires/38", "/territoires/99999", "/api/v1/nothing"):
        headers = client.get(path).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]


def test_pages_answer_errors_as_french_or_english_pages(client: TestClient) -> None:
    cases = [
        ("/territoires/99999", 404),
        ("/organisations/t:nobody", 404),
        ("/nowhere", 404),
        ("/territoires/38?annee=soon", 422),
        ("/territoires/38?taille=bogus", 422),
    ]
    for path, status in cases:
        page = client.get(path)
        assert page.status_code == status and page.headers["content-type"].startswith("text/html"), path
        assert '<html lang="fr">' in page.text and f"{status} ·" in page.text
        english = client.get(path + ("&" if "?" in path else "?") + "lang=en")
        assert english.status_code == status and '<html lang="en">' in english.text
    api = client.get("/api/v1/territories/99999")
    assert api.headers["content-type"] == "application/problem+json"


def test_csv_cells_that_spreadsheets_would_run_are_neutralised(
    client: TestClient, tokens: dict[str, str]
) -> None:
    auth = bearer(tokens["write"])
    formula = '=HYPERLINK("http://evil.example","x")'
    for suffix in ("a", "b"):
        _organisation(client, auth, f"f{suffix}", "38185", name=f"{formula}{suffix}")
    _alliance(client, auth, "fx", ["fa", "fb"], name="+cmd|' /C calc'!A0")
    archive = client.get("/api/v1/territories/38185/ecosystem", params={"format": "csv"}).content
    with zipfile.ZipFile(io.BytesIO(archive)) as files:
        nodes = list(csv.DictReader(io.StringIO(files.read("nodes.csv").decode())))
        text = files.read("nodes.csv").decode() + files.read("edges.csv").decode()
    names = {row["name"] for row in nodes}
    assert f"'{formula}a" in names and f"'{formula}b" in names
    assert not any(cell.startswith(("=", "+", "@")) for row in csv.reader(io.StringIO(text)) for cell in row)
    files = [("files", ("organisations.csv", b"id,name,world\nx,X,=1+1\n", "text/csv"))]
    report = client.post("/api/v1/imports", files=files, data={"dataset": "f"}, headers=auth).json()
    rejects = client.get(report["rejects_url"].replace("http://testserver", ""), headers=auth).text
    assert "=1+1" in rejects and not any(
        cell.startswith("=") for row in csv.reader(io.StringIO(rejects.lstrip("\ufeff"))) for cell in row
    )


def test_health_notices_a_database_file_that_is_gone(demo_db: Path, tmp_path: Path) -> None:
    store = EmbeddedStore(copy_db(demo_db, tmp_path))
    secret = issue_token(store, "w", TokenScope.WRITE)[1]
    config = Settings(db_path=store.path, data_dir=tmp_path / "data")
    with TestClient(create_app(config, store=store), raise_server_exceptions=False) as client:
        assert client.get("/api/v1/health").json()["status"] == "ok"
        store.path.unlink()
        health = client.get("/api/v1/health")
        assert health.status_code == 503 and "gone" in health.json()["store"]
        body = {"id": "t:lost", "name": "Lost", "world": "association"}
        assert_problem(client.post("/api/v1/organisations", json=body, headers=bearer(secret)), 503, "gone")
    store.close()
