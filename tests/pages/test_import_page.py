"""The import page: a file read before anything is written (fields, columns, examples,
confidence; rows to reject with their line and why), the columns corrected with drop-downs, then
imported while the page shows its progress, the report and the rejects at the end. A catalyst
previews; an admin imports; another person never finds someone's upload."""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

from fastapi.testclient import TestClient

from graph_service.model import AccountRole
from graph_service.store.port import GraphStore
from testkit.accounts import account, sign_in
from testkit.hostile import HOSTILE

SUBSIDIES = (
    Path(__file__).parents[1] / "importers" / "data" / "subventions" / "poitiers_2017_format_historique.csv"
)
JOB = re.compile(r'action="/import/([0-9a-f]+)"')


def _poitiers(client: TestClient) -> int:
    """Organisations of one of the file's beneficiaries (none before it is imported)."""
    found = client.get("/api/v1/organisations", params={"q": "Trouver sonnette"}).json()["data"]
    return int(found["total"])


def _preview(client: TestClient, csrf: str, name: str, content: bytes, **fields: str) -> tuple[int, str]:
    answer = client.post("/import", data={"csrf_token": csrf, **fields}, files={"files": (name, content)})
    return answer.status_code, answer.text


def _finished(client: TestClient, job: str) -> str:
    for _ in range(600):
        page = client.get(f"/import/{job}")
        assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
        if 'http-equiv="refresh"' not in page.text:
            return page.text
        time.sleep(0.1)
    raise AssertionError("the import did not end within 60 s")


def test_an_admin_reads_a_subsidy_file_corrects_a_column_then_imports_it(
    api_store: GraphStore, client: TestClient
) -> None:
    account(api_store, "admin@example.fr", AccountRole.ADMIN)
    csrf = sign_in(client, "admin@example.fr")
    form = client.get("/import").text
    assert 'enctype="multipart/form-data"' in form and '<label for="files">' in form
    before = _poitiers(client)
    status, preview = _preview(client, csrf, SUBSIDIES.name, SUBSIDIES.read_bytes())
    assert status == 200, preview
    assert "Subventions" in preview and "Rien n&#39;est encore écrit" in preview
    amount = re.search(r'<select id="(col-\d+-amount)" name="columns">(.*?)</select>', preview, re.S)
    assert amount and 'value="amount=SUB_MONTANT" selected' in amount.group(2)
    assert "12800.0" in preview, "examples of each column"
    assert _poitiers(client) == before, "a preview writes nothing"
    job_match = JOB.search(preview)
    assert job_match
    job = job_match.group(1)
    # Read again with the amount taken from another column: the page says it was chosen.
    chosen = re.findall(r'<option value="([^"]+)" selected>', preview)
    columns = [c for c in chosen if not c.startswith("amount=")] + ["amount=ANNEE"]
    again = client.post(f"/import/{job}", data={"csrf_token": csrf, "action": "relire", "columns": columns})
    assert again.status_code == 200
    assert 'value="amount=ANNEE" selected' in again.text and "choisie" in again.text
    assert _poitiers(client) == before
    # Imported with the columns as read at first.
    started = client.post(
        f"/import/{job}",
        data={"csrf_token": csrf, "action": "importer", "columns": chosen},
        follow_redirects=False,
    )
    assert started.status_code == 303 and started.headers["location"] == f"/import/{job}"
    report = _finished(client, job)
    assert "Import terminé" in report, report
    assert _poitiers(client) == before + 1
    assert client.post(f"/import/{job}", data={"csrf_token": csrf, "action": "importer"}).status_code == 409
    # « Annuler cet import »: the beneficiaries it created leave, and the history says so.
    undo = re.search(r'<form method="post" action="(/historique/[0-9a-f]+/annuler)">', report)
    assert undo and "Annuler cet import" in report
    undone = client.post(
        undo.group(1), data={"csrf_token": csrf, "suite": "/historique"}, follow_redirects=False
    )
    assert undone.status_code == 303, undone.text
    assert _poitiers(client) == before
    history = client.get("/historique").text
    assert "Suppression" in history and "annulation" in history


def test_rejected_rows_are_listed_with_their_line_and_reason_and_downloadable(
    api_store: GraphStore, client: TestClient
) -> None:
    account(api_store, "admin@example.fr", AccountRole.ADMIN)
    csrf = sign_in(client, "admin@example.fr")
    rows = f"id,name,world,commune\nweb-a,Atelier A,association,38185\nweb-b,Atelier B,{HOSTILE},38185\n"
    status, preview = _preview(client, csrf, "organisations.csv", rows.encode())
    assert status == 200 and "colonnes fixes" in preview
    assert "<td>3</td>" in preview and "<td>world</td>" in preview, "the line and the column refused"
    assert HOSTILE not in preview and html.escape(HOSTILE) in preview, "the value shown as text"
    job = JOB.search(preview)
    assert job
    client.post(f"/import/{job.group(1)}", data={"csrf_token": csrf, "action": "importer"})
    report = _finished(client, job.group(1))
    link = re.search(r'href="(/api/v1/imports/[^"]+/rejects)"', report)
    assert link, report
    rejects = client.get(html.unescape(link.group(1)))
    assert rejects.status_code == 200 and "onerror" in rejects.text
    assert client.get("/api/v1/organisations/web:web-a").status_code == 200


