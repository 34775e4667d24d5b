"""``/historique``: the changes a signed-in person may read (admins everything, catalysts too),
filtered by territory, organisation or alliance, each with what changed (before → after) and
« Annuler » where they may edit; the undo form works without JavaScript."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from graph_service.api.auth import Writer
from graph_service.api.dependencies import StoreDep, WriteEffectsDep
from graph_service.api.routes.changes import check_rights, undo_within_rights
from graph_service.api.routes.page_forms import html_page, local_path, signed_page
from graph_service.api.write_effects import changed_only
from graph_service.pages.rendering import language_of, render
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
    effects: WriteEffectsDep,
    territoire: Annotated[str | None, Query(max_length=200)] = None,
    organisation: Annotated[str | None, Query(max_length=200)] = None,
    alliance: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    signed = signed_page(request, editor=True)
    if isinstance(signed, Response):
        return signed
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
        entries.append(
            {"change": change, "rows": _rows(change), "may_undo": may_undo, "effect": effects.has(change.run)}
        )
    language = language_of(request.query_params.get("lang"))
    html = render(
        "history.html", language=language, path=request.url.path, snapshot="", signed_in=signed,
        entries=entries, total=page.total, territory=key, organisation=organisation, alliance=alliance,
        title=translator(language)("history.title"),
    )  # fmt: skip
    return html_page(html)


@router.get("/historique/effet", response_class=HTMLResponse)
def write_effect_page(
    request: Request, store: StoreDep, effects: WriteEffectsDep, run: Annotated[str, Query(max_length=200)]
) -> Response:
    """What a page write did to the communities of its départements: before it, then now."""
    signed = signed_page(request, editor=True)
    if isinstance(signed, Response):
        return signed
    found = effects.effects(run)
    names = {t.key: t.name for t in store.get_territories([key for key, _ in found])}
    shown = [
        {"territory": key, "name": names.get(key, key), "report": report, "changes": changed_only(report)}
        for key, report in found
    ]
    language = language_of(request.query_params.get("lang"))
    html = render(
        "write_effect.html", language=language, path=request.url.path, snapshot="", signed_in=signed,
        effects=shown, run=run, title=translator(language)("effect.title"),
    )  # fmt: skip
    return html_page(html, 200 if found else 404)


@router.post("/historique/{change_id}/annuler")
def undo_from_page(
    request: Request,
    store: StoreDep,
    change_id: str,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
    suite: Annotated[str, Form(max_length=2_000)] = "/historique",
) -> Response:
    signed = signed_page(request, editor=True, csrf=csrf_token)
    if isinstance(signed, Response):
        return signed
    undo_within_rights(Writer(signed.user), store, change_id)  # a conflict is the 409 error page
    return RedirectResponse(local_path(suite, "/historique"), status_code=303)
