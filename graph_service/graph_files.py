"""Subgraphs as GraphML, GEXF (with alliance dates as time intervals) or a zip of CSV files, for
Gephi, Cytoscape or a spreadsheet; the API's downloads and ``maillage export --format`` use it.

The graph is bipartite, as stored: organisations and alliances are nodes (``kind``), memberships
are edges. Node ids are namespaced by kind (``organisation:demo:x1``, ``alliance:demo:x1``), so
an organisation and an alliance that share a key stay two nodes; ``entity_id`` keeps the id as
stored. Organisations may carry the analysis' annotations (community, verdict, centralities),
so that Gephi users can colour by them. Gephi's timeline reads the ``start``/``end`` of alliances
and memberships.

>>> from graph_service.model import Subgraph
>>> empty = Subgraph(organisations=[], alliances=[], memberships=[])
>>> graph_file(empty, GraphFormat.GEXF).media_type
'application/gexf+xml'
>>> file_stem("ecosysteme-epci:200040715")
'ecosysteme-epci_200040715'
>>> node_key("alliance", "demo:x1")
'alliance:demo:x1'
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from graph_service.model import Subgraph
from graph_service.spreadsheet import safe_row

if TYPE_CHECKING:
    import networkx as nx

ORGANISATION = "organisation"
ALLIANCE = "alliance"


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


def node_key(kind: str, entity_id: str) -> str:
    """A node's id in an exported file: its kind, then its stored id."""
    return f"{kind}:{entity_id}"


def bipartite_graph(
    subgraph: Subgraph,
    annotations: Mapping[str, Mapping[str, Any]] | None = None,
    about: Mapping[str, Any] | None = None,
) -> nx.Graph:
    """The subgraph as a bipartite networkx graph: organisations and alliances, tied by memberships;
    ``annotations`` adds attributes to organisations, by id, and ``about`` to the graph (its
    territory, how the service projects it)."""
    import networkx as nx  # at use: the CLI names the formats without loading it

    graph = nx.Graph(mode="dynamic", **_clean(dict(about or {})))
    external = set(subgraph.external_ids)
    annotations = annotations or {}
    for organisation in subgraph.organisations:
        data = organisation.model_dump(mode="json", exclude={"catalyst", "id"})
        data.update(
            entity_id=organisation.id,
            label=organisation.name,
            kind=ORGANISATION,
            catalyst=organisation.is_catalyst,
            external=organisation.id in external,
            **annotations.get(organisation.id, {}),
        )
        graph.add_node(node_key(ORGANISATION, organisation.id), **_clean(data))
    periods = {}
    for alliance in subgraph.alliances:
        data = alliance.model_dump(mode="json", exclude={"id"})
        data.update(entity_id=alliance.id, label=alliance.name, kind=ALLIANCE)
        graph.add_node(node_key(ALLIANCE, alliance.id), **_clean(data))
        periods[alliance.id] = _clean({"start": alliance.start, "end": alliance.end})
    for membership in subgraph.memberships:
        graph.add_edge(
            node_key(ORGANISATION, membership.organisation_id),
            node_key(ALLIANCE, membership.alliance_id),
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


def graph_file(
    subgraph: Subgraph,
    fmt: GraphFormat,
    annotations: Mapping[str, Mapping[str, Any]] | None = None,
    about: Mapping[str, Any] | None = None,
) -> GraphFile:
    """The subgraph as GraphML, GEXF or a zip of ``nodes.csv`` and ``edges.csv``, organisations
    annotated with ``annotations`` (by id), the graph with ``about`` (GraphML and GEXF)."""
    import networkx as nx

    graph = bipartite_graph(subgraph, annotations, about)
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
