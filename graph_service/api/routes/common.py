"""Parameters shared by the routes: pagination bounds and the ecosystem filters."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from graph_service.api.query import query_model
from graph_service.model import SubgraphFilter

MAX_PAGE = 500

Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"page size, at most {MAX_PAGE}")]
Offset = Annotated[int, Query(ge=0, le=10_000_000)]

Filters = Annotated[SubgraphFilter, Depends(query_model(SubgraphFilter))]
"""The ecosystem filters from the query string (``from``, ``to``, ``as_of``, ``mode``…)."""
