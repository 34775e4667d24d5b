"""An import's changes are in the history like a form's (who, when, before and after), and
« Annuler » on any of them undoes the whole import: what it created is removed, what it changed is
put back, members it added to an existing alliance leave it, and the undo is itself recorded."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from graph_service.model import AccountRole
from graph_service.store.port import GraphStore
from testkit.accounts import account, sign_in
from testkit.http import assert_problem, bearer

ORGANISATIONS = (
    "id,name,world,commune\n"
    "gaia,GAIA renommée par l'import,association,38185\n"  # demo:gaia exists: an update
    "jardin,Jardin de l'import,association,38185\n"
    "atelier,Atelier de l'import,entreprise,38442\n"
)
ALLIANCES = "id,name,mode\nduo-import,Duo de l'import,mecenat\n"
MEMBERS = (
    "alliance,organisation,role\n"
    "duo-import,jardin,pilote\n"
    "duo-import,atelier,membre\n"
    "copil-labo-grenoble,jardin,membre\n"  # an existing alliance gains a member
)
CATALYSTS = "organisation,territories,missions\natelier,38,dialogue\n"


def _import(client: TestClient, token: str) -> dict[str, Any]:
    files = [
        ("files", ("organisations.csv", ORGANISATIONS.encode(), "text/csv")),
        ("files", ("alliances.csv", ALLIANCES.encode(), "text/csv")),
        ("files", ("alliance_members.csv", MEMBERS.encode(), "text/csv")),
        ("files", ("catalysts.csv", CATALYSTS.encode(), "text/csv")),
    ]
    answer = client.post("/api/v1/imports", files=files, data={"dataset": "demo"}, headers=bearer(token))
    assert answer.status_code == 200, answer.text
    assert answer.json()["rejections"] == []
    report: dict[str, Any] = answer.json()
    return report


def _changes(client: TestClient, token: str, **filters: str) -> list[dict[str, Any]]:
    answer = client.get("/api/v1/changes", params={"limit": 200, **filters}, headers=bearer(token))
    assert answer.status_code == 200, answer.text
    items: list[dict[str, Any]] = answer.json()["data"]["items"]
    return items


def _members(client: TestClient, alliance_id: str) -> set[str]:
    answer = client.get(f"/api/v1/alliances/{alliance_id}")
    assert answer.status_code == 200, answer.text
    return {m["organisation_id"] for m in answer.json()["data"]["members"]}


def test_an_import_records_each_entity_it_changed_with_its_author(
    client: TestClient, tokens: dict[str, str]
) -> None:
    run = _import(client, tokens["write"])["run"]
    changes = _changes(client, tokens["write"], run=run)
    # The catalyst profile is a second write of « atelier » in the same run: two records.
    by_entity: dict[str, list[str]] = {}
    for change in changes:
        by_entity.setdefault(change["entity_id"], []).append(change["action"])
    assert by_entity == {
        "demo:gaia": ["update"],
        "demo:jardin": ["create"],
        "demo:atelier": ["update", "create"],
        "demo:duo-import": ["create"],
        "demo:copil-labo-grenoble": ["update"],
    }
    assert all(c["author"].startswith("token ") and "write" in c["author"] for c in changes)
    [gaia] = [c for c in changes if c["entity_id"] == "demo:gaia"]
    assert gaia["before"]["name"] == "GAIA" and gaia["after"]["name"] == "GAIA renommée par l'import"
    assert "departement:38" in gaia["territories"]
    [copil] = [c for c in changes if c["entity_id"] == "demo:copil-labo-grenoble"]
    before = {m["organisation_id"] for m in copil["before"]["members"]}
    after = {m["organisation_id"] for m in copil["after"]["members"]}
    assert after - before == {"demo:jardin"}
    # The same import again changes nothing, and records nothing.
    again = _import(client, tokens["write"])["run"]
    assert _changes(client, tokens["write"], run=again) == []


def test_undoing_one_change_of_an_import_undoes_the_whole_import(
    client: TestClient, tokens: dict[str, str]
) -> None:
    token = tokens["write"]
    copil_before = _members(client, "demo:copil-labo-grenoble")
    run = _import(client, token)["run"]
    some_change = _changes(client, token, run=run)[-1]
    undone = client.post(f"/api/v1/changes/{some_change['id']}/undo", headers=bearer(token))
    assert undone.status_code == 200, undone.text
    made = undone.json()["data"]
    assert {c["entity_id"] for c in made} == {
        "demo:gaia", "demo:jardin", "demo:atelier", "demo:duo-import", "demo:copil-labo-grenoble"
    }  # fmt: skip
    assert all(c["undoes"] for c in made)
    assert client.get("/api/v1/organisations/demo:gaia").json()["data"]["name"] == "GAIA"
    for created in ("demo:jardin", "demo:atelier"):
        assert client.get(f"/api/v1/organisations/{created}").status_code == 404
    assert client.get("/api/v1/alliances/demo:duo-import").status_code == 404
    assert _members(client, "demo:copil-labo-grenoble") == copil_before
    # The undo is a run like another: undone in turn, the import is back.
    undo_of_undo = client.post(f"/api/v1/changes/{made[0]['id']}/undo", headers=bearer(token))
    assert undo_of_undo.status_code == 200, undo_of_undo.text
    assert client.get("/api/v1/organisations/demo:atelier").json()["data"]["catalyst"] is not None
    assert "demo:jardin" in _members(client, "demo:copil-labo-grenoble")


def test_an_import_whose_entities_changed_since_is_not_undone(
    client: TestClient, tokens: dict[str, str]
) -> None:
    token = tokens["write"]
    run = _import(client, token)["run"]
    edited = {"id": "demo:jardin", "name": "Jardin corrigé à la main", "world": "association"}
    assert (
        client.put("/api/v1/organisations/demo:jardin", json=edited, headers=bearer(token)).status_code == 200
    )
    some_change = _changes(client, token, run=run)[0]
    refused = client.post(f"/api/v1/changes/{some_change['id']}/undo", headers=bearer(token))
    assert_problem(refused, 409, "demo:jardin")
    # Nothing was put back: the refusal comes before any write.
    assert (
        client.get("/api/v1/organisations/demo:gaia").json()["data"]["name"] == "GAIA renommée par l'import"
    )


def test_a_large_import_is_undone_whole(
    api_store: GraphStore, client: TestClient, tokens: dict[str, str]
) -> None:
    """More changes than one page of the history (1,000) and than one batch of the undo."""
    rows = "".join(f"masse-{n},Organisation {n},association,38185\n" for n in range(2_500))
    files = [("files", ("organisations.csv", f"id,name,world,commune\n{rows}".encode(), "text/csv"))]
    answer = client.post(
        "/api/v1/imports", files=files, data={"dataset": "masse"}, headers=bearer(tokens["write"])
    )
    assert answer.status_code == 200, answer.text
    assert api_store.existing_organisation_ids([f"masse:masse-{n}" for n in (0, 1_234, 2_499)])
    change = _changes(client, tokens["write"], run=answer.json()["run"])[0]
    undone = client.post(f"/api/v1/changes/{change['id']}/undo", headers=bearer(tokens["write"]))
    assert undone.status_code == 200, undone.text
    assert len(undone.json()["data"]) == 2_500
    assert not api_store.existing_organisation_ids([f"masse:masse-{n}" for n in range(2_500)])


def _siret(siren: str) -> str:
    """The first establishment's SIRET of ``siren`` whose Luhn sum checks."""
    for nic in range(1, 100_000):
        siret = f"{siren}{nic:05d}"
        total = sum(
            sum(divmod(int(digit) * (2 if index % 2 else 1), 10))
            for index, digit in enumerate(reversed(siret))
        )
        if total % 10 == 0:
            return siret
    raise AssertionError(siren)


