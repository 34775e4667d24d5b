"""``/organisations``: search, one organisation, its alliances, its neighbourhood; writes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, Field

from graph_service.api.auth import require_read, require_write
from graph_service.api.envelope import Envelope, provenance, store_of
from graph_service.api.formats import SubgraphFormat, subgraph_file
from graph_service.api.routes.common import Limit, Offset, write_run
from graph_service.errors import ConstraintViolation, InvalidInput
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
    request: Request,
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
    page = store_of(request).search_organisations(
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
    return Envelope(data=page, provenance=provenance(request, **params))


@router.get("/{organisation_id}", summary="One organisation")
def get_organisation(request: Request, organisation_id: OrganisationId) -> Envelope[Organisation]:
    organisation = store_of(request).get_organisation(organisation_id)
    return Envelope(data=organisation, provenance=provenance(request, id=organisation_id))


@router.get("/{organisation_id}/alliances", summary="The alliances of an organisation")
def organisation_alliances(request: Request, organisation_id: OrganisationId) -> Envelope[list[Alliance]]:
    alliances = store_of(request).organisation_alliances(organisation_id)
    return Envelope(data=alliances, provenance=provenance(request, id=organisation_id))


@router.get("/{organisation_id}/neighbours", summary="Neighbourhood subgraph", response_model=None)
def organisation_neighbours(
    request: Request,
    organisation_id: OrganisationId,
    depth: Annotated[
        int, Query(ge=1, le=MAX_NEIGHBOUR_DEPTH, description="alliances away", examples=[2])
    ] = 1,
    format: SubgraphFormat = SubgraphFormat.JSON,
) -> Envelope[Subgraph] | Response:
    """Organisations reachable through at most `depth` shared alliances, and those alliances."""
    subgraph = store_of(request).neighbours(organisation_id, depth)
    if format is not SubgraphFormat.JSON:
        return subgraph_file(subgraph, format, f"{organisation_id}-depth{depth}")
    return Envelope(data=subgraph, provenance=provenance(request, id=organisation_id, depth=depth))


@router.post("", status_code=201, summary="Create an organisation", dependencies=[Depends(require_write)])
def create_organisation(request: Request, organisation: Organisation) -> Envelope[Organisation]:
    store = store_of(request)
    if store.existing_organisation_ids([organisation.id]):
        raise ConstraintViolation(f"organisation {organisation.id} already exists; use PUT to change it")
    with write_run(store, f"create organisation {organisation.id}") as run:
        store.upsert_organisations([organisation], run)
    return Envelope(data=store.get_organisation(organisation.id), provenance=provenance(request, run=run))


@router.put(
    "/{organisation_id}", summary="Create or replace an organisation", dependencies=[Depends(require_write)]
)
def put_organisation(
    request: Request, organisation_id: OrganisationId, organisation: Organisation
) -> Envelope[Organisation]:
    if organisation.id != organisation_id:
        raise InvalidInput(f"the body's id {organisation.id!r} differs from the path's {organisation_id!r}")
    store = store_of(request)
    with write_run(store, f"put organisation {organisation_id}") as run:
        store.upsert_organisations([organisation], run)
    return Envelope(data=store.get_organisation(organisation_id), provenance=provenance(request, run=run))


class Deletion(BaseModel):
    """What a delete removed: the organisation, and the alliances it leaves with a single member."""

    deleted: str
    dissolved_alliances: list[str] = Field(
        description="alliances removed because fewer than two members remained"
    )


@router.delete("/{organisation_id}", summary="Delete an organisation", dependencies=[Depends(require_write)])
def delete_organisation(request: Request, organisation_id: OrganisationId) -> Envelope[Deletion]:
    store = store_of(request)
    store.get_organisation(organisation_id)
    with write_run(store, f"delete organisation {organisation_id}") as run:
        dissolved = store.delete_organisation(organisation_id)
    deletion = Deletion(deleted=organisation_id, dissolved_alliances=dissolved)
    return Envelope(data=deletion, provenance=provenance(request, run=run))


@router.put(
    "/{organisation_id}/catalyst",
    summary="Make an organisation a catalyst",
    dependencies=[Depends(require_write)],
)
def put_catalyst(
    request: Request, organisation_id: OrganisationId, profile: CatalystProfile
) -> Envelope[Organisation]:
    store = store_of(request)
    store.get_organisation(organisation_id)
    resolved = profile.model_copy(
        update={"territories": sorted({store.resolve_territory(t) for t in profile.territories})}
    )
    with write_run(store, f"catalyst {organisation_id}") as run:
        store.upsert_catalysts({organisation_id: resolved}, "api", run)
    return Envelope(data=store.get_organisation(organisation_id), provenance=provenance(request, run=run))


@router.delete(
    "/{organisation_id}/catalyst",
    status_code=204,
    summary="Remove a catalyst profile",
    dependencies=[Depends(require_write)],
)
def delete_catalyst(request: Request, organisation_id: OrganisationId) -> Response:
    store = store_of(request)
    store.get_organisation(organisation_id)
    with write_run(store, f"remove catalyst {organisation_id}") as run:
        store.remove_catalyst(organisation_id, run)
    return Response(status_code=204)
