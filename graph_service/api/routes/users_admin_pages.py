"""« Comptes » (``/admin/comptes``): an admin lists the accounts, creates one, and gives a person
a new one-time link to set their password (as ``maillage user create`` does, without a terminal).

The link is shown once, on the page that answers; no e-mail server is needed: the admin passes it
on. A catalyst's account needs the territories they animate, given by code or name as the CLI
takes them (``38``, ``epci:200040715``).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from graph_service.accounts import create_user, new_password_link
from graph_service.api.browser_session import SignedIn
from graph_service.api.dependencies import StoreDep
from graph_service.api.routes.page_forms import html_page, signed_page
from graph_service.errors import ConstraintViolation, InvalidInput, NotFound
from graph_service.model import AccountRole, User
from graph_service.pages.rendering import language_of, render
from graph_service.store.port import GraphStore
from graph_service.translations import translator

router = APIRouter(tags=["pages"], include_in_schema=False)
Text = Annotated[str, Form(max_length=2_000)]
BLANK = {"email": "", "role": AccountRole.CATALYST.value, "territories": ""}


def _page(request: Request, store: GraphStore, signed: SignedIn, status: int = 200, **shown: Any) -> Response:
    language = language_of(request.query_params.get("lang"))
    html = render(
        "users_admin.html", language=language, path=request.url.path, snapshot="", signed_in=signed,
        title=translator(language)("users.title"), users=store.list_users(),
        roles=[role.value for role in AccountRole],
        **{"link": None, "errors": {}, "values": BLANK, **shown},
    )  # fmt: skip
    page = html_page(html, status)
    page.headers["Cache-Control"] = "no-store"  # a page that shows a one-time link is never kept
    page.headers["Referrer-Policy"] = "no-referrer"
    return page


def _link(request: Request, secret: str) -> str:
    return f"{str(request.base_url).rstrip('/')}/mot-de-passe/{secret}"


@router.get("/admin/comptes", response_class=HTMLResponse)
def accounts_page(request: Request, store: StoreDep) -> Response:
    signed = signed_page(request, admin=True)
    if isinstance(signed, Response):
        return signed
    return _page(request, store, signed)


def _territory_keys(store: GraphStore, text: str) -> list[str]:
    """The territories typed, separated by commas or spaces; NotFound names an unknown one."""
    return [store.resolve_territory(code) for code in re.split(r"[,;\s]+", text.strip()) if code]


@router.post("/admin/comptes", response_class=HTMLResponse)
def create_account(
    request: Request,
    store: StoreDep,
    email: Text = "",
    role: Text = "",
    territories: Text = "",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    signed = signed_page(request, admin=True, csrf=csrf_token)
    if isinstance(signed, Response):
        return signed
    t = translator(language_of(request.query_params.get("lang")))
    values = {"email": email, "role": role, "territories": territories}
    errors: dict[str, str] = {}
    keys: list[str] = []
    try:
        keys = _territory_keys(store, territories)
    except (NotFound, InvalidInput):
        errors["territories"] = t("users.territory_unknown")
    if role not in {r.value for r in AccountRole}:
        errors["role"] = t("users.role_unknown")
    elif role == AccountRole.CATALYST and not keys:
        errors.setdefault("territories", t("users.catalyst_needs_territory"))
    user: User | None = None
    if not errors:
        try:
            user, secret = create_user(store, email, AccountRole(role), keys)
        except ConstraintViolation:
            errors["email"] = t("users.email_taken")
        except (InvalidInput, ValueError):
            errors["email"] = t("users.email_invalid")
    if user is None:
        return _page(request, store, signed, status=422, errors=errors, values=values)
    return _page(request, store, signed, status=201, link=_link(request, secret), for_user=user)


@router.post("/admin/comptes/{user_id}/lien", response_class=HTMLResponse)
def new_link(
    request: Request, store: StoreDep, user_id: str, csrf_token: Annotated[str, Form(max_length=100)] = ""
) -> Response:
    """A new one-time link for a person who lost theirs or their password."""
    signed = signed_page(request, admin=True, csrf=csrf_token)
    if isinstance(signed, Response):
        return signed
    user = store.get_user(user_id[:100])
    link = _link(request, new_password_link(store, user.id))
    return _page(request, store, signed, link=link, for_user=user)
