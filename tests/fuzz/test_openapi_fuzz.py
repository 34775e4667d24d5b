"""Schemathesis over the whole OpenAPI description: generated requests, without and with a token.

Every operation gets generated parameters and bodies (valid ones and, through the schema's
negation, invalid ones). Whatever they are, the service must answer without a 5xx, with a status
its OpenAPI declares. The run is derandomised and bounded (``MAILLAGE_FUZZ_EXAMPLES`` per
operation and token, default 40) so that CI takes a few minutes; raise it locally to dig deeper.
The tally of answers lands in ``build/fuzz-summary.json``.
"""

from __future__ import annotations

import json
import os
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from graph_service.api.app import create_app
from graph_service.config import Settings
from graph_service.model import TokenScope
from graph_service.tokens import issue_token
from testkit.backends import database_path, store_from_template

pytestmark = pytest.mark.on_backend
EXAMPLES = int(os.environ.get("MAILLAGE_FUZZ_EXAMPLES", "40"))
SUMMARY = Path(os.environ.get("MAILLAGE_SCREENSHOTS", "build/screenshots")).parent / "fuzz-summary.json"
FUZZ_SETTINGS = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)


@pytest.fixture(scope="module")
def fuzzed_app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[FastAPI, str]]:
    """The app over its own copy of the demo data (writes land there), and an admin secret."""
    folder = tmp_path_factory.mktemp("fuzz")
    with store_from_template(request, "demo", folder) as store:
        secret = issue_token(store, "fuzz", TokenScope.ADMIN)[1]
        config = Settings(
            db_path=database_path(store, folder), data_dir=folder / "data", upload_max_bytes=200_000
        )
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
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]


TALLY: Counter[str] = Counter()
"""Generated requests by answer class, written to ``build/fuzz-summary.json`` at the end."""


@pytest.fixture(scope="module", autouse=True)
def summary() -> Iterator[None]:
    yield
    SUMMARY.parent.mkdir(parents=True, exist_ok=True)
    SUMMARY.write_text(json.dumps({"examples_per_operation": EXAMPLES, **dict(sorted(TALLY.items()))}))


def _fuzz(api_schema: schemathesis.BaseSchema, path: str, method: str, headers: dict[str, str]) -> None:
    operation = api_schema[path][method]

    # Valid requests and, from the schema's negation, invalid ones (wrong types, missing fields).
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE), operation.as_strategy(GenerationMode.NEGATIVE)
    )

    @FUZZ_SETTINGS
    @given(case=cases)
    def generated(case: schemathesis.Case) -> None:
        try:
            response = case.call_and_validate(headers=headers, checks=CHECKS)
        except Exception:
            TALLY["failed checks"] += 1
            raise
        TALLY[f"{response.status_code // 100}xx"] += 1
        TALLY["cases"] += 1

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
