"""Debian's Chromium, headless, as the tests and benchmarks drive it: the same executable and flags
as the PDF renderer (:mod:`graph_service.pages.pdf`)."""

from __future__ import annotations

from graph_service.config import get_settings
from graph_service.pages.pdf import CHROMIUM_FLAGS
from graph_service.pages.pdf import chromium_path as configured_chromium

__all__ = ["CHROMIUM_FLAGS", "chromium_path"]


def chromium_path() -> str | None:
    return configured_chromium(get_settings().chromium)
