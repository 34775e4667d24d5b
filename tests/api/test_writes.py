"""Write routes over HTTP: tokens and scopes, single-entity writes, uploads of native files."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

from fastapi.testclient import TestClient

from graph_service.store.embedded import EmbeddedStore
from testkit.http import assert_problem, bearer

ORGANISATION = {
    "id": "api:nouvelle",
    "name": "Nouvelle <script>alert(1)</script>",
    "world": "association",
    "commune": "38185",
}


def test_writes_need_a_token_with_write_scope(client: TestClient, tokens: dict[str, str]) -> None:
    assert_problem(client.post("/api/v1/organisations", json=ORGANISATION), 401, "bearer token")
    assert_problem(
        client.post("/api/v1/organisations", json=ORGANISATION, headers=bearer("mlg_wrong")),
        401,
        "unknown, revoked or expired",
    )
    assert_problem(
        client.post("/api/v1/organisations", json=ORGANISATION, headers=bearer(tokens["read"])),
        403,
        "does not allow 'write'",
    )
    assert_problem(client.delete("/api/v1/organisations/demo:gaia"), 401, "bearer token")
    assert client.get("/api/v1/organisations/demo:gaia").status_code == 200


def test_revoked_token_is_refused(
    client: TestClient, api_store: EmbeddedStore, tokens: dict[str, str]
) -> None:
    [write_token] = [t for t in api_store.list_tokens() if t.scope.value == "write"]
    api_store.revoke_token(write_token.id)
    assert_problem(
        client.post("/api/v1/organisations", json=ORGANISATION, headers=bearer(tokens["write"])),
        401,
        "revoked",
    )
    assert (
        client.post("/api/v1/organisations", json=ORGANISATION, headers=bearer(tokens["admin"])).status_code
        == 201
    )


def test_organisation_lifecycle_changes_the_snapshot(client: TestClient, tokens: dict[str, str]) -> None:
    auth = bearer(tokens["write"])
    before = client.get("/api/v1/stats").json()["provenance"]["snapshot"]
    created = client.post("/api/v1/organisations", json=ORGANISATION, headers=auth)
    assert created.status_code == 201
    assert created.json()["data"]["name"] == ORGANISATION["name"]
    after = client.get("/api/v1/stats").json()["provenance"]["snapshot"]
    assert after != before and after.startswith("api@")
    assert_problem(
        client.post("/api/v1/organisations", json=ORGANISATION, headers=auth), 409, "already exists"
    )
    moved = {**ORGANISATION, "commune": "38421"}
    assert (
        client.put("/api/v1/organisations/api:nouvelle", json=moved, headers=auth).json()["data"]["commune"]
        == "38421"
    )
    assert_problem(client.put("/api/v1/organisations/api:autre", json=moved, headers=auth), 422, "differs")
    assert_problem(
        client.post(
            "/api/v1/organisations", json={**ORGANISATION, "id": "api:x", "siren": "123456789"}, headers=auth
        ),
        422,
        "Luhn",
    )
    assert_problem(
        client.post(
            "/api/v1/organisations", json={**ORGANISATION, "id": "api:y", "commune": "99999"}, headers=auth
        ),
        422,
        "commune:99999",
    )
    deleted = client.delete("/api/v1/organisations/api:nouvelle", headers=auth)
    assert deleted.status_code == 200, deleted.text
    assert deleted.json()["data"] == {"deleted": "api:nouvelle", "dissolved_alliances": []}
    assert_problem(client.get("/api/v1/organisations/api:nouvelle"), 404, "api:nouvelle")
    assert_problem(client.delete("/api/v1/organisations/api:nouvelle", headers=auth), 404, "api:nouvelle")


def test_catalyst_profile_put_and_delete(client: TestClient, tokens: dict[str, str]) -> None:
    auth = bearer(tokens["write"])
    profile = {"missions": ["dialogue"], "territories": ["38", "epci:200040715"], "since": 2021}
    body = client.put("/api/v1/organisations/demo:gaia/catalyst", json=profile, headers=auth).json()["data"]
    assert body["catalyst"]["territories"] == ["departement:38", "epci:200040715"]
    assert_problem(
        client.put(
            "/api/v1/organisations/demo:gaia/catalyst", json={**profile, "territories": ["99"]}, headers=auth
        ),
        404,
        "99",
    )
    assert client.delete("/api/v1/organisations/demo:gaia/catalyst", headers=auth).status_code == 204
    assert client.get("/api/v1/organisations/demo:gaia").json()["data"]["catalyst"] is None


def test_alliance_lifecycle(client: TestClient, tokens: dict[str, str]) -> None:
    auth = bearer(tokens["write"])
    alliance = {
        "id": "api:pacte",
        "name": "Pacte",
        "mode": "cooperation_economique",
        "start": "2024-01-01",
        "members": [
            {"organisation_id": "demo:gaia", "role": "pilote"},
            {"organisation_id": "siren:356000000"},
        ],
    }
    created = client.post("/api/v1/alliances", json=alliance, headers=auth)
    assert created.status_code == 201
    assert {m["organisation_id"]: m["role"] for m in created.json()["data"]["members"]} == {
        "demo:gaia": "pilote",
        "siren:356000000": "membre",
    }
    assert_problem(client.post("/api/v1/alliances", json=alliance, headers=auth), 409, "already exists")
    lonely = {**alliance, "id": "api:seul", "members": alliance["members"][:1]}
    assert_problem(client.post("/api/v1/alliances", json=lonely, headers=auth), 422, "at least two")
    ghost = {
        **alliance,
        "id": "api:ghost",
        "members": [*alliance["members"], {"organisation_id": "demo:ghost"}],
    }
    assert_problem(client.post("/api/v1/alliances", json=ghost, headers=auth), 422, "demo:ghost")
    backwards = {**alliance, "id": "api:envers", "end": "2023-01-01"}
    assert_problem(client.post("/api/v1/alliances", json=backwards, headers=auth), 422, "after end")
    assert client.delete("/api/v1/alliances/api:pacte", headers=auth).status_code == 204
    assert_problem(client.get("/api/v1/alliances/api:pacte"), 404, "api:pacte")


def test_upload_reports_rows_and_serves_rejects(client: TestClient, tokens: dict[str, str]) -> None:
    auth = bearer(tokens["write"])
    rows = "id,name,world,commune\nbon,Bon,association,38185\nmauvais,Mauvais,association,99999\n"
    response = client.post(
        "/api/v1/imports",
        headers=auth,
        data={"dataset": "upload"},
        files=[("files", ("organisations.csv", rows.encode(), "text/csv"))],
    )
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["counts"]["organisations"]["created"] == 1
    assert report["rejections"][0]["line"] == 3 and report["rejections"][0]["column"] == "commune"
    download = client.get(report["rejects_url"], headers=auth)
    assert download.status_code == 200
    [rejected] = list(csv.DictReader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rejected["value"] == "99999"
    assert client.get("/api/v1/organisations/upload:bon").status_code == 200
    again = client.post(
        "/api/v1/imports",
        headers=auth,
        data={"dataset": "upload"},
        files=[("files", ("organisations.csv", rows.encode(), "text/csv"))],
    ).json()
    assert again["counts"]["organisations"]["unchanged"] == 1
    assert_problem(
        client.get("/api/v1/imports/upload@20990101T000000Z/rejects", headers=auth), 404, "no rejects"
    )


def test_upload_checks_type_size_and_token(
    client: TestClient, small_upload_client: TestClient, tokens: dict[str, str]
) -> None:
    auth = bearer(tokens["write"])
    files = [("files", ("organisations.csv", b"id,name,world\na,A,association\n", "text/csv"))]
    assert_problem(client.post("/api/v1/imports", files=files), 401, "bearer token")
    assert_problem(
        client.post("/api/v1/imports", files=[("files", ("organisations.exe", b"MZ..", "x"))], headers=auth),
        415,
        "only",
    )
    assert_problem(
        client.post("/api/v1/imports", files=[("files", ("aides.xlsx", b"PK..", "x"))], headers=auth),
        422,
        "this spreadsheet cannot be read",
    )
    assert_problem(
        client.post("/api/v1/imports", files=[("files", ("notes.csv", b"a\n", "text/csv"))], headers=auth),
        422,
        "cannot tell what the file holds",
    )
    big = [("files", ("organisations.csv", b"id,name,world\n" + b"a,A,association\n" * 50, "text/csv"))]
    assert_problem(small_upload_client.post("/api/v1/imports", files=big, headers=auth), 413, "larger than")
    binary = [("files", ("organisations.csv", b"\x00\x01\x02binary", "text/csv"))]
    report = client.post("/api/v1/imports", files=binary, headers=auth).json()
    assert "not a text file" in report["rejections"][0]["reason"]


def test_a_subsidy_file_uploads_through_the_same_pipeline(client: TestClient, tokens: dict[str, str]) -> None:
    sample = Path(__file__).parents[1] / "importers" / "data" / "subventions" / "somme_2018_03_02_cp1252.csv"
    files = [("files", ("somme.csv", sample.read_bytes(), "text/csv"))]
    auth = bearer(tokens["write"])
    first = client.post("/api/v1/imports", files=files, headers=auth)
    assert first.status_code == 200, first.text
    report = first.json()
    assert report["source"] == "subventions" and report["counts"]["ties"]["created"] == 41
    assert report["grantors"] == {"collectivite:departement:80": "Département de la Somme"}
    again = client.post("/api/v1/imports", files=files, data={"source": "subventions"}, headers=auth).json()
    assert again["counts"]["ties"] == {"created": 0, "updated": 0, "unchanged": 41}
    no_grantor = [("files", ("aides.csv", "Nom du bénéficiaire;Montant\nLes Amis;12\n".encode(), "text/csv"))]
    refused = client.post("/api/v1/imports", files=no_grantor, headers=auth)
    assert_problem(refused, 422, "give --grantor")
    given = client.post("/api/v1/imports", files=no_grantor, data={"grantor": "departement:80"}, headers=auth)
    assert given.status_code == 200 and given.json()["counts"]["ties"]["created"] == 1


UNKEEPABLE = ["\ud800", "\udfff", "\x01", "\x0b", "\x1f", "\ufffe", "\uffff", "\u202e"]
TEXT_BODIES = [
    ("post", "/api/v1/organisations", ORGANISATION, "name", "write"),
    ("put", "/api/v1/organisations/api:nouvelle", ORGANISATION, "name", "write"),
    (
        "put",
        "/api/v1/organisations/demo:gaia/catalyst",
        {"missions": ["dialogue"], "since": 2021},
        "missions",
        "write",
    ),
    (
        "post",
        "/api/v1/alliances",
        {"id": "api:p", "name": "Pacte", "mode": "mecenat", "members": [{"organisation_id": "demo:gaia"}]},
        "name",
        "write",
    ),
    (
        "put",
        "/api/v1/alliances/api:p",
        {"id": "api:p", "name": "P", "mode": "mecenat", "members": []},
        "name",
        "write",
    ),
    ("post", "/api/v1/tokens", {"name": "équipe", "scope": "read"}, "name", "admin"),
]


def test_text_no_answer_can_carry_is_refused_with_an_answer_that_can_be_sent(
    client: TestClient, tokens: dict[str, str]
) -> None:
    """Whatever text a body holds (an unpaired surrogate, a control character, a non-character), every
    text field refuses it with a 422 whose JSON parses and says which field; nothing answers 500."""
    for method, path, body, field, scope in TEXT_BODIES:
        for character in UNKEEPABLE:
            value = [f"x{character}y"] if isinstance(body[field], list) else f"Contr{character}le"
            # json.dumps escapes the surrogate as \\ud800: the bytes on the wire are plain ASCII.
            raw = json.dumps({**body, field: value})
            answer = client.request(
                method,
                path,
                content=raw,
                headers={**bearer(tokens[scope]), "content-type": "application/json"},
            )
            assert answer.status_code == 422, (path, repr(character), answer.status_code, answer.text[:300])
            problem = json.loads(answer.content)
            assert problem["status"] == 422 and field in problem["detail"], (path, problem)


def test_no_import_answer_names_a_server_path(client: TestClient, tokens: dict[str, str]) -> None:
    """Every answer of an upload (a report with rejections, a dry run explained, a file refused)
    names files as the client sent them: no temporary folder, no server path."""
    auth = bearer(tokens["write"])
    native = "id,name,world,commune\nbon,Bon,association,38185\nmauvais,Mauvais,association,99999\n"
    subsidies = "Nom du bénéficiaire;N° SIRET;Montant\nLes Amis;;1 200,50\nAutres;;pas un nombre\n"
    uploads = [
        ({"dataset": "upload"}, [("files", ("Organisations.CSV", native.encode(), "text/csv"))]),
        (
            {"dry_run": "true", "grantor": "departement:38"},
            [("files", ("aides 2024.csv", subsidies.encode("utf-8"), "text/csv"))],
        ),
        ({}, [("files", ("aides.xlsx", b"PK not a workbook", "x"))]),
        ({}, [("files", ("organisations.csv", b"", "text/csv"))]),
    ]
    server = ("maillage-upload-", tempfile.gettempdir())
    for data, files in uploads:
        answer = client.post("/api/v1/imports", headers=auth, data=data, files=files)
        assert answer.status_code < 500, answer.text
        assert not [s for s in server if s in answer.text], answer.text
        sent = files[0][1][0]
        if answer.status_code == 200 and answer.json().get("files"):
            assert {f["file"] for f in answer.json()["files"]} == {sent}, answer.json()["files"]
        if answer.status_code == 200 and answer.json().get("rejections"):
            assert {r["file"] for r in answer.json()["rejections"]} == {sent}
            download = client.get(answer.json()["rejects_url"], headers=auth).text
            assert not [s for s in server if s in download], download
