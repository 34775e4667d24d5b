"""Subgraphs as GraphML, GEXF (with alliance dates as time intervals) or a zip of CSV files.

The graph is bipartite, as stored: organisations and alliances are nodes (``kind``), memberships
are edges. Gephi's timeline reads the ``start``/``end`` of alliances and memberships.
"""

from __future__ import annotations

import csv
import io
import zipfile
from enum import StrEnum
from typing import Any

import networkx as nx
from fastapi.responses import Response

from graph_service.model import Subgraph
from graph_service.spreadsheet import safe_row


class SubgraphFormat(StrEnum):
    """The formats a subgraph route answers in."""

    JSON = "json"
    GRAPHML = "graphml"
    GEXF = "gexf"
    CSV = "csv"


def _clean(attributes: dict[str, Any]) -> dict[str, Any]:
    """GraphML and GEXF take scalars only: lists become ``;``-joined text, ``None`` is left out."""
    cleaned: dict[str, Any] = {}
    for key, value in attributes.items():
        if value is None:
            continue
        if isinstance(value, list):
            value = ";".join(str(item) for item in value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        elif not isinstance(value, str | int | float | bool):
            value = str(value)
        cleaned[key] = value
    return cleaned


def to_networkx(subgraph: Subgraph) -> nx.Graph:
    """The subgraph as a bipartite networkx graph."""
    graph = nx.Graph(mode="dynamic")
    external = set(subgraph.external_ids)
    for organisation in subgraph.organisations:
        data = organisation.model_dump(mode="json", exclude={"catalyst", "id"})
        data.update(
            label=organisation.name,
            kind="organisation",
            catalyst=organisation.is_catalyst,
            external=organisation.id in external,
        )
        graph.add_node(organisation.id, **_clean(data))
    periods = {}
    for alliance in subgraph.alliances:
        data = alliance.model_dump(mode="json", exclude={"id"})
        data.update(label=alliance.name, kind="alliance")
        graph.add_node(alliance.id, **_clean(data))
        periods[alliance.id] = _clean({"start": alliance.start, "end": alliance.end})
    for membership in subgraph.memberships:
        graph.add_edge(
            membership.organisation_id,
            membership.alliance_id,
            role=membership.role,
            **periods.get(membership.alliance_id, {}),
        )
    return graph


def _csv_zip(graph: nx.Graph) -> bytes:
    node_columns = sorted({key for _, data in graph.nodes(data=True) for key in data})
    edge_columns = sorted({key for _, _, data in graph.edges(data=True) for key in data})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        nodes = io.StringIO()
        writer = csv.writer(nodes)
        writer.writerow(["id", *node_columns])
        for node, data in graph.nodes(data=True):
            writer.writerow(safe_row([node, *(data.get(column, "") for column in node_columns)]))
        archive.writestr("nodes.csv", nodes.getvalue())
        edges = io.StringIO()
        writer = csv.writer(edges)
        writer.writerow(["source", "target", *edge_columns])
        for source, target, data in graph.edges(data=True):
            writer.writerow(safe_row([source, target, *(data.get(column, "") for column in edge_columns)]))
        archive.writestr("edges.csv", edges.getvalue())
    return buffer.getvalue()


def subgraph_file(subgraph: Subgraph, fmt: SubgraphFormat, name: str) -> Response:
    """A download of the subgraph in a file format."""
    graph = to_networkx(subgraph)
    safe = "".join(char if char.isalnum() or char in "-_" else "_" for char in name)
    if fmt is SubgraphFormat.CSV:
        content, media, suffix = _csv_zip(graph), "application/zip", "zip"
    else:
        buffer = io.BytesIO()
        if fmt is SubgraphFormat.GRAPHML:
            nx.write_graphml(graph, buffer)
            media = "application/graphml+xml"
        else:
            nx.write_gexf(graph, buffer)
            media = "application/gexf+xml"
        content, suffix = buffer.getvalue(), fmt.value
    headers = {"Content-Disposition": f'attachment; filename="{safe}.{suffix}"'}
    return Response(content, media_type=media, headers=headers)
