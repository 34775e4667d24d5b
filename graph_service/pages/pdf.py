"""A page printed to PDF by Debian's headless Chromium: the same HTML, its print stylesheet, A4.

Chromium is the renderer the project already drives for its browser tests: it lays the page out
exactly as the browser shows and prints it (SVG charts included), where WeasyPrint would need its
own layout rules and Pango. The page is written to a temporary folder with its stylesheets inlined,
so Chromium reads nothing from the network; without Chromium the PDF is refused with a clear 503
and the page itself still prints from any browser.

>>> inline_styles('<head><link rel="stylesheet" href="/static/a.css"></head>', ["p { margin: 0 }"])
'<head><style>p { margin: 0 }</style></head>'
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from graph_service.errors import RendererUnavailable

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""How Chromium runs here: headless in a container, as root, talking to no one."""
PRINT_TIMEOUT_SECONDS = 120


def chromium_path(configured: str | None = None) -> str | None:
    """The Chromium to run: the one configured (``MAILLAGE_CHROMIUM``), else Debian's."""
    return configured or shutil.which("chromium") or shutil.which("chromium-browser")


def inline_styles(html: str, stylesheets: list[str]) -> str:
    """``html`` with its stylesheet links replaced by the stylesheets' text, in one ``<style>``."""
    without_links = re.sub(r'<link rel="stylesheet"[^>]*>\s*', "", html)
    return without_links.replace("<head>", "<head><style>" + "\n".join(stylesheets) + "</style>", 1)


def print_to_pdf(html: str, stylesheets: list[str], chromium: str | None = None) -> bytes:
    """The PDF Chromium prints of ``html`` (A4, as the print stylesheet lays it out)."""
    executable = chromium_path(chromium)
    if executable is None:
        raise RendererUnavailable(
            "a PDF needs Chromium on the server (Debian: apt install chromium, or MAILLAGE_CHROMIUM); "
            "the page itself prints from the browser"
        )
    with tempfile.TemporaryDirectory(prefix="maillage-pdf-") as folder:
        page, document = Path(folder) / "page.html", Path(folder) / "page.pdf"
        page.write_text(inline_styles(html, stylesheets), encoding="utf-8")
        command = [
            executable,
            "--headless",
            *CHROMIUM_FLAGS,
            f"--user-data-dir={folder}/profile",
            "--no-pdf-header-footer",
            f"--print-to-pdf={document}",
            page.as_uri(),
        ]
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=PRINT_TIMEOUT_SECONDS)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
            raise RendererUnavailable(f"Chromium could not print the page: {error}") from error
        if not document.is_file():
            raise RendererUnavailable("Chromium printed nothing")
        return document.read_bytes()
