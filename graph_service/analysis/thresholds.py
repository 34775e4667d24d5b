"""Where a community starts to count as concentrated: :class:`ClosureThresholds`.

The settings own them (``Settings.closure``, one ``MAILLAGE_CLOSURE_*`` variable each); the rule
they make is explained on every closure card (:mod:`graph_service.analysis.closure`). The values
were chosen on the planted territories of ``bench/analysis.py --planted`` (see the README).

>>> ClosureThresholds(min_size=6).rule().split(" and ")[0]
'size ≥ 6'
"""

from __future__ import annotations

from pydantic import BaseModel, Field


class ClosureThresholds(BaseModel):
    """Where a community starts to count as concentrated. Each is a ``MAILLAGE_CLOSURE_*`` setting."""

    min_size: int = Field(default=4, ge=2, description="smallest community that can be flagged")
    max_ei: float = Field(default=-0.2, ge=-1, le=1, description="E-I index at or below: closed")
    max_conductance: float = Field(default=0.25, ge=0, le=1, description="conductance at or below: closed")
    min_density: float = Field(default=0.1, ge=0, le=1, description="internal density at or above: dense")
    max_coverage: float = Field(default=0.25, ge=0, le=1, description="share of the territory at or below")
    max_diversity_ratio: float = Field(
        default=0.6, ge=0, description="world diversity over the territory's, at or below: few worlds"
    )
    max_diversity: float = Field(
        default=0.4,
        ge=0,
        le=1,
        description="world diversity at or below, whatever the territory's mix: few worlds (two worlds"
        " in equal parts make 0.36, three make 0.56)",
    )
    min_area_share: float = Field(
        default=0.75, ge=0, le=1, description="share in its largest sub-territory, at or above: local"
    )
    min_flag_share: float = Field(
        default=0.5,
        ge=0,
        le=1,
        description="share of the ensemble's runs that must flag a group; below it, it is uncertain",
    )

    def rule(self) -> str:
        return (
            f"size ≥ {self.min_size} and ei_index ≤ {self.max_ei} and conductance ≤ {self.max_conductance}"
            f" and density ≥ {self.min_density}"
            f" and (diversity_ratio ≤ {self.max_diversity_ratio} or diversity ≤ {self.max_diversity})"
            f" and (coverage ≤ {self.max_coverage} or largest_area_share ≥ {self.min_area_share})"
            f" and flagged in ≥ {self.min_flag_share:.0%} of the runs"
        )
