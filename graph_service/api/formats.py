"""The formats a subgraph route answers in: JSON, or a download written by
:mod:`graph_service.graph_files`."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from fastapi.responses import Response

from graph_service.graph_files import GraphFormat, file_stem, graph_file
from graph_service.model import Subgraph


class SubgraphFormat(StrEnum):
    """JSON (the envelope) or one of the graph file formats."""

    JSON = "json"
    GRAPHML = GraphFormat.GRAPHML.value
    GEXF = GraphFormat.GEXF.value
    CSV = GraphFormat.CSV.value


def subgraph_download(
    subgraph: Subgraph,
    fmt: SubgraphFormat,
    name: str,
    annotations: Mapping[str, Mapping[str, Any]] | None = None,
    about: Mapping[str, Any] | None = None,
) -> Response:
    """A download of the subgraph in a file format (not JSON), organisations annotated by id."""
    written = graph_file(subgraph, GraphFormat(fmt.value), annotations, about)
    headers = {"Content-Disposition": f'attachment; filename="{file_stem(name)}.{written.suffix}"'}
    return Response(written.content, media_type=written.media_type, headers=headers)
