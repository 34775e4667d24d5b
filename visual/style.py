"""How the drawing encodes the analysis: colour by community, shape by world, edge colour by mode.

Colours come from a colour-blind-safe palette; the concentrated marker (a thick red border and a
halo) is kept out of the palette so it cannot be mistaken for a community colour.

>>> community_colour(0), community_colour(20) == community_colour(0)
('#4e79a7', True)
>>> WORLD_SHAPES["entreprise"], MODE_COLOURS["mecenat"]
('square', '#e69f00')
"""

from __future__ import annotations

from graph_service.model import AllianceMode, World

PALETTE: tuple[str, ...] = (
    "#4e79a7", "#f28e2b", "#59a14f", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7", "#9c755f",
    "#86bcb6", "#8cd17d", "#b6992d", "#499894", "#d37295", "#fabfd2", "#79706e", "#d4a6c8",
    "#a0cbe8", "#ffbe7d", "#f1ce63", "#bab0ac",
)  # fmt: skip
"""Tableau 20 without its reds: red is the concentrated marker."""

SMALL_COMMUNITY_COLOUR = "#d9d9d9"
"""Organisations in communities too small for a card (isolated ones included)."""
EXTERNAL_COLOUR = "#f4f4f4"
CONCENTRATED_BORDER = "#c1121f"
CONCENTRATED_HALO = "rgba(193, 18, 31, 0.55)"
CATALYST_BORDER = "#1d3557"
NEW_SINCE = "#e6007e"
"""Ties formed and organisations arrived since the year asked (magenta: in no community colour)."""

WORLD_SHAPES: dict[str, str] = {
    World.ASSOCIATION: "dot",
    World.ENTREPRISE: "square",
    World.COLLECTIVITE: "triangle",
    World.ETAT: "triangleDown",
    World.FONDATION: "diamond",
    World.ACADEMIQUE: "star",
    World.AUTRE: "hexagon",
}

WORLD_COLOURS: dict[str, str] = {
    World.ASSOCIATION: "#4e79a7",
    World.ENTREPRISE: "#f28e2b",
    World.COLLECTIVITE: "#59a14f",
    World.ETAT: "#76b7b2",
    World.FONDATION: "#edc948",
    World.ACADEMIQUE: "#b07aa1",
    World.AUTRE: "#bab0ac",
}
"""The worlds' colours where a chart stacks them (the comparison's bars); the drawing tells the
worlds by shape."""

MODE_COLOURS: dict[str, str] = {
    AllianceMode.MECENAT: "#e69f00",
    AllianceMode.PRATIQUES_RESPONSABLES: "#009e73",
    AllianceMode.COOPERATION_ECONOMIQUE: "#0072b2",
    AllianceMode.INNOVATION_SOCIETALE: "#cc79a7",
}
MIXED_MODES = "mixed"
OPEN_DATA = "open_data"
MIXED_COLOUR = "#8d8d8d"
OPEN_DATA_COLOUR = "#b5b5b5"


def community_colour(rank: int) -> str:
    """The colour of the community ranked ``rank`` (0 is the largest)."""
    return PALETTE[rank % len(PALETTE)]


def mode_colour(mode: str) -> str:
    """Edge colour of an alliance mode, or of mixed and open-data ties."""
    if mode == OPEN_DATA:
        return OPEN_DATA_COLOUR
    return MODE_COLOURS.get(mode, MIXED_COLOUR)
