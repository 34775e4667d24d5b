"""The closure cards as a catalyst reads them: a sentence first, checks in words that agree with
the verdict, the measures folded away, the concentrated communities first, and a community with
the same name and key from the département and from its EPCI. Read through HTTP on the demo;
the numbers the sentences must say come from the API's cards."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

MEASURE_NAMES = re.compile(r"E-I|[Cc]onductance|[Rr]ésolution|[Mm]odularité|Échelle|Part des exécutions")
VERDICT = re.compile(r'data-verdict="([a-z_]+)"')


def _cards_section(page: str) -> str:
    return page.split('<section class="cards" id="cards">')[1].split("</section>")[0]


def _articles(section: str) -> list[str]:
    return [part.split("</article>")[0] for part in section.split('<article class="card')[1:]]


def _without_details(text: str) -> str:
    return re.sub(r'<details class="measures">.*?</details>', " ", text, flags=re.S)


def test_every_card_opens_with_a_sentence_and_its_checks_agree_with_its_verdict(client: TestClient) -> None:
    page = client.get("/territoires/38").text
    api = client.get("/api/v1/territories/38/analysis/communities").json()["data"]["cards"]
    cards = {card["community"]: card for card in api}
    articles = _articles(_cards_section(page))
    assert len(articles) == len(api)
    for article in articles:
        community = int(re.search(r'id="card-(\d+)"', article).group(1))  # type: ignore[union-attr]
        card = cards[community]
        (verdict,) = VERDICT.findall(article)
        assert verdict == card["verdict"]
        checks = re.findall(r'<li class="(pass|fail)">', article)
        assert checks, article[:300]
        if verdict == "concentrated":
            assert set(checks) == {"pass"}, article
        else:
            assert "fail" in checks, article
        # The sentence comes first, then the checks, then the measures folded away.
        assert article.index('class="say"') < article.index('class="checks"') < article.index("<details")
        if verdict == "concentrated":
            ties = card["internal_ties"] + card["external_ties"]
            tenths = round(10 * card["internal_ties"] / ties)
            sentence = html.unescape(article.split('class="say">')[1].split("</p>")[0])
            assert f"{tenths} de leurs liens sur 10 restent dans le groupe" in sentence, sentence


def test_concentrated_cards_come_first_and_the_others_are_folded(client: TestClient) -> None:
    section = _cards_section(client.get("/territoires/38").text)
    first, _, folded = section.partition('<details class="other-cards"')
    shown = VERDICT.findall(first)
    assert shown and shown[0] == "concentrated"
    assert shown == sorted(shown, key=lambda v: v != "concentrated")
    assert set(shown) <= {"concentrated", "uncertain"}
    assert folded and not {"concentrated", "uncertain"} & set(VERDICT.findall(folded))


def test_the_cards_speak_before_they_measure(client: TestClient) -> None:
    for language in ("fr", "en"):
        section = _cards_section(client.get("/territoires/38", params={"lang": language}).text)
        visible = re.sub(r"<[^>]+>", " ", _without_details(section))
        assert not MEASURE_NAMES.findall(visible), (language, MEASURE_NAMES.findall(visible))
        assert "/methode" in section


def test_the_matheysine_group_has_the_same_name_and_key_from_the_departement_and_from_its_epci(
    client: TestClient,
) -> None:
    def matheysine(path: str) -> tuple[str, str]:
        articles = _articles(_cards_section(client.get(path).text))
        (article,) = [
            a for a in articles if "demo:syn-matheysine-" in a and 'data-verdict="concentrated"' in a
        ]
        key = re.search(r'data-key="([^"]+)"', article).group(1)  # type: ignore[union-attr]
        name = re.search(r"<h3>.*?<a [^>]*>(.*?)</a>", article, re.S).group(1)  # type: ignore[union-attr]
        return key, html.unescape(name)

    from_isere = matheysine("/territoires/38")
    from_epci = matheysine("/territoires/epci:200040657")
    assert from_isere == from_epci
    assert "Matheysine" in from_isere[1]


def test_the_method_page_explains_the_rule_in_words_with_a_picture(client: TestClient) -> None:
    for language, words in (("fr", "Une communauté est dite concentrée"), ("en", "A community is called")):
        page = client.get("/methode", params={"lang": language})
        assert page.status_code == 200
        assert words in page.text and "<svg" in page.text and "<figcaption" in page.text
        # The thresholds, as the settings give them.
        conductance = "≤ 0,25" if language == "fr" else "≤ 0.25"
        assert "≥ 4" in page.text and conductance in page.text
