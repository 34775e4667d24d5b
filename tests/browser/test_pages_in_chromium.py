"""The pages in a real headless Chromium: the network is drawn and settles, the legend and cards
are there, clicks drill down, names are never run as markup, and the console stays clean."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from testkit.hostile import HOSTILE, HOSTILE_ID

pytestmark = pytest.mark.on_backend

READY = "#network[data-ready=true]"


class Watched:
    """A page whose console errors, failed requests and dialogs are recorded."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", lambda message: self._console(message))
        page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        page.on("requestfailed", lambda request: self.errors.append(f"failed: {request.url}"))
        page.on("dialog", lambda dialog: (self.dialogs.append(dialog.message), dialog.dismiss()))

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"console {message.type}: {message.text}")

    def open(self, url: str) -> None:
        self.page.goto(url)
        self.page.wait_for_selector(READY, state="attached", timeout=90_000)

    def drawn(self) -> dict[str, Any]:
        return self.page.evaluate(
            """() => {
                const m = window.maillage;
                return {
                  positions: m.network.getPositions(),
                  nodes: m.nodes.length,
                  physics: m.network.physics.physicsEnabled,
                  kind: document.getElementById('network').dataset.kind,
                };
            }"""
        )


@pytest.fixture
def watched(browser: Any) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    yield Watched(context.new_page())
    context.close()


def _ecosystem_ids(site: str, code: str) -> set[str]:
    data = httpx.get(f"{site}/api/v1/territories/{code}/ecosystem", timeout=60).json()["data"]
    return {o["id"] for o in data["organisations"]}


def test_territory_page_draws_the_whole_ecosystem_and_stops_physics(
    site: str, watched: Watched, screenshots: Path
) -> None:
    watched.open(f"{site}/territoires/38")
    drawn = watched.drawn()
    assert set(drawn["positions"]) == _ecosystem_ids(site, "38")
    assert drawn["physics"] is False, "physics stop once the layout has settled"
    xs = [p["x"] for p in drawn["positions"].values()]
    assert max(xs) - min(xs) > 100, "nodes are spread over the canvas"
    page = watched.page
    assert page.locator("#legend").is_visible()
    assert page.locator(".card.concentrated").count() >= 1
    assert page.locator("#introductions li").count() >= 1
    # Settled means settled: positions do not move any more.
    page.wait_for_timeout(500)
    assert watched.drawn()["positions"] == drawn["positions"]
    page.screenshot(path=screenshots / "territoire-isere.png")
    assert watched.errors == []


def test_the_same_page_gives_the_same_picture(site: str, watched: Watched) -> None:
    watched.open(f"{site}/territoires/38?mode=innovation_societale")
    first = watched.drawn()["positions"]
    watched.open(f"{site}/territoires/38?mode=innovation_societale")
    assert watched.drawn()["positions"] == first


def test_world_filter_hides_and_focus_box_selects(site: str, watched: Watched) -> None:
    watched.open(f"{site}/territoires/38")
    page = watched.page
    companies = page.evaluate(
        "() => Object.values(JSON.parse(document.getElementById('graph-data').textContent).details)"
        ".filter(d => d.world === 'Entreprise').length"
    )
    assert companies > 0
    page.locator(".world-filter[value='Entreprise']").uncheck()
    hidden = page.evaluate("() => window.maillage.nodes.get({filter: n => n.hidden}).length")
    assert hidden == companies
    page.fill("#focus", "Laboratoire")
    name = page.evaluate(
        "() => Object.values(JSON.parse(document.getElementById('graph-data').textContent).details)"
        ".map(d => d.name).find(n => n.startsWith('Labo'))"
    )
    page.fill("#focus", name)
    page.dispatch_event("#focus", "change")
    selected = page.evaluate("() => window.maillage.network.getSelectedNodes()")
    assert len(selected) == 1
    assert page.locator("#selection").inner_text().startswith(name)
    assert watched.errors == []


def test_a_hostile_name_shows_as_text_and_runs_nothing(
    site: str, watched: Watched, screenshots: Path
) -> None:
    watched.open(f"{site}/organisations/{HOSTILE_ID}")
    page = watched.page
    assert HOSTILE in page.locator("h1").inner_text()
    assert page.locator("img[src=x]").count() == 0
    watched.open(f"{site}/territoires/38")
    page.fill("#focus", HOSTILE)
    page.dispatch_event("#focus", "change")
    assert page.locator("#selection").inner_text().startswith(HOSTILE)
    # The tooltip vis-network shows on hover is built from text nodes too.
    tooltip = page.evaluate(f"() => window.maillage.nodes.get({HOSTILE_ID!r}).title.textContent")
    assert tooltip.startswith(HOSTILE)
    assert page.locator("img[src=x]").count() == 0
    page.wait_for_timeout(300)
    assert watched.dialogs == []
    page.screenshot(path=screenshots / "nom-hostile.png")
    assert watched.errors == []


