"""Pieces shared by the routes: pagination bounds, the ecosystem filters, write runs."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Annotated

from fastapi import Depends, Query

from graph_service.api.query import query_model
from graph_service.model import SubgraphFilter
from graph_service.store.port import GraphStore

MAX_PAGE = 500

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"page size, at most {MAX_PAGE}")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]


Filters = Annotated[SubgraphFilter, Depends(query_model(SubgraphFilter))]


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
