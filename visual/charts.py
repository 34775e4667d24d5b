"""Charts drawn on the server as SVG data for the templates: the worlds' mixing heat map and the
map of a territory's communities. They need no script and print as they show; colours travel as
SVG ``fill`` attributes, which the pages' Content-Security-Policy allows (no inline style).

>>> cells = heat_map({"association": {"association": 4, "entreprise": 0},
...                   "entreprise": {"association": 0, "entreprise": 1}})
>>> [(c.row, c.column, c.value, c.fill) for c in cells if c.row == c.column]
[(0, 0, 4, '#08306b'), (1, 1, 1, '#6baed6')]
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from graph_service.analysis.closure import CONCENTRATED, LOCAL_AND_CLOSED

SCALE = ("#f7fbff", "#c6dbef", "#6baed6", "#2171b5", "#08306b")
"""Light to dark blue, ColorBrewer's Blues: readable in grey when printed."""
EMPTY = "#fde0dd"
"""A pair of worlds that never meet."""


@dataclass(frozen=True)
class HeatCell:
    row: int
    column: int
    value: int
    fill: str
    dark: bool
    """Whether the fill is dark enough to need light text."""


def heat_map(ties: dict[str, dict[str, int]]) -> list[HeatCell]:
    """One cell per pair of worlds, coloured by the square root of its ties (so that a few ties
    still show beside thousands), pink where two worlds never meet."""
    names = list(ties)
    largest = max((v for row in ties.values() for v in row.values()), default=0)
    cells = []
    for i, a in enumerate(names):
        for j, b in enumerate(names):
            value = int(ties[a].get(b, 0))
            if value == 0:
                cells.append(HeatCell(i, j, 0, EMPTY, False))
                continue
            step = min(len(SCALE) - 1, int(math.sqrt(value / largest) * len(SCALE))) if largest else 0
            cells.append(HeatCell(i, j, value, SCALE[step], step >= 3))
    return cells


@dataclass(frozen=True)
class CommunityDot:
    community: int
    x: float
    y: float
    radius: float
    concentrated: bool
    local: bool


@dataclass(frozen=True)
class CommunityLink:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float


def community_map(
    sizes: dict[int, int],
    ties: dict[tuple[int, int], float],
    verdicts: dict[int, str],
    *,
    width: float = 640,
    height: float = 420,
) -> tuple[list[CommunityDot], list[CommunityLink]]:
    """The communities as discs (area by members) on a spiral, largest in the middle, and the ties
    between them as lines (width by weight): a picture that prints, unlike the live canvas.

    >>> dots, links = community_map({0: 30, 1: 10}, {(0, 1): 2.0}, {1: "concentrated"})
    >>> [(d.community, d.concentrated) for d in dots], len(links)
    ([(0, False), (1, True)], 1)
    """
    order = sorted(sizes, key=lambda c: (-sizes[c], c))
    largest = max(sizes.values(), default=1)
    centre_x, centre_y = width / 2, height / 2
    place: dict[int, tuple[float, float, float]] = {}
    golden = math.pi * (3 - math.sqrt(5))
    spread = min(width, height) / 2 - 30
    for k, community in enumerate(order):
        distance = spread * math.sqrt(k / max(len(order), 1))
        angle = k * golden
        radius = 4 + 26 * math.sqrt(sizes[community] / largest)
        place[community] = (
            centre_x + distance * math.cos(angle),
            centre_y + distance * math.sin(angle),
            radius,
        )
    dots = [
        CommunityDot(
            community=c,
            x=round(place[c][0], 1),
            y=round(place[c][1], 1),
            radius=round(place[c][2], 1),
            concentrated=verdicts.get(c) == CONCENTRATED,
            local=verdicts.get(c) == LOCAL_AND_CLOSED,
        )
        for c in order
    ]
    heaviest = max(ties.values(), default=1.0)
    links = [
        CommunityLink(
            x1=round(place[a][0], 1),
            y1=round(place[a][1], 1),
            x2=round(place[b][0], 1),
            y2=round(place[b][1], 1),
            width=round(0.5 + 4 * float(np.sqrt(weight / heaviest)), 2),
        )
        for (a, b), weight in sorted(ties.items())
        if a in place and b in place
    ]
    return dots, links
