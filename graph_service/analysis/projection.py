"""Projection of a store subgraph onto organisations: two organisations are tied by the alliances they share.

The edge weight counts the shared alliances (and, when asked, the open-data ties between the two).
Every organisation of the subgraph is a node, isolated ones included: they are the ones a catalyst
looks for. Nodes are numbered ``0..n-1`` in the subgraph's order and edges are numpy arrays, so
fast engines are built without going through networkx.

>>> from graph_service.model import AllianceInfo, MembershipEdge, Organisation, Subgraph
>>> orgs = [Organisation(id=f"demo:{k}", name=k, world=w) for k, w in
...         [("a", "association"), ("b", "entreprise"), ("c", "etat"), ("d", "association")]]
>>> alliances = [AllianceInfo(id=f"demo:{k}", name=k, mode="mecenat", domains=["mobilite"]) for k in "xy"]
>>> ties = [("a", "x"), ("b", "x"), ("c", "x"), ("a", "y"), ("b", "y")]
>>> edges = [MembershipEdge(organisation_id=f"demo:{o}", alliance_id=f"demo:{a}", role="membre")
...          for o, a in ties]
>>> sub = Subgraph(organisations=orgs, alliances=alliances, memberships=edges)
>>> graph = project(sub)
>>> graph.node_count, graph.edge_count
(4, 3)
>>> sorted(zip(graph.source.tolist(), graph.target.tolist(), graph.weight.tolist()))
[(0, 1, 1.5), (0, 2, 0.5), (1, 2, 0.5)]
>>> graph.isolated().tolist()
[3]
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations

import numpy as np
import scipy.sparse as sp

from graph_service.model import AllianceInfo, EcosystemFrame, OpenDataTie, Organisation, Subgraph, World

WORLDS: tuple[World, ...] = tuple(World)
"""World codes used in the arrays: ``world_code[i]`` indexes this tuple."""


PROJECTION = "newman-collaboration: 1/(k-1) per pair of a k-member alliance"
"""How alliances become weighted ties, as answers and the README name it."""


@dataclass(eq=False)
class ProjectedGraph:
    """An undirected weighted organisation–organisation graph with the node attributes analyses need."""

    organisations: list[Organisation]
    source: np.ndarray
    """Lower node index of each edge (``source < target``)."""
    target: np.ndarray
    weight: np.ndarray
    """Shared alliances (plus open-data ties when they count) of each edge."""
    external: np.ndarray
    """True for partners located outside the analysed territory."""
    areas: list[str | None]
    """Sub-territory key of each node (the analysed territory's child it lies in), if known."""
    alliances: dict[str, AllianceInfo] = field(default_factory=dict)
    alliances_of: list[list[str]] = field(default_factory=list)
    """Alliance ids of each node, in the subgraph."""
    money: dict[tuple[int, int], list[OpenDataTie]] = field(default_factory=dict)
    """The subsidies and contracts of each pair of nodes (lower index first), when they count."""
    networks: dict[str, int] = field(default_factory=dict)
    """Alliances left out of the ties as networks (more members than the cap), with their size."""

    @property
    def node_count(self) -> int:
        return int(self.external.size)

    @property
    def edge_count(self) -> int:
        return int(self.source.size)

    @cached_property
    def ids(self) -> list[str]:
        return [organisation.id for organisation in self.organisations]

    @cached_property
    def index(self) -> dict[str, int]:
        return {organisation_id: i for i, organisation_id in enumerate(self.ids)}

    @cached_property
    def world_code(self) -> np.ndarray:
        codes = {world: i for i, world in enumerate(WORLDS)}
        return np.fromiter(
            (codes[o.world] for o in self.organisations), dtype=np.int64, count=self.node_count
        )

    @cached_property
    def adjacency(self) -> sp.csr_matrix:
        """Symmetric weighted adjacency matrix."""
        n = self.node_count
        rows = np.concatenate([self.source, self.target])
        cols = np.concatenate([self.target, self.source])
        data = np.concatenate([self.weight, self.weight])
        return sp.csr_matrix((data, (rows, cols)), shape=(n, n))

    @cached_property
    def binary_adjacency(self) -> sp.csr_matrix:
        """Symmetric 0/1 adjacency matrix (ties, whatever their weight)."""
        matrix = self.adjacency.copy()
        matrix.data[:] = 1.0
        return matrix

    @cached_property
    def pair_weight(self) -> np.ndarray:
        """Each tie's weight capped at 1: two organisations tied by several alliances are one pair
        of a group, not several (the chance test counts pairs)."""
        return np.minimum(self.weight, 1.0)

    @cached_property
    def capped_adjacency(self) -> sp.csr_matrix:
        """The weighted adjacency with each pair's weight capped at 1: two organisations tied by
        several alliances are one pair of a group, not several (the chance test counts pairs)."""
        matrix = self.adjacency.copy()
        np.minimum(matrix.data, 1.0, out=matrix.data)
        return matrix

    @cached_property
    def capped_strength(self) -> np.ndarray:
        return np.asarray(self.capped_adjacency.sum(axis=1)).ravel()

    @cached_property
    def degree(self) -> np.ndarray:
        return np.diff(self.adjacency.indptr).astype(np.int64)

    @cached_property
    def strength(self) -> np.ndarray:
        return np.asarray(self.adjacency.sum(axis=1)).ravel()

    @cached_property
    def tied_areas(self) -> frozenset[frozenset[str | None]]:
        """The pairs of sub-territories with at least one tie between them (or within one)."""
        areas = self.areas
        return frozenset(
            frozenset((areas[u], areas[v]))
            for u, v in zip(self.source.tolist(), self.target.tolist(), strict=True)
            if areas[u] and areas[v]
        )

    @cached_property
    def domains_of(self) -> list[frozenset[str]]:
        """The domains of the alliances each node belongs to."""
        alliances_of = self.alliances_of or [[] for _ in range(self.node_count)]
        return [
            frozenset(d for alliance_id in ids for d in self.alliances[alliance_id].domains)
            for ids in alliances_of
        ]

    def isolated(self) -> np.ndarray:
        """Indices of the organisations with no tie."""
        return np.flatnonzero(self.degree == 0)


def pair_weights(groups: list[np.ndarray], node_count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair of nodes sharing a group, weighted as Newman's collaboration networks: a group of
    ``k`` members gives each of its pairs ``1/(k-1)``, so that every member spends a weight of one
    per group however large (a bilateral partnership weighs 1 per pair, a federation of 50 only
    1/49), and the weights of the groups a pair shares add up.

    Groups of the same size are expanded together, one column pair at a time, so a national set of
    a million alliances costs a few numpy calls per alliance size rather than a Python loop per pair.

    >>> s, t, w = pair_weights([np.array([0, 1, 2]), np.array([1, 0])], 3)
    >>> list(zip(s.tolist(), t.tolist(), w.tolist()))
    [(0, 1, 1.5), (0, 2, 0.5), (1, 2, 0.5)]
    """
    by_size: dict[int, list[np.ndarray]] = defaultdict(list)
    for members in groups:
        if members.size >= 2:
            by_size[int(members.size)].append(members)
    keys: list[np.ndarray] = []
    shares: list[np.ndarray] = []
    for size, same_size in by_size.items():
        block = np.vstack(same_size).astype(np.int64)
        for i, j in combinations(range(size), 2):
            low = np.minimum(block[:, i], block[:, j])
            high = np.maximum(block[:, i], block[:, j])
            keys.append(low * node_count + high)
            shares.append(np.full(low.size, 1.0 / (size - 1)))
    if not keys:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), np.zeros(0, dtype=np.float64)
    unique, position = np.unique(np.concatenate(keys), return_inverse=True)
    weights = np.bincount(position, weights=np.concatenate(shares), minlength=unique.size)
    return unique // node_count, unique % node_count, weights


def project(
    subgraph: Subgraph | EcosystemFrame,
    *,
    areas: Mapping[str, str] | None = None,
    include_open_data: bool = False,
    network_min_members: int | None = None,
) -> ProjectedGraph:
    """The organisation–organisation graph of ``subgraph`` (or of the same read as a frame).

    ``areas`` maps organisation ids to the sub-territory they lie in. Open-data ties (subsidies,
    procurement) carried by the subgraph add one to the weight of their pair when
    ``include_open_data`` is true. An alliance of more than ``network_min_members`` members is a
    network (a federation, a label): it draws no tie, and is listed in ``networks``.
    """
    frame = subgraph if isinstance(subgraph, EcosystemFrame) else EcosystemFrame.of(subgraph)
    organisations = list(frame.organisations)
    index = {organisation.id: i for i, organisation in enumerate(organisations)}
    members: dict[str, set[int]] = defaultdict(set)
    alliances_of: list[list[str]] = [[] for _ in organisations]
    for organisation_id, alliance_id in zip(frame.member_ids, frame.alliance_ids, strict=True):
        node = index.get(organisation_id)
        if node is not None and node not in members[alliance_id]:
            members[alliance_id].add(node)
            alliances_of[node].append(alliance_id)
    cap = network_min_members or 0
    networks = {a: len(nodes) for a, nodes in members.items() if cap and len(nodes) > cap}
    groups = [np.fromiter(sorted(nodes), dtype=np.int64) for a, nodes in members.items() if a not in networks]
    money: dict[tuple[int, int], list[OpenDataTie]] = defaultdict(list)
    if include_open_data:
        for tie in frame.open_data_ties:
            funder, funded = index.get(tie.source_id), index.get(tie.target_id)
            if funder is not None and funded is not None and funder != funded:
                groups.append(np.array([funder, funded], dtype=np.int64))
                money[(min(funder, funded), max(funder, funded))].append(tie)
    source, target, weight = pair_weights(groups, max(len(organisations), 1))
    external_ids = set(frame.external_ids)
    return ProjectedGraph(
        organisations=organisations,
        source=source,
        target=target,
        weight=weight,
        external=np.array([o.id in external_ids for o in organisations], dtype=bool),
        areas=[(areas or {}).get(o.id) for o in organisations],
        alliances={alliance.id: alliance for alliance in frame.alliances},
        alliances_of=alliances_of,
        money=dict(money),
        networks=networks,
    )
