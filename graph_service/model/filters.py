"""Which alliances count in a subgraph: :class:`SubgraphFilter`, a date window or a day, modes,
domains, partners from outside and open-data ties.

Each field is declared once, with its bounds, description and public name (the last of its
``validation_alias`` choices): the API's query parameters and the CLI's options are generated from
it (:mod:`graph_service.model.parameters`).

>>> f = SubgraphFilter(modes=["mecenat"])
>>> f.window()
(datetime.date(1, 1, 1), datetime.date(9999, 12, 31))
>>> SubgraphFilter.model_validate({"from": "2020-01-01"}).start
datetime.date(2020, 1, 1)
"""

from __future__ import annotations

from datetime import date

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, model_validator

from graph_service.model.enums import AllianceMode

EARLIEST = date(1, 1, 1)
LATEST = date(9999, 12, 31)


class SubgraphFilter(BaseModel):
    """Which alliances count in a subgraph: a date window or a day, modes, domains."""

    model_config = ConfigDict(frozen=True)

    start: date | None = Field(
        default=None,
        validation_alias=AliasChoices("start", "from"),
        description="alliances running on or after",
        examples=["2018-01-01"],
    )
    end: date | None = Field(
        default=None,
        validation_alias=AliasChoices("end", "to"),
        description="alliances started on or before",
        examples=["2022-12-31"],
    )
    as_of: date | None = Field(
        default=None, description="alliances running on this day", examples=["2020-01-01"]
    )
    modes: list[AllianceMode] = Field(
        default_factory=list,
        validation_alias=AliasChoices("modes", "mode"),
        description="alliance modes (repeatable)",
        examples=[["mecenat"]],
    )
    domains: list[str] = Field(
        default_factory=list,
        validation_alias=AliasChoices("domains", "domain"),
        description="alliance domains (repeatable)",
        examples=[["alimentation"]],
    )
    include_external: bool = Field(default=True, description="add partners located outside")
    include_open_data: bool = Field(
        default=False, description="count open-data ties (subsidies, public procurement) dated in the window"
    )

    @model_validator(mode="after")
    def _coherent(self) -> SubgraphFilter:
        if self.as_of and (self.start or self.end):
            raise ValueError("as_of cannot be combined with start or end")
        if self.start and self.end and self.start > self.end:
            raise ValueError(f"start {self.start.isoformat()} is after end {self.end.isoformat()}")
        return self

    def window(self) -> tuple[date, date]:
        """The closed date interval an alliance must overlap."""
        if self.as_of:
            return self.as_of, self.as_of
        return self.start or EARLIEST, self.end or LATEST


INSIDE_ONLY = SubgraphFilter(include_external=False)
"""The organisations located inside a territory, without the partners outside that an ecosystem
brings by default: what an export of the territory or a search by name within it wants."""
