"""« Mon compte » (``/compte``): who is signed in, what they may edit, and their own API tokens.

A token created here belongs to the account: it acts with the account's rights (a catalyst's
token writes only in their territories, a reader's only reads), and the secret is shown once, on
the page that answers its creation. Only its owner lists and revokes it here; an admin sees
every token at ``/api/v1/tokens``.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from graph_service.api.browser_session import SignedIn
from graph_service.api.dependencies import StoreDep
from graph_service.api.routes.page_forms import html_page, signed_page
from graph_service.model import TokenScope, User
from graph_service.pages.rendering import language_of, link_maker, render
from graph_service.store.port import GraphStore
from graph_service.tokens import issue_token
from graph_service.translations import translator

router = APIRouter(tags=["pages"], include_in_schema=False)
MAX_DAYS = 365
"""A token from a page lives at most a year: one forgotten in a script stops by itself."""


def _scopes(user: User) -> list[str]:
    """What a token of the account's own may do: read, and write for an editor; never admin."""
    return [TokenScope.READ.value] + ([TokenScope.WRITE.value] if user.role.may_edit else [])


def _page(request: Request, store: GraphStore, signed: SignedIn, status: int = 200, **shown: Any) -> Response:
    language = language_of(request.query_params.get("lang"))
    user = signed.user
    tokens = [t for t in store.list_tokens() if t.owner == user.id]
    places = {t.key: t.name for t in store.get_territories(user.territories)}
    html = render(
        "own_account.html", language=language, path=request.url.path, snapshot="", signed_in=signed,
        title=translator(language)("account.title"), user=user, tokens=tokens, scopes=_scopes(user),
        places=[places.get(key, key) for key in user.territories], max_days=MAX_DAYS,
        **{"secret": None, "errors": {}, "values": {"name": "", "days": "90"}, **shown},
    )  # fmt: skip
    page = html_page(html, status)
    page.headers["Cache-Control"] = "no-store"  # the page that shows a secret is never kept
    return page


@router.get("/compte", response_class=HTMLResponse)
def own_account(request: Request, store: StoreDep) -> Response:
    signed = signed_page(request)
    if isinstance(signed, Response):
        return signed
    return _page(request, store, signed)


@router.post("/compte/jetons", response_class=HTMLResponse)
def create_own_token(
    request: Request,
    store: StoreDep,
    name: Annotated[str, Form(max_length=2_000)] = "",
    scope: Annotated[str, Form(max_length=20)] = TokenScope.READ.value,
    days: Annotated[str, Form(max_length=20)] = "90",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """A token of the account's own, its secret shown once."""
    signed = signed_page(request, csrf=csrf_token)
    if isinstance(signed, Response):
        return signed
    t = translator(language_of(request.query_params.get("lang")))
    errors: dict[str, str] = {}
    if not name.strip() or len(name.strip()) > 200:
        errors["name"] = t("account.token_name_needed")
    if scope not in _scopes(signed.user):
        errors["scope"] = t("account.token_scope_refused")
    valid_days = int(days) if days.strip().isdigit() else 0
    if not 1 <= valid_days <= MAX_DAYS:
        errors["days"] = t("account.token_days") % MAX_DAYS
    if errors:
        values = {"name": name, "days": days}
        return _page(request, store, signed, status=422, errors=errors, values=values)
    token, secret = issue_token(
        store, name.strip(), TokenScope(scope), valid_days=valid_days, owner=signed.user.id
    )
    return _page(request, store, signed, status=201, secret=secret, created=token)


@router.post("/compte/jetons/{token_id}/revocation")
def revoke_own_token(
    request: Request,
    store: StoreDep,
    token_id: str,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    signed = signed_page(request, csrf=csrf_token)
    if isinstance(signed, Response):
        return signed
    if not any(t.id == token_id and t.owner == signed.user.id for t in store.list_tokens()):
        raise HTTPException(404, "no token of yours has this id")
    store.revoke_token(token_id)
    url = link_maker(language_of(request.query_params.get("lang")))
    return RedirectResponse(url("/compte"), status_code=303)
