"""``/paths``: how two organisations are connected."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from graph_service.api.auth import require_read
from graph_service.api.dependencies import StoreDep
from graph_service.api.envelope import Envelope, provenance
from graph_service.model import ConnectionPath
from graph_service.store.port import MAX_PATH_HOPS

router = APIRouter(tags=["paths"], dependencies=[Depends(require_read)])


@router.get("/paths", summary="Shortest chains of alliances between two organisations")
def paths(
    store: StoreDep,
    source: Annotated[str, Query(alias="from", description="organisation id", examples=["demo:unis-cite"])],
    target: Annotated[str, Query(alias="to", description="organisation id", examples=["siren:356000000"])],
    max_hops: Annotated[int, Query(ge=1, le=MAX_PATH_HOPS, description="alliances to cross at most")] = 4,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> Envelope[list[ConnectionPath]]:
    """Each path lists the organisations and the alliances along it; `[]` when none is short enough."""
    found = store.shortest_paths(source, target, max_hops=max_hops, limit=limit)
    params = {"from": source, "to": target, "max_hops": max_hops, "limit": limit}
    return Envelope(data=found, provenance=provenance(store, **params))
