"""``/alliances``: search, one alliance with its members; writes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from graph_service.api.auth import require_read, require_write
from graph_service.api.envelope import Envelope, provenance, store_of
from graph_service.api.routes.common import Limit, Offset, write_run
from graph_service.errors import ConstraintViolation, InvalidInput
from graph_service.model import Alliance, AllianceMode, MembershipEdge, Page

router = APIRouter(prefix="/alliances", tags=["alliances"], dependencies=[Depends(require_read)])
AllianceId = Annotated[str, Path(examples=["demo:copil-labo-grenoble"])]


@router.get("", summary="Search alliances")
def search_alliances(
    request: Request,
    q: Annotated[str, Query(description="part of the name", examples=["pilotage"])] = "",
    mode: Annotated[
        list[AllianceMode] | None, Query(description="repeatable", examples=[["mecenat"]])
    ] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Envelope[Page[Alliance]]:
    page = store_of(request).search_alliances(q, modes=mode or [], limit=limit, offset=offset)
    return Envelope(data=page, provenance=provenance(request, q=q, mode=mode, limit=limit, offset=offset))


@router.get("/{alliance_id}", summary="One alliance with its members")
def get_alliance(request: Request, alliance_id: AllianceId) -> Envelope[Alliance]:
    return Envelope(
        data=store_of(request).get_alliance(alliance_id), provenance=provenance(request, id=alliance_id)
    )


def _write_alliance(request: Request, alliance: Alliance, action: str) -> Envelope[Alliance]:
    store = store_of(request)
    member_ids = {m.organisation_id for m in alliance.members}
    missing = member_ids - store.existing_organisation_ids(member_ids)
    if missing:
        raise InvalidInput(f"members: unknown organisation(s) {', '.join(sorted(missing))}")
    edges = [
        MembershipEdge(organisation_id=m.organisation_id, alliance_id=alliance.id, role=m.role)
        for m in alliance.members
    ]
    with write_run(store, f"{action} alliance {alliance.id}") as run:
        store.upsert_alliances([alliance.info], run)
        store.upsert_memberships(edges, alliance.source, run)
    return Envelope(data=store.get_alliance(alliance.id), provenance=provenance(request, run=run))


@router.post("", status_code=201, summary="Create an alliance", dependencies=[Depends(require_write)])
def create_alliance(request: Request, alliance: Alliance) -> Envelope[Alliance]:
    if store_of(request).existing_alliance_ids([alliance.id]):
        raise ConstraintViolation(f"alliance {alliance.id} already exists; use PUT to change it")
    return _write_alliance(request, alliance, "create")


@router.put("/{alliance_id}", summary="Create or update an alliance", dependencies=[Depends(require_write)])
def put_alliance(request: Request, alliance_id: AllianceId, alliance: Alliance) -> Envelope[Alliance]:
    """Members are added or their roles updated; existing members not listed are kept."""
    if alliance.id != alliance_id:
        raise InvalidInput(f"the body's id {alliance.id!r} differs from the path's {alliance_id!r}")
    return _write_alliance(request, alliance, "put")


@router.delete(
    "/{alliance_id}", status_code=204, summary="Delete an alliance", dependencies=[Depends(require_write)]
)
def delete_alliance(request: Request, alliance_id: AllianceId) -> Response:
    store = store_of(request)
    store.get_alliance(alliance_id)
    with write_run(store, f"delete alliance {alliance_id}"):
        store.delete_alliance(alliance_id)
    return Response(status_code=204)