def test_organisation_page_draws_its_two_step_network(site: str, watched: Watched, screenshots: Path) -> None:
    watched.open(f"{site}/organisations/demo:labo-grenoble")
    neighbours = httpx.get(
        f"{site}/api/v1/organisations/demo:labo-grenoble/neighbours", params={"depth": 2}, timeout=60
    ).json()["data"]
    drawn = watched.drawn()
    assert set(drawn["positions"]) == {o["id"] for o in neighbours["organisations"]}
    assert "demo:labo-grenoble" in drawn["positions"]
    assert watched.page.locator("#alliances li").count() >= 1
    assert watched.page.locator("#community").is_visible()
    watched.page.screenshot(path=screenshots / "organisation.png")
    assert watched.errors == []


def test_home_page_searches_and_links_to_territories(site: str, watched: Watched, screenshots: Path) -> None:
    page = watched.page
    page.goto(f"{site}/")
    page.fill("input[name=q]", "Grenoble")
    page.press("input[name=q]", "Enter")
    page.wait_for_selector(".results")
    page.screenshot(path=screenshots / "accueil.png")
    page.click("a[href='/territoires/commune:38185']")
    page.wait_for_selector(READY, state="attached", timeout=90_000)
    assert "Grenoble" in page.locator("h1").inner_text()
    assert watched.errors == []


def test_large_territory_opens_on_communities_and_a_click_drills_in(
    small_site: str, watched: Watched, screenshots: Path
) -> None:
    watched.open(f"{small_site}/territoires/38")
    drawn = watched.drawn()
    assert drawn["kind"] == "communities"
    assert all(node.startswith("community:") for node in drawn["positions"])
    watched.page.screenshot(path=screenshots / "isere-communautes.png")
    page = watched.page
    point = page.evaluate(
        """() => {
            const network = window.maillage.network;
            const position = network.getPositions(['community:0'])['community:0'];
            const dom = network.canvasToDOM(position);
            const box = document.getElementById('network').getBoundingClientRect();
            return {x: box.left + dom.x, y: box.top + dom.y};
        }"""
    )
    with page.expect_navigation():
        page.mouse.click(point["x"], point["y"])
    page.wait_for_selector(READY, state="attached", timeout=90_000)
    assert "communaute=0" in page.url
    opened = watched.drawn()
    assert opened["kind"] == "organisations"
    membership = httpx.get(f"{small_site}/api/v1/territories/38/analysis/communities", timeout=60).json()[
        "data"
    ]["membership"]
    assert set(opened["positions"]) <= {i for i, c in membership.items() if c == 0}
    page.screenshot(path=screenshots / "isere-communaute-0.png")
    assert watched.errors == []


def test_png_download_is_the_canvas(site: str, watched: Watched) -> None:
    watched.open(f"{site}/territoires/38")
    with watched.page.expect_download() as download:
        watched.page.click("#download-png")
    saved = download.value.path()
    assert saved is not None
    assert Path(saved).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_api_docs_render_offline(site: str, browser: Any) -> None:
    context = browser.new_context()
    # Anything not served by the site itself is cut off, as on a machine without internet.
    context.route(
        "**/*", lambda route: route.continue_() if route.request.url.startswith(site) else route.abort()
    )
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(f"{site}/docs")
    page.wait_for_selector(".opblock", timeout=30_000)
    assert page.locator(".opblock").count() > 10
    assert all(url.startswith(site) or url.startswith("data:") for url in asked), asked
    context.close()


