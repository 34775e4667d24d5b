"""What the pages' forms share: sign-in first, the session's CSRF token checked, a model's
validation errors turned into a message per field, and the answer with the pages' policy."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from graph_service.api import browser_session
from graph_service.api.browser_session import SignedIn
from graph_service.model import AccountRole
from graph_service.pages.rendering import CONTENT_SECURITY_POLICY, language_of, link_maker, render
from graph_service.translations import translator


def sign_in_first(request: Request) -> Response:
    """To the sign-in form, which brings the person back to this page. A form posted without a
    session (signed out, or expired meanwhile) is refused with 401 and the link to sign in: a
    write is never answered as if it could go on."""
    to_sign_in = link_maker("fr")("/connexion", suite=request.url.path)
    if request.method == "GET":
        return RedirectResponse(to_sign_in, status_code=303)
    language = language_of(request.query_params.get("lang"))
    t = translator(language)
    html = render(
        "error.html", language=language, path=request.url.path, snapshot="", status=401,
        title=t("signin.title"), explanation=t("signin.needed"), sign_in_link=to_sign_in,
    )  # fmt: skip
    return html_page(html, 401)


def signed_page(
    request: Request, *, editor: bool = False, admin: bool = False, csrf: str | None = None
) -> SignedIn | Response:
    """The signed-in person a page is for, or the way to sign in first. ``editor``: a reader is
    refused (403); ``admin``: anyone but an admin is; ``csrf``: the token a form posted, checked
    against the session's."""
    signed = browser_session.of_page(request)
    if signed is None:
        return sign_in_first(request)
    if admin and signed.user.role is not AccountRole.ADMIN:
        raise HTTPException(403, "this page is an admin's")
    if editor and not signed.user.role.may_edit:
        raise HTTPException(403, "a reader's account reads only")
    if csrf is not None:
        check_form_csrf(signed, csrf)
    return signed


def check_form_csrf(signed: SignedIn, token: str) -> None:
    """403 unless a form sent its session's CSRF token."""
    if not browser_session.csrf_matches(signed.csrf, token):
        raise HTTPException(403, "this form needs the page's CSRF token: reload the page")


def field_errors(
    error: ValidationError, t: Callable[[str], str], prefix: str, fields: set[str], fallback: str
) -> dict[str, str]:
    """A message (``t(f"{prefix}.{field}")``) for each field the model refused; a problem of no
    field of the form is said at ``fallback``."""
    errors: dict[str, str] = {}
    for problem in error.errors():
        field = str(problem["loc"][0]) if problem["loc"] else fallback
        field = field if field in fields else fallback
        errors.setdefault(field, t(f"{prefix}.{field}"))
    return errors


def html_page(html: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(
        html, status_code=status, headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY}
    )


def local_path(path: str, default: str = "/") -> str:
    """Where a form sends the person next: a path of this site only (never ``//other.site``)."""
    return path if path.startswith("/") and not path.startswith("//") and "\\" not in path else default
