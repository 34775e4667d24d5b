"""Every error the service answers, in one place: problem+json for the API, a French page for pages.

Maillage's errors map to statuses here: NotFound → 404, InvalidInput → 422, ConstraintViolation
→ 409, StoreUnavailable → 503. Anything else is a bug: it answers 500 without leaking internals,
and is logged. A request for a page (any path outside ``/api/`` and ``/static/``) gets the same
status as an HTML page in French, or English with ``?lang=en``.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph_service.errors import (
    ConstraintViolation,
    InvalidInput,
    MaillageError,
    NotFound,
    RendererUnavailable,
    StoreError,
    StoreUnavailable,
)
from graph_service.pages.rendering import CONTENT_SECURITY_POLICY, language_of, render
from graph_service.translations import WORDS, translator

PROBLEM_JSON = "application/problem+json"
API_PREFIXES = ("/api/", "/static/", "/docs", "/redoc")
logger = logging.getLogger("maillage.api")

_STATUS: list[tuple[type[MaillageError], int, str]] = [
    (NotFound, 404, "Not Found"),
    (InvalidInput, 422, "Invalid input"),
    (ConstraintViolation, 409, "Conflict"),
    (StoreUnavailable, 503, "Store unavailable"),
    (RendererUnavailable, 503, "Renderer unavailable"),
]
BUG_DETAIL = "the server failed; the error was logged"


class Problem(BaseModel):
    """An RFC 9457 problem: what went wrong, in a sentence a person can act on."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[dict[str, Any]] | None = Field(
        default=None, description="for 422: each invalid parameter with its location and message"
    )


ERROR_STATUSES = {
    400: "the body cannot be parsed (not JSON, or broken multipart)",
    401: "no token or session, or an unknown, revoked or expired one (writes; reads when closed)",
    403: "the token's scope or the user's role and territories do not allow this, or no CSRF token",
    404: "the territory, organisation, alliance or token does not exist",
    409: "it already exists (use PUT to change it)",
    413: "the body is larger than the server accepts",
    415: "not a native file type",
    422: "a parameter or the body is invalid; `errors` says which",
    429: "too many wrong tokens from this address: `Retry-After` says when to try again",
    500: "a bug; the error was logged",
    503: "the store cannot be reached or its file is damaged, or a PDF cannot be rendered here",
}
API_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": Problem, "description": text, "content": {PROBLEM_JSON: {}}}
    for status, text in ERROR_STATUSES.items()
}
"""Every error status an API route can answer, for the OpenAPI description."""


class EncodableJSONResponse(JSONResponse):
    """JSON as UTF-8, or as ASCII escapes when the body holds text UTF-8 cannot encode (an unpaired
    surrogate a client sent, echoed in its error): an error answer is always sent."""

    def render(self, content: Any) -> bytes:
        try:
            return super().render(content)
        except UnicodeEncodeError:
            return json.dumps(content, ensure_ascii=True, allow_nan=False, separators=(",", ":")).encode(
                "ascii"
            )


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    """A problem+json response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return EncodableJSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def status_of(error: MaillageError) -> tuple[int, str]:
    """The HTTP status and title of one of Maillage's errors; 500 for a bug."""
    for kind, status, title in _STATUS:
        if isinstance(error, kind):
            return status, title
    return 500, "Internal error"


