"""Change over time: the same territory at two dates, its communities matched by Jaccard similarity.

Matching is a maximum-weight assignment (scipy's ``linear_sum_assignment``) on the Jaccard
similarity of member sets, keeping pairs at or above ``min_jaccard``. A matched community
*opened* when it lost its concentrated flag or its E-I index rose by at least ``ei_step``; it
*closed* in the opposite case.

>>> from graph_service.analysis.closure import ClosureCard
>>> jaccard({"a", "b"}, {"b", "c"})
0.3333333333333333
"""

from __future__ import annotations

import numpy as np
from pydantic import BaseModel, Field
from scipy.optimize import linear_sum_assignment

from graph_service.analysis.closure import ClosureCard

EI_STEP = 0.2


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


class CommunityChange(BaseModel):
    """One community followed from the first date to the second."""

    before: int | None = Field(description="community number at the first date (None: new)")
    after: int | None = Field(description="community number at the second date (None: dissolved)")
    jaccard: float
    status: str = Field(description="opened, closed, stable, new or dissolved")
    size: tuple[int | None, int | None]
    ei_index: tuple[float | None, float | None]
    conductance: tuple[float | None, float | None]
    density: tuple[float | None, float | None]
    diversity_ratio: tuple[float | None, float | None]
    concentrated: tuple[bool | None, bool | None]
    joined: list[str] = Field(description="ids of members that came in")
    left: list[str] = Field(description="ids of members that went away")


def _status(before: ClosureCard, after: ClosureCard, ei_step: float) -> str:
    if before.concentrated and not after.concentrated:
        return "opened"
    if after.concentrated and not before.concentrated:
        return "closed"
    if after.ei_index - before.ei_index >= ei_step:
        return "opened"
    if before.ei_index - after.ei_index >= ei_step:
        return "closed"
    return "stable"


def _pair(before: ClosureCard | None, after: ClosureCard | None) -> dict[str, tuple[object, object]]:
    fields = ("size", "ei_index", "conductance", "density", "diversity_ratio", "concentrated")
    return {
        name: (
            getattr(before, name) if before else None,
            getattr(after, name) if after else None,
        )
        for name in fields
    }


def match_communities(
    before: list[ClosureCard],
    members_before: dict[int, set[str]],
    after: list[ClosureCard],
    members_after: dict[int, set[str]],
    *,
    min_jaccard: float = 0.2,
    ei_step: float = EI_STEP,
) -> list[CommunityChange]:
    """Every community of either date, matched where their members overlap enough."""
    similarity = np.array(
        [[jaccard(members_before[a.community], members_after[b.community]) for b in after] for a in before]
    ).reshape(len(before), len(after))
    rows, cols = linear_sum_assignment(-similarity) if similarity.size else ([], [])
    changes: list[CommunityChange] = []
    matched_before, matched_after = set(), set()
    for i, j in zip(rows, cols, strict=True):
        if similarity[i, j] < min_jaccard:
            continue
        a, b = before[i], after[j]
        matched_before.add(i)
        matched_after.add(j)
        old, new = members_before[a.community], members_after[b.community]
        changes.append(
            CommunityChange(
                before=a.community,
                after=b.community,
                jaccard=round(float(similarity[i, j]), 4),
                status=_status(a, b, ei_step),
                joined=sorted(new - old),
                left=sorted(old - new),
                **_pair(a, b),  # type: ignore[arg-type]
            )
        )
    for i, card in enumerate(before):
        if i not in matched_before:
            changes.append(
                CommunityChange(
                    before=card.community,
                    after=None,
                    jaccard=0.0,
                    status="dissolved",
                    joined=[],
                    left=sorted(members_before[card.community]),
                    **_pair(card, None),  # type: ignore[arg-type]
                )
            )
    for j, card in enumerate(after):
        if j not in matched_after:
            changes.append(
                CommunityChange(
                    before=None,
                    after=card.community,
                    jaccard=0.0,
                    status="new",
                    joined=sorted(members_after[card.community]),
                    left=[],
                    **_pair(None, card),  # type: ignore[arg-type]
                )
            )
    return changes