def test_undoing_a_subsidy_import_removes_its_subsidies_even_between_known_organisations(
    api_store: GraphStore, client: TestClient, tokens: dict[str, str]
) -> None:
    token = tokens["write"]
    grantor, known, new = _siret("213801855"), _siret("200040715"), _siret("552100554")
    table = (
        "nomAttribuant,idAttribuant,dateConvention,referenceDecision,nomBeneficiaire,idBeneficiaire,objet,montant\n"
        f"VILLE DE GRENOBLE,{grantor},2024-03-01,D-1,GRENOBLE-ALPES METROPOLE,{known},Transport,5000\n"
        f"VILLE DE GRENOBLE,{grantor},2024-04-01,D-2,ASSOCIATION NOUVELLE,{new},Fonctionnement,1200\n"
    )
    files = [("files", ("subventions_grenoble.csv", table.encode(), "text/csv"))]
    answer = client.post(
        "/api/v1/imports",
        files=files,
        data={"source": "subventions", "dataset": "grenoble"},
        headers=bearer(token),
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["rejections"] == []
    run = answer.json()["run"]
    changes = _changes(client, token, run=run)
    ties = [c for c in changes if c["kind"] == "tie"]
    assert len(ties) == 2 and {c["action"] for c in ties} == {"create"}
    assert {t["after"]["amount"] for t in ties} == {5000.0, 1200.0}
    assert all("departement:38" in t["territories"] for t in ties)
    created = [c for c in changes if c["kind"] == "organisation"]
    assert [c["action"] for c in created] == ["create"]
    known_id = next(t["after"]["target_id"] for t in ties if t["after"]["amount"] == 5000.0)
    assert api_store.organisation_open_data_ties(known_id)

    # The history page of the territory names the subsidy by its two ends, with « Annuler ».
    account(api_store, "cat@example.fr", AccountRole.CATALYST, "departement:38")
    sign_in(client, "cat@example.fr")
    page = client.get("/historique", params={"territoire": "38"})
    assert page.status_code == 200
    assert page.text.count("subvention ou marché") == 2
    assert f'href="/organisations/{known_id}"' in page.text
    assert f'id="change-{ties[0]["id"]}"' in page.text
    undone = client.post(f"/api/v1/changes/{ties[0]['id']}/undo", headers=bearer(token))
    assert undone.status_code == 200, undone.text
    assert api_store.existing_organisation_ids([known_id])  # it was there before: it stays
    assert api_store.organisation_open_data_ties(known_id) == []
    assert not api_store.existing_organisation_ids([created[0]["entity_id"]])
