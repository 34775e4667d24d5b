"""What an analysis looks at and how it finds communities: :class:`AnalysisOptions`, a
:class:`~graph_service.model.SubgraphFilter` and the :class:`CommunityParameters`.

Declared once here: the API's query parameters and the CLI's options are generated from these
fields (:mod:`graph_service.model.parameters`). A parameter left unset is decided by the settings
(:meth:`CommunityParameters.resolved`), never by a door.

>>> AnalysisOptions().key()
'{"as_of": null, "domains": [], "end": null, "include_external": true, ...}'
>>> options = AnalysisOptions.of({"from": "2020-01-01", "seed": 3})
>>> options.filter.start, options.community.seed
(datetime.date(2020, 1, 1), 3)
>>> options.shown()
{'start': '2020-01-01', 'seed': 3}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from graph_service.model import SubgraphFilter
from graph_service.model.parameters import from_parameters

if TYPE_CHECKING:
    from graph_service.config import AnalysisSettings

NATIONAL = "pays:FR"


@dataclass(frozen=True)
class Resolved:
    """The community parameters an analysis runs with, every default applied."""

    resolution: float
    seed: int
    runs: int


class CommunityParameters(BaseModel):
    """How communities are detected; ``None`` lets the settings decide."""

    model_config = ConfigDict(frozen=True)

    resolution: float | None = Field(
        default=None, gt=0, le=100_000, description="modularity resolution (default grows with the graph)"
    )
    seed: int | None = Field(default=None, ge=0, le=2**31 - 1, description="random seed")
    runs: int | None = Field(default=None, ge=1, le=100, description="runs of the stability ensemble")

    def resolved(self, settings: AnalysisSettings, *, ties: int, territory: str) -> Resolved:
        """The parameters for a graph of ``ties`` ties of ``territory``, unset ones from ``settings``."""
        resolution = self.resolution or settings.community_resolution
        if resolution is None:
            from graph_service.analysis.communities import auto_resolution  # graph libraries: at use

            resolution = auto_resolution(ties)
        # A national ensemble multiplies a minute-long run: one run unless asked.
        runs = self.runs or (1 if territory == NATIONAL else settings.analysis_runs)
        return Resolved(resolution, settings.analysis_seed if self.seed is None else self.seed, runs)


class AnalysisOptions(BaseModel):
    """The ecosystem filter and the community parameters of one analysis."""

    model_config = ConfigDict(frozen=True)

    filter: SubgraphFilter = Field(default_factory=SubgraphFilter)
    community: CommunityParameters = Field(default_factory=CommunityParameters)

    @classmethod
    def of(cls, values: dict[str, Any]) -> AnalysisOptions:
        """The options from flat values keyed by public name (``from``, ``mode``, ``seed``…)."""
        return from_parameters(cls, values)

    def flat(self, *, exclude_defaults: bool = False) -> dict[str, Any]:
        """Every parameter by field name, the filter's and the community's side by side."""
        return {
            **self.filter.model_dump(mode="json", exclude_defaults=exclude_defaults),
            **self.community.model_dump(mode="json", exclude_defaults=exclude_defaults),
        }

    def shown(self) -> dict[str, Any]:
        """The parameters set, as an answer names them."""
        return self.flat(exclude_defaults=True)

    def key(self) -> str:
        return json.dumps(self.flat(), sort_keys=True)

    def with_filter(self, **changes: Any) -> AnalysisOptions:
        """The same options with some filter fields changed (validated again)."""
        changed = SubgraphFilter.model_validate({**self.filter.model_dump(), **changes})
        return self.model_copy(update={"filter": changed})


DEFAULT_OPTIONS = AnalysisOptions()
