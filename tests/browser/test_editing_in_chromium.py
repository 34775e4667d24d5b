"""A catalyst in Chromium, with JavaScript off: signs in from the page they look at, edits an
organisation of their territory, sees the change, and signs out; the forms pass axe-core."""

from __future__ import annotations

from typing import Any

import pytest

from testkit.accounts import ADMIN, ISERE_CATALYST, PASSWORD

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


CLUB = 'article.card[data-verdict="concentrated"]:has(a[href*="demo:syn-matheysine-"])'
OUTSIDER = "demo:labo-grenoble"


def _signed_in(browser: Any, site: str, email: str, then: str) -> Any:
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.goto(f"{site}/connexion?suite={then}")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.click("main form button[type=submit]")
    assert page.url == f"{site}{then}"
    return page


def _club(page: Any, site: str) -> tuple[str, list[str]]:
    """The Matheysine club's card on the Isère page (everything it says, its details included) and
    its members' ids."""
    page.goto(f"{site}/territoires/38")
    page.wait_for_selector("#network[data-ready=true]", state="attached", timeout=90_000)
    card = page.locator(CLUB).first
    links = card.locator("p.members a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    return card.text_content(), [link.rsplit("/", 1)[1] for link in links]


def test_a_catalyst_opens_the_matheysine_club_with_an_alliance_then_undoes_it(
    site: str, browser: Any
) -> None:
    page = _signed_in(browser, site, ISERE_CATALYST, "/territoires/38")
    before, members = _club(page, site)
    first, second = members[:2]
    assert OUTSIDER not in members
    page.goto(f"{site}/alliances/nouvelle?membre={first}")
    page.fill("#name", "Pont Matheysine <b>Grenoble</b>")
    page.select_option("#mode", "cooperation_economique")
    page.fill("#members", f"{first} ; pilote\n{second}\n{OUTSIDER}")
    page.click("main form button[type=submit]")
    assert page.url == f"{site}/organisations/{first}"
    page.wait_for_selector("#network[data-ready=true]", state="attached", timeout=90_000)
    tied = (
        "([a, b]) => window.maillage.edges.get()"
        ".some(e => [e.from, e.to].sort().join() === [a, b].sort().join())"
    )
    drawn = page.evaluate(tied, [first, OUTSIDER])
    assert drawn, "the new tie to the outsider is drawn on the member's page"
    assert page.locator("text=Pont Matheysine <b>Grenoble</b>").count() >= 1  # the name as text
    after, _ = _club(page, site)
    assert after != before, "the club's card follows the new ties"
    page.goto(f"{site}/historique")
    page.locator("main form button[type=submit]").first.click()
    assert page.locator(".form-error").count() == 0
    restored, _ = _club(page, site)
    assert restored == before, "undone: the card is what it was"
    page.goto(f"{site}/organisations/{first}")
    assert page.locator("text=Pont Matheysine <b>Grenoble</b>").count() == 0
    page.context.close()


def test_the_isere_catalyst_has_no_form_for_a_finistere_organisation(site: str, browser: Any) -> None:
    morlaix = "/organisations/demo:pole-ess-morlaix"
    page = _signed_in(browser, site, ISERE_CATALYST, morlaix)
    assert page.locator("text=Modifier cette organisation").count() == 0
    csrf = page.locator('meta[name="csrf-token"]').get_attribute("content")
    answer = page.request.post(f"{site}{morlaix}/modifier", form={"name": "Prise", "world": "association",
                                                                  "csrf_token": csrf})  # fmt: skip
    assert answer.status == 403
    page.goto(f"{site}{morlaix}")
    assert page.locator("h1").inner_text().startswith("ADESS du Pays de Morlaix")
    page.context.close()


def test_an_admin_creates_an_account_and_its_link_sets_the_password_once(site: str, browser: Any) -> None:
    page = _signed_in(browser, site, ADMIN, "/admin/comptes")
    page.fill("#email", "nouvelle.catalyste@example.fr")
    page.select_option("#role", "catalyst")
    page.fill("#territories", "38")
    page.click("main form.account-form button[type=submit]")
    link = page.locator("code.password-link").inner_text()
    page.context.close()
    person = browser.new_context().new_page()
    for attempt in ("first", "second"):
        person.goto(link)
        person.fill("#password", "un mot de passe pour Matheysine")
        person.fill("#confirmation", "un mot de passe pour Matheysine")
        person.click("main form button[type=submit]")
        said = person.locator("main").inner_text()
        if attempt == "first":
            assert "Mot de passe enregistré" in said, said
        else:
            assert "plus valable" in said, said
    person.goto(f"{site}/connexion")
    person.fill("#email", "nouvelle.catalyste@example.fr")
    person.fill("#password", "un mot de passe pour Matheysine")
    person.click("main form button[type=submit]")
    assert person.locator("a.account-email").inner_text() == "nouvelle.catalyste@example.fr"
    person.context.close()


def test_the_forms_complete_names_and_communes_and_check_a_siren_as_one_types(
    site: str, browser: Any
) -> None:
    page = _signed_in(browser, site, ISERE_CATALYST, "/alliances/nouvelle")
    page.fill("#member-search", "Labo des partenariats de Gre")
    page.wait_for_function("() => document.querySelectorAll('#member-search-list option').length > 0")
    page.fill("#member-search", "Labo des partenariats de Grenoble")
    page.dispatch_event("#member-search", "change")
    assert page.input_value("#members").strip() == f"{OUTSIDER} ; membre"
    page.goto(f"{site}{ORGANISATION}/modifier")
    page.fill("#commune", "Voiro")
    page.wait_for_function("() => document.querySelectorAll('#commune-list option').length > 0")
    codes = page.eval_on_selector_all("#commune-list option", "options => options.map(o => o.value)")
    assert "38563" in codes, codes  # Voiron, by its INSEE code
    page.fill("#siren", "123456789")
    assert page.locator("#siren-live").is_visible()
    page.fill("#siren", "213801855")
    assert not page.locator("#siren-live").is_visible()
    page.context.close()
