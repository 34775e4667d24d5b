"""``/stats`` and ``/health``."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from graph_service.analysis.refresher import RefresherStatus
from graph_service.api.auth import require_read
from graph_service.api.dependencies import RefresherDep, StoreDep
from graph_service.api.envelope import Envelope, provenance
from graph_service.errors import StoreError
from graph_service.model import StoreCounts

router = APIRouter(tags=["meta"])


class Health(BaseModel):
    status: str
    backend: str
    store: str
    analyses: RefresherStatus | None = None
    """What the background refresher is doing (absent when it is off)."""


@router.get("/stats", summary="Counts by label, type and world", dependencies=[Depends(require_read)])
def stats(store: StoreDep) -> Envelope[StoreCounts]:
    return Envelope(data=store.counts(), provenance=provenance(store))


@router.get(
    "/health",
    summary="Whether the service and its store answer",
    response_model=Health,
    responses={503: {"model": Health}},
)
def health(store: StoreDep, refresher: RefresherDep) -> JSONResponse:
    store = store
    try:
        store.check_health()
    except StoreError as error:
        body = Health(status="degraded", backend=store.backend, store=f"down: {error}")
        return JSONResponse(body.model_dump(), status_code=503)
    analyses = refresher.status() if refresher is not None else None
    body = Health(status="ok", backend=store.backend, store="up", analyses=analyses)
    return JSONResponse(body.model_dump(exclude_none=True))
