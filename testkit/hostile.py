"""An organisation whose name is markup, tied to a demo organisation so that it is drawn."""

from __future__ import annotations

from datetime import UTC, datetime

from graph_service.model import AllianceInfo, AllianceMode, MembershipEdge, Organisation, World
from graph_service.store.port import GraphStore

HOSTILE = "<img src=x onerror=alert(1)>"
HOSTILE_ID = "test:hostile"


def add_hostile_organisation(store: GraphStore) -> None:
    run = f"test@{datetime.now(UTC):%Y%m%dT%H%M%S%f}"
    store.upsert_organisations(
        [Organisation(id=HOSTILE_ID, name=HOSTILE, world=World.ASSOCIATION, commune="38185")], run
    )
    store.upsert_alliances(
        [AllianceInfo(id="test:hostile-alliance", name=f"Alliance {HOSTILE}", mode=AllianceMode.MECENAT)], run
    )
    store.upsert_memberships(
        [
            MembershipEdge(organisation_id=member, alliance_id="test:hostile-alliance", role="membre")
            for member in ("test:hostile", "demo:labo-grenoble")
        ],
        "test",
        run,
    )
    store.record_import_run(run, "test", datetime.now(UTC), "hostile name")
