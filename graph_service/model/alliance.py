"""Alliances: n-ary ties between organisations, each membership with its role.

A bilateral partnership is an alliance with two members.

>>> from datetime import date
>>> a = Alliance(id="demo:labo", name="Labo", mode="innovation_societale",
...              start=date(2019, 1, 1), members=[Membership(organisation_id="demo:a"),
...                                               Membership(organisation_id="demo:b", role="pilote")])
>>> [m.role for m in a.members]
['membre', 'pilote']
>>> a.is_active_on(date(2020, 6, 1)), a.is_active_on(date(2018, 6, 1))
(True, False)
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import ConfigDict, Field, field_validator, model_validator

from graph_service.identifiers import search_key
from graph_service.model.enums import AllianceMode
from graph_service.model.organisation import NamespacedId
from graph_service.model.text import CleanTextModel

DEFAULT_ROLE = "membre"
Role = Annotated[str, Field(min_length=1, max_length=100, description="pilote, financeur, membre...")]
"""A member's role, the same rule for the API, the importers and the reads."""


def domain_key(domain: str) -> str:
    """The stored form of a domain tag: accent-free, lower-case, words joined by ``_``.

    >>> domain_key("Inclusion numérique"), domain_key("ODD 17")
    ('inclusion_numerique', 'odd_17')
    """
    return search_key(domain).replace(" ", "_")


class Membership(CleanTextModel):
    """One organisation's membership of an alliance."""

    organisation_id: str
    role: Role = DEFAULT_ROLE


class AllianceInfo(CleanTextModel):
    """An alliance's own properties, without its members (as a node of a subgraph)."""

    id: NamespacedId
    name: str = Field(min_length=1, max_length=500)
    mode: AllianceMode
    domains: list[str] = Field(default_factory=list, description="solidarite, mobilite, ODD 17...")
    start: date | None = None
    end: date | None = None
    description: str | None = Field(default=None, max_length=5000)
    source: str = Field(default="manual", max_length=200)

    @field_validator("domains")
    @classmethod
    def _domains_clean(cls, values: list[str]) -> list[str]:
        return sorted({key for key in map(domain_key, values) if key})

    @model_validator(mode="after")
    def _dates_ordered(self) -> AllianceInfo:
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"start {self.start.isoformat()} is after end {self.end.isoformat()}")
        return self

    def is_active_on(self, day: date) -> bool:
        """Whether the alliance runs on ``day``; unknown dates count as open-ended."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


class Alliance(AllianceInfo):
    """A tie among two or more organisations, with its mode, domains and dates."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "demo:mobilite-voironnais",
                    "name": "Covoiturage solidaire du Voironnais",
                    "mode": "innovation_societale",
                    "domains": ["mobilite"],
                    "start": "2023-09-01",
                    "members": [
                        {"organisation_id": "demo:gaia", "role": "pilote"},
                        {"organisation_id": "siren:356000000", "role": "membre"},
                    ],
                }
            ]
        }
    )

    members: list[Membership] = Field(default_factory=list)

    @model_validator(mode="after")
    def _two_distinct_members(self) -> Alliance:
        distinct = {member.organisation_id for member in self.members}
        if len(distinct) < 2:
            raise ValueError(f"members: an alliance needs at least two distinct members, got {len(distinct)}")
        if len(distinct) != len(self.members):
            raise ValueError("members: an organisation is listed twice")
        return self

    @property
    def info(self) -> AllianceInfo:
        return AllianceInfo.model_validate(self.model_dump(exclude={"members"}))


MAX_MEMBERS_PER_REQUEST = 5_000
"""Members an alliance written through the API may list: validation stops at the first one past
it. A larger network (a federation, a label) comes in by import, whose files stream."""
MAX_DOMAINS = 50


class AllianceBody(Alliance):
    """An alliance as a client writes it: :class:`Alliance` with bounded lists."""

    members: list[Membership] = Field(
        default_factory=list,
        max_length=MAX_MEMBERS_PER_REQUEST,
        description=f"at most {MAX_MEMBERS_PER_REQUEST:,} per request; a larger network comes in by import",
    )
    domains: list[str] = Field(
        default_factory=list, max_length=MAX_DOMAINS, description="solidarite, mobilite, ODD 17..."
    )
