"""« Nouvelle alliance » (``/alliances/nouvelle``): name, mode, domains, dates and members, one per
line by id or by name (« ; role » after it if any). It works without JavaScript: names are looked
up on the server, an ambiguous one lists its candidates next to the field, the input is kept.
``?membre=ID`` (repeatable) fills members in, as the organisation page and a suggested
introduction do. A catalyst's alliance needs a member located in the territories they animate.
"""

from __future__ import annotations

import secrets
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from graph_service import writes
from graph_service.api import browser_session
from graph_service.api.auth import Writer
from graph_service.api.dependencies import StoreDep
from graph_service.api.edit_rights import check_alliance
from graph_service.api.routes.page_forms import check_form_csrf, field_errors, html_page, sign_in_first
from graph_service.model import Alliance, AllianceMode
from graph_service.pages.paths import resolve_organisation
from graph_service.pages.rendering import language_of, link_maker, render
from graph_service.store.port import Reads
from graph_service.translations import translator

router = APIRouter(tags=["pages"], include_in_schema=False)
MAX_MEMBER_LINES = 200
"""Members the form takes; a larger network comes in by import."""
Text = Annotated[str, Form(max_length=20_000)]


def _member(store: Reads, line: str, t: Any) -> tuple[dict[str, str] | None, str | None]:
    """One member line (``id or name[; role]``) as a membership, or why not."""
    who, _, role = (part.strip() for part in line.partition(";"))
    found = resolve_organisation(store, who, who)
    if found.organisation is not None:
        return {"organisation_id": found.organisation.id, "role": role or "membre"}, None
    if not found.candidates:
        return None, t("alliance.member_unknown") % who
    names = "; ".join(f"{o.name} ({o.id})" for o in found.candidates[:5])
    return None, t("alliance.member_ambiguous") % (who, names)


def _form(request: Request, values: dict[str, str], errors: dict[str, str]) -> HTMLResponse:
    language = language_of(request.query_params.get("lang"))
    html = render(
        "alliance_form.html", language=language, path=request.url.path, snapshot="",
        signed_in=browser_session.of_page(request), values=values, errors=errors,
        modes=[mode.value for mode in AllianceMode], title=translator(language)("alliance.new"),
    )  # fmt: skip
    return html_page(html, 422 if errors else 200)


def _editor(request: Request) -> Writer | Response:
    signed = browser_session.of_page(request)
    if signed is None:
        return sign_in_first(request)
    if not signed.user.role.may_edit:
        raise HTTPException(403, "a reader's account does not write")
    return Writer(signed.user)


@router.get("/alliances/nouvelle", response_class=HTMLResponse)
def new_alliance_form(
    request: Request, store: StoreDep, membre: Annotated[list[str] | None, Query(max_length=50)] = None
) -> Response:
    writer = _editor(request)
    if isinstance(writer, Response):
        return writer
    known = {o.id: o for o in store.get_organisations(membre or [])}
    lines = "\n".join(f"{known[i].id} ; membre" for i in (membre or []) if i in known)
    values = {
        "name": "",
        "mode": "",
        "domains": "",
        "start": date.today().isoformat(),
        "end": "",
        "members": lines,
    }
    return _form(request, values, {})


@router.post("/alliances/nouvelle", response_class=HTMLResponse)
def create_alliance_from_form(
    request: Request,
    store: StoreDep,
    name: Text = "",
    mode: Text = "",
    domains: Text = "",
    start: Text = "",
    end: Text = "",
    members: Text = "",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    writer = _editor(request)
    if isinstance(writer, Response):
        return writer
    signed = browser_session.of_page(request)
    assert signed is not None  # _editor found them
    check_form_csrf(signed, csrf_token)
    t = translator(language_of(request.query_params.get("lang")))
    values = {"name": name, "mode": mode, "domains": domains, "start": start, "end": end, "members": members}
    errors: dict[str, str] = {}
    lines = [line for line in members.splitlines() if line.strip()][:MAX_MEMBER_LINES]
    memberships = []
    for line in lines:
        member, problem = _member(store, line, t)
        if problem:
            errors.setdefault("members", problem)
        elif member:
            memberships.append(member)
    body = {
        "id": f"web:{secrets.token_hex(6)}", "name": name.strip(), "mode": mode, "start": start or None,
        "end": end or None, "domains": [d for d in domains.split(",") if d.strip()], "members": memberships,
    }  # fmt: skip
    alliance = None
    try:
        alliance = Alliance.model_validate(body)
    except ValidationError as error:
        errors = {**field_errors(error, t, "alliance.invalid", set(values), "members"), **errors}
    if alliance is not None and not errors:
        try:
            check_alliance(writer, store, alliance.id, [m.organisation_id for m in alliance.members])
        except HTTPException:
            errors["members"] = t("alliance.members_outside")
    if alliance is None or errors:
        return _form(request, values, errors)
    writes.create_alliance(store, alliance, author=writer.author)
    url = link_maker(language_of(request.query_params.get("lang")))
    return RedirectResponse(url(f"/organisations/{alliance.members[0].organisation_id}"), status_code=303)