def test_the_comparison_table_sorts_by_any_column(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{site}/territoires/38/comparaison")
    rows = page.locator("#comparison tbody tr")
    assert rows.count() >= 3

    def column(index: int) -> list[float]:
        return [
            float(v)
            for v in page.eval_on_selector_all(
                f"#comparison tbody tr > :nth-child({index})", "cells => cells.map(c => c.dataset.value)"
            )
        ]

    organisations = column(2)
    assert organisations == sorted(organisations, reverse=True), "served largest first"
    page.click("#comparison thead th:nth-child(2) button")
    assert column(2) == sorted(organisations)
    assert page.get_attribute("#comparison thead th:nth-child(2)", "aria-sort") == "ascending"
    page.click("#comparison thead th:nth-child(2) button")
    assert column(2) == sorted(organisations, reverse=True)
    page.click("#comparison thead th:nth-child(1) button")
    in_order = page.evaluate(
        """() => {
            const names = [...document.querySelectorAll('#comparison tbody th')].map(c => c.dataset.value);
            return names.every((n, i) => i === 0 || names[i - 1].localeCompare(n, 'fr') <= 0);
        }"""
    )
    assert in_order, "sorted by name, as French sorts them"
    assert not watched.errors, watched.errors


def test_the_diagnostic_prints_to_an_a4_pdf_with_every_section(site: str) -> None:
    from pypdf import PdfReader

    answer = httpx.get(f"{site}/territoires/38/diagnostic?format=pdf", timeout=180)
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(answer.content))
    pages = [page.extract_text() for page in reader.pages]
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842), "A4 in points"
    text = "\n".join(pages)
    for heading in (
        "Qui est là", "Les communautés du territoire", "Communautés concentrées", "Grappes locales fermées",
        "Points de passage publics", "Mondes et territoires qui se rencontrent", "Organisations isolées",
        "Mises en relation suggérées", "Évolution depuis", "Sources",
    ):  # fmt: skip
        assert heading in text, heading
    # The themes that start on a new sheet open their page; nothing of the navigation is printed.
    starts = [page.strip().splitlines()[0] for page in pages if page.strip()]
    for heading in ("Communautés concentrées", "Points de passage publics", "Mises en relation suggérées"):
        assert any(line.startswith(heading) for line in starts), (heading, starts)
    assert 4 <= len(pages) <= 12, f"{len(pages)} pages: the issue allows at most 12 for Isère"
    assert "Télécharger en PDF" not in text and "English" not in pages[0]


HALOS = """() => {
    const m = window.maillage;
    m.network.redraw();
    const box = document.getElementById('network').getBoundingClientRect();
    const positions = m.network.getPositions();
    return {
        width: box.width,
        height: box.height,
        halos: m.halos.map(h => {
            const members = new Set(h.members);
            const covered = Object.keys(positions).filter(id => !members.has(id) && h.members.some(
                k => Math.hypot(positions[k].x - positions[id].x, positions[k].y - positions[id].y) < h.pad));
            return {label: h.label, box: h.box, members: h.members.length, covered: covered.length};
        }),
    };
}"""


