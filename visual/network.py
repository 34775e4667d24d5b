"""An analysed ecosystem as a pyvis network: one drawing of organisations, or one of communities.

:func:`organisation_network` draws organisations: colour by community, concentrated communities
with a red border, a halo and a label, shape by world, size by a centrality, catalysts starred and
outlined, edge width by weight and colour by alliance mode. :func:`community_network` draws a
large territory as its communities, sized by members and tied by the weight between them; a click
opens one.

The module knows nothing of stores: it takes a projected graph, its partition and closure cards.
Tooltips are not HTML here: each node carries plain fields in ``details``, and the page's script
builds the tooltip with ``textContent``, so a name cannot inject markup.

>>> import numpy as np
>>> from graph_service.analysis.projection import WORLDS, ProjectedGraph
>>> from graph_service.model import Organisation
>>> orgs = [Organisation(id=f"demo:{k}", name=k.upper(), world="association") for k in "abc"]
>>> graph = ProjectedGraph(organisations=orgs, source=np.array([0, 1]), target=np.array([1, 2]),
...     weight=np.array([1.0, 3.0]), external=np.zeros(3, bool), areas=[None] * 3)
>>> eco = AnalysedEcosystem(graph=graph, membership=np.zeros(3, int), cards=[],
...     sizes=np.array([1.0, 2.0, 1.0]), seed=42)
>>> drawing = organisation_network(eco, link=lambda i: f"/organisations/{i}")
>>> [node["label"] for node in drawing.network.nodes]
['A', 'B', 'C']
>>> [edge["width"] for edge in drawing.network.edges]
[1.0, 4.0]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from pyvis.edge import Edge
from pyvis.network import Network
from pyvis.node import Node

from graph_service.analysis.closure import ClosureCard
from graph_service.analysis.communities import ranked_labels
from graph_service.analysis.projection import WORLDS
from graph_service.model import OpenDataTie
from graph_service.translations import translator
from visual.ecosystem import AnalysedEcosystem, Drawing
from visual.edge_modes import edge_modes
from visual.layout import initial_positions
from visual.money import money_edges, money_summary
from visual.since import new_ties
from visual.style import (
    CATALYST_BORDER,
    CONCENTRATED_BORDER,
    CONCENTRATED_HALO,
    EXTERNAL_COLOUR,
    NEW_SINCE,
    OPEN_DATA,
    SMALL_COMMUNITY_COLOUR,
    WORLD_SHAPES,
    community_colour,
    mode_colour,
)

MIN_NODE_SIZE = 8.0
MAX_NODE_SIZE = 40.0
MAX_EDGE_WIDTH = 10.0
LABELLED_SHARE = 0.15
"""Beyond 150 organisations only the most central 15 % (and catalysts) carry a visible label."""
TOP_ALLIANCES = 3


def _base_network(node_count: int, seed: int) -> Network:
    network = Network(directed=False, cdn_resources="local")
    # The most iterations a graph gets before physics stop; grouped starting positions need few.
    iterations = 400 if node_count <= 300 else 120 if node_count <= 1_500 else 50
    network.options = {
        "layout": {"randomSeed": seed, "improvedLayout": False},
        "physics": {
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -45,
                "centralGravity": 0.008,
                "springLength": 70,
                "springConstant": 0.06,
                "damping": 0.55,
                "avoidOverlap": 0.2,
            },
            "minVelocity": 1.0,
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 25, "fit": True},
        },
        "edges": {"smooth": False, "selectionWidth": 2, "hoverWidth": 1.5},
        "nodes": {"font": {"size": 14, "face": "system-ui, sans-serif", "strokeWidth": 3}},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": node_count > 1_000,
            "hideEdgesOnZoom": node_count > 3_000,
        },
    }
    return network


def _scaled(values: np.ndarray) -> np.ndarray:
    """Node sizes from a centrality: square root, so that areas follow the values."""
    values = np.nan_to_num(np.asarray(values, dtype=float), nan=0.0)
    if values.size == 0:
        return values
    low, high = float(values.min()), float(values.max())
    share = np.zeros_like(values) if high <= low else (values - low) / (high - low)
    return MIN_NODE_SIZE + (MAX_NODE_SIZE - MIN_NODE_SIZE) * np.sqrt(share)


def _edge_width(weight: float) -> float:
    return float(min(MAX_EDGE_WIDTH, 1.0 + 1.5 * (weight - 1.0)))


def _add_node(network: Network, node_id: str, **options: Any) -> None:
    # pyvis's add_node checks membership in a list: quadratic over thousands of nodes.
    node = Node(node_id, options.pop("shape"), font_color=False, **options)
    network.nodes.append(node.options)
    network.node_ids.append(node_id)
    network.node_map[node_id] = node.options


def _add_edge(network: Network, source: str, target: str, **options: Any) -> None:
    # pyvis's add_edge rescans every edge for a duplicate; the projection's pairs are unique.
    network.edges.append(Edge(source, target, False, **options).options)


def _organisation_details(
    eco: AnalysedEcosystem, i: int, link: Callable[[str], str], word: Callable[[str], str]
) -> dict[str, Any]:
    graph = eco.graph
    organisation = graph.organisations[i]
    community = int(eco.membership[i])
    card = eco.cards_by_community.get(community)
    alliances = graph.alliances_of[i] if graph.alliances_of else []
    names = sorted(graph.alliances[a].name for a in alliances if a in graph.alliances)
    commune = organisation.commune
    return {
        "name": organisation.name,
        "world": word(f"world.{organisation.world.value}"),
        "commune": eco.commune_names.get(commune, commune) if commune else None,
        "alliances": names[:TOP_ALLIANCES],
        "more_alliances": max(0, len(names) - TOP_ALLIANCES),
        "community": community if card else None,
        "concentrated": bool(card and card.concentrated),
        "catalyst": organisation.catalyst is not None,
        "external": bool(graph.external[i]),
        "url": link(organisation.id),
    }


def organisation_network(
    eco: AnalysedEcosystem,
    *,
    link: Callable[[str], str],
    nodes: np.ndarray | None = None,
    max_nodes: int | None = None,
    focus: str | None = None,
    money: Sequence[OpenDataTie] = (),
) -> Drawing:
    """Draw the organisations ``nodes`` (all by default), at most ``max_nodes`` of the largest;
    ``focus`` is an organisation drawn larger, outlined in black and always labelled. ``money``
    (subsidies, contracts) is drawn dashed between drawn organisations no alliance ties."""
    graph = eco.graph
    word = translator(eco.language)
    cards = eco.cards_by_community
    chosen = np.arange(graph.node_count) if nodes is None else np.asarray(nodes, dtype=np.int64)
    hidden = 0
    if max_nodes is not None and chosen.size > max_nodes:
        order = np.lexsort((chosen, -np.nan_to_num(eco.sizes[chosen], nan=0.0)))
        hidden = int(chosen.size - max_nodes)
        chosen = np.sort(chosen[order[:max_nodes]])
    network = _base_network(int(chosen.size), eco.seed)
    sizes = _scaled(eco.sizes[chosen])
    # Organisations without a card (isolated, or in tiny groups) share one disc instead of each
    # taking a place on the spiral and pushing the picture apart.
    carded = np.array([int(c) in cards for c in eco.membership[chosen].tolist()], dtype=bool)
    groups = np.where(carded, eco.membership[chosen], -1)
    x, y = initial_positions(ranked_labels(groups), seed=eco.seed)
    labelled = _labelled(eco, chosen)
    details: dict[str, dict[str, Any]] = {}
    members_of_concentrated: dict[int, list[str]] = {}
    for k, i in enumerate(chosen.tolist()):
        organisation = graph.organisations[i]
        community = int(eco.membership[i])
        card = cards.get(community)
        if card and card.concentrated:
            members_of_concentrated.setdefault(community, []).append(organisation.id)
        star = "★ " if organisation.catalyst is not None else ""
        _add_node(
            network,
            organisation.id,
            shape=WORLD_SHAPES[organisation.world],
            label=star + _short(organisation.name) if k in labelled else star.strip() or " ",
            **_node_style(eco, i, card),
            size=round(float(sizes[k]), 2),
            x=round(float(x[k]), 1),
            y=round(float(y[k]), 1),
        )
        details[organisation.id] = _organisation_details(eco, i, link, word)
    if focus is not None and focus in network.node_map:
        _stand_out(network.node_map[focus], graph.organisations[graph.index[focus]].name)
    _add_organisation_edges(network, eco, chosen, word)
    tied = {frozenset((edge["from"], edge["to"])) for edge in network.edges}
    network.edges += money_edges({graph.ids[i] for i in chosen.tolist()}, tied, money, word)
    halos = [
        {"label": community_title(eco, community), "community": community, "members": members}
        for community, members in sorted(members_of_concentrated.items())
    ]
    return Drawing(network=network, kind="organisations", details=details, halos=halos, hidden=hidden)


def _stand_out(node: dict[str, Any], name: str) -> None:
    """The page's own organisation: largest, outlined in black, its whole name in bold."""
    node.update(borderWidth=6, size=MAX_NODE_SIZE, label=name)
    node["color"]["border"] = "#000000"
    node["font"] = {"size": 18, "bold": True}


