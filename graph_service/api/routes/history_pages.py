"""``/historique``: the changes a signed-in person may read (admins everything, catalysts too),
filtered by territory, organisation or alliance, each with what changed (before → after) and
« Annuler » where they may edit; the undo form works without JavaScript."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from graph_service import history
from graph_service.api import browser_session
from graph_service.api.auth import Writer
from graph_service.api.dependencies import StoreDep
from graph_service.api.routes.changes import check_rights
from graph_service.errors import ConstraintViolation
from graph_service.pages.rendering import CONTENT_SECURITY_POLICY, language_of, link_maker, render
from graph_service.translations import translator

router = APIRouter(tags=["pages"], include_in_schema=False)
SHOWN = 100
"""Changes on one page of the history."""
HIDDEN_FIELDS = {"id", "members"}


def _rows(change: Any) -> list[dict[str, Any]]:
    """What changed, field by field, as text."""
    before, after = change.before or {}, change.after or {}
    rows = []
    for field in change.changed_fields():
        if field in HIDDEN_FIELDS:
            continue
        rows.append({"field": field, "before": _text(before.get(field)), "after": _text(after.get(field))})
    if "members" in before or "members" in after:
        old = {m["organisation_id"] for m in before.get("members", [])}
        new = {m["organisation_id"] for m in after.get("members", [])}
        if old != new:
            rows.append(
                {
                    "field": "members",
                    "before": ", ".join(sorted(old - new)),
                    "after": ", ".join(sorted(new - old)),
                }
            )
    return rows


def _text(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


@router.get("/historique", response_class=HTMLResponse)
def history_page(
    request: Request,
    store: StoreDep,
    territoire: Annotated[str | None, Query(max_length=200)] = None,
    organisation: Annotated[str | None, Query(max_length=200)] = None,
    alliance: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    signed = browser_session.of_page(request)
    if signed is None:
        return RedirectResponse(link_maker("fr")("/connexion", suite=str(request.url.path)), status_code=303)
    if not signed.user.role.may_edit:
        raise HTTPException(403, "the history is read by admins and catalysts")
    key = store.resolve_territory(territoire) if territoire else None
    page = store.list_changes(
        limit=SHOWN, territory=key, entity_id=organisation or alliance,
        kind="organisation" if organisation else "alliance" if alliance else None,
    )  # fmt: skip
    writer = Writer(signed.user)
    entries = []
    for change in page.items:
        try:
            check_rights(writer, store, change)
            may_undo = True
        except HTTPException:
            may_undo = False
        entries.append({"change": change, "rows": _rows(change), "may_undo": may_undo})
    language = language_of(request.query_params.get("lang"))
    html = render(
        "history.html", language=language, path=request.url.path, snapshot="", signed_in=signed,
        entries=entries, total=page.total, territory=key, organisation=organisation, alliance=alliance,
        title=translator(language)("history.title"),
    )  # fmt: skip
    return HTMLResponse(html, headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY})


@router.post("/historique/{change_id}/annuler")
def undo_from_page(
    request: Request,
    store: StoreDep,
    change_id: str,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    suite: Annotated[str, Form(max_length=2_000)] = "/historique",
) -> Response:
    signed = browser_session.of_page(request)
    if signed is None:
        return RedirectResponse("/connexion", status_code=303)
    if not browser_session.csrf_matches(signed.csrf, csrf_token):
        raise HTTPException(403, "this form needs the page's CSRF token: reload the page")
    writer = Writer(signed.user)
    if not signed.user.role.may_edit:
        raise HTTPException(403, "a reader's account does not write")
    change = store.get_change(change_id)
    for done in store.list_changes(run=change.run, limit=1_000).items:
        check_rights(writer, store, done)
    try:
        history.undo(store, change_id, writer.author)
    except ConstraintViolation as error:
        raise HTTPException(409, str(error)) from error
    back = suite if suite.startswith("/") and not suite.startswith("//") else "/historique"
    return RedirectResponse(back, status_code=303)
