"""Subgraphs as GraphML, GEXF (with alliance dates as time intervals) or a zip of CSV files, for
Gephi, Cytoscape or a spreadsheet; the API's downloads and ``maillage export --format`` use it.

The graph is bipartite, as stored: organisations and alliances are nodes (``kind``), memberships
are edges. Gephi's timeline reads the ``start``/``end`` of alliances and memberships.

>>> from graph_service.model import Subgraph
>>> empty = Subgraph(organisations=[], alliances=[], memberships=[])
>>> graph_file(empty, GraphFormat.GEXF).media_type
'application/gexf+xml'
>>> file_stem("ecosysteme-epci:200040715")
'ecosysteme-epci_200040715'
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import networkx as nx

from graph_service.model import Subgraph
from graph_service.spreadsheet import safe_row


class GraphFormat(StrEnum):
    """The file formats a subgraph is written in."""

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


def bipartite_graph(subgraph: Subgraph) -> nx.Graph:
    """The subgraph as a bipartite networkx graph: organisations and alliances, tied by memberships."""
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


@dataclass(frozen=True)
class GraphFile:
    """A subgraph written in a file format, with its media type and file suffix."""

    content: bytes
    media_type: str
    suffix: str


def graph_file(subgraph: Subgraph, fmt: GraphFormat) -> GraphFile:
    """The subgraph as GraphML, GEXF or a zip of ``nodes.csv`` and ``edges.csv``."""
    graph = bipartite_graph(subgraph)
    if fmt is GraphFormat.CSV:
        return GraphFile(_csv_zip(graph), "application/zip", "zip")
    buffer = io.BytesIO()
    if fmt is GraphFormat.GRAPHML:
        nx.write_graphml(graph, buffer)
        return GraphFile(buffer.getvalue(), "application/graphml+xml", "graphml")
    nx.write_gexf(graph, buffer)
    return GraphFile(buffer.getvalue(), "application/gexf+xml", "gexf")


def file_stem(name: str) -> str:
    """``name`` with every character that is not a letter, a digit, ``-`` or ``_`` replaced."""
    return "".join(char if char.isalnum() or char in "-_" else "_" for char in name)
