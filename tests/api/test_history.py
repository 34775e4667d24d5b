"""Every write recorded (who, when, before and after), the history filtered, and « Annuler »:
the write put back exactly, itself recorded, refused when the entity changed since, within the
writer's rights."""

from __future__ import annotations

from fastapi.testclient import TestClient

from graph_service.model import AccountRole
from graph_service.store.port import GraphStore
from testkit.accounts import account, sign_in
from testkit.http import assert_problem, bearer

ORGANISATION = {"id": "hist:jardin", "name": "Jardin partagé", "world": "association", "commune": "38185"}


def _changes(client: TestClient, headers: dict[str, str], **filters: str) -> list[dict]:
    answer = client.get("/api/v1/changes", params={"limit": 100, **filters}, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.json()["data"]["items"]


def test_each_write_is_recorded_with_its_author_and_values(
    client: TestClient, tokens: dict[str, str]
) -> None:
    write = bearer(tokens["write"])
    assert client.post("/api/v1/organisations", json=ORGANISATION, headers=write).status_code == 201
    renamed = {**ORGANISATION, "name": "Jardin partagé du Drac"}
    assert client.put("/api/v1/organisations/hist:jardin", json=renamed, headers=write).status_code == 200
    again = client.put("/api/v1/organisations/hist:jardin", json=renamed, headers=write)
    assert again.status_code == 200  # the same values: no change to record
    changes = _changes(client, write, organisation="hist:jardin")
    assert [c["action"] for c in changes] == ["update", "create"]  # newest first
    update, create = changes
    assert create["before"] is None and create["after"]["name"] == "Jardin partagé"
    assert (update["before"]["name"], update["after"]["name"]) == ("Jardin partagé", "Jardin partagé du Drac")
    assert update["author"].startswith("token ") and "write" in update["author"]
    assert {"commune:38185", "departement:38", "region:84"} <= set(update["territories"])
    assert {c["id"] for c in _changes(client, write, territory="38")} >= {update["id"], create["id"]}
    assert not [c for c in _changes(client, write, territory="29") if c["entity_id"] == "hist:jardin"]
    assert [c["id"] for c in _changes(client, write, run=update["run"])] == [update["id"]]


def test_undo_puts_the_values_back_and_is_recorded(client: TestClient, tokens: dict[str, str]) -> None:
    write = bearer(tokens["write"])
    client.post("/api/v1/organisations", json=ORGANISATION, headers=write)
    client.put("/api/v1/organisations/hist:jardin", json={**ORGANISATION, "name": "Autre nom"}, headers=write)
    update = _changes(client, write, organisation="hist:jardin")[0]
    undone = client.post(f"/api/v1/changes/{update['id']}/undo", headers=write)
    assert undone.status_code == 200, undone.text
    [made] = undone.json()["data"]
    assert made["undoes"] == update["id"] and made["after"]["name"] == "Jardin partagé"
    assert client.get("/api/v1/organisations/hist:jardin").json()["data"]["name"] == "Jardin partagé"
    # The undo is a change like any other: undone in turn, the name comes back.
    assert client.post(f"/api/v1/changes/{made['id']}/undo", headers=write).status_code == 200
    assert client.get("/api/v1/organisations/hist:jardin").json()["data"]["name"] == "Autre nom"
    # An older change whose entity changed since is refused: its later changes first.
    client.put("/api/v1/organisations/hist:jardin", json={**ORGANISATION, "name": "Troisième"}, headers=write)
    assert_problem(client.post(f"/api/v1/changes/{update['id']}/undo", headers=write), 409, "changed since")
    assert_problem(client.post("/api/v1/changes/nope/undo", headers=write), 404, "nope")


def test_undoing_a_deletion_brings_back_the_organisation_and_its_alliances(
    client: TestClient, tokens: dict[str, str]
) -> None:
    write = bearer(tokens["write"])
    client.post("/api/v1/organisations", json=ORGANISATION, headers=write)
    other = {**ORGANISATION, "id": "hist:voisin", "name": "Voisin"}
    client.post("/api/v1/organisations", json=other, headers=write)
    members = [{"organisation_id": "hist:jardin", "role": "pilote"}, {"organisation_id": "hist:voisin"}]
    pair = {"id": "hist:duo", "name": "Duo", "mode": "mecenat", "members": members}
    assert client.post("/api/v1/alliances", json=pair, headers=write).status_code == 201
    deleted = client.delete("/api/v1/organisations/hist:jardin", headers=write)
    assert deleted.json()["data"]["dissolved_alliances"] == ["hist:duo"]
    deletion = _changes(client, write, organisation="hist:jardin")[0]
    assert deletion["action"] == "delete"
    assert [c["action"] for c in _changes(client, write, run=deletion["run"])] == ["delete", "delete"]
    assert client.post(f"/api/v1/changes/{deletion['id']}/undo", headers=write).status_code == 200
    duo = client.get("/api/v1/alliances/hist:duo").json()["data"]
    roles = {m["organisation_id"]: m["role"] for m in duo["members"]}
    assert roles.keys() == {"hist:jardin", "hist:voisin"} and roles["hist:jardin"] == "pilote"
    assert client.get("/api/v1/organisations/hist:jardin").status_code == 200


def test_undoing_an_added_member_takes_it_out(client: TestClient, tokens: dict[str, str]) -> None:
    write = bearer(tokens["write"])
    for id_ in ("hist:a", "hist:b", "hist:c"):
        client.post("/api/v1/organisations", json={**ORGANISATION, "id": id_}, headers=write)
    duo = {"id": "hist:trio", "name": "Trio", "mode": "mecenat",
           "members": [{"organisation_id": "hist:a"}, {"organisation_id": "hist:b"}]}  # fmt: skip
    client.post("/api/v1/alliances", json=duo, headers=write)
    trio = {**duo, "members": [*duo["members"], {"organisation_id": "hist:c"}]}
    assert client.put("/api/v1/alliances/hist:trio", json=trio, headers=write).status_code == 200
    added = _changes(client, write, alliance="hist:trio")[0]
    assert added["action"] == "update" and len(added["after"]["members"]) == 3
    assert client.post(f"/api/v1/changes/{added['id']}/undo", headers=write).status_code == 200
    members = client.get("/api/v1/alliances/hist:trio").json()["data"]["members"]
    assert {m["organisation_id"] for m in members} == {"hist:a", "hist:b"}


def test_who_may_read_and_undo(api_store: GraphStore, client: TestClient, tokens: dict[str, str]) -> None:
    write = bearer(tokens["write"])
    brest = {"id": "hist:brest", "name": "Brest", "world": "association", "commune": "29019"}
    client.post("/api/v1/organisations", json=brest, headers=write)
    change = _changes(client, write, organisation="hist:brest")[0]
    assert_problem(client.get("/api/v1/changes"), 401, "bearer token")
    assert_problem(client.get("/api/v1/changes", headers=bearer(tokens["read"])), 403, "does not allow")
    account(api_store, "cat@example.fr", AccountRole.CATALYST, "departement:38")
    csrf = sign_in(client, "cat@example.fr")
    assert _changes(client, {}, organisation="hist:brest")  # a catalyst reads the history
    refused = client.post(f"/api/v1/changes/{change['id']}/undo", headers={"X-CSRF-Token": csrf})
    assert_problem(refused, 403, "not located in")
    assert client.get("/api/v1/organisations/hist:brest").status_code == 200
