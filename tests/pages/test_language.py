"""Every page in both languages, scanned for words of the other. Names come from the data (an
organisation may be called « Maison des Familles » on an English page): the scan reads the page's
own words only, what is left once links, headings of names, SVG labels, form values and codes are
taken out."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from graph_service.model import AccountRole
from graph_service.store.port import GraphStore
from testkit.accounts import account, sign_in

PAGES = (
    "/",
    "/territoires/38",
    "/territoires/epci:200040715",
    "/territoires/38/comparaison",
    "/territoires/38/diagnostic",
    "/organisations/demo:labo-grenoble",
    "/chemins?de=demo:unis-cite&a=siren:356000000",
    "/territoires/99999",
    "/methode",
    "/chemins?de_nom=la%20poste&a=demo:unis-cite",
)
ENGLISH = re.compile(
    r"\b(the|and|of|with|not|concentrated|community|communities|size|ties|download|territory|"
    r"departement|epci|pays|region|projet|ei_index|diversity_ratio|coverage|flagged|runs)\b"
)
FRENCH = re.compile(
    r"\b(les|des|et|une|du|concentrée|concentrées|communauté|communautés|liens|télécharger|"
    r"territoire|organisations isolées|mondes|départements|régions|seuil|depuis)\b",
    re.IGNORECASE,
)
DATA = re.compile(
    "|".join(
        [
            r"<script.*?</script>", r"<style.*?</style>", r"<a\b.*?</a>", r"<h1\b.*?</h1>",
            r"<text\b.*?</text>", r"<textarea\b.*?</textarea>", r"<title\b.*?</title>",
            r"<code\b.*?</code>", r"<datalist\b.*?</datalist>", r"<del\b.*?</del>", r"<ins\b.*?</ins>",
            r"<[a-z]+ class=\"name\">.*?</[a-z]+>", r"<p class=\"members\".*?</p>",
            r"<th scope=\"row\".*?</th>", r"<nav class=\"crumbs\".*?</nav>",
        ]
    ),
    re.S,
)  # fmt: skip


def own_words(html: str) -> str:
    """The page's text without the names that come from the data."""
    without = DATA.sub(" ", html)
    text = re.sub(r"<[^>]+>", " ", without)
    return re.sub(r"\s+", " ", text)


@pytest.mark.parametrize("path", PAGES)
def test_a_french_page_has_no_english_and_an_english_page_no_french(client: TestClient, path: str) -> None:
    french = own_words(client.get(path).text)
    english_page = client.get(path, params={"lang": "en"})
    english = own_words(english_page.text)
    assert not ENGLISH.findall(french.replace("E-I", "")), (path, sorted(set(ENGLISH.findall(french))))
    assert not FRENCH.findall(english), (path, sorted(set(FRENCH.findall(english))))


def test_counts_take_the_plural_their_number_asks(client: TestClient) -> None:
    page = client.get("/territoires/38").text
    summary = re.search(r'<p class="summary">(.*?)</p>', page, re.S)
    assert summary
    for number, word in re.findall(r"(\d+) (\w+)", re.sub(r"<[^>]+>", "", summary.group(1))):
        singular = int(number) <= 1
        assert word.endswith("s") != singular, (number, word)
    home = client.get("/").text
    for number, word in re.findall(r'<span class="count">(\d+) (\w+)</span>', home):
        assert (word == "organisation") == (int(number) <= 1), (number, word)


def test_both_catalogues_hold_every_word_and_every_plural() -> None:
    from babel.messages.pofile import read_po

    from graph_service.translations import DOMAIN, LOCALE

    catalogues = {}
    for language in ("fr", "en"):
        with (LOCALE / language / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as source:
            catalogues[language] = read_po(source, locale=language)
    ids = {
        language: {m.id if isinstance(m.id, str) else m.id[0] for m in c if m.id}
        for language, c in catalogues.items()
    }
    assert ids["fr"] == ids["en"], ids["fr"] ^ ids["en"]
    for language, catalogue in catalogues.items():
        for message in catalogue:
            if not message.id:
                continue
            forms = message.string if isinstance(message.string, tuple) else (message.string,)
            assert all(forms), (language, message.id)
            assert len(forms) == (catalogue.num_plurals if message.pluralizable else 1), (
                language,
                message.id,
            )


def test_territories_are_named_as_people_say_them_and_numbers_are_french(client: TestClient) -> None:
    isere = client.get("/territoires/38").text
    assert "<h1>Département de l&#39;Isère <small>Département 38</small></h1>" in isere
    epci = client.get("/territoires/epci:200040715").text
    assert re.search(r"<h1>(Communauté de communes|Communauté d&#39;agglomération|Métropole|Grenoble)", epci)
    # The cards' values and thresholds with a decimal comma and a true minus sign.
    cards = isere.split('id="cards"')[1] if 'id="cards"' in isere else isere
    assert "≤ −0,20" in cards and not re.search(r"\d\.\d\d", own_words(cards).replace("E-I", ""))


SIGNED_IN_PAGES = (
    "/compte",
    "/admin/comptes",
    "/import",
    "/historique",
    "/alliances/nouvelle?membre=demo:labo-grenoble",
    "/alliances/demo:copil-labo-grenoble/modifier",
    "/organisations/demo:labo-grenoble/modifier",
)


def test_the_pages_of_a_signed_in_admin_speak_one_language(api_store: GraphStore, client: TestClient) -> None:
    account(api_store, "admin@example.fr", AccountRole.ADMIN)
    sign_in(client, "admin@example.fr")
    for path in SIGNED_IN_PAGES:
        french_page = client.get(path)
        assert french_page.status_code == 200, (path, french_page.text[:300])
        french = own_words(french_page.text)
        english = own_words(client.get(path, params={"lang": "en"}).text)
        assert not ENGLISH.findall(french), (path, sorted(set(ENGLISH.findall(french))))
        assert not FRENCH.findall(english), (path, sorted(set(FRENCH.findall(english))))
