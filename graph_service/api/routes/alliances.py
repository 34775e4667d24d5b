"""``/alliances``: search, one alliance with its members; writes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response

from graph_service import writes
from graph_service.api.auth import WriterDep, require_read
from graph_service.api.dependencies import StoreDep
from graph_service.api.edit_rights import check_alliance
from graph_service.api.envelope import Envelope, provenance
from graph_service.api.routes.common import Limit, Offset
from graph_service.errors import InvalidInput
from graph_service.model import Alliance, AllianceBody, AllianceMode, Page

router = APIRouter(prefix="/alliances", tags=["alliances"], dependencies=[Depends(require_read)])

AllianceId = Annotated[str, Path(examples=["demo:copil-labo-grenoble"])]


@router.get("", summary="Search alliances")
def search_alliances(
    store: StoreDep,
    q: Annotated[str, Query(description="part of the name", examples=["pilotage"])] = "",
    mode: Annotated[
        list[AllianceMode] | None, Query(description="repeatable", examples=[["mecenat"]])
    ] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Envelope[Page[Alliance]]:
    page = store.search_alliances(q, modes=mode or [], limit=limit, offset=offset)
    return Envelope(data=page, provenance=provenance(store, q=q, mode=mode, limit=limit, offset=offset))


@router.get("/{alliance_id}", summary="One alliance with its members")
def get_alliance(store: StoreDep, alliance_id: AllianceId) -> Envelope[Alliance]:
    return Envelope(data=store.get_alliance(alliance_id), provenance=provenance(store, id=alliance_id))


@router.post("", status_code=201, summary="Create an alliance")
def create_alliance(store: StoreDep, writer: WriterDep, alliance: AllianceBody) -> Envelope[Alliance]:
    check_alliance(writer, store, alliance.id, [m.organisation_id for m in alliance.members])
    written = writes.create_alliance(store, alliance, author=writer.author)
    return Envelope(data=written.value, provenance=provenance(store, run=written.run))


@router.put("/{alliance_id}", summary="Create or update an alliance")
def put_alliance(
    store: StoreDep, writer: WriterDep, alliance_id: AllianceId, alliance: AllianceBody
) -> Envelope[Alliance]:
    """Members are added or their roles updated; existing members not listed are kept."""
    if alliance.id != alliance_id:
        raise InvalidInput(f"the body's id {alliance.id!r} differs from the path's {alliance_id!r}")
    check_alliance(writer, store, alliance_id, [m.organisation_id for m in alliance.members])
    written = writes.put_alliance(store, alliance, author=writer.author)
    return Envelope(data=written.value, provenance=provenance(store, run=written.run))


@router.delete("/{alliance_id}", status_code=204, summary="Delete an alliance")
def delete_alliance(store: StoreDep, writer: WriterDep, alliance_id: AllianceId) -> Response:
    check_alliance(writer, store, alliance_id, None)
    writes.delete_alliance(store, alliance_id, author=writer.author)
    return Response(status_code=204)
