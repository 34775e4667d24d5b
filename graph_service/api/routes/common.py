"""Pieces shared by the routes: pagination bounds, the ecosystem filters, write runs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import Depends, Query
from pydantic import ValidationError

from graph_service.errors import InvalidInput
from graph_service.model import AllianceMode, SubgraphFilter
from graph_service.store.port import GraphStore

MAX_PAGE = 500

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"page size, at most {MAX_PAGE}")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


def subgraph_filter(
    start: Annotated[
        date | None, Query(alias="from", description="alliances running on or after", examples=["2018-01-01"])
    ] = None,
    end: Annotated[
        date | None, Query(alias="to", description="alliances started on or before", examples=["2022-12-31"])
    ] = None,
    as_of: Annotated[
        date | None, Query(description="alliances running on this day", examples=["2020-01-01"])
    ] = None,
    mode: Annotated[
        list[AllianceMode] | None, Query(description="alliance modes (repeatable)", examples=[["mecenat"]])
    ] = None,
    domain: Annotated[
        list[str] | None, Query(description="alliance domains (repeatable)", examples=[["alimentation"]])
    ] = None,
    include_external: Annotated[bool, Query(description="add partners located outside")] = False,
    include_open_data: Annotated[
        bool, Query(description="count open-data ties (subsidies, public procurement) as ties")
    ] = False,
) -> SubgraphFilter:
    """The ecosystem filters from the query string."""
    try:
        return SubgraphFilter(
            start=start,
            end=end,
            as_of=as_of,
            modes=mode or [],
            domains=domain or [],
            include_external=include_external,
            include_open_data=include_open_data,
        )
    except ValidationError as error:
        raise InvalidInput.from_validation(error) from error


Filters = Annotated[SubgraphFilter, Depends(subgraph_filter)]


@contextmanager
def write_run(store: GraphStore, summary: str) -> Iterator[str]:
    """Every API write is a run of its own, so the snapshot id changes with the data.

    The run is recorded once the write is done (even a failed one, which may have written part):
    recorded before, a reader could cache the old data under the new snapshot and serve it after
    the write's 2xx.
    """
    now = datetime.now(UTC)
    run = f"api@{now.strftime('%Y%m%dT%H%M%S%fZ')}"
    try:
        yield run
    finally:
        store.record_import_run(run, "api", now, summary)