def test_a_catalyst_imports_within_their_territories_and_nobody_else_sees_the_upload(
    api_store: GraphStore, client: TestClient
) -> None:
    account(api_store, "cat@example.fr", AccountRole.CATALYST, "departement:38")
    csrf = sign_in(client, "cat@example.fr")
    refused, form = _preview(client, csrf, SUBSIDIES.name, SUBSIDIES.read_bytes())
    assert refused == 422 and "an admin imports these" in form  # open data is an admin's
    organisations = (
        "id,name,world,commune\n"
        "jardin,Jardin de Grenoble,association,38185\n"
        "criee,Criée de Morlaix,entreprise,29151\n"  # Finistère: out of reach
    )
    alliances = "id,name,mode\nici,Ici,mecenat\nla-bas,Là-bas,mecenat\n"
    members = (
        "alliance,organisation,role\n"
        "ici,jardin,pilote\nici,demo:pole-ess-morlaix,membre\n"  # one member in Isère: kept
        "la-bas,siren:356000000,pilote\nla-bas,siren:180020026,membre\n"  # two in Paris: rejected
    )
    files = [
        ("files", ("organisations.csv", organisations.encode())),
        ("files", ("alliances.csv", alliances.encode())),
        ("files", ("alliance_members.csv", members.encode())),
    ]
    answer = client.post("/import", data={"csrf_token": csrf, "dataset": "cat"}, files=files)
    assert answer.status_code == 200, answer.text
    preview = answer.text
    assert 'value="importer"' in preview and "vos territoires" in preview
    assert "cat:criee in 29151: outside the territories cat@example.fr animates" in preview
    job = JOB.search(preview)
    assert job
    assert (
        client.post(f"/import/{job.group(1)}", data={"csrf_token": "forged", "action": "relire"}).status_code
        == 403
    )
    started = client.post(
        f"/import/{job.group(1)}", data={"csrf_token": csrf, "action": "importer"}, follow_redirects=False
    )
    assert started.status_code == 303
    report = _finished(client, job.group(1))
    assert "Import terminé" in report and "no member of the alliance" in report
    assert client.get("/api/v1/organisations/cat:jardin").status_code == 200
    assert client.get("/api/v1/organisations/cat:criee").status_code == 404
    assert client.get("/api/v1/alliances/cat:ici").status_code == 200
    assert client.get("/api/v1/alliances/cat:la-bas").status_code == 404
    changes = client.get("/api/v1/changes", params={"organisation": "cat:jardin"}).json()["data"]["items"]
    assert [c["author"] for c in changes] == ["cat@example.fr"]
    client.post("/deconnexion", data={"csrf_token": csrf})
    account(api_store, "admin@example.fr", AccountRole.ADMIN)
    other = sign_in(client, "admin@example.fr")
    assert client.get(f"/import/{job.group(1)}").status_code == 404
    answer = client.post(f"/import/{job.group(1)}", data={"csrf_token": other, "action": "importer"})
    assert answer.status_code == 404


def test_bad_uploads_are_said_on_the_form(api_store: GraphStore, client: TestClient) -> None:
    assert client.get("/import", follow_redirects=False).status_code == 303
    account(api_store, "admin@example.fr", AccountRole.ADMIN)
    csrf = sign_in(client, "admin@example.fr")
    status, page = _preview(client, csrf, "../../etc/passwd.csv", b"a,b\n")
    assert status == 422 and "Fichier refusé" in page
    status, page = _preview(client, csrf, "photo.png", b"\x89PNG")
    assert status == 415 and "Fichier refusé" in page
    status, page = _preview(client, csrf, "organisations.csv", b"id,name\n", dataset="<b>x</b>")
    assert status == 422 and "<b>x</b>" not in page
    status, page = _preview(client, csrf, "organisations.csv", b"id,name\n", source="inconnue")
    assert status == 422
    for name, content in (("organisations.csv", b""), ("aides.xlsx", b"PK\x03\x04 truncated")):
        status, page = _preview(client, csrf, name, content)
        assert status < 500 and "<h1>" in page, (name, status)
    assert client.get("/import/0123456789abcdef").status_code == 404


def test_a_stopped_servers_old_uploads_are_removed_and_recent_ones_kept(tmp_path: Path) -> None:
    import os

    from graph_service.api.import_jobs import KEPT_SECONDS, ImportJobs

    old, recent = tmp_path / "old", tmp_path / "recent"
    for folder in (old, recent):
        folder.mkdir()
        (folder / "organisations.csv").write_text("id,name\n")
    stale = time.time() - KEPT_SECONDS - 60
    os.utime(old, (stale, stale))
    ImportJobs(tmp_path)
    assert not old.exists() and recent.exists()
