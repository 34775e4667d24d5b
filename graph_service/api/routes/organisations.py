"""``/organisations``: search, one organisation, its alliances, its neighbourhood; writes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response
from pydantic import BaseModel, Field

from graph_service import writes
from graph_service.api.auth import WriterDep, require_read
from graph_service.api.dependencies import StoreDep
from graph_service.api.edit_rights import check_organisation
from graph_service.api.envelope import Envelope, provenance
from graph_service.api.formats import SubgraphFormat, subgraph_download
from graph_service.api.routes.common import Limit, Offset
from graph_service.errors import InvalidInput
from graph_service.model import Alliance, CatalystProfile, Maturity, Organisation, Page, Subgraph, World
from graph_service.store.port import MAX_NEIGHBOUR_DEPTH

router = APIRouter(prefix="/organisations", tags=["organisations"], dependencies=[Depends(require_read)])
OrganisationId = Annotated[
    str,
    Path(
        description="siren:<SIREN>, rna:<RNA> or <dataset>:<key>", examples=["siren:356000000", "demo:gaia"]
    ),
]


@router.get("", summary="Search organisations")
def search_organisations(
    store: StoreDep,
    q: Annotated[
        str, Query(description="part of the name; accents and case do not matter", examples=["labo"])
    ] = "",
    world: World | None = None,
    territory: Annotated[str | None, Query(description="code or key at any level", examples=["38"])] = None,
    ess: bool | None = None,
    catalyst: bool | None = None,
    maturity: Maturity | None = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Envelope[Page[Organisation]]:
    """Organisations by name, world and territory, then by ESS flag, catalyst flag and maturity.

    Example: `/api/v1/organisations?q=labo&territory=38`.
    """
    page = store.search_organisations(
        q,
        world=world,
        territory=territory,
        ess=ess,
        catalyst=catalyst,
        maturity=maturity,
        limit=limit,
        offset=offset,
    )
    params = {
        "q": q,
        "world": world,
        "territory": territory,
        "ess": ess,
        "catalyst": catalyst,
        "maturity": maturity,
        "limit": limit,
        "offset": offset,
    }
    return Envelope(data=page, provenance=provenance(store, **params))


@router.get("/{organisation_id}", summary="One organisation")
def get_organisation(store: StoreDep, organisation_id: OrganisationId) -> Envelope[Organisation]:
    organisation = store.get_organisation(organisation_id)
    return Envelope(data=organisation, provenance=provenance(store, id=organisation_id))


@router.get("/{organisation_id}/alliances", summary="The alliances of an organisation")
def organisation_alliances(store: StoreDep, organisation_id: OrganisationId) -> Envelope[list[Alliance]]:
    alliances = store.organisation_alliances(organisation_id)
    return Envelope(data=alliances, provenance=provenance(store, id=organisation_id))


@router.get("/{organisation_id}/neighbours", summary="Neighbourhood subgraph", response_model=None)
def organisation_neighbours(
    store: StoreDep,
    organisation_id: OrganisationId,
    depth: Annotated[
        int, Query(ge=1, le=MAX_NEIGHBOUR_DEPTH, description="alliances away", examples=[2])
    ] = 1,
    format: SubgraphFormat = SubgraphFormat.JSON,
) -> Envelope[Subgraph] | Response:
    """Organisations reachable through at most `depth` shared alliances, and those alliances."""
    subgraph = store.neighbours(organisation_id, depth)
    if format is not SubgraphFormat.JSON:
        return subgraph_download(subgraph, format, f"{organisation_id}-depth{depth}")
    return Envelope(data=subgraph, provenance=provenance(store, id=organisation_id, depth=depth))


@router.post("", status_code=201, summary="Create an organisation")
def create_organisation(
    store: StoreDep, writer: WriterDep, organisation: Organisation
) -> Envelope[Organisation]:
    check_organisation(writer, store, organisation.id, organisation)
    written = writes.create_organisation(store, organisation, author=writer.author)
    return Envelope(data=written.value, provenance=provenance(store, run=written.run))


@router.put("/{organisation_id}", summary="Create or replace an organisation")
def put_organisation(
    store: StoreDep, writer: WriterDep, organisation_id: OrganisationId, organisation: Organisation
) -> Envelope[Organisation]:
    if organisation.id != organisation_id:
        raise InvalidInput(f"the body's id {organisation.id!r} differs from the path's {organisation_id!r}")
    check_organisation(writer, store, organisation_id, organisation)
    written = writes.put_organisation(store, organisation, author=writer.author)
    return Envelope(data=written.value, provenance=provenance(store, run=written.run))


class Deletion(BaseModel):
    """What a delete removed: the organisation, and the alliances it leaves with a single member."""

    deleted: str
    dissolved_alliances: list[str] = Field(
        description="alliances removed because fewer than two members remained"
    )


@router.delete("/{organisation_id}", summary="Delete an organisation")
def delete_organisation(
    store: StoreDep, writer: WriterDep, organisation_id: OrganisationId
) -> Envelope[Deletion]:
    check_organisation(writer, store, organisation_id)
    written = writes.delete_organisation(store, organisation_id, author=writer.author)
    deletion = Deletion(deleted=organisation_id, dissolved_alliances=written.value)
    return Envelope(data=deletion, provenance=provenance(store, run=written.run))


@router.put(
    "/{organisation_id}/catalyst",
    summary="Make an organisation a catalyst",
)
def put_catalyst(
    store: StoreDep, writer: WriterDep, organisation_id: OrganisationId, profile: CatalystProfile
) -> Envelope[Organisation]:
    check_organisation(writer, store, organisation_id)
    written = writes.put_catalyst(store, organisation_id, profile, author=writer.author)
    return Envelope(data=written.value, provenance=provenance(store, run=written.run))


@router.delete(
    "/{organisation_id}/catalyst",
    status_code=204,
    summary="Remove a catalyst profile",
)
def delete_catalyst(store: StoreDep, writer: WriterDep, organisation_id: OrganisationId) -> Response:
    check_organisation(writer, store, organisation_id)
    writes.remove_catalyst(store, organisation_id, author=writer.author)
    return Response(status_code=204)
