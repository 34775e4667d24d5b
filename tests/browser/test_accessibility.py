"""Every page through axe-core in Chromium: no serious or critical violation (WCAG A and AA rules:
contrast, names of controls and images, ARIA, landmarks, keyboard focus)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from testkit.accounts import ADMIN, ISERE_CATALYST, PASSWORD

pytestmark = pytest.mark.on_backend

AXE = Path(__file__).resolve().parents[2] / "testkit" / "axe" / "node_modules" / "axe-core" / "axe.min.js"
PAGES = (
    "/",
    "/territoires/38",
    "/territoires/38/comparaison",
    "/territoires/38/diagnostic",
    "/organisations/demo:labo-grenoble",
    "/chemins?de=demo:unis-cite&a=siren:356000000",
    "/territoires/99999",
    "/methode",
    "/chemins?de_nom=la%20poste&a=demo:unis-cite",
    "/connexion",
    "/mot-de-passe/lien-inconnu",
)
RUN = """async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21aa', 'best-practice']}))
    .violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.map(n => n.target.join(' '))}))"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        message = "axe-core is not installed (scripts/install_axe.sh installs it from npm)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")


def _violations(page: Any, axe_source: str) -> list[dict[str, Any]]:
    page.add_script_tag(content=axe_source)
    violations: list[dict[str, Any]] = page.evaluate(RUN)
    return [v for v in violations if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violation(
    site: str, browser: Any, axe_source: str, path: str, language: str
) -> None:
    # axe is injected by the test only: the pages' policy forbids any script not served by them.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(f"{site}{path}{'&' if '?' in path else '?'}lang={language}")
    assert page.evaluate("() => document.documentElement.lang") == language
    if page.locator("#network").count():
        page.wait_for_selector("#network[data-ready=true]", state="attached", timeout=90_000)
    serious = _violations(page, axe_source)
    context.close()
    assert serious == [], serious


def _signed_in(site: str, browser: Any, email: str, first: str) -> Any:
    """A page signed in as ``email`` through the sign-in form, at ``first``; axe may run in it."""
    context = browser.new_context(bypass_csp=True, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(f"{site}/connexion?suite={first}")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main form button[type=submit]")
    assert page.url.endswith(first)
    return page


def _each_passes(page: Any, site: str, axe_source: str, paths: tuple[str, ...]) -> None:
    for path in paths:
        page.goto(f"{site}{path}")
        assert page.locator("main h1").count() == 1
        assert _violations(page, axe_source) == [], path


def test_the_forms_of_a_signed_in_catalyst_pass_too(site: str, browser: Any, axe_source: str) -> None:
    page = _signed_in(site, browser, ISERE_CATALYST, "/organisations/demo:labo-grenoble/modifier")
    assert _violations(page, axe_source) == []
    page.fill("#siren", "123")  # an error next to its field
    page.click("main form button[type=submit]")
    assert page.locator("#siren-error").count() == 1
    assert _violations(page, axe_source) == []
    _each_passes(
        page,
        site,
        axe_source,
        ("/historique", "/alliances/nouvelle?membre=demo:labo-grenoble", "/compte", "/import"),
    )
    page.context.close()


def test_the_pages_of_an_admin_pass_too(site: str, browser: Any, axe_source: str) -> None:
    page = _signed_in(site, browser, ADMIN, "/admin/comptes")
    _each_passes(
        page, site, axe_source, ("/admin/comptes", "/alliances/demo:copil-labo-grenoble/modifier", "/import")
    )
    page.context.close()