@pytest.mark.parametrize("zoom", [1.0, 3.0])
def test_halos_cover_their_members_only_and_labels_stay_on_the_canvas_apart(
    site: str, watched: Watched, zoom: float
) -> None:
    watched.open(f"{site}/territoires/38")
    page = watched.page
    if zoom != 1.0:
        page.evaluate(
            f"() => window.maillage.network.moveTo({{scale: window.maillage.network.getScale() * {zoom}}})"
        )
    drawn = page.evaluate(HALOS)
    halos = drawn["halos"]
    assert halos, "the Isère has concentrated communities"
    shown = [h["box"] for h in halos if h["box"]]
    assert shown, "at least one label is drawn"
    for box in shown:
        assert box["left"] >= 0 and box["right"] <= drawn["width"], box
        assert box["top"] >= 0 and box["bottom"] <= drawn["height"], box
    for i, a in enumerate(shown):
        for b in shown[i + 1 :]:
            apart = (
                a["right"] <= b["left"]
                or b["right"] <= a["left"]
                or a["bottom"] <= b["top"]
                or b["bottom"] <= a["top"]
            )
            assert apart, (a, b)
    # A halo is the union of discs around its members: it reaches no organisation that is not one,
    # unless the layout put that organisation right against a member.
    for halo in halos:
        assert halo["covered"] <= max(1, halo["members"] // 10), halo
    assert watched.errors == []


LABEL_BOXES = """() => {
    const m = window.maillage;
    const scale = m.network.getScale();
    const shown = m.nodes.get({filter: n => !n.hidden});
    const shapes = shown.map(n => {
        const body = m.network.body.nodes[n.id];
        const r = body.options.size;
        return {id: n.id, left: body.x - r, right: body.x + r, top: body.y - r, bottom: body.y + r};
    });
    const labels = shown.filter(n => n.label && n.label.trim()).map(n => {
        const body = m.network.body.nodes[n.id];
        const s = body.labelModule.size;
        const shift = body.labelModule.fontOptions.vadjust || 0;
        return {id: n.id, left: s.left, right: s.left + s.width, top: s.top + shift,
                bottom: s.top + s.height + shift,
                screen_px: body.labelModule.fontOptions.size * scale};
    });
    const rect = document.getElementById("network").getBoundingClientRect();
    const corner = m.network.DOMtoCanvas({x: 0, y: 0});
    const far = m.network.DOMtoCanvas({x: rect.width, y: rect.height});
    const halos = (m.halos || []).filter(h => h.box).map(h => {
        const a = m.network.DOMtoCanvas({x: h.box.left, y: h.box.top});
        const b = m.network.DOMtoCanvas({x: h.box.right, y: h.box.bottom});
        return {left: a.x, top: a.y, right: b.x, bottom: b.y};
    });
    return {shapes, labels, halos, view: {left: corner.x, top: corner.y, right: far.x, bottom: far.y}};
}"""


def _apart(a: dict[str, float], b: dict[str, float]) -> bool:
    return (
        a["right"] <= b["left"]
        or b["right"] <= a["left"]
        or a["bottom"] <= b["top"]
        or b["bottom"] <= a["top"]
    )


def _labels_apart(drawn: dict[str, Any]) -> None:
    labels, shapes, view = drawn["labels"], drawn["shapes"], drawn["view"]
    for label in labels:
        assert view["left"] - 1 <= label["left"] and label["right"] <= view["right"] + 1, (label, view)
        assert view["top"] - 1 <= label["top"] and label["bottom"] <= view["bottom"] + 1, (label, view)
    for label in labels:
        assert label["screen_px"] >= 12, label
        for shape in shapes:
            assert shape["id"] == label["id"] or _apart(label, shape), (label, shape)
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            assert _apart(a, b), (a, b)
        for halo in drawn["halos"]:
            assert _apart(a, halo), ("a community's name covers it", a, halo)


def _named_share(drawn: dict[str, Any]) -> float:
    view = drawn["view"]
    seen = [
        s
        for s in drawn["shapes"]
        if view["left"] <= s["left"] and s["right"] <= view["right"]
        if view["top"] <= s["top"] and s["bottom"] <= view["bottom"]
    ]
    return len(drawn["labels"]) / max(1, len(seen))


@pytest.mark.parametrize(
    ("path", "fewest"),
    # The Isère's 594 organisations fill the canvas at the default zoom: the names that fit are few,
    # the communities' names say the rest, and zooming in shows more.
    [("/territoires/38", 1), ("/organisations/demo:labo-grenoble", 3), ("/territoires/38?communaute=0", 3)],
)
def test_node_labels_are_readable_and_cover_no_node_nor_each_other_at_the_default_zoom(
    site: str, watched: Watched, path: str, fewest: int
) -> None:
    watched.open(site + path)
    page = watched.page
    drawn = page.evaluate(LABEL_BOXES)
    assert len(drawn["labels"]) >= fewest, "a few names stay readable"
    _labels_apart(drawn)
    # Zoomed in, the same names stay readable and more of them fit, still apart.
    before = page.evaluate("() => window.maillage.labels")
    page.evaluate(
        "() => window.maillage.network.moveTo({scale: window.maillage.network.getScale() * 4,"
        " animation: {duration: 50}})"
    )
    page.wait_for_function(f"() => window.maillage.labels.scale > {before['scale']} * 3", timeout=10_000)
    zoomed = page.evaluate(LABEL_BOXES)
    assert _named_share(zoomed) > _named_share(drawn), (
        "zoomed in, a larger share of the nodes in view is named"
    )
    _labels_apart(zoomed)
    assert watched.errors == []


FIRST_SCREEN_TEXT = """() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const seen = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.textContent.trim()) continue;
        const range = document.createRange();
        range.selectNodeContents(node);
        const visible = [...range.getClientRects()].some(r => r.height > 0 && r.top < window.innerHeight);
        if (visible) seen.push(node.textContent.trim());
    }
    return seen.join(" | ");
}"""
MEASURE_NAMES = ("e-i", "conductance", "résolution", "modularité")


@pytest.mark.parametrize(
    ("path", "picture"),
    [
        ("/territoires/38", "territoire-premier-ecran.png"),
        ("/territoires/38/diagnostic", "diagnostic-premier-ecran.png"),
    ],
)
def test_the_first_screen_speaks_plain_french_without_measure_names(
    site: str, browser: Any, screenshots: Path, path: str, picture: str
) -> None:
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.goto(site + path)
    if path == "/territoires/38":
        page.wait_for_selector(READY, state="attached", timeout=90_000)
    text = page.evaluate(FIRST_SCREEN_TEXT)
    page.screenshot(path=screenshots / picture)
    context.close()
    assert len(text) > 200, text
    found = [name for name in MEASURE_NAMES if name in text.lower()]
    assert not found, (found, text)


def test_the_path_form_completes_names_and_draws_a_path(site: str, watched: Watched) -> None:
    page = watched.page
    page.goto(f"{site}/")
    for field, name in (("#path-from", "Unis-Cit"), ("#path-to", "Groupe La Pos")):
        page.fill(field, name)
        option = f"{field}-list option"
        page.wait_for_function(f"() => document.querySelectorAll('{option}').length > 0", timeout=10_000)
        completed = page.eval_on_selector_all(option, "options => options.map(o => o.value)")
        page.fill(field, completed[0])
        page.dispatch_event(field, "input")
        page.wait_for_function(f"() => document.querySelector('{field}-id').value !== ''", timeout=10_000)
    assert page.input_value("#path-from-id") == "demo:unis-cite"
    page.click("form.path-form button[type=submit]")
    page.wait_for_selector("svg.path-chain", timeout=30_000)
    assert page.locator("svg.path-chain").count() >= 1
    assert "Groupe La Poste" in page.inner_text("#paths")
    assert watched.errors == []


def test_subsidies_are_drawn_dashed_and_the_legend_hides_them(
    money_site: str, watched: Watched, screenshots: Path
) -> None:
    # A fresh server's refresher analyses meanwhile: a read may take more than httpx's 5 s default.
    ties = httpx.get(
        f"{money_site}/api/v1/territories/38/ecosystem?include_open_data=true", timeout=120
    ).json()["data"]["open_data_ties"]
    assert len(ties) == 4
    watched.open(f"{money_site}/territoires/38")
    page = watched.page
    dashed = "() => window.maillage.edges.get({filter: e => e.money && e.dashes && !e.hidden}).length"
    assert page.evaluate(dashed) == 4
    page.locator("#money-filter").uncheck()
    assert page.evaluate(dashed) == 0
    page.locator("#money-filter").check()
    assert page.evaluate(dashed) == 4
    # A funded association's page draws its funder, dashed.
    watched.open(f"{money_site}/organisations/{ties[0]['target_id']}")
    assert page.evaluate(dashed) == 1
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.screenshot(path=screenshots / "organisation-financee.png", full_page=True)
    assert watched.errors == []


def test_since_a_year_the_page_shows_the_opened_club_and_its_new_ties(
    opened_site: str, watched: Watched, screenshots: Path
) -> None:
    from visual.style import NEW_SINCE

    watched.open(f"{opened_site}/territoires/38?depuis=2019")
    page = watched.page
    assert page.locator("#change li.status-opened").count() >= 1
    new_ties = page.evaluate(
        f"() => window.maillage.edges.get().filter(e => e.color && e.color.color === '{NEW_SINCE}').length"
    )
    assert new_ties >= 24, "the club's 24 opening ties are drawn in magenta"
    page.screenshot(path=screenshots / "territoire-isere-depuis-2019.png")
    assert watched.errors == []


def _funded_pages(money_site: str) -> list[str]:
    """The funder's and a funded association's pages, and the territory with its funding panel."""
    # A fresh server's refresher analyses meanwhile: a read may take more than httpx's 5 s default.
    ties = httpx.get(
        f"{money_site}/api/v1/territories/38/ecosystem?include_open_data=true", timeout=120
    ).json()["data"]["open_data_ties"]
    return [
        f"{money_site}/territoires/38",
        f"{money_site}/territoires/38/diagnostic",
        f"{money_site}/organisations/{ties[0]['source_id']}",
        f"{money_site}/organisations/{ties[0]['target_id']}",
    ]


@pytest.mark.parametrize("width", [1280, 1440])
def test_no_page_is_wider_than_the_window(site: str, money_site: str, browser: Any, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    demo = [
        f"{site}{path}"
        for path in (
            "/territoires/38",
            "/territoires/38/comparaison",
            "/territoires/38/comparaison?niveau=commune",
            "/territoires/38/diagnostic",
            "/organisations/demo:labo-grenoble",
            "/methode",
        )
    ]
    try:
        for path in demo + _funded_pages(money_site):
            page.goto(path)
            wide = page.evaluate(
                """() => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                    .slice(0, 5).map(e => e.tagName + '.' + e.className)"""
            )
            assert page.evaluate("() => document.documentElement.scrollWidth") <= width, (path, wide)
            assert wide == [], (path, wide)
    finally:
        context.close()
