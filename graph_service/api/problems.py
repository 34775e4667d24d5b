"""RFC 9457 problem details: every error the API answers is ``application/problem+json``.

Maillage's errors map to statuses here, in one place: NotFound → 404, InvalidInput → 422,
StoreUnavailable → 503. Anything else is a bug and answers 500 without leaking internals.
"""

from __future__ import annotations

import logging
from typing import Any, cast

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from graph_service.errors import ConstraintViolation, InvalidInput, MaillageError, NotFound, StoreUnavailable

PROBLEM_JSON = "application/problem+json"
logger = logging.getLogger("maillage.api")

_STATUS: list[tuple[type[MaillageError], int, str]] = [
    (NotFound, 404, "Not Found"),
    (InvalidInput, 422, "Invalid input"),
    (ConstraintViolation, 409, "Conflict"),
    (StoreUnavailable, 503, "Store unavailable"),
]


def problem(status: int, title: str, detail: str, **extra: Any) -> JSONResponse:
    """A problem+json response."""
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, **extra}
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def status_of(error: MaillageError) -> tuple[int, str]:
    """The HTTP status and title of one of Maillage's errors; 500 for a bug."""
    for kind, status, title in _STATUS:
        if isinstance(error, kind):
            return status, title
    return 500, "Internal error"


async def _maillage_error(request: Request, error: Exception) -> JSONResponse:
    status, title = status_of(cast(MaillageError, error))
    if status < 500 or status == 503:
        return problem(status, title, str(error))
    logger.exception("internal error on %s", request.url.path, exc_info=error)
    return problem(500, "Internal error", "the server failed; the error was logged")


async def _validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)
    errors = [
        {"location": ".".join(str(part) for part in e["loc"]), "message": e["msg"], "input": e.get("input")}
        for e in error.errors()
    ]
    detail = "; ".join(f"{e['location']}: {e['message']}" for e in errors)
    return problem(422, "Invalid request", detail, errors=jsonable(errors))


async def _http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, StarletteHTTPException)
    return problem(error.status_code, _title(error.status_code), str(error.detail))


async def _unexpected(request: Request, error: Exception) -> JSONResponse:
    logger.exception("internal error on %s", request.url.path, exc_info=error)
    return problem(500, "Internal error", "the server failed; the error was logged")


def _title(status: int) -> str:
    from http import HTTPStatus

    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def jsonable(value: Any) -> Any:
    """Inputs echoed back in errors, made JSON-safe."""
    from fastapi.encoders import jsonable_encoder

    try:
        return jsonable_encoder(value)
    except (TypeError, ValueError):
        return str(value)


def install_problem_handlers(app: FastAPI) -> None:
    app.add_exception_handler(MaillageError, _maillage_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)
