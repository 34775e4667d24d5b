"""A catalyst in Chromium, with JavaScript off: signs in from the page they look at, edits an
organisation of their territory, sees the change, and signs out; the forms pass axe-core."""

from __future__ import annotations

from typing import Any

import pytest

from testkit.accounts import ISERE_CATALYST, PASSWORD

pytestmark = pytest.mark.on_backend
ORGANISATION = "/organisations/demo:labo-grenoble"


def test_a_catalyst_signs_in_edits_and_signs_out_without_javascript(site: str, browser: Any) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.goto(f"{site}{ORGANISATION}")
    assert page.locator("text=Modifier cette organisation").count() == 0
    page.click("header >> text=Connexion")
    page.fill("#email", ISERE_CATALYST)
    page.fill("#password", PASSWORD)
    page.click("main form button[type=submit]")
    assert page.url == f"{site}{ORGANISATION}"  # back where they were
    assert page.locator('meta[name="csrf-token"]').count() == 1
    page.click("text=Modifier cette organisation")
    description = "Catalyseur <script>window.pwned=1</script> de la métropole"
    page.fill("#description", description)
    page.click("main form button[type=submit]")
    assert page.url == f"{site}{ORGANISATION}"
    assert page.locator("p.description").inner_text() == description  # shown as text
    page.click("header >> text=Se déconnecter")
    assert page.locator("header >> text=Connexion").count() == 1
    page.goto(f"{site}{ORGANISATION}/modifier")
    assert "/connexion" in page.url  # signed out: the form asks to sign in again
    context.close()
