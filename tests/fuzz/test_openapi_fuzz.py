"""Schemathesis over the whole OpenAPI description: generated requests, without and with a token.

Every operation gets generated parameters and bodies (valid ones and, through the schema's
negation, invalid ones). Whatever they are, the service must answer without a 5xx, with a status
its OpenAPI declares. The run is derandomised and bounded (``MAILLAGE_FUZZ_EXAMPLES`` per
operation and token, default 25) so that CI takes a few minutes; raise it locally to dig deeper.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import status_code_conformance

from graph_service.api.app import create_app
from graph_service.api.auth import issue_token
from graph_service.config import Settings
from graph_service.model import TokenScope
from graph_service.store.embedded import EmbeddedStore
from tests.conftest import copy_db

EXAMPLES = int(os.environ.get("MAILLAGE_FUZZ_EXAMPLES", "25"))
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def fuzzed_app(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FastAPI, str]]:
    """The app over its own copy of the demo data (writes land there), and an admin secret."""
    folder = tmp_path_factory.mktemp("fuzz")
    with EmbeddedStore(copy_db(demo_db, folder)) as store:
        store.init_schema()
        secret = issue_token(store, "fuzz", TokenScope.ADMIN)[1]
        config = Settings(db_path=store.path, data_dir=folder / "data", upload_max_bytes=200_000)
        app = create_app(config, store=store)
        with TestClient(app):  # runs the lifespan: the app holds its analyser
            yield app, secret
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def api_schema(fuzzed_app: tuple[FastAPI, str]) -> schemathesis.BaseSchema:
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", fuzzed_app[0])


# The operations, listed from the app's own description (no store needed to describe it).
OPERATIONS = [
    (result.ok().path, result.ok().method.upper())
    for result in schemathesis.openapi.from_dict(create_app(Settings()).openapi()).get_all_operations()
]
CHECKS = [not_a_server_error, status_code_conformance]


def _fuzz(api_schema: schemathesis.BaseSchema, path: str, method: str, headers: dict[str, str]) -> None:
    operation = api_schema[path][method]

    @FUZZ_SETTINGS
    @given(case=operation.as_strategy())
    def generated(case: schemathesis.Case) -> None:
        case.call_and_validate(headers=headers, checks=CHECKS)

    generated()


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_no_generated_request_gets_a_5xx_without_a_token(
    api_schema: schemathesis.BaseSchema, path: str, method: str
) -> None:
    _fuzz(api_schema, path, method, {})


@pytest.mark.parametrize(("path", "method"), OPERATIONS, ids=[f"{m} {p}" for p, m in OPERATIONS])
def test_no_generated_request_gets_a_5xx_with_an_admin_token(
    api_schema: schemathesis.BaseSchema, fuzzed_app: tuple[FastAPI, str], path: str, method: str
) -> None:
    _fuzz(api_schema, path, method, {"Authorization": f"Bearer {fuzzed_app[1]}"})
