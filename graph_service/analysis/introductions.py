"""Introductions: whom a catalyst should introduce to whom, to *open* closed communities.

Suggestions never pair two organisations already tied or in the same community. Candidates come
from three places: partners of partners in another community (a shared neighbour can vouch), the
organisations working on the same domains in another community, and, for isolated organisations,
well-tied organisations of another world in the same sub-territory. Each pair is scored by what
it opens, not by how alike the two are:

- +1 for each side whose community is concentrated, +0.5 × closedness (-E-I) otherwise;
- +1 when their worlds never meet in the territory, +0.3 when the worlds differ, -0.5 when equal;
- +0.5 when their sub-territories have no tie yet, +0.2 when they differ;
- +0.8 when one of them is isolated;
- up to +0.3 for shared neighbours and +0.2 for a shared domain (the introduction is plausible).

Each suggestion carries its reasons and, when the territory has catalysts, the one best placed to
make the introduction (a shared neighbour first, then one tied to either side, then the most tied).

Every flagged group (concentrated or uncertain) gets at least one suggestion: when the best ones
miss it, its best pair is added, looked for among every organisation of the territory if need be;
when it has no possible partner, the answer says why (:class:`Unreached`).
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
from pydantic import BaseModel, Field

from graph_service.analysis.closure import CONCENTRATED, UNCERTAIN, ClosureCard
from graph_service.analysis.communities import Partition
from graph_service.analysis.projection import ProjectedGraph

ANCHORS_PER_COMMUNITY = 3
CANDIDATES_PER_DOMAIN = 5
PER_ORGANISATION = 2


class Party(BaseModel):
    id: str
    name: str
    world: str
    community: int
    area: str | None
    isolated: bool


class Introduction(BaseModel):
    """Two organisations to introduce, why, and who could do it."""

    a: Party
    b: Party
    score: float
    opens_concentrated: list[int] = Field(description="concentrated communities this pair opens")
    worlds_never_meet: bool
    areas_never_meet: bool
    shared_neighbours: list[str] = Field(description="names of partners both already have")
    shared_domains: list[str]
    reasons: list[str] = Field(description="reason codes, for the UI to phrase")
    introducer: str | None = Field(default=None, description="id of a catalyst of the territory")
    introducer_name: str | None = None


class Unreached(BaseModel):
    """A flagged group no introduction can open, and why."""

    community: int
    reason: str = Field(description="no_other_organisation or all_already_tied")


FLAGGED = (CONCENTRATED, UNCERTAIN)
WIDE_POOL = 200
"""Organisations of other communities tried, the most tied first, for a group no candidate reaches."""


def _closedness(cards: dict[int, ClosureCard], community: int) -> tuple[float, bool]:
    card = cards.get(community)
    if card is None:
        return 0.0, False
    if card.concentrated:
        return 1.0, True
    return 0.5 * max(0.0, -card.ei_index), False


class _Territory:
    """What scoring and describing a pair need, computed once per territory."""

    def __init__(
        self,
        graph: ProjectedGraph,
        partition: Partition,
        cards: list[ClosureCard],
        never_meet: list[tuple[str, str]],
    ) -> None:
        self.graph = graph
        self.labels = partition.membership
        self.ties = graph.binary_adjacency.tocsr()
        # Rows of the tie matrix as plain sets: scipy's own indexing costs ~50 µs a call, and a
        # 50,000-organisation département scores ~50,000 pairs.
        self._neighbours: dict[int, set[int]] = {}
        self.degree = graph.degree
        self.inside = ~graph.external
        self.isolated = self.degree == 0
        self.cards = {card.community: card for card in cards}
        self.worlds = [o.world.value for o in graph.organisations]
        self.unmet_worlds = {frozenset(pair) for pair in never_meet}
        self.catalysts = [
            i for i, o in enumerate(graph.organisations) if o.catalyst is not None and self.inside[i]
        ]
        self.domains = graph.domains_of

    def neighbours(self, u: int) -> set[int]:
        found = self._neighbours.get(u)
        if found is None:
            start, end = self.ties.indptr[u], self.ties.indptr[u + 1]
            found = self._neighbours[u] = set(self.ties.indices[start:end].tolist())
        return found

    def tied(self, u: int, v: int) -> bool:
        return v in self.neighbours(u)

    def shared_neighbours(self, u: int, v: int) -> list[int]:
        return sorted(self.neighbours(u) & self.neighbours(v))

    def areas_never_meet(self, u: int, v: int) -> bool:
        a, b = self.graph.areas[u], self.graph.areas[v]
        return bool(a and b and a != b and frozenset((a, b)) not in self.graph.tied_areas)

    def score(self, u: int, v: int) -> float:
        score = sum(_closedness(self.cards, int(self.labels[x]))[0] for x in (u, v))
        if frozenset((self.worlds[u], self.worlds[v])) in self.unmet_worlds:
            score += 1.0
        score += 0.3 if self.worlds[u] != self.worlds[v] else -0.5
        if self.areas_never_meet(u, v):
            score += 0.5
        elif self.graph.areas[u] != self.graph.areas[v]:
            score += 0.2
        if self.isolated[u] or self.isolated[v]:
            score += 0.8
        score += 0.1 * min(len(self.shared_neighbours(u, v)), 3)
        if self.domains[u] & self.domains[v]:
            score += 0.2
        return round(score, 4)

    def party(self, i: int) -> Party:
        o = self.graph.organisations[i]
        return Party(
            id=o.id,
            name=o.name,
            world=o.world.value,
            community=int(self.labels[i]),
            area=self.graph.areas[i],
            isolated=bool(self.isolated[i]),
        )

    def introducer(self, u: int, v: int, shared: list[int]) -> int | None:
        for group in (
            [c for c in shared if c in self.catalysts],
            [c for c in self.catalysts if self.tied(c, u) or self.tied(c, v)],
            sorted(self.catalysts, key=lambda c: -self.degree[c]),
        ):
            candidates = [c for c in group if c not in (u, v)]
            if candidates:
                return candidates[0]
        return None

    def describe(self, u: int, v: int, score: float) -> Introduction:
        shared = self.shared_neighbours(u, v)
        opens = [int(self.labels[x]) for x in (u, v) if _closedness(self.cards, int(self.labels[x]))[1]]
        worlds_never_meet = frozenset((self.worlds[u], self.worlds[v])) in self.unmet_worlds
        areas_never_meet = self.areas_never_meet(u, v)
        domains = sorted(self.domains[u] & self.domains[v])
        reasons = ["bridges_communities"]
        reasons += ["opens_concentrated"] * bool(opens)
        reasons += ["worlds_never_meet"] * worlds_never_meet
        reasons += ["other_world"] * (not worlds_never_meet and self.worlds[u] != self.worlds[v])
        reasons += ["areas_never_meet"] * areas_never_meet
        reasons += ["includes_isolated"] * bool(self.isolated[u] or self.isolated[v])
        reasons += ["shared_neighbour"] * bool(shared)
        reasons += ["shared_domain"] * bool(domains)
        introducer = self.introducer(u, v, shared)
        return Introduction(
            a=self.party(u),
            b=self.party(v),
            score=score,
            opens_concentrated=sorted(set(opens)),
            worlds_never_meet=worlds_never_meet,
            areas_never_meet=areas_never_meet,
            shared_neighbours=[self.graph.organisations[c].name for c in shared[:5]],
            shared_domains=domains,
            reasons=reasons,
            introducer=None if introducer is None else self.graph.ids[introducer],
            introducer_name=None if introducer is None else self.graph.organisations[introducer].name,
        )

    def widest_pair(self, community: int) -> tuple[float, int, int] | str:
        """The best pair between a member of ``community`` and any organisation of another one, the
        most tied of each side first; or why there is none."""
        inside = np.flatnonzero(self.inside)
        members = inside[self.labels[inside] == community]
        others = inside[self.labels[inside] != community]
        if not others.size or not members.size:
            return "no_other_organisation"
        members = members[np.argsort(-self.degree[members], kind="stable")]
        others = others[np.argsort(-self.degree[others], kind="stable")]
        pairs: list[tuple[int, int]] = []
        # The most tied first; every pair only when those are all tied already.
        for width, pool in ((ANCHORS_PER_COMMUNITY, WIDE_POOL), (members.size, others.size)):
            pairs = [
                (int(u), int(v))
                for u in members[:width]
                for v in others[:pool]
                if not self.tied(int(u), int(v))
            ]
            if pairs:
                break
        if not pairs:
            return "all_already_tied"
        best = max(pairs, key=lambda p: (self.score(*p), -p[0], -p[1]))
        u, v = min(best), max(best)
        return self.score(u, v), u, v

    def candidates(self) -> set[tuple[int, int]]:
        """Pairs worth scoring: partners of partners, same-domain actors, and local hubs for isolates."""
        graph, labels, degree = self.graph, self.labels, self.degree
        order = np.lexsort((-degree, labels))
        starts = np.searchsorted(labels[order], np.arange(int(labels.max()) + 2))
        anchors = [
            int(i)
            for c in range(int(labels.max()) + 1)
            for i in order[starts[c] : starts[c + 1]][:ANCHORS_PER_COMMUNITY]
            if self.inside[i]
        ]
        pairs: set[tuple[int, int]] = set()
        if anchors:
            two_steps = (self.ties[anchors] @ self.ties).tocsr()
            for row, u in enumerate(anchors):
                reached = two_steps.indices[two_steps.indptr[row] : two_steps.indptr[row + 1]].tolist()
                pairs.update((min(u, v), max(u, v)) for v in reached)
        by_degree = np.argsort(-degree, kind="stable").tolist()
        holders: dict[str, list[int]] = defaultdict(list)
        for i in by_degree:
            for domain in self.domains[i]:
                if len(holders[domain]) < CANDIDATES_PER_DOMAIN * 4:
                    holders[domain].append(i)
        for u in anchors:
            for domain in self.domains[u]:
                picked = [v for v in holders[domain] if labels[v] != labels[u]][:CANDIDATES_PER_DOMAIN]
                pairs.update((min(u, v), max(u, v)) for v in picked)
        hubs_by_area: dict[str | None, list[int]] = defaultdict(list)
        for i in by_degree:
            if degree[i] > 0 and self.inside[i] and len(hubs_by_area[graph.areas[i]]) < 10:
                hubs_by_area[graph.areas[i]].append(i)
        for u in np.flatnonzero(self.isolated & self.inside).tolist():
            local = [v for v in hubs_by_area[graph.areas[u]] if self.worlds[v] != self.worlds[u]][:3]
            pairs.update((min(u, v), max(u, v)) for v in local + self.catalysts[:2] if v != u)
        return {
            (u, v)
            for u, v in pairs
            if u != v and labels[u] != labels[v] and self.inside[u] and self.inside[v] and not self.tied(u, v)
        }


def introductions_for(
    graph: ProjectedGraph,
    partition: Partition,
    cards: list[ClosureCard],
    never_meet: list[tuple[str, str]],
    *,
    limit: int = 20,
) -> tuple[list[Introduction], list[Unreached]]:
    """The ``limit`` best introductions (at most two per organisation), plus the best one of each
    flagged group they miss, by decreasing score; and the flagged groups no introduction can reach.

    >>> import numpy as np
    >>> from graph_service.model import Organisation
    >>> from graph_service.analysis.communities import detect_communities
    >>> orgs = [Organisation(id=f"demo:{i}", name=str(i), world=w) for i, w in
    ...         enumerate(["association"] * 3 + ["entreprise"] * 3)]
    >>> g = ProjectedGraph(organisations=orgs, source=np.array([0, 0, 1, 3, 3, 4, 2]),
    ...     target=np.array([1, 2, 2, 4, 5, 5, 3]), weight=np.ones(7), external=np.zeros(6, bool),
    ...     areas=[None] * 6)
    >>> p = detect_communities(g, resolution=1.0, seed=42, runs=1)
    >>> best = introductions_for(g, p, [], [], limit=1)[0][0]
    >>> (best.a.id, best.b.id), best.reasons
    (('demo:0', 'demo:3'), ['bridges_communities', 'other_world', 'shared_neighbour'])
    """
    if graph.node_count < 2:
        return [], [
            Unreached(community=c.community, reason="no_other_organisation")
            for c in cards
            if c.verdict in FLAGGED
        ]
    territory = _Territory(graph, partition, cards, never_meet)
    scored = sorted(
        ((territory.score(u, v), u, v) for u, v in territory.candidates()),
        key=lambda item: (-item[0], graph.ids[item[1]], graph.ids[item[2]]),
    )
    used: dict[int, int] = defaultdict(int)
    chosen: list[tuple[float, int, int]] = []
    for score, u, v in scored:
        if used[u] >= PER_ORGANISATION or used[v] >= PER_ORGANISATION:
            continue
        used[u] += 1
        used[v] += 1
        chosen.append((score, u, v))
        if len(chosen) >= limit:
            break
    reached = {int(territory.labels[x]) for _, u, v in chosen for x in (u, v)}
    unreached = []
    for card in cards:
        if card.verdict not in FLAGGED or card.community in reached:
            continue
        pair = next(
            ((s, u, v) for s, u, v in scored if card.community in (territory.labels[u], territory.labels[v])),
            None,
        ) or territory.widest_pair(card.community)
        if isinstance(pair, str):
            unreached.append(Unreached(community=card.community, reason=pair))
        else:
            chosen.append(pair)
    chosen.sort(key=lambda item: (-item[0], graph.ids[item[1]], graph.ids[item[2]]))
    return [territory.describe(u, v, score) for score, u, v in chosen], unreached
