"""Public money planted in a store: a collectivité of the Isère funding associations it has no
alliance with, so that a drawing must show ties the alliances do not."""

from __future__ import annotations

from datetime import UTC, date, datetime

from graph_service.model import OpenDataTie, RelType, World
from graph_service.store.port import GraphStore

RUN = "test@20240301T000000000000Z"


def fund_associations(store: GraphStore) -> tuple[str, list[OpenDataTie]]:
    """A collectivité of the Isère funds four associations of the Isère it shares no alliance with."""
    ecosystem = store.ecosystem("38")
    outside = set(ecosystem.external_ids)
    allied: dict[str, set[str]] = {}
    for m in ecosystem.memberships:
        allied.setdefault(m.alliance_id, set()).add(m.organisation_id)
    funder = next(o for o in ecosystem.organisations if o.world is World.COLLECTIVITE and o.id not in outside)
    partners = set().union(*(members for members in allied.values() if funder.id in members))
    funded = [
        o
        for o in ecosystem.organisations
        if o.world is World.ASSOCIATION and o.id not in outside and o.id not in partners
    ][:4]
    ties = [
        OpenDataTie(
            kind=RelType.FUNDS,
            source_id=funder.id,
            target_id=o.id,
            day=date(2024, 3, 1),
            amount=1000.0 * (k + 1),
            source="subventions",
            key=f"test-{k}",
        )
        for k, o in enumerate(funded)
    ]
    store.upsert_open_data_ties(ties, RUN)
    store.record_import_run(RUN, "test", datetime.now(UTC), "")
    return funder.id, ties
