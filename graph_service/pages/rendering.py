"""Rendering a page: Jinja templates (beside this module) with autoescaping on, so every name and
free text is escaped, and the Content-Security-Policy every page is sent with.

The page context gets ``t`` (the words in the page's language), ``url`` (a link that keeps the
language) and ``static`` (a link to a packaged file). The network's data travel as JSON inside a
``<script type="application/json">`` block, written with Jinja's ``tojson``, which escapes ``<``,
``>``, ``&`` and quotes: a name cannot close the block.

>>> html = render("error.html", language="fr", path="/", snapshot="s1", status=404,
...               title="Introuvable", detail="<script>alert(1)</script>")
>>> "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert" not in html
True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape

from graph_service.analysis.closure import ClosureCard
from graph_service.model import AllianceMode, World
from graph_service.pages.numbers import decimal, snapshot_time
from graph_service.pages.places import spoken_name
from graph_service.translations import Language, euros, plural_of, translator
from visual.style import MIXED_MODES, OPEN_DATA, PALETTE, WORLD_SHAPES

STATIC_PREFIX = "/static"
TEMPLATES = Path(__file__).parent / "templates"
LEGEND_STYLESHEET = "/legend.css"
"""The legend's colours, made from the drawing's palette (served by the pages' routes)."""
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data: blob:",
        "connect-src 'self'",
        "font-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
"""No inline script or style at all: the drawing's code is a file of ours and its data are JSON."""

GLYPHS = {
    "dot": "●", "square": "■", "triangle": "▲", "triangleDown": "▼", "diamond": "◆", "star": "★",
    "hexagon": "⬢",
}  # fmt: skip
SCRIPT_WORDS = (
    "catalyst", "external", "commune", "organisations", "top_alliances", "members", "community",
    "concentrated", "open_page", "loading",
)  # fmt: skip

_environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    # gettext and ngettext come with each page's context, in its language ({% trans %} works too).
    extensions=["jinja2.ext.i18n"],
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_environment.filters["euros"] = euros
_environment.filters["spoken"] = spoken_name


def language_of(value: str | None) -> str:
    return Language.EN.value if value == Language.EN else Language.FR.value


def link_maker(language: str) -> Callable[..., str]:
    """``url(path, **params)``: a quoted link that keeps the page's language; list values repeat."""

    def url(path: str, **params: Any) -> str:
        pairs: list[tuple[str, Any]] = []
        for key, value in params.items():
            if value is None:
                continue
            values = value if isinstance(value, list | tuple) else [value]
            pairs += [(key, item) for item in values]
        if language != Language.FR:
            pairs.append(("lang", language))
        query = urlencode(pairs)
        return quote(path, safe="/:") + (f"?{query}" if query else "")

    return url


def render(template: str, *, language: str, path: str, snapshot: str, **context: Any) -> str:
    """A page in ``language``; ``path`` is the page's own path, for the language switch."""
    other = Language.FR if language == Language.EN else Language.EN
    query = {key: value for key, value in context.pop("query_params", {}).items() if key != "lang"}
    switch = link_maker(other.value)(path, **query)
    return _environment.get_template(template).render(
        lang=language,
        t=translator(language),
        gettext=translator(language),
        ngettext=plural_of(language),
        number=lambda value, digits=2: decimal(float(value), language, digits),
        url=link_maker(language),
        static=lambda name: f"{STATIC_PREFIX}/{name}",
        legend_stylesheet=LEGEND_STYLESHEET,
        switch_language=switch,
        palette_size=len(PALETTE),
        path=path,
        snapshot=snapshot,
        snapshot_time=snapshot_time(snapshot, language),
        script_words={key: translator(language)(key) for key in SCRIPT_WORDS},
        **context,
    )


def legend(cards: Iterable[ClosureCard], language: str) -> dict[str, Any]:
    """The legend's entries: worlds (shape), modes (edge colour), the communities of ``cards``
    (colour, name, flag)."""
    word = translator(language)
    return {
        "worlds": [{"label": word(f"world.{w.value}"), "glyph": GLYPHS[WORLD_SHAPES[w]]} for w in World],
        "modes": [{"key": m.value, "label": word(f"mode.{m.value}")} for m in AllianceMode]
        + [{"key": key, "label": word(f"mode.{key}")} for key in (MIXED_MODES, OPEN_DATA)],
        "communities": [
            {
                "number": card.community,
                "name": card.name or f"{word('community')} {card.community}",
                "size": card.size,
                "concentrated": card.concentrated,
                "colour_index": card.community % len(PALETTE),
            }
            for card in sorted(cards, key=lambda c: c.community)
        ],
    }
