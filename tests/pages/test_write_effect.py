"""What a page write did to the communities: the département's analysis just before the write,
followed to after it, linked from the history."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from graph_service.model import AccountRole
from graph_service.store.port import GraphStore
from testkit.accounts import account, sign_in

CLUB = re.compile(r'<article class="card concentrated"[^>]*>.*?</article>', re.S)


def _club_members(page: str) -> tuple[str, list[str]]:
    """The Matheysine club's name and members, from the Isère page's cards."""
    card = next(c for c in CLUB.findall(page) if "demo:syn-matheysine-" in c)
    name = re.search(r"<h3>.*?<a [^>]*>([^<]+)</a>", card, re.S)
    assert name
    listed = card[card.index('<p class="members">') :]
    members = re.findall(r'href="/organisations/(demo:syn-matheysine-[^"]+)"', listed)
    return name.group(1).strip(), list(dict.fromkeys(members))


def test_the_history_shows_what_an_alliance_did_to_the_club(
    api_store: GraphStore, client: TestClient
) -> None:
    account(api_store, "admin@example.fr", AccountRole.ADMIN)
    csrf = sign_in(client, "admin@example.fr")
    club, members = _club_members(client.get("/territoires/38").text)  # the analysis is now current
    data = {"name": "Pont", "mode": "cooperation_economique", "domains": "", "start": "2026-01-01", "end": "",
            "csrf_token": csrf, "members": f"{members[0]}\n{members[1]}\ndemo:labo-grenoble"}  # fmt: skip
    assert client.post("/alliances/nouvelle", data=data, follow_redirects=False).status_code == 303
    history = client.get("/historique").text
    link = re.search(r'<a class="effect" href="([^"]+)"', history)
    assert link, "the write kept the analysis before it"
    effect = client.get(link.group(1).replace("&amp;", "&"))
    assert effect.status_code == 200 and "Isère" in effect.text
    assert club.replace("'", "&#39;") in effect.text, "the club is named among the communities it changed"
    assert "→" in effect.text, "with its measures before and after"


def test_no_effect_is_shown_when_no_analysis_was_current(api_store: GraphStore, client: TestClient) -> None:
    account(api_store, "admin@example.fr", AccountRole.ADMIN)
    csrf = sign_in(client, "admin@example.fr", then="/compte")
    data = {"name": "Pont", "mode": "mecenat", "domains": "", "start": "", "end": "", "csrf_token": csrf,
            "members": "demo:labo-grenoble\ndemo:gaia"}  # fmt: skip
    assert client.post("/alliances/nouvelle", data=data, follow_redirects=False).status_code == 303
    assert 'class="effect"' not in client.get("/historique").text
    missing = client.get("/historique/effet", params={"run": "web@nothing"})
    assert missing.status_code == 404 and "plus en mémoire" in missing.text
