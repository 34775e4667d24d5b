"""Organisations the editing tests change: one of the Isère from the demo, and two of the
Finistère written with a token (outside an Isère catalyst's territories)."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from testkit.http import bearer

FINISTERE = (("test:brest", "29019"), ("test:quimper", "29232"))


def isere_organisation(client: TestClient) -> dict[str, Any]:
    """An organisation of the Isère that has a commune, as the API answers it."""
    found = client.get("/api/v1/organisations", params={"territory": "38", "limit": 5}).json()["data"][
        "items"
    ]
    organisation: dict[str, Any] = next(o for o in found if o.get("commune"))
    return organisation


def finistere_organisations(client: TestClient, write_token: str) -> list[str]:
    """Two organisations of Brest and Quimper, written with ``write_token``; their ids."""
    for id_, commune in FINISTERE:
        body = {"id": id_, "name": f"Atelier {commune}", "world": "association", "commune": commune}
        assert client.put(f"/api/v1/organisations/{id_}", json=body, headers=bearer(write_token)).is_success
    return [id_ for id_, _ in FINISTERE]
