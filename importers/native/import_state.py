"""What the files of one native import have defined so far, for later files to refer to, and
the alliances it keeps written with their members a chunk at a time."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from graph_service.model import AllianceInfo, MembershipEdge, Territory


@dataclass(slots=True)
class PendingMember:
    """A membership row waiting for its alliance's member count to be known."""

    file: str
    line: int
    role: str


@dataclass
class ImportState:
    """The territories, organisations, alliances and members the import's files gave so far."""

    areas: dict[str, Territory] = field(default_factory=dict)
    organisation_ids: dict[str, int] = field(default_factory=dict)
    local_ids: dict[str, str] = field(default_factory=dict)
    alliances: dict[str, tuple[tuple[Any, ...], str, int]] = field(default_factory=dict)
    members: dict[str, dict[str, PendingMember]] = field(default_factory=lambda: defaultdict(dict))

    def edges_of(self, alliance_id: str) -> list[MembershipEdge]:
        """The alliance's pending memberships, taken out of the state."""
        return [
            MembershipEdge.model_construct(organisation_id=org_id, alliance_id=alliance_id, role=member.role)
            for org_id, member in self.members.pop(alliance_id, {}).items()
        ]

    def alliance_chunks(
        self, kept: list[AllianceInfo], chunk_rows: int
    ) -> Iterator[tuple[list[AllianceInfo], list[MembershipEdge]]]:
        """Alliances with their memberships, then the memberships of alliances already stored, in
        chunks of about ``chunk_rows`` rows, so that they never all sit in memory as models."""
        alliances: list[AllianceInfo] = []
        edges: list[MembershipEdge] = []
        for alliance in kept:
            alliances.append(alliance)
            edges += self.edges_of(alliance.id)
            if len(alliances) >= chunk_rows or len(edges) >= chunk_rows:
                yield alliances, edges
                alliances, edges = [], []
        for alliance_id in list(self.members):
            edges += self.edges_of(alliance_id)
            if len(edges) >= chunk_rows:
                yield alliances, edges
                alliances, edges = [], []
        if alliances or edges:
            yield alliances, edges
