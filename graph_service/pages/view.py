"""What a view builder returns: the template to render and its context.

>>> PageView("home.html", {"query": ""}).template
'home.html'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PageView:
    """A page ready to render: its template, its context, and the data it was made from."""

    template: str
    context: dict[str, Any] = field(default_factory=dict)
    snapshot: str | None = None
    """The data snapshot the page shows (default: the store's current one)."""
    refreshing: bool = False
    """Whether the page shows an analysis while its up-to-date twin is computed."""
