"""What an analysis answers: one pydantic report per question, each naming its method.

Each report can also flatten itself to rows (``table()``) for analysts' CSV and Parquet files.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from graph_service.analysis.annotations import UNRATED
from graph_service.analysis.change import CommunityChange
from graph_service.analysis.closure import ClosureCard
from graph_service.analysis.funding import SoleFunder
from graph_service.analysis.introductions import Introduction, Unreached
from graph_service.analysis.mixing import WorldMixing
from graph_service.analysis.projection import ProjectedGraph

TableRow = dict[str, Any]


class Method(BaseModel):
    """How a result was computed: enough to reproduce it on the same data snapshot."""

    algorithm: str
    parameters: dict[str, Any] = Field(default_factory=dict)
    seed: int | None = None
    snapshot: str | None = Field(
        default=None, description="the data snapshot (import run) it was computed on"
    )
    refreshing: bool = Field(
        default=False,
        description="computed before writes that touched the territory; an up-to-date result is under way",
    )


class Report(BaseModel, ABC):
    """What every analysis answers: the territory, the method, and its rows for files."""

    territory: str
    method: Method

    @abstractmethod
    def table(self) -> list[TableRow]:
        """The report as flat rows, for CSV and Parquet."""

    def summary(self) -> str:
        """One line for a terminal."""
        return f"{len(self.table())} rows"


class UncertainMembership(BaseModel):
    a: str
    b: str
    together: float = Field(description="share of the ensemble's runs that put them together")


class NetworkAlliance(BaseModel):
    """An alliance too large to be a circle of partners (a federation, a label): it draws no tie."""

    id: str
    name: str
    members: int = Field(description="its members in the analysed ecosystem")

    @classmethod
    def of(cls, graph: ProjectedGraph) -> list[NetworkAlliance]:
        """The networks a projection left out, the largest first."""
        return [
            cls(id=a, name=graph.alliances[a].name if a in graph.alliances else a, members=k)
            for a, k in sorted(graph.networks.items(), key=lambda item: (-item[1], item[0]))
        ]


class CommunitiesReport(Report):
    organisations: int
    ties: int
    isolated: int
    modularity: float
    resolution: float
    communities: int = Field(description="communities with a closure card: at least the rule's minimum size")
    concentrated: list[int]
    uncertain: list[int] = Field(
        default_factory=list, description="the rule holds, but too few runs flag them"
    )
    local_and_closed: list[int] = Field(
        default_factory=list, description="closed and local, but of many worlds: not concentrated"
    )
    rule: str
    cards: list[ClosureCard]
    membership: dict[str, int] = Field(description="community of every organisation")
    stability: dict[str, float] = Field(description="how often each organisation stays with its community")
    uncertain_pairs: list[UncertainMembership]
    networks: list[NetworkAlliance] = Field(
        default_factory=list,
        description="alliances above network_min_members members, left out of the ties and listed here",
    )

    def summary(self) -> str:
        return (
            f"{self.organisations} organisations, {self.ties} ties, {self.communities} communities, "
            f"{len(self.concentrated)} concentrated, {len(self.uncertain)} uncertain, "
            f"{len(self.local_and_closed)} local and closed, {self.isolated} isolated"
        )

    def table(self) -> list[TableRow]:
        """The membership: one row per organisation, with its stability, its community's verdict
        and its community's card (empty for a community below the rule's minimum size)."""
        cards = {
            card.community: {
                **card.model_dump(exclude={"criteria", "top_members", "worlds", "community"}),
                "worlds": json.dumps(card.worlds, ensure_ascii=False),
                "top_members": "; ".join(m.name for m in card.top_members),
            }
            for card in self.cards
        }
        columns = next(iter(cards.values()), {})
        return [
            {
                "id": organisation_id,
                "community": community,
                "organisation_stability": self.stability.get(organisation_id),
                **cards.get(community, dict.fromkeys(columns)),
                "verdict": cards[community]["verdict"] if community in cards else UNRATED,
            }
            for organisation_id, community in sorted(self.membership.items())
        ]


class OrganisationScores(BaseModel):
    id: str
    name: str
    world: str
    public: bool
    catalyst: bool
    community: int | None = None
    role: str | None = Field(default=None, description="Guimerà–Amaral role, in brokerage answers")
    scores: dict[str, float | None]


class CentralityReport(Report):
    metric: str
    betweenness_mode: str
    betweenness_samples: int | None
    rows: list[OrganisationScores]

    def table(self) -> list[TableRow]:
        return [{**row.model_dump(exclude={"scores"}), **row.scores} for row in self.rows]


class PassThrough(BaseModel):
    """An organisation the ecosystem can hardly do without, and the numbers that say so."""

    id: str
    name: str
    world: str
    public: bool
    articulation_point: bool
    cut_off: int = Field(description="organisations separated from the rest if it withdrew")
    separated_cross_world_pairs: int
    between_worlds_share: float = Field(description="share of cross-world shortest paths through it")
    dominant: bool
    reasons: list[str]


class BrokerageReport(Report):
    rows: list[OrganisationScores]
    articulation_points: int
    bridges: list[tuple[str, str]]
    pass_through: list[PassThrough]
    public_pass_through: int = Field(description="pass-through points that are public actors")
    sole_funders: list[SoleFunder] = Field(
        default_factory=list, description="funders on whom many beneficiaries depend alone (subsidies)"
    )

    @property
    def public_points(self) -> list[PassThrough]:
        """The pass-through points that are public actors (a collectivité, the State): the one
        definition every page and answer uses."""
        return [p for p in self.pass_through if p.public]

    @property
    def other_points(self) -> list[PassThrough]:
        return [p for p in self.pass_through if not p.public]

    def table(self) -> list[TableRow]:
        """The organisations ranked, with the pass-through columns (``cut_off`` …) of those that
        are pass-through points; a pass-through point outside the ranking is added at the end."""
        columns = [name for name in PassThrough.model_fields if name not in OrganisationScores.model_fields]
        passing = {p.id: p.model_dump(include=set(columns)) for p in self.pass_through}
        ranked = {row.id for row in self.rows}
        rows = [
            {
                **row.model_dump(exclude={"scores"}),
                **row.scores,
                **passing.get(row.id, dict.fromkeys(columns)),
            }
            for row in self.rows
        ]
        rows += [p.model_dump() for p in self.pass_through if p.id not in ranked]
        for row in rows:
            row["reasons"] = "; ".join(row.get("reasons") or [])
        return rows


class MixingReport(Report):
    mixing: WorldMixing

    def table(self) -> list[TableRow]:
        return [
            {"world_a": a, "world_b": b, "ties": ties, "weight": self.mixing.weights[a][b]}
            for a, row in self.mixing.ties.items()
            for b, ties in row.items()
        ]


class IntroductionsReport(Report):
    suggestions: list[Introduction] = Field(
        description="the best introductions, plus the best one of each flagged group they miss"
    )
    unreached: list[Unreached] = Field(
        default_factory=list, description="flagged groups no introduction can open, and why"
    )

    def table(self) -> list[TableRow]:
        return [
            {
                "a_id": s.a.id,
                "a_name": s.a.name,
                "a_world": s.a.world,
                "b_id": s.b.id,
                "b_name": s.b.name,
                "b_world": s.b.world,
                "score": s.score,
                "reasons": ", ".join(s.reasons),
                "shared_neighbours": "; ".join(s.shared_neighbours),
                "shared_domains": ", ".join(s.shared_domains),
                "introducer": s.introducer_name,
            }
            for s in self.suggestions
        ]


class CompareReport(Report):
    before: date
    after: date
    joined: list[str] = Field(description="organisations tied at the second date and not the first")
    left: list[str] = Field(description="organisations tied at the first date and not the second")
    opened: int
    closed: int
    statuses: dict[str, int] = Field(
        default_factory=dict, description="communities by status: persisted, opened, closed, split…"
    )
    changes: list[CommunityChange]

    def summary(self) -> str:
        moved = f"{len(self.joined)} joined, {len(self.left)} left"
        statuses = ", ".join(f"{count} {status}" for status, count in sorted(self.statuses.items()))
        return f"{moved}; communities: {statuses or 'none'}"

    def table(self) -> list[TableRow]:
        rows = []
        for change in self.changes:
            row = change.model_dump(exclude={"joined", "left", "successors", "merged_with"})
            row["successors"] = " ".join(str(s.community) for s in change.successors)
            row["merged_with"] = " ".join(str(c) for c in change.merged_with)
            for name in ("size", "ei_index", "conductance", "density", "diversity_ratio", "concentrated"):
                row[f"{name}_before"], row[f"{name}_after"] = row.pop(name)
            rows.append({**row, "joined": len(change.joined), "left": len(change.left)})
        return rows
