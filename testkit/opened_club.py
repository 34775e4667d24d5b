"""A club a catalyst opened, planted in the demo's Isère: eight associations of Grenoble all tied
together since 2010 with one tie out, then each tied to three of the territory's organisations in
June 2021. ``compare`` and the pages' "since" view must call it opened."""

from __future__ import annotations

from datetime import date

from graph_service.model import AllianceInfo, AllianceMode, MembershipEdge, Organisation, World
from graph_service.store.port import GraphStore

CLUB = [f"test:club{i}" for i in range(8)]
OPENED_ON = date(2021, 6, 1)


def plant_opened_club(store: GraphStore) -> list[tuple[str, str]]:
    """Plant the club in ``store``; returns the ties that opened it (member, partner)."""
    store.upsert_organisations(
        [
            Organisation(id=o, name=f"Club {i}", world=World.ASSOCIATION, commune="38185")
            for i, o in enumerate(CLUB)
        ],
        "test@club",
    )
    isere = store.ecosystem("38")
    outside = set(isere.external_ids)
    partners = sorted(o.id for o in isere.organisations if o.id.startswith("demo:") and o.id not in outside)[
        :24
    ]
    pairs = [(a, b) for i, a in enumerate(CLUB) for b in CLUB[i + 1 :]] + [(CLUB[0], partners[0])]
    # The opening ties go to other partners than the one the club already had.
    others = partners[1:]
    opened = [(member, others[(3 * k + j) % len(others)]) for k, member in enumerate(CLUB) for j in range(3)]
    alliances = [
        AllianceInfo(id=f"test:a{k}", name=f"cercle {k}", mode=AllianceMode.MECENAT, start=date(2010, 1, 1))
        for k in range(len(pairs))
    ] + [
        AllianceInfo(id=f"test:o{k}", name=f"ouverture {k}", mode=AllianceMode.MECENAT, start=OPENED_ON)
        for k in range(len(opened))
    ]
    store.upsert_alliances(alliances, "test@club")
    edges = [
        MembershipEdge(organisation_id=o, alliance_id=f"test:{prefix}{k}", role="membre")
        for prefix, ties in (("a", pairs), ("o", opened))
        for k, pair in enumerate(ties)
        for o in pair
    ]
    store.upsert_memberships(edges, "test", "test@club")
    return opened