def _node_style(eco: AnalysedEcosystem, i: int, card: ClosureCard | None) -> dict[str, Any]:
    """Node ``i``'s colours: its community's fill (grey outside the territory, pale without a
    card), and a border that says, first, a concentrated community (with a halo), then an
    organisation that joined since the chosen year, then a catalyst."""
    organisation = eco.graph.organisations[i]
    community = int(eco.membership[i])
    if eco.graph.external[i]:
        background = EXTERNAL_COLOUR
    else:
        background = community_colour(community) if card else SMALL_COMMUNITY_COLOUR
    border, border_width = "#4a4a4a", 1
    shadow: dict[str, Any] = {"enabled": False}
    if card and card.concentrated:
        border, border_width = CONCENTRATED_BORDER, 4
        shadow = {"enabled": True, "color": CONCENTRATED_HALO, "size": 16, "x": 0, "y": 0}
    elif organisation.id in eco.joined:
        border, border_width = NEW_SINCE, 4
    elif organisation.catalyst is not None:
        border, border_width = CATALYST_BORDER, 4
    return {
        "color": {
            "background": background,
            "border": border,
            "highlight": {"background": background, "border": "#000000"},
            "hover": {"background": background, "border": "#000000"},
        },
        "borderWidth": border_width,
        "shadow": shadow,
    }


