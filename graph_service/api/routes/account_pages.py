"""Sign-in, sign-out and the one-time link that sets a password: pages that work without
JavaScript, open even when reads are closed.

Every form carries a CSRF token: the session's once signed in, a double-submit cookie's before.
Sign-in answers the same for an unknown e-mail and a wrong password (no account enumeration), and
too many failures lock the account and the address out for a while
(:data:`SIGN_IN_WINDOW_SECONDS`), said so on the page with a 429.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from graph_service.accounts import MAX_PASSWORD, MIN_PASSWORD, set_password_with_link, signed_in
from graph_service.api import browser_session
from graph_service.api.auth_throttle import AuthThrottle
from graph_service.api.dependencies import SettingsDep, StoreDep
from graph_service.api.routes.page_forms import local_path
from graph_service.errors import InvalidInput
from graph_service.pages.rendering import CONTENT_SECURITY_POLICY, language_of, render
from graph_service.translations import translator

router = APIRouter(tags=["account"], include_in_schema=False)
SIGN_IN_WINDOW_SECONDS = 15 * 60.0
ACCOUNT_FAILURES = 5
"""Wrong passwords per account within the window before it is locked out for the rest of it."""
ADDRESS_FAILURES = 20
"""Wrong sign-ins per address within the window (whatever the accounts tried)."""
NO_REFERRER = "no-referrer"
"""A page whose address holds a secret (the one-time link) tells no other site where it was."""


class SignInThrottles:
    """Failed sign-ins counted per account and per address."""

    def __init__(self) -> None:
        self.accounts = AuthThrottle(max_failures=ACCOUNT_FAILURES, window_seconds=SIGN_IN_WINDOW_SECONDS)
        self.addresses = AuthThrottle(max_failures=ADDRESS_FAILURES, window_seconds=SIGN_IN_WINDOW_SECONDS)

    def wait(self, email: str, address: str) -> int | None:
        waits = [self.accounts.retry_after(email, ""), self.addresses.retry_after(address, "")]
        return max((w for w in waits if w is not None), default=None)

    def failed(self, email: str, address: str) -> None:
        self.accounts.failed(email)
        self.addresses.failed(address)


Text = Annotated[str, Form(max_length=MAX_PASSWORD)]
LanguageForm = Annotated[str | None, Form(alias="lang")]


def _page(request: Request, template: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    language = language_of(request.query_params.get("lang"))
    html = render(template, language=language, path=request.url.path, snapshot="", **context)
    headers = {"Content-Security-Policy": CONTENT_SECURITY_POLICY, "Referrer-Policy": NO_REFERRER}
    return HTMLResponse(html, status_code=status, headers=headers)


def _blank_form(request: Request, template: str, **context: Any) -> HTMLResponse:
    """A form page before sign-in, with its CSRF token in a field and in the cookie it matches."""
    cookies = HTMLResponse("")
    token = browser_session.form_token(request, cookies)
    page = _page(request, template, form_token=token, **context)
    page.raw_headers.extend(h for h in cookies.raw_headers if h[0] == b"set-cookie")
    return page


def _throttles(request: Request) -> SignInThrottles:
    throttles: SignInThrottles = request.app.state.sign_in_throttles
    return throttles


@router.get("/connexion", response_class=HTMLResponse)
def sign_in_page(request: Request, suite: str = "/") -> HTMLResponse:
    return _blank_form(request, "sign_in.html", next_path=local_path(suite), email="", message="")


@router.post("/connexion", response_class=HTMLResponse)
def sign_in(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    email: Annotated[str, Form(max_length=254)],
    password: Text,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    suite: Annotated[str, Form(max_length=2_000)] = "/",
) -> Response:
    t = translator(language_of(request.query_params.get("lang")))
    again: dict[str, Any] = {
        "form_token": request.cookies.get(browser_session.FORM_COOKIE, ""),
        "next_path": local_path(suite),
    }
    form_cookie = request.cookies.get(browser_session.FORM_COOKIE)
    if not form_cookie or not browser_session.csrf_matches(form_cookie, csrf_token):
        return _page(
            request, "sign_in.html", status=403, **again, email=email, message=t("signin.form_expired")
        )
    address = request.client.host if request.client else "unknown"
    account = email.strip().lower()
    wait = _throttles(request).wait(account, address)
    if wait is not None:
        minutes = str(max(1, round(wait / 60)))
        page = _page(
            request, "sign_in.html", status=429, **again, email=email, message=t("signin.throttled") % minutes
        )
        page.headers["Retry-After"] = str(wait)
        return page
    user = signed_in(store, account, password)
    if user is None:
        _throttles(request).failed(account, address)
        return _page(request, "sign_in.html", status=401, **again, email=email, message=t("signin.failed"))
    response = RedirectResponse(local_path(suite), status_code=303)
    browser_session.start(store, user, request, response, timedelta(minutes=settings.session_idle_minutes))
    return response


@router.post("/deconnexion")
def sign_out(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Sign out (the session's CSRF token required: another site cannot sign a browser out)."""
    found = browser_session.current(store, request, timedelta(minutes=settings.session_idle_minutes))
    if found is not None and not browser_session.csrf_matches(found.csrf, csrf_token):
        return Response("a sign-out needs the page's CSRF token", status_code=403, media_type="text/plain")
    response = RedirectResponse("/", status_code=303)
    browser_session.end(store, request, response)
    return response


@router.get("/mot-de-passe/{secret}", response_class=HTMLResponse)
def password_page(request: Request, secret: str) -> HTMLResponse:
    return _blank_form(request, "password.html", form_path=request.url.path, message="", saved=False)


@router.post("/mot-de-passe/{secret}", response_class=HTMLResponse)
def set_password_page(
    request: Request,
    store: StoreDep,
    secret: str,
    password: Text,
    confirmation: Text,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> HTMLResponse:
    t = translator(language_of(request.query_params.get("lang")))
    form: dict[str, Any] = {
        "form_token": request.cookies.get(browser_session.FORM_COOKIE, ""),
        "form_path": request.url.path,
    }
    form_cookie = request.cookies.get(browser_session.FORM_COOKIE)
    if not form_cookie or not browser_session.csrf_matches(form_cookie, csrf_token):
        return _page(
            request, "password.html", status=403, **form, saved=False, message=t("signin.form_expired")
        )
    if password != confirmation:
        return _page(
            request, "password.html", status=422, **form, saved=False, message=t("password.mismatch")
        )
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD:
        return _page(
            request, "password.html", status=422, **form, saved=False, message=t("password.too_short")
        )
    try:
        user = set_password_with_link(store, secret[:100], password)
    except InvalidInput:
        return _page(
            request, "password.html", status=422, **form, saved=False, message=t("password.too_short")
        )
    if user is None:
        return _page(
            request, "password.html", status=400, **form, saved=False, message=t("password.bad_link")
        )
    return _page(request, "password.html", **form, saved=True, message="")
