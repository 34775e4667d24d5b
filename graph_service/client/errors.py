"""What the client raises when the API answers an error: one exception per problem, built from the
problem+json body (RFC 9457) the server sends.

>>> import httpx
>>> answer = httpx.Response(404, json={"title": "Not Found", "status": 404,
...     "detail": "territory 'x' not found"}, request=httpx.Request("GET", "http://h/api/v1/territories/x"))
>>> error = error_of(answer)
>>> type(error).__name__, error.status, str(error)
('NotFoundError', 404, "404 Not Found: territory 'x' not found (GET /api/v1/territories/x)")
"""

from __future__ import annotations

from typing import Any

import httpx


class MaillageApiError(Exception):
    """An error answer of the Maillage API: its status, title, detail and, for 422, the invalid
    parameters (``errors``)."""

    def __init__(self, status: int, title: str, detail: str, errors: list[dict[str, Any]] | None, where: str):
        self.status = status
        self.title = title
        self.detail = detail
        self.errors = errors or []
        self.where = where
        super().__init__(f"{status} {title}: {detail} ({where})")


class BadRequestError(MaillageApiError):
    """400: the request could not be read."""


class UnauthorizedError(MaillageApiError):
    """401: no token, or an unknown, revoked or expired one."""


class ForbiddenError(MaillageApiError):
    """403: the token's scope does not allow this."""


class NotFoundError(MaillageApiError):
    """404: no such territory, organisation, alliance or token."""


class ConflictError(MaillageApiError):
    """409: it already exists, or changed since."""


class TooLargeError(MaillageApiError):
    """413: the body is larger than the server accepts."""


class InvalidInputError(MaillageApiError):
    """422: a parameter is invalid; ``errors`` says which."""


class TooManyRequestsError(MaillageApiError):
    """429: too many wrong tokens from this address; retried after ``Retry-After``."""


class UnavailableError(MaillageApiError):
    """503: the store cannot be reached (retried with backoff before this is raised)."""


class ServerError(MaillageApiError):
    """500: a bug of the server, logged there."""


_BY_STATUS: dict[int, type[MaillageApiError]] = {
    400: BadRequestError,
    401: UnauthorizedError,
    403: ForbiddenError,
    404: NotFoundError,
    409: ConflictError,
    413: TooLargeError,
    422: InvalidInputError,
    429: TooManyRequestsError,
    503: UnavailableError,
}


def error_of(response: httpx.Response) -> MaillageApiError:
    """The exception for an error ``response``, its words from the problem body when there is one."""
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    status = response.status_code
    kind = _BY_STATUS.get(status, ServerError if status >= 500 else MaillageApiError)
    request = response.request
    return kind(
        status,
        str(body.get("title") or response.reason_phrase),
        str(body.get("detail") or response.text[:200]),
        body.get("errors") if isinstance(body.get("errors"), list) else None,
        f"{request.method} {request.url.path}",
    )
