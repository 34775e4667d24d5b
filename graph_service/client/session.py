"""The client's HTTP: one ``httpx.Client`` with the token, retries on 503 and 429 with exponential
backoff (``Retry-After`` when the server gives it), errors raised as
:mod:`graph_service.client.errors`, and the envelope of the last answer kept.

>>> import httpx
>>> calls = []
>>> def server(request):
...     calls.append(request)
...     if len(calls) < 3:
...         return httpx.Response(503, json={"title": "Store unavailable", "status": 503, "detail": "busy"})
...     return httpx.Response(200, json={"data": 1, "provenance": {"snapshot": "run-1"}})
>>> session = ApiSession(httpx.Client(base_url="http://h", transport=httpx.MockTransport(server)),
...                      prefix="/api/v1", backoff=0.0)
>>> session.get("/health").data, len(calls), session.last.snapshot
(1, 3, 'run-1')
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from graph_service.client.errors import error_of

RETRIED_STATUSES = frozenset({429, 503})
MAX_RETRY_WAIT = 30.0
"""Seconds waited at most before one retry, whatever ``Retry-After`` says."""


@dataclass(frozen=True)
class Answer:
    """One answer of the API: its ``data``, and the provenance (backend, data snapshot, parameters)."""

    data: Any
    provenance: dict[str, Any] = field(default_factory=dict)

    @property
    def snapshot(self) -> str | None:
        """The data snapshot the answer was computed on."""
        return self.provenance.get("snapshot")


class ApiSession:
    """GETs on the API with retries; ``last`` is the last answer."""

    def __init__(
        self, http: httpx.Client, *, prefix: str = "", retries: int = 4, backoff: float = 0.5
    ) -> None:
        self.http = http
        self.prefix = prefix.rstrip("/")
        self.retries = retries
        self.backoff = backoff
        self.last: Answer | None = None
        self.headers: dict[str, str] = {}
        """Sent with every request (the token), whatever client carries them."""

    def get(self, path: str, params: dict[str, Any] | None = None) -> Answer:
        """The enveloped answer of ``GET path``; a problem answer is raised."""
        response = self.response("GET", path, params=params)
        body = response.json()
        self.last = Answer(body.get("data"), body.get("provenance") or {})
        return self.last

    def response(self, method: str, path: str, **request: Any) -> httpx.Response:
        """The response to ``method path``, retried while the server says to come back later."""
        for attempt in range(self.retries + 1):
            response = self.http.request(
                method, f"{self.prefix}/{path.lstrip('/')}", headers=self.headers, **request
            )
            if response.status_code not in RETRIED_STATUSES or attempt == self.retries:
                break
            time.sleep(self._wait(response, attempt))
        if response.is_error:
            raise error_of(response)
        return response

    def _wait(self, response: httpx.Response, attempt: int) -> float:
        try:
            told = float(response.headers.get("retry-after", ""))
        except ValueError:
            told = self.backoff * 2**attempt
        return min(max(told, 0.0), MAX_RETRY_WAIT)
