"""Generated addresses for the HTML pages, which the OpenAPI does not describe: whatever the path
and the query, a page answers below 500, as HTML, in the language asked."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_service.api.app import create_app
from graph_service.config import Settings
from testkit.backends import database_path, store_from_template

CODES = st.one_of(
    st.sampled_from(["38", "01", "region:84", "epci:200040715", "38185", "pays:FR", "projet:x", "commune:"]),
    st.text(max_size=40),
)
NUMBERS = st.one_of(st.none(), st.integers(-10, 10**7).map(str), st.text(max_size=6))
LANGUAGES = st.sampled_from([None, "fr", "en", "de", ""])


pytestmark = pytest.mark.on_backend


@pytest.fixture(scope="module")
def client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("pages-fuzz")
    with store_from_template(request, "demo", folder) as store:
        app = create_app(
            Settings(db_path=database_path(store, folder), data_dir=folder / "data"), store=store
        )
        with TestClient(app, raise_server_exceptions=False) as test_client:
            yield test_client


def _query(**values: str | None) -> str:
    return "&".join(f"{key}={quote(value)}" for key, value in values.items() if value is not None)


@settings(
    max_examples=150, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck)
)
@given(
    code=CODES,
    annee=NUMBERS,
    communaute=NUMBERS,
    taille=st.one_of(st.none(), st.sampled_from(["pagerank", "degree", "betweenness", "x"])),
    mode=st.one_of(st.none(), st.sampled_from(["mecenat", "innovation_societale", "nope"])),
    lang=LANGUAGES,
)
def test_territory_pages_never_fail(
    client: TestClient,
    code: str,
    annee: str | None,
    communaute: str | None,
    taille: str | None,
    mode: str | None,
    lang: str | None,
) -> None:
    query = _query(annee=annee, communaute=communaute, taille=taille, mode=mode, lang=lang)
    page = client.get(f"/territoires/{quote(code, safe='')}?{query}")
    assert page.status_code < 500, (code, query, page.text[:300])
    assert page.headers["content-type"].startswith("text/html")
    assert f'<html lang="{"en" if lang == "en" else "fr"}">' in page.text


@settings(
    max_examples=100, derandomize=True, database=None, deadline=None, suppress_health_check=list(HealthCheck)
)
@given(
    identifier=st.one_of(st.sampled_from(["demo:gaia", "siren:356000000", "x"]), st.text(max_size=60)),
    q=st.text(max_size=250),
)
def test_organisation_and_home_pages_never_fail(client: TestClient, identifier: str, q: str) -> None:
    page = client.get(f"/organisations/{quote(identifier, safe='')}")
    assert page.status_code < 500 and page.headers["content-type"].startswith("text/html"), identifier
    home = client.get(f"/?q={quote(q)}")
    assert home.status_code < 500 and home.headers["content-type"].startswith("text/html"), q