def community_title(eco: AnalysedEcosystem, community: int) -> str:
    """What a community is called on the page: its lasting name, or its number if it has none
    (a community too small for a card)."""
    card = eco.cards_by_community.get(community)
    if card is not None and card.name:
        return card.name
    return f"{translator(eco.language)('community')} {community}"


def _short(name: str, limit: int = 40) -> str:
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _labelled(eco: AnalysedEcosystem, chosen: np.ndarray) -> set[int]:
    """Positions in ``chosen`` whose label is drawn: all in small views, else the most central."""
    if chosen.size <= 150:
        return set(range(chosen.size))
    keep = max(20, int(chosen.size * LABELLED_SHARE))
    order = np.lexsort((np.arange(chosen.size), -np.nan_to_num(eco.sizes[chosen], nan=0.0)))
    labelled = set(order[:keep].tolist())
    organisations = eco.graph.organisations
    labelled |= {k for k, i in enumerate(chosen.tolist()) if organisations[i].catalyst is not None}
    return labelled


def _add_organisation_edges(
    network: Network, eco: AnalysedEcosystem, chosen: np.ndarray, word: Callable[[str], str]
) -> None:
    graph = eco.graph
    inside = np.zeros(graph.node_count, dtype=bool)
    inside[chosen] = True
    keep = inside[graph.source] & inside[graph.target]
    drawn = np.flatnonzero(keep)
    ids = graph.ids
    new = new_ties(graph, drawn, eco.since) if eco.since else np.zeros(drawn.size, dtype=bool)
    for k, (e, mode) in enumerate(zip(drawn.tolist(), edge_modes(graph, drawn), strict=True)):
        weight = float(graph.weight[e])
        money = graph.money.get((int(graph.source[e]), int(graph.target[e])), [])
        title = " · ".join([f"{word('mode.' + mode)} · {weight:g}", *money_summary(money, word)])
        _add_edge(
            network,
            ids[int(graph.source[e])],
            ids[int(graph.target[e])],
            width=_edge_width(weight) + (2.0 if new[k] else 0.0),
            color={"color": NEW_SINCE, "opacity": 1.0}
            if new[k]
            else {"color": mode_colour(mode), "opacity": 0.65},
            dashes=mode == OPEN_DATA,
            # vis-network shows a string title as text, never as HTML.
            title=f"{word('since.new_tie')} · {title}" if new[k] else title,
            new=bool(new[k]),
        )


