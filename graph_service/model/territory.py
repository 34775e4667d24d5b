"""Territories: INSEE administrative areas and informal project areas, keyed ``level:code``.

INSEE codes collide across levels (région 84 and département 84 both exist), so a territory's
key names its level.

>>> t = Territory(level="commune", code="38185", name="Grenoble", parents=[ParentLink(key="epci:200040715")])
>>> t.key
'commune:38185'
>>> Territory(level="departement", code="2A", name="Corse-du-Sud").key
'departement:2A'
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field, model_validator

from graph_service.identifiers import (
    COMMUNE_CODE_PATTERN,
    DEPARTEMENT_CODE_PATTERN,
    EPCI_CODE_PATTERN,
    REGION_CODE_PATTERN,
)
from graph_service.model.enums import TerritoryLevel
from graph_service.model.text import CleanTextModel

_PROJECT_CODE = re.compile(r"^[0-9A-Za-z][0-9A-Za-z_.-]{0,63}$")
_CODE_RULES: dict[TerritoryLevel, tuple[re.Pattern[str], str]] = {
    TerritoryLevel.PAYS: (re.compile(r"^FR$"), "FR"),
    TerritoryLevel.REGION: (REGION_CODE_PATTERN, "2 digits such as 84, or 975-989 overseas"),
    TerritoryLevel.DEPARTEMENT: (DEPARTEMENT_CODE_PATTERN, "01-95, 2A, 2B or 971-989"),
    TerritoryLevel.EPCI: (EPCI_CODE_PATTERN, "the EPCI's 9-digit SIREN"),
    TerritoryLevel.COMMUNE: (COMMUNE_CODE_PATTERN, "5 characters such as 38185 or 2A004"),
    TerritoryLevel.ARRONDISSEMENT: (COMMUNE_CODE_PATTERN, "5 characters such as 75101"),
    TerritoryLevel.PROJET: (_PROJECT_CODE, "letters, digits, '-', '_' or '.', up to 64"),
}


ARRONDISSEMENT_RANGES = ((75101, 75120), (13201, 13216), (69381, 69389))


def territory_key(level: TerritoryLevel | str, code: str) -> str:
    """The store key of a territory: its level and code."""
    return f"{TerritoryLevel(level).value}:{code}"


def location_key(commune_code: str) -> str:
    """The key of the territory an INSEE commune code names: Paris, Lyon and Marseille's
    arrondissements municipaux have codes of their own.

    >>> location_key("75104"), location_key("38185")
    ('arrondissement:75104', 'commune:38185')
    """
    if commune_code.isdigit():
        number = int(commune_code)
        if any(low <= number <= high for low, high in ARRONDISSEMENT_RANGES):
            return territory_key(TerritoryLevel.ARRONDISSEMENT, commune_code)
    return territory_key(TerritoryLevel.COMMUNE, commune_code)


class ParentLink(BaseModel):
    """A ``PART_OF`` edge; ``partial`` when the child lies only partly in the parent.

    An EPCI spanning two départements is a partial child of each, so organisations roll up to a
    département through their commune, never through such an EPCI.
    """

    model_config = ConfigDict(frozen=True)

    key: str
    partial: bool = False


REFERENCE_SOURCE = "cog"
"""The source of what the shipped territory reference alone says: territories, and the local
authorities that no import has named yet."""


class Territory(CleanTextModel):
    """An area, administrative or informal, with its ``PART_OF`` parents."""

    level: TerritoryLevel
    code: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=300)
    population: int | None = Field(default=None, ge=0)
    parents: list[ParentLink] = Field(default_factory=list)
    members: list[str] = Field(
        default_factory=list, description="keys of the territories an informal area gathers (projet only)"
    )
    source: str = REFERENCE_SOURCE

    @property
    def key(self) -> str:
        return territory_key(self.level, self.code)

    @model_validator(mode="after")
    def _code_fits_level(self) -> Territory:
        pattern, expected = _CODE_RULES[self.level]
        if not pattern.match(self.code):
            raise ValueError(f"code {self.code!r} is not a valid {self.level.value} code ({expected})")
        if self.members and self.level is not TerritoryLevel.PROJET:
            raise ValueError(f"members: only a projet area lists members, not a {self.level.value}")
        return self


class PopulatedTerritory(BaseModel):
    """A territory and how many organisations lie inside it."""

    territory: Territory
    organisations: int


class TerritoryView(BaseModel):
    """A territory with its ancestors (nearest first) and its direct children."""

    territory: Territory
    ancestors: list[Territory]
    children: list[Territory]


class TerritoryDetail(TerritoryView):
    """A territory with its ancestors, children and organisations counted by world."""

    organisations_by_world: dict[str, int]
