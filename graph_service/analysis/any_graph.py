"""The concentrated-community rule on any networkx graph: an analyst's own data, offline.

Two shapes are read, each node with a ``world`` attribute (``association``, ``entreprise``,
``collectivite``, ``etat``, ``fondation``, ``academique``, ``autre``; accents and case do not
matter):

- **bipartite** organisations–alliances, as Maillage's GraphML export writes it (``kind`` is
  ``organisation`` or ``alliance``; or networkx's ``bipartite`` 0 or 1): it is projected with the
  service's own function (:func:`~graph_service.analysis.projection.project`, Newman's weights, an
  alliance above ``network_min_members`` members drawing no tie);
- **an organisation graph**, its ties weighted by ``weight`` (1 when absent; parallel or reverse
  edges add up): a Gephi GraphML or a CSV of ties read with ``networkx.from_pandas_edgelist``.

Optional node attributes: ``name`` (or ``label``), ``external`` (a partner outside the territory),
``area`` (the sub-territory it lies in: a closed group in one area is *local*). The graph's
``territory`` attribute names the answer. Communities, cards and verdicts then come from the code
the service runs (:func:`~graph_service.analysis.partitioned.partitioned`).

>>> import networkx as nx
>>> g = nx.Graph()
>>> club = [f"club{i}" for i in range(6)]
>>> g.add_nodes_from(club, world="entreprise")
>>> g.add_edges_from((a, b) for i, a in enumerate(club) for b in club[i + 1:])
>>> import random; rng = random.Random(1)
>>> others = [f"o{i}" for i in range(120)]
>>> g.add_nodes_from(others, world="association")
>>> g.add_nodes_from(others[::3], world="collectivite")
>>> g.add_edges_from((o, rng.choice(others)) for o in others for _ in range(3))
>>> g.add_edge("club0", "o1")
>>> report = concentrated_communities(g)
>>> card = next(c for c in report.cards if "club0" in [m.id for m in c.top_members])
>>> card.size, card.verdict
(6, 'concentrated')
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Hashable, Mapping
from typing import Any

import networkx as nx
import numpy as np

from graph_service.analysis.communities_report import communities_report
from graph_service.analysis.options import AnalysisOptions, CommunityParameters
from graph_service.analysis.partitioned import method_of, partitioned
from graph_service.analysis.projection import ProjectedGraph, project
from graph_service.analysis.reports import CommunitiesReport
from graph_service.config import AnalysisSettings, get_settings
from graph_service.model import AllianceInfo, AllianceMode, EcosystemFrame, Organisation, World

ORGANISATION, ALLIANCE = "organisation", "alliance"
OFFLINE = "your graph"


def world_of(node: Hashable, value: Any) -> World:
    """The world a node's ``world`` attribute names, accents and case aside.

    >>> world_of("x", "Collectivité"), world_of("y", "ÉTAT")
    (<World.COLLECTIVITE: 'collectivite'>, <World.ETAT: 'etat'>)
    """
    text = unicodedata.normalize("NFKD", str(value or "")).encode("ascii", "ignore").decode().strip().lower()
    try:
        return World(text)
    except ValueError:
        known = ", ".join(w.value for w in World)
        raise ValueError(f"node {node!r}: world {value!r} is not one of {known}") from None


def _kind(data: Mapping[str, Any]) -> str:
    kind = str(data.get("kind", "")).lower()
    if kind in (ORGANISATION, ALLIANCE):
        return kind
    return ALLIANCE if data.get("bipartite") in (1, "1") else ORGANISATION


def _organisation(node: Hashable, data: Mapping[str, Any]) -> Organisation:
    # Checked models would refuse an analyst's own ids ("Asso 12"): only the fields read are set.
    return Organisation.model_construct(
        id=str(data.get("entity_id") or node),
        name=str(data.get("name") or data.get("label") or node),
        world=world_of(node, data.get("world")),
        commune=data.get("commune") or None,
    )


def _alliance(node: Hashable, data: Mapping[str, Any]) -> AllianceInfo:
    domains = data.get("domains") or []
    if isinstance(domains, str):
        domains = [d for d in domains.split(";") if d]
    mode = data.get("mode")
    return AllianceInfo.model_construct(
        id=str(data.get("entity_id") or node),
        name=str(data.get("name") or data.get("label") or node),
        mode=AllianceMode(mode) if mode in set(AllianceMode) else None,
        domains=list(domains),
    )


def _truthy(value: Any) -> bool:
    return value is True or str(value).lower() in ("true", "1", "yes", "oui")


def projected(graph: nx.Graph, *, network_min_members: int | None = None) -> ProjectedGraph:
    """``graph`` as the organisation–organisation projection the analyses read.

    A bipartite graph's network cap is ``network_min_members``, else the graph's own attribute of
    that name (Maillage's exports carry the server's), else the settings'.
    """
    organisations: list[Organisation] = []
    alliances: dict[Hashable, AllianceInfo] = {}
    external: list[str] = []
    areas: dict[str, str] = {}
    for node, data in graph.nodes(data=True):
        if _kind(data) == ALLIANCE:
            alliances[node] = _alliance(node, data)
            continue
        organisation = _organisation(node, data)
        organisations.append(organisation)
        if _truthy(data.get("external")):
            external.append(organisation.id)
        if data.get("area"):
            areas[organisation.id] = str(data["area"])
    if alliances:
        cap = network_min_members or graph.graph.get("network_min_members")
        return _bipartite(graph, organisations, alliances, external, areas, cap)
    return _weighted(graph, organisations, external, areas)


def _bipartite(
    graph: nx.Graph,
    organisations: list[Organisation],
    alliances: dict[Hashable, AllianceInfo],
    external: list[str],
    areas: dict[str, str],
    cap: Any,
) -> ProjectedGraph:
    ids = {node: str(data.get("entity_id") or node) for node, data in graph.nodes(data=True)}
    member_ids, alliance_ids = [], []
    for a, b in graph.edges():
        if a in alliances and b not in alliances:
            a, b = b, a
        if b in alliances and a not in alliances:
            member_ids.append(ids[a])
            alliance_ids.append(alliances[b].id)
    frame = EcosystemFrame(
        organisations=organisations,
        alliances=list(alliances.values()),
        member_ids=member_ids,
        alliance_ids=alliance_ids,
        roles=["membre"] * len(member_ids),
        external_ids=external,
    )
    minimum = int(cap) if cap else get_settings().analysis.network_min_members
    return project(frame, areas=areas, network_min_members=minimum)


def _weighted(
    graph: nx.Graph, organisations: list[Organisation], external: list[str], areas: dict[str, str]
) -> ProjectedGraph:
    index = {node: i for i, node in enumerate(graph.nodes)}
    weights: dict[tuple[int, int], float] = defaultdict(float)
    for a, b, data in graph.edges(data=True):
        u, v = index[a], index[b]
        if u != v:
            weights[(min(u, v), max(u, v))] += float(data.get("weight", 1.0))
    pairs = sorted(weights)
    outside = set(external)
    return ProjectedGraph(
        organisations=organisations,
        source=np.array([u for u, _ in pairs], dtype=np.int64),
        target=np.array([v for _, v in pairs], dtype=np.int64),
        weight=np.array([weights[p] for p in pairs], dtype=np.float64),
        external=np.array([o.id in outside for o in organisations], dtype=bool),
        areas=[areas.get(o.id) for o in organisations],
    )


def concentrated_communities(
    graph: nx.Graph,
    *,
    settings: AnalysisSettings | None = None,
    community: CommunityParameters | None = None,
) -> CommunitiesReport:
    """The communities of ``graph``, their closure cards and verdicts, as the service answers them
    for a territory (``settings``: the ``MAILLAGE_*`` ones by default, the closure rule's
    thresholds included; ``community``: resolution, seed, runs)."""
    cap = settings.network_min_members if settings else None
    settings = settings or get_settings().analysis
    base = partitioned(
        projected(graph, network_min_members=cap),
        str(graph.graph.get("territory") or OFFLINE),
        str(graph.graph.get("snapshot") or "offline"),
        settings,
        community or CommunityParameters(),
        outside_counted=True,
    )
    method = method_of(base, base.partition.algorithm, AnalysisOptions(), settings)
    return communities_report(base, method, settings.closure.rule())


def projection_graph(graph: ProjectedGraph) -> nx.Graph:
    """A projection as a networkx graph keyed by organisation id: ``name``, ``world``, ``external``
    and ``area`` on nodes, ``weight`` on ties."""
    result = nx.Graph()
    result.add_nodes_from(
        (o.id, {"name": o.name, "world": o.world.value, "external": bool(x), "area": a})
        for o, x, a in zip(graph.organisations, graph.external.tolist(), graph.areas, strict=True)
    )
    ids = graph.ids
    result.add_weighted_edges_from(
        (ids[u], ids[v], w)
        for u, v, w in zip(graph.source.tolist(), graph.target.tolist(), graph.weight.tolist(), strict=True)
    )
    return result
