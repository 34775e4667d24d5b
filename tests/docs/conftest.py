"""A live demo server for the documentation's examples: `maillage serve` in its own process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from testkit.backends import template_path
from testkit.live import live_server


@pytest.fixture(scope="module")
def demo_server(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo served on a free port; its base URL."""
    folder = tmp_path_factory.mktemp("served")
    with live_server(template_path(request, "demo", folder), timeout=300) as base:
        yield base
