"""Headless Debian Chromium driven by Playwright (no browser download), over a live `maillage serve`.

Chromium comes from the system (`apt-get install chromium`, done by scripts/install_browser.sh);
when it is missing the browser tests are skipped with the reason, except in CI, where they fail.
Screenshots go to ``$MAILLAGE_SCREENSHOTS`` (default ``build/screenshots``).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_service.model import AccountRole
from testkit.accounts import ADMIN, ISERE_CATALYST, account
from testkit.backends import TEST_BACKEND, database_path, open_database, store_from_template
from testkit.chromium import CHROMIUM_FLAGS, chromium_path
from testkit.databases import copy_db
from testkit.hostile import add_hostile_organisation
from testkit.live import live_server
from testkit.money import fund_associations
from testkit.opened_club import plant_opened_club


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    executable = chromium_path()
    if executable is None:
        message = "Chromium is not installed (scripts/install_browser.sh installs Debian's chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def screenshots() -> Path:
    folder = Path(os.environ.get("MAILLAGE_SCREENSHOTS", "build/screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def browser_db(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo plus an organisation named ``<img src=x onerror=alert(1)>`` and a catalyst's
    account for the Isère (``testkit.accounts.ISERE_CATALYST``, ``testkit.accounts.PASSWORD``) and an
    admin's (``testkit.accounts.ADMIN``), on the run's backend.

    On Neo4j the browser tests' servers share the run's one database: the browser modules run one
    after the other, and nothing else restores it while they do."""
    folder = tmp_path_factory.mktemp("browser")
    with store_from_template(request, "demo", folder) as store:
        add_hostile_organisation(store)
        account(store, ISERE_CATALYST, AccountRole.CATALYST, "departement:38")
        account(store, ADMIN, AccountRole.ADMIN)
        return database_path(store, folder)


def _private_copy(browser_db: Path, folder: Path) -> Path:
    """Another server's database: a copy of the file; on Neo4j the same database."""
    return browser_db if TEST_BACKEND == "neo4j" else copy_db(browser_db, folder)


@pytest.fixture(scope="session")
def site(browser_db: Path) -> Iterator[str]:
    with live_server(browser_db) as base:
        yield base


@pytest.fixture(scope="session")
def small_site(browser_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same data with a drawing threshold of 100: Isère opens on its communities."""
    path = _private_copy(browser_db, tmp_path_factory.mktemp("browser-small"))
    with live_server(path, MAILLAGE_VISUAL_MAX_NODES="100") as base:
        yield base


@pytest.fixture(scope="session")
def money_site(browser_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same data with four subsidies of a collectivité of the Isère (testkit.money); drawn,
    never analysed, they change no community of the shared database on Neo4j."""
    path = _private_copy(browser_db, tmp_path_factory.mktemp("browser-money"))
    with open_database(path, read_only=False) as store:
        fund_associations(store)
    with live_server(path) as base:
        yield base


@pytest.fixture(scope="session")
def opened_site(browser_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The same data with a club of Grenoble that a catalyst opened in 2021 (testkit.opened_club).

    On Neo4j the club lands in the shared database: the test that asks for it is the last of the
    browser tests (it is declared last, and pytest keeps that order)."""
    path = _private_copy(browser_db, tmp_path_factory.mktemp("browser-opened"))
    with open_database(path, read_only=False) as store:
        plant_opened_club(store)
    with live_server(path) as base:
        yield base
