"""Debian's Chromium, headless: where it is and the flags it runs with here."""

from __future__ import annotations

import os
import shutil

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str | None:
    return os.environ.get("MAILLAGE_CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