def community_network(
    eco: AnalysedEcosystem, *, link: Callable[[int], str], max_nodes: int, min_size: int = 2
) -> Drawing:
    """Draw the communities of at least ``min_size`` members (at most ``max_nodes`` of the largest)
    as nodes sized by members, tied by the summed weight of the ties between them."""
    graph = eco.graph
    word = translator(eco.language)
    sizes = np.bincount(eco.membership, minlength=int(eco.membership.max(initial=-1)) + 1)
    shown = [c for c in np.argsort(-sizes, kind="stable").tolist() if sizes[c] >= min_size][:max_nodes]
    hidden = int(graph.node_count - sum(int(sizes[c]) for c in shown))
    network = _base_network(len(shown), eco.seed)
    cards = eco.cards_by_community
    largest = float(sizes[shown[0]]) if shown else 1.0
    x, y = initial_positions(np.arange(len(shown)), seed=eco.seed)
    world_counts = np.zeros((sizes.size, len(WORLDS)), dtype=np.int64)
    np.add.at(world_counts, (eco.membership, graph.world_code), 1)
    details: dict[str, dict[str, Any]] = {}
    for k, community in enumerate(shown):
        card = cards.get(community)
        concentrated = bool(card and card.concentrated)
        worlds = Counter({WORLDS[w].value: int(n) for w, n in enumerate(world_counts[community]) if n})
        node_id = f"community:{community}"
        title = community_title(eco, community)
        _add_node(
            network,
            node_id,
            shape="dot",
            label=f"{'⚠ ' if concentrated else ''}{_short(title)} · {sizes[community]}",
            color={
                "background": community_colour(community),
                "border": CONCENTRATED_BORDER if concentrated else "#4a4a4a",
            },
            borderWidth=5 if concentrated else 1,
            shadow={"enabled": concentrated, "color": CONCENTRATED_HALO, "size": 22, "x": 0, "y": 0},
            size=round(12 + 50 * float(np.sqrt(sizes[community] / largest)), 2),
            x=round(float(x[k] * 2.5), 1),
            y=round(float(y[k] * 2.5), 1),
        )
        details[node_id] = {
            "name": title,
            "community": community,
            "size": int(sizes[community]),
            "concentrated": concentrated,
            "worlds": {word(f"world.{w}"): n for w, n in worlds.most_common()},
            "top_members": [m.name for m in card.top_members] if card else [],
            "url": link(community),
        }
    _add_community_edges(network, eco, shown, word)
    return Drawing(network=network, kind="communities", details=details, hidden=hidden)


def _add_community_edges(
    network: Network, eco: AnalysedEcosystem, shown: list[int], word: Callable[[str], str]
) -> None:
    graph = eco.graph
    a = eco.membership[graph.source]
    b = eco.membership[graph.target]
    visible = np.zeros(int(eco.membership.max(initial=-1)) + 1, dtype=bool)
    visible[shown] = True
    across = (a != b) & visible[a] & visible[b]
    low, high = np.minimum(a[across], b[across]), np.maximum(a[across], b[across])
    pairs, inverse = np.unique(np.stack([low, high], axis=1), axis=0, return_inverse=True)
    totals = np.bincount(inverse.ravel(), weights=graph.weight[across], minlength=len(pairs))
    if not len(pairs):
        return
    heaviest = float(totals.max())
    for (u, v), total in zip(pairs.tolist(), totals.tolist(), strict=True):
        _add_edge(
            network,
            f"community:{u}",
            f"community:{v}",
            width=round(1 + (MAX_EDGE_WIDTH - 1) * float(np.sqrt(total / heaviest)), 2),
            color={"color": "#8d8d8d", "opacity": 0.5},
            title=f"{total:g} {word('ties')}",
        )
