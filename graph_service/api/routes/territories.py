"""``/territories``: search, one territory with its surroundings, its organisations, its ecosystem."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response

from graph_service.analysis.options import AnalysisOptions
from graph_service.api.auth import require_read
from graph_service.api.dependencies import AnalyserDep, StoreDep
from graph_service.api.envelope import Envelope, provenance
from graph_service.api.formats import SubgraphFormat, subgraph_download
from graph_service.api.routes.common import Filters, Limit, Offset
from graph_service.model import (
    Organisation,
    Page,
    Subgraph,
    Territory,
    TerritoryDetail,
    TerritoryLevel,
    World,
)

router = APIRouter(prefix="/territories", tags=["territories"], dependencies=[Depends(require_read)])
Code = Annotated[
    str,
    Path(
        description="bare INSEE code (38, 38185, 200040715) or key (region:84, projet:sud-isere)",
        examples=["38", "region:84", "38185"],
    ),
]


@router.get("", summary="Search territories")
def search_territories(
    store: StoreDep,
    q: Annotated[str, Query(description="part of the name, or the code", examples=["grenoble"])] = "",
    level: TerritoryLevel | None = None,
    parent: Annotated[
        str | None, Query(description="only the direct children of this territory", examples=["38"])
    ] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> Envelope[Page[Territory]]:
    """Example: `/api/v1/territories?level=epci&parent=38`."""
    page = store.search_territories(q, level=level, parent=parent, limit=limit, offset=offset)
    params = {"q": q, "level": level, "parent": parent, "limit": limit, "offset": offset}
    return Envelope(data=page, provenance=provenance(store, **params))


@router.get("/{code}", summary="A territory, its ancestors, children and counts by world")
def get_territory(store: StoreDep, code: Code) -> Envelope[TerritoryDetail]:
    store = store
    view = store.get_territory(code)
    detail = TerritoryDetail(**dict(view), organisations_by_world=store.territory_world_counts(code))
    return Envelope(data=detail, provenance=provenance(store, code=code))


@router.get("/{code}/organisations", summary="Organisations located inside a territory")
def territory_organisations(
    store: StoreDep, code: Code, world: World | None = None, limit: Limit = 50, offset: Offset = 0
) -> Envelope[Page[Organisation]]:
    """Every organisation whose commune lies inside the territory, at any level."""
    page = store.territory_organisations(code, world=world, limit=limit, offset=offset)
    return Envelope(
        data=page, provenance=provenance(store, code=code, world=world, limit=limit, offset=offset)
    )


@router.get("/{code}/ecosystem", summary="A territory's ecosystem subgraph", response_model=None)
def territory_ecosystem(
    store: StoreDep,
    analyser: AnalyserDep,
    code: Code,
    filters: Filters,
    format: SubgraphFormat = SubgraphFormat.JSON,
) -> Envelope[Subgraph] | Response:
    """Its organisations (isolated ones included), the alliances among them and, with
    `include_external=true`, their partners outside. `?format=graphml|gexf|csv` downloads a file
    whose organisations carry their community, its verdict and their centralities (default
    community parameters), node ids namespaced by kind (`organisation:…`, `alliance:…`)."""
    # Read before the data, as every answer's snapshot is: a write landing meanwhile is newer.
    snapshot = store.snapshot_id() if format is not SubgraphFormat.JSON else None
    subgraph = store.ecosystem(code, filters)
    projection = analyser.projection_parameters()
    if format is not SubgraphFormat.JSON:
        annotations = analyser.annotations(code, AnalysisOptions(filter=filters))
        about = {"territory": store.resolve_territory(code), "snapshot": snapshot, **projection}
        return subgraph_download(subgraph, format, f"ecosysteme-{code}", annotations, about)
    params = {"code": code, **filters.model_dump(mode="json", exclude_defaults=True), **projection}
    return Envelope(data=subgraph, provenance=provenance(store, **params))
