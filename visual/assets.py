"""The drawing's files: our CSS and script, vis-network's as pyvis ships them, and the legend's colours.

Nothing is fetched from a CDN: vis-network comes from the pyvis package installed with Maillage,
so a page drawn on a laptop with no internet works.

>>> (VIS_NETWORK / "vis-network.min.js").is_file(), (STATIC / "maillage.js").is_file()
(True, True)
>>> ".community-0 " in legend_css()
True
"""

from __future__ import annotations

from pathlib import Path

import pyvis

from visual.style import CONCENTRATED_BORDER, MODE_COLOURS, PALETTE, mode_colour

STATIC = Path(__file__).parent / "static"
VIS_NETWORK = Path(pyvis.__file__).parent / "lib" / "vis-9.1.2"


def legend_css() -> str:
    """Swatch colours for the legend and cards, from the same palette the drawing uses."""
    rules = [f".community-{i} {{ background: {colour}; }}" for i, colour in enumerate(PALETTE)]
    rules += [f".mode-{mode} {{ background: {colour}; }}" for mode, colour in MODE_COLOURS.items()]
    rules += [f".mode-{mode} {{ background: {mode_colour(mode)}; }}" for mode in ("mixed", "open_data")]
    rules.append(f".marker-concentrated {{ background: #fff; border-color: {CONCENTRATED_BORDER}; }}")
    return "\n".join(rules) + "\n"