def title_of(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def wants_page(path: str) -> bool:
    """Whether a path is one of the HTML pages (errors there answer HTML, not JSON)."""
    return not path.startswith(API_PREFIXES) and path != "/api"


def error_page(request: Request, status: int, detail: str, missing: NotFound | None = None) -> HTMLResponse:
    """The error as a page in the request's language (French unless ``?lang=en``); what is missing
    is named in that language, and the server's own "Not Found" says nothing the title does not."""
    language = language_of(request.query_params.get("lang"))
    word = translator(language)
    if missing is not None:
        kind = f"notfound.{missing.kind}" if f"notfound.{missing.kind}" in WORDS else "notfound.other"
        detail = f"{word(kind)} « {missing.key} »"
    elif status == 404 and detail == HTTPStatus.NOT_FOUND.phrase:
        detail = ""
    title_key = f"error.{status}" if f"error.{status}" in WORDS else "error.other"
    explanation_key = f"error.explain.{status}"
    try:
        snapshot = request.app.state.store.snapshot_id()
    except (MaillageError, AttributeError):
        snapshot = "?"
    html = render(
        "error.html",
        language=language,
        path=request.url.path,
        snapshot=snapshot,
        query_params=dict(request.query_params),
        status=status,
        title=word(title_key),
        explanation=word(explanation_key) if explanation_key in WORDS else "",
        detail=detail,
    )
    return HTMLResponse(
        html, status_code=status, headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY}
    )


def answer(
    request: Request, status: int, title: str, detail: str, missing: NotFound | None = None, **extra: Any
) -> Response:
    """An error in the form the request expects: a page for pages, problem+json otherwise."""
    if wants_page(request.url.path):
        return error_page(request, status, detail, missing)
    return problem(status, title, detail, **extra)


def bug(request: Request, error: BaseException) -> Response:
    """An unexpected error: logged with its traceback, answered without internals."""
    logger.error("internal error on %s", request.url.path, exc_info=error)
    return answer(request, 500, "Internal error", BUG_DETAIL)


async def _maillage_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, MaillageError)
    status, title = status_of(error)
    if status == 500:
        if isinstance(error, StoreError):
            # A store failure that is not "unavailable" still deserves its one line in the log.
            logger.error("store error on %s: %s", request.url.path, error)
        return bug(request, error)
    return answer(request, status, title, str(error), error if isinstance(error, NotFound) else None)


async def _validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    errors = [
        {
            "location": ".".join(str(part) for part in e["loc"]),
            "message": e["msg"],
            "input": echo(e.get("input")),
        }
        for e in error.errors()[:MAX_ERRORS]
    ]
    detail = "; ".join(f"{e['location']}: {e['message']}" for e in errors)
    return answer(request, 422, "Invalid request", detail, errors=errors)


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    response = answer(request, error.status_code, title_of(error.status_code), str(error.detail))
    for name, value in (error.headers or {}).items():
        response.headers[name] = value
    return response


MAX_ERRORS = 50
"""Validation errors listed in one answer: a body with thousands of bad values gets the first ones."""
MAX_ECHO_CHARACTERS = 500


def echo(value: Any) -> Any:
    """An input echoed back in a validation error, JSON-safe and short: a long text is cut, a
    large list or object is described by its size rather than sent back whole.

    >>> echo("ok"), echo(["x"] * 10_000), echo("é" * 600)[-2:]
    ('ok', 'a list of 10,000 items (not echoed)', 'é…')
    """
    shown = jsonable(value)
    if isinstance(shown, str):
        return shown if len(shown) <= MAX_ECHO_CHARACTERS else shown[:MAX_ECHO_CHARACTERS] + "…"
    if len(json.dumps(shown, ensure_ascii=False, default=str)) <= MAX_ECHO_CHARACTERS:
        return shown
    if isinstance(shown, list):
        return f"a list of {len(shown):,} items (not echoed)"
    if isinstance(shown, dict):
        return f"an object of {len(shown):,} fields (not echoed)"
    return str(shown)[:MAX_ECHO_CHARACTERS] + "…"


def jsonable(value: Any) -> Any:
    """Inputs echoed back in errors, made JSON-safe."""
    try:
        return jsonable_encoder(value)
    except (TypeError, ValueError):
        return str(value)


def install_problem_handlers(app: FastAPI) -> None:
    # Unexpected exceptions are caught by ``middleware.CatchAll`` instead of a handler for
    # ``Exception``: Starlette re-raises after such a handler, which closes keep-alive connections.
    app.add_exception_handler(MaillageError, _maillage_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
