"""The HTML pages over HTTP: content, escaping, the security policy, errors and links."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from fastapi.testclient import TestClient

from graph_service.store.port import GraphStore
from testkit.backends import database_path
from testkit.hostile import HOSTILE, HOSTILE_ID, add_hostile_organisation
from testkit.http import api_client


def _graph_data(html: str) -> dict:
    block = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    assert block, "the page embeds its network as JSON"
    return json.loads(block.group(1))


def test_home_lists_territories_with_data_and_finds_both_kinds(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert 'href="/territoires/departement:38"' in page.text and "Isère" in page.text
    found = client.get("/", params={"q": "grenoble"})
    assert 'href="/territoires/commune:38185"' in found.text
    assert 'href="/organisations/demo:labo-grenoble"' in found.text


def test_territory_page_draws_every_organisation_with_cards_legend_and_downloads(client: TestClient) -> None:
    page = client.get("/territoires/38")
    assert page.status_code == 200
    data = _graph_data(page.text)
    ecosystem = client.get("/api/v1/territories/38/ecosystem").json()["data"]
    assert {n["id"] for n in data["nodes"]} == {o["id"] for o in ecosystem["organisations"]}
    communities = client.get("/api/v1/territories/38/analysis/communities").json()["data"]
    flagged = communities["concentrated"]
    assert flagged, "the demo's Matheysine cluster is concentrated"
    assert [h["community"] for h in data["halos"]] == flagged
    for community in flagged:
        assert f'id="card-{community}"' in page.text
    # Each flagged card says, before the numbers, that chance does not explain it.
    cards = {card["community"]: card for card in communities["cards"]}
    for community in flagged:
        assert cards[community]["chance_p"] <= cards[community]["chance_level"]
        article = page.text.split(f'id="card-{community}"')[1].split("</article>")[0]
        assert "Bien plus fermée que le hasard ne l&#39;expliquerait" in article, article[:400]
    assert 'id="legend"' in page.text and 'id="introductions"' in page.text
    for fmt in ("gexf", "graphml", "csv"):
        assert f"/api/v1/territories/departement:38/ecosystem?format={fmt}" in page.text
    assert "Instantané des données" in page.text and "Licence Ouverte" in page.text
    # The snapshot reads as a date and time in French; its raw id stays in the title.
    snapshot = re.search(r'<time class="snapshot" title="([^"]+)">([^<]+)</time>', page.text)
    assert snapshot is not None
    assert "@" in snapshot.group(1) and "@" not in snapshot.group(2)
    assert re.fullmatch(r"\d{1,2} [a-zéû]+ 20\d\d à \d\d:\d\d", snapshot.group(2)), snapshot.group(2)


def test_pages_send_a_policy_without_inline_script(client: TestClient) -> None:
    for path in (
        "/",
        "/territoires/38",
        "/territoires/38/comparaison",
        "/territoires/38/diagnostic",
        "/organisations/demo:labo-grenoble",
    ):
        page = client.get(path)
        policy = page.headers["content-security-policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
        # Every script is a file of ours or a JSON data block.
        for tag in re.findall(r"<script[^>]*>", page.text):
            assert 'src="/static/' in tag or 'type="application/json"' in tag
        assert "http://" not in page.text.split("<footer>")[0].replace("http://www.w3.org", "")
        assert "cdn" not in page.text.lower()


def test_static_assets_are_served_locally(client: TestClient) -> None:
    script = client.get("/static/vis/vis-network.min.js")
    assert script.status_code == 200 and "vis" in script.text[:2000]
    assert client.get("/static/maillage.js").status_code == 200
    assert ".community-0" in client.get("/legend.css").text


def test_names_are_escaped_in_pages_and_in_the_embedded_data(
    client: TestClient, api_store: GraphStore
) -> None:
    add_hostile_organisation(api_store)
    for path in ("/territoires/38", "/organisations/test:hostile", "/organisations/demo:labo-grenoble"):
        page = client.get(path)
        assert page.status_code == 200
        assert HOSTILE not in page.text
        data = _graph_data(page.text)
        assert "test:hostile" in data["details"]
        assert data["details"]["test:hostile"]["name"] == HOSTILE
    organisation = client.get("/organisations/test:hostile").text
    assert "&lt;img src=x onerror=alert(1)&gt;" in organisation
    found = client.get("/", params={"q": "img"}).text
    assert HOSTILE not in found


def test_filters_change_the_analysed_graph(client: TestClient) -> None:
    everything = _graph_data(client.get("/territoires/38").text)
    patronage = client.get("/territoires/38", params={"mode": "mecenat"})
    assert patronage.status_code == 200
    ecosystem = client.get("/api/v1/territories/38/ecosystem", params={"mode": "mecenat"}).json()["data"]
    data = _graph_data(patronage.text)
    assert len(data["edges"]) < len(everything["edges"])
    assert {n["id"] for n in data["nodes"]} == {o["id"] for o in ecosystem["organisations"]}
    year = client.get("/territoires/38", params={"annee": 2015})
    assert year.status_code == 200
    assert 'value="2015"' in year.text


def test_large_territories_open_on_their_communities_and_drill_down(api_store: GraphStore, tmp_path) -> None:
    with api_client(
        api_store, database_path(api_store, tmp_path), tmp_path / "data", visual_max_nodes=100
    ) as small:
        overview = _graph_data(small.get("/territoires/38").text)
        assert overview["kind"] == "communities"
        communities = small.get("/api/v1/territories/38/analysis/communities").json()["data"]
        sizes: dict[int, int] = {}
        for community in communities["membership"].values():
            sizes[community] = sizes.get(community, 0) + 1
        first = overview["details"]["community:0"]
        assert first["size"] == sizes[0]
        opened = _graph_data(small.get(first["url"]).text)
        assert opened["kind"] == "organisations"
        members = {i for i, c in communities["membership"].items() if c == 0}
        drawn = {n["id"] for n in opened["nodes"]}
        assert drawn <= members and len(drawn) == min(len(members), 100)


def test_unknown_pages_answer_404_in_html_and_bad_parameters_422(client: TestClient) -> None:
    missing = client.get("/territoires/99999")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
    assert "99999" in missing.text
    gone = client.get("/organisations/demo:nobody")
    assert gone.status_code == 404
    assert "Page introuvable" in gone.text
    bad = client.get("/territoires/38", params={"annee": "soon"})
    assert bad.status_code == 422 and bad.headers["content-type"].startswith("text/html")
    assert "Paramètres invalides" in bad.text and "annee" in bad.text
    english = client.get("/territoires/38", params={"annee": "soon", "lang": "en"})
    assert english.status_code == 422 and "Invalid parameters" in english.text


def test_english_switch_keeps_the_page_and_translates(client: TestClient) -> None:
    french = client.get("/territoires/38")
    assert "Fiches de fermeture" in french.text and 'href="/territoires/38?lang=en"' in french.text
    english = client.get("/territoires/38", params={"lang": "en"})
    assert "Closure cards" in english.text and 'lang="en"' in english.text
    # Links inside the English page stay in English.
    assert re.search(r'href="/organisations/[^"?]+\?lang=en"', english.text)
    assert not re.search(r'href="/organisations/[^"?]+"', english.text)


def test_an_organisation_page_lists_who_funds_it_and_whom_it_funds(api_store: GraphStore, client) -> None:
    from importers.subsidies import import_subsidies

    sample = (
        Path(__file__).parents[1]
        / "importers"
        / "data"
        / "subventions"
        / "poitiers_2017_format_historique.csv"
    )
    import_subsidies([sample], api_store, dataset="poitiers")
    city = client.get("/organisations/siren:218601946")
    assert city.status_code == 200
    assert "Finance" in city.text and "TROUVER SONNETTE A SON PIED" in city.text
    assert "10\u00a0000\u00a0€" in city.text and "2016" in city.text
    beneficiary = client.get("/organisations/siren:450324660")
    assert "Financée par" in beneficiary.text and "Commune de Poitiers" in beneficiary.text
    assert "Finance</h2>" not in beneficiary.text
    # Grouped by beneficiary, the largest total first, each beneficiary placed or said unplaced.
    ties = [
        t
        for t in api_store.organisation_open_data_ties("siren:218601946")
        if t.source_id == "siren:218601946"
    ]
    beneficiaries = {t.target_id for t in ties}
    section = city.text.split('id="money-funds"')[1].split("</section>")[0]
    rows = re.findall(
        r"<tr><th scope=\"row\" data-value=\"[^\"]*\"><a href=\"/organisations/([^\"]+)\"", section
    )
    assert sorted(rows) == sorted(beneficiaries)
    counts = [int(c) for c in re.findall(r'<td class="number" data-value="(\d+)">\d+</td>', section)]
    assert sum(counts) == len(ties)
    totals = [float(v) for v in re.findall(r'<td class="number" data-value="([\d.]+)">', section)[1::2]]
    assert totals == sorted(totals, reverse=True)
    placed = {o.id for o in api_store.get_organisations(sorted(beneficiaries)) if o.commune}
    assert section.count(">lieu inconnu</td>") == len(beneficiaries - placed)


def test_comparison_page_lists_the_children_with_french_numbers(client: TestClient) -> None:
    page = client.get("/territoires/38/comparaison")
    assert page.status_code == 200
    children = client.get("/api/v1/territories/38/comparison").json()["data"]["children"]
    for child in children[:5]:
        assert f'href="/territoires/{child["key"]}"' in page.text
    assert " %" in page.text and "Liens par organisation" in page.text
    english = client.get("/territoires/38/comparaison?lang=en")
    assert "Ties per organisation" in english.text and "Liens par organisation" not in english.text
    assert client.get("/territoires/99999/comparaison").status_code == 404


DIAGNOSTIC_SECTIONS = (
    "who", "picture", "concentrated", "local", "pass-through", "mixing", "isolated", "introductions",
    "change", "sources",
)  # fmt: skip


def test_the_diagnostic_has_every_section_in_french(client: TestClient) -> None:
    page = client.get("/territoires/38/diagnostic")
    assert page.status_code == 200
    for section in DIAGNOSTIC_SECTIONS:
        assert f'id="{section}"' in page.text, section
    communities = client.get("/api/v1/territories/38/analysis/communities").json()["data"]
    assert f"Communautés concentrées ({len(communities['concentrated'])})" in page.text
    assert "Points de passage publics" in page.text and "Qui est là" in page.text
    # Numbers in French, the rule's criteria phrased, no analysis sentence in English.
    assert "Indice E-I" in page.text and " %" in page.text
    assert "concentrated:" not in page.text and "not concentrated" not in page.text
    assert "<svg" in page.text and "<rect" in page.text
    english = client.get("/territoires/38/diagnostic?lang=en")
    assert "Who is there" in english.text and "Qui est là" not in english.text


def test_the_diagnostic_answers_for_every_level_and_year(client: TestClient) -> None:
    for path in (
        "/territoires/epci:200040715/diagnostic",
        "/territoires/38185/diagnostic",
        "/territoires/region:84/diagnostic",
        "/territoires/38/diagnostic?depuis=2030",
        "/territoires/38/diagnostic?depuis=2015",
    ):
        assert client.get(path).status_code == 200, path
    assert client.get("/territoires/38/diagnostic?depuis=12").status_code == 422
    assert client.get("/territoires/38/diagnostic?format=doc").status_code == 422
    assert client.get("/territoires/99999/diagnostic").status_code == 404


def test_the_territory_page_shows_brokers_pass_through_points_and_the_worlds_heat_map(
    client: TestClient,
) -> None:
    page = client.get("/territoires/38")
    brokerage = client.get("/api/v1/territories/38/analysis/brokerage?top=50").json()["data"]
    section = html.unescape(page.text.split('id="brokerage"')[1].split("</section>")[0])
    for point in brokerage["pass_through"][:8]:
        assert point["name"] in section, point["name"]
    for row in brokerage["rows"][:8]:
        assert row["name"] in section, row["name"]
    assert "Coordinateur" in section and "Liaison" in section
    worlds = client.get("/api/v1/territories/38/analysis/mixing").json()["data"]["mixing"]["ties"]
    assert section.count("<rect") == len(worlds) ** 2


def test_the_paths_page_draws_the_chains_the_api_finds(client: TestClient) -> None:
    found = client.get("/api/v1/paths?from=demo:unis-cite&to=siren:356000000").json()["data"]
    assert found
    page = client.get("/chemins", params={"de": "demo:unis-cite", "a": "siren:356000000"})
    assert page.status_code == 200
    chains = page.text.split('id="paths"')[1]
    assert chains.count('class="path-chain"') == len(found)
    for step in found[0]["steps"]:
        assert f'href="/organisations/{step["to"]["id"]}"' in chains
    # Without the script, names are looked up on the server.
    by_name = client.get("/chemins", params={"de_nom": "Unis-Cité", "a_nom": "Groupe La Poste"})
    assert by_name.text.count('class="path-chain"') == len(found)
    same = client.get("/chemins", params={"de": "demo:unis-cite", "a": "demo:unis-cite"})
    assert same.status_code == 200 and "deux organisations différentes" in same.text
    unknown = client.get("/chemins", params={"de_nom": "zzzz introuvable", "a_nom": "Groupe La Poste"})
    assert "Organisation introuvable" in unknown.text
    for path in ("/", "/organisations/demo:unis-cite"):
        assert 'action="/chemins"' in client.get(path).text


def test_a_territory_without_organisations_gets_every_new_page_and_answer(client: TestClient) -> None:
    # Saint-Denis-lès-Bourg (01001) holds no organisation of the demo.
    assert client.get("/api/v1/territories/01001/ecosystem").json()["data"]["organisations"] == []
    for path in (
        "/territoires/01001",
        "/territoires/01001?depuis=2019",
        "/territoires/01001/diagnostic",
        "/territoires/01001/comparaison",
        "/api/v1/territories/01001/comparison",
        "/api/v1/territories/01001/comparison?format=csv",
    ):
        assert client.get(path).status_code == 200, path
    children = client.get("/api/v1/territories/01001/comparison").json()["data"]["children"]
    assert all(child["organisations"] == 0 for child in children)


def test_a_hostile_name_is_text_on_every_new_page(api_store: GraphStore, tmp_path: Path) -> None:
    add_hostile_organisation(api_store)
    with api_client(api_store, database_path(api_store, tmp_path), tmp_path / "data") as hostile_client:
        for path in (
            "/territoires/38/diagnostic",
            "/territoires/38/comparaison",
            "/territoires/38?depuis=2019",
            f"/chemins?de={HOSTILE_ID}&a=demo:labo-grenoble",
            f"/organisations/{HOSTILE_ID}",
        ):
            page = hostile_client.get(path)
            assert page.status_code == 200, path
            assert HOSTILE not in page.text, path
        chain = hostile_client.get("/chemins", params={"de": HOSTILE_ID, "a": "demo:labo-grenoble"}).text
        # The chain's heading names both ends, escaped.
        assert "&lt;img src=x onerror=alert(1)&gt; →" in chain


def test_the_paths_page_asks_which_organisation_an_ambiguous_name_means(client: TestClient) -> None:
    # « la poste » names several organisations of the demo and none exactly: the page lists them.
    matches = client.get("/api/v1/organisations", params={"q": "la poste", "limit": 8}).json()["data"][
        "items"
    ]
    assert len(matches) > 1 and not any(m["name"].lower() == "la poste" for m in matches)
    page = client.get("/chemins", params={"de_nom": "la poste", "a": "demo:unis-cite"})
    assert page.status_code == 200 and 'class="path-chain"' not in page.text
    listed = page.text.split('<ul class="candidates">')[1].split("</ul>")[0]
    for match in matches:
        assert match["name"] in html.unescape(listed)
    # Each choice keeps the other end and resolves this one by id.
    chosen = matches[0]["id"]
    assert f"de={chosen.replace(':', '%3A')}" in listed and "a=demo%3Aunis-cite" in listed
    # A name that only one organisation has exactly is taken without asking.
    exact = client.get("/chemins", params={"de_nom": "Groupe La Poste", "a": "demo:unis-cite"})
    assert 'class="candidates"' not in exact.text and 'class="path-chain"' in exact.text


def test_the_paths_page_offers_longer_chains_when_none_is_short_enough(client: TestClient) -> None:
    found = client.get("/api/v1/paths?from=demo:unis-cite&to=siren:356000000").json()["data"]
    hops = min(len(path["steps"]) for path in found)
    assert hops > 1, "the demo's chain needs more than one alliance"
    short = client.get("/chemins", params={"de": "demo:unis-cite", "a": "siren:356000000", "sauts": hops - 1})
    assert 'class="path-chain"' not in short.text
    further = re.search(r'<a class="longer" href="([^"]+)"', short.text)
    assert further is not None
    link = html.unescape(further.group(1))
    assert int(re.search(r"sauts=(\d+)", link).group(1)) > hops - 1  # type: ignore[union-attr]
    longer = client.get(link)
    assert 'class="path-chain"' in longer.text


def test_the_territory_page_says_why_it_counts_more_organisations_than_the_home_page(
    client: TestClient,
) -> None:
    located = sum(client.get("/api/v1/territories/38").json()["data"]["organisations_by_world"].values())
    home = client.get("/").text
    assert f'departement:38">Isère</a> <span class="count">{located} organisations</span>' in home
    summary = client.get("/territoires/38").text.split('<p class="summary">')[1].split("</p>")[0]
    counted = re.match(r"(\d+) organisations \(dont (\d+) partenaires? hors du territoire\)", summary)
    assert counted is not None, summary
    drawn, outside = int(counted.group(1)), int(counted.group(2))
    assert outside > 0 and drawn - outside == located


def test_every_page_uses_one_definition_of_a_public_pass_through_point(client: TestClient) -> None:
    report = client.get("/api/v1/territories/38/analysis/brokerage").json()["data"]
    public = {p["name"] for p in report["pass_through"] if p["world"] in ("collectivite", "etat")}
    others = {p["name"] for p in report["pass_through"]} - public
    assert public == {p["name"] for p in report["pass_through"] if p["public"]}
    for path in ("/territoires/38", "/territoires/38/diagnostic"):
        page = html.unescape(client.get(path).text)
        listed = re.split(r"Points de passage publics</h[23]>", page)[1].split("</ul>")[0]
        assert not [name for name in others if f">{name}</a>" in listed], path
        if others:
            assert "Autres points de passage</h3>" in page, path


def test_the_comparison_compares_children_of_one_level_and_folds_the_empty_ones(client: TestClient) -> None:
    children = client.get("/api/v1/territories/38/comparison").json()["data"]["children"]
    epci = [c for c in children if c["level"] == "epci"]
    communes = [c for c in children if c["level"] == "commune"]
    assert epci and communes, "the demo's Isère has both"
    page = client.get("/territoires/38/comparaison").text
    rows = page.split("<tbody>")[1].split("</tbody>")[0]
    shown = set(re.findall(r'<th scope="row"[^>]*><a href="/territoires/([^"]+)"', rows))
    assert shown == {c["key"] for c in epci if c["organisations"]}
    folded = page.split('<details class="empty-children">')[1].split("</details>")[0]
    assert {c["key"] for c in epci if not c["organisations"]} == set(
        re.findall(r'href="/territoires/([^"]+)"', folded)
    )
    assert "niveau=commune" in page
    by_commune = client.get("/territoires/38/comparaison", params={"niveau": "commune"}).text
    rows = by_commune.split("<tbody>")[1].split("</tbody>")[0]
    assert set(re.findall(r'<th scope="row"[^>]*><a href="/territoires/([^"]+)"', rows)) == {
        c["key"] for c in communes if c["organisations"]
    }


def test_the_diagnostic_opens_on_a_summary_in_words_with_three_numbers(client: TestClient) -> None:
    page = client.get("/territoires/38/diagnostic").text
    sections = re.findall(r'<section class="sheet[^"]*" id="([a-z-]+)"', page)
    assert sections[0] == "summary"
    summary = page.split('id="summary"')[1].split("</section>")[0]
    located = sum(client.get("/api/v1/territories/38").json()["data"]["organisations_by_world"].values())
    communities = client.get("/api/v1/territories/38/analysis/communities").json()["data"]
    cards = communities["cards"]
    concentrated = [c for c in cards if c["verdict"] == "concentrated"]
    numbers = [int(n) for n in re.findall(r"<li><strong>(\d+)</strong>", summary)]
    assert numbers[:2] == [located, len(concentrated)]
    most_closed = min(concentrated, key=lambda c: c["ei_index"])
    assert f"« {most_closed['name']} »" in html.unescape(summary)
    assert not re.search(r"E-I|[Cc]onductance|[Rr]ésolution|[Mm]odularité", re.sub(r"<[^>]+>", " ", summary))
    sentences = summary.split('<ul class="say summary-points">')[1].split("</ul>")[0].count("<li>")
    assert 6 <= sentences <= 8


def test_an_organisation_page_circles_only_members_of_its_home_communities(client: TestClient) -> None:
    """Organisations of the neighbourhood outside the home département's partition get communities
    of their own: none may take the number, hence the card and the halo, of a home community."""
    territory = _graph_data(client.get("/territoires/38").text)
    home_halos = {halo["community"]: set(halo["members"]) for halo in territory["halos"]}
    organisations = client.get("/api/v1/organisations", params={"territory": "38", "limit": 200}).json()
    checked = 0
    for organisation in organisations["data"]["items"]:
        page = _graph_data(client.get(f"/organisations/{organisation['id']}").text)
        for halo in page["halos"]:
            assert set(halo["members"]) <= home_halos.get(halo["community"], set()), (
                organisation["id"],
                halo,
            )
            checked += 1
    assert checked, "some organisation page of Isère circles a concentrated community"


def test_an_organisation_page_says_its_community_in_the_words_of_the_territory_card(
    client: TestClient,
) -> None:
    territory = client.get("/territoires/38").text
    cards = re.findall(
        r'<article class="card concentrated".*?<p class="say">(.*?)</p>.*?<p class="members">[^<]*'
        r'<a href="/organisations/([^"]+)"',
        territory,
        re.S,
    )
    assert cards, "Isère shows a concentrated community"
    for said, member in cards:
        page = client.get(f"/organisations/{member}").text
        before_details = page.split('<details class="measures">')[0]
        assert f'<p class="say">{said}</p>' in before_details, member
        # The analysts' words wait under « Détails de la mesure ».
        words = re.sub(r"<[^>]+>", " ", before_details.split('<p class="say">')[1])
        assert not re.search(r"E-I|[Cc]onductance|non retenue", words), member
