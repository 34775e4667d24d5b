"""The concentrated rule as a page shows it: each test named in the page's language, grouped as
the rule groups them (all must hold; within a group, one is enough).

>>> [[(c["name"], c["threshold"]) for c in part] for part in rule_parts(ClosureThresholds(), "fr")][4]
[('diversity_ratio', '0,6'), ('diversity', '0,4')]
"""

from __future__ import annotations

from typing import Any

from graph_service.analysis.thresholds import ClosureThresholds
from graph_service.pages.numbers import short


def rule_parts(thresholds: ClosureThresholds, language: str) -> list[list[dict[str, Any]]]:
    """The rule's tests in groups: every group must hold, one test of a group is enough."""

    def test(name: str, comparison: str, value: float) -> dict[str, Any]:
        return {"name": name, "comparison": comparison, "threshold": short(value, language)}

    t = thresholds
    return [
        [test("size", "≥", t.min_size)],
        [test("ei_index", "≤", t.max_ei)],
        [test("conductance", "≤", t.max_conductance)],
        [test("density", "≥", t.min_density)],
        [test("diversity_ratio", "≤", t.max_diversity_ratio), test("diversity", "≤", t.max_diversity)],
        [test("coverage", "≤", t.max_coverage), test("largest_area_share", "≥", t.min_area_share)],
        [test("flag_share", "≥", t.min_flag_share)],
    ]
