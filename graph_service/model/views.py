"""What the store answers: pages, subgraphs, paths and counts, as plain domain models.

>>> Page[int](items=[1, 2], total=5, limit=2, offset=0).total
5
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Generic, TypeVar

from pydantic import BaseModel, Field

from graph_service.model.alliance import AllianceInfo, Role
from graph_service.model.enums import RelType
from graph_service.model.organisation import Organisation
from graph_service.model.text import CleanTextModel

T = TypeVar("T")


class Page(BaseModel, Generic[T]):
    """One page of a longer list, with the total count."""

    items: list[T]
    total: int
    limit: int
    offset: int


class MembershipEdge(CleanTextModel):
    """An organisation's membership of an alliance, as an edge of a subgraph."""

    organisation_id: str
    alliance_id: str
    role: Role


class OpenDataTie(BaseModel):
    """A tie found in open data rather than declared: a subsidy (``FUNDS``) or a public contract."""

    kind: RelType = Field(description="FUNDS or CONTRACTS_WITH")
    source_id: str = Field(description="the funder or the buyer")
    target_id: str = Field(description="the beneficiary or the contractor")
    day: date | None = Field(default=None, description="date of the grant or the contract")
    amount: float | None = None
    source: str = "open-data"
    key: str = Field(default="", description="what tells it apart from other ties of the same pair")
    object: str | None = Field(default=None, description="what the money is for")
    reference: str | None = Field(default=None, description="the decision's or the contract's reference")
    nature: str | None = Field(default=None, description="nature of the aid, or the CPV code of a contract")
    dataset: str | None = Field(default=None, description="the dataset it was imported from")
    file: str | None = Field(default=None, description="the file it was read from")
    line: int | None = Field(default=None, description="its line in that file")


class Subgraph(BaseModel):
    """Organisations, the alliances among them and the memberships that tie them."""

    organisations: list[Organisation]
    alliances: list[AllianceInfo]
    memberships: list[MembershipEdge]
    external_ids: list[str] = Field(
        default_factory=list, description="organisations included as partners from outside the territory"
    )
    open_data_ties: list[OpenDataTie] = Field(default_factory=list)


@dataclass
class EcosystemFrame:
    """A territory's ecosystem as analyses read it: the memberships as parallel id columns, with no
    object per membership (a 50,000-organisation département has 120,000 of them).

    >>> frame = EcosystemFrame(organisations=[], alliances=[], member_ids=["demo:a", "demo:b"],
    ...                        alliance_ids=["demo:x", "demo:x"], roles=["membre", "pilote"])
    >>> [(m.organisation_id, m.role) for m in frame.to_subgraph().memberships]
    [('demo:a', 'membre'), ('demo:b', 'pilote')]
    """

    organisations: list[Organisation]
    alliances: list[AllianceInfo]
    member_ids: list[str]
    alliance_ids: list[str]
    roles: list[str]
    external_ids: list[str] = field(default_factory=list)
    open_data_ties: list[OpenDataTie] = field(default_factory=list)

    @classmethod
    def of(cls, subgraph: Subgraph) -> EcosystemFrame:
        edges = subgraph.memberships
        return cls(
            organisations=list(subgraph.organisations),
            alliances=list(subgraph.alliances),
            member_ids=[edge.organisation_id for edge in edges],
            alliance_ids=[edge.alliance_id for edge in edges],
            roles=[edge.role for edge in edges],
            external_ids=list(subgraph.external_ids),
            open_data_ties=list(subgraph.open_data_ties),
        )

    def to_subgraph(self) -> Subgraph:
        edges = [
            MembershipEdge.model_construct(organisation_id=o, alliance_id=a, role=r)
            for o, a, r in zip(self.member_ids, self.alliance_ids, self.roles, strict=True)
        ]
        return Subgraph.model_construct(
            organisations=self.organisations,
            alliances=self.alliances,
            memberships=edges,
            external_ids=self.external_ids,
            open_data_ties=self.open_data_ties,
        )


class PathStep(BaseModel):
    """One hop of a connection: from an organisation, through an alliance, to the next organisation."""

    alliance: AllianceInfo
    to: Organisation


class ConnectionPath(BaseModel):
    """How two organisations are connected: the start and the hops through alliances."""

    start: Organisation
    steps: list[PathStep]

    @property
    def hops(self) -> int:
        return len(self.steps)


class StoreCounts(BaseModel):
    """Counts of nodes by label, relationships by type and organisations by world."""

    nodes: dict[str, int]
    relationships: dict[str, int]
    organisations_by_world: dict[str, int]
    waiting_authorities_by_world: dict[str, int] = Field(
        default_factory=dict,
        description="of those, the authorities of the territory reference with no alliance, subsidy or "
        "contract yet: waiting for their first tie",
    )


class WriteCounts(BaseModel):
    """What one write did: rows created, updated (changed) and left unchanged."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: WriteCounts) -> WriteCounts:
        return WriteCounts(
            created=self.created + other.created,
            updated=self.updated + other.updated,
            unchanged=self.unchanged + other.unchanged,
        )
