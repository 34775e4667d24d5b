"""« Nouvelle alliance » (``/alliances/nouvelle``): name, mode, domains, dates and members, one per
line by id or by name (« ; role » after it if any). It works without JavaScript: names are looked
up on the server, an ambiguous one lists its candidates next to the field, the input is kept.
``?membre=ID`` (repeatable) fills members in, as the organisation page and a suggested
introduction do. A catalyst's alliance needs a member located in the territories they animate.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field, ValidationError

from graph_service import writes
from graph_service.api import browser_session
from graph_service.api.auth import Writer
from graph_service.api.dependencies import StoreDep, WriteEffectsDep
from graph_service.api.edit_rights import check_alliance
from graph_service.api.routes.page_forms import field_errors, html_page, signed_page
from graph_service.api.write_effects import WriteEffects, communes_of
from graph_service.model import Alliance, AllianceMode
from graph_service.pages.paths import resolve_organisation
from graph_service.pages.rendering import language_of, link_maker, render
from graph_service.store.port import Reads
from graph_service.translations import translator
from graph_service.writes import Written

router = APIRouter(tags=["pages"], include_in_schema=False)
MAX_MEMBER_LINES = 200
"""Members the form takes; a larger network comes in by import."""
FieldText = Annotated[str, Field(max_length=20_000)]


class AllianceFields(BaseModel):
    """What the alliance form posts, as typed (checked by :func:`_alliance_from_form`)."""

    name: FieldText = ""
    mode: FieldText = ""
    domains: FieldText = ""
    start: FieldText = ""
    end: FieldText = ""
    members: FieldText = ""
    csrf_token: Annotated[str, Field(max_length=100)] = ""

    def values(self) -> dict[str, str]:
        """The fields shown again in the form (all but the CSRF token)."""
        return self.model_dump(exclude={"csrf_token"})


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


def _form(
    request: Request, values: dict[str, str], errors: dict[str, str], existing: Alliance | None = None
) -> HTMLResponse:
    """The form, blank for a new alliance or filled from ``existing`` (then posted to its
    ``/modifier``, with the button that ends it)."""
    language = language_of(request.query_params.get("lang"))
    t = translator(language)
    html = render(
        "alliance_form.html", language=language, path=request.url.path, snapshot="",
        signed_in=browser_session.of_page(request), values=values, errors=errors,
        modes=[mode.value for mode in AllianceMode], existing=existing,
        title=f"{t('alliance.edit')} : {existing.name}" if existing else t("alliance.new"),
        action=f"/alliances/{existing.id}/modifier" if existing else "/alliances/nouvelle",
    )  # fmt: skip
    return html_page(html, 422 if errors else 200)


def _alliance_values(alliance: Alliance) -> dict[str, str]:
    """The form's fields filled from an alliance, members one per line by id."""
    return {
        "name": alliance.name,
        "mode": alliance.mode.value,
        "domains": ", ".join(alliance.domains),
        "start": alliance.start.isoformat() if alliance.start else "",
        "end": alliance.end.isoformat() if alliance.end else "",
        "members": "\n".join(f"{m.organisation_id} ; {m.role}" for m in alliance.members),
    }


def _alliance_from_form(
    store: Reads, writer: Writer, t: Any, values: dict[str, str], kept: dict[str, Any]
) -> tuple[Alliance | None, dict[str, str]]:
    """The alliance the form describes (``kept``: its id and the fields the form does not show),
    or the errors to show next to each field. A catalyst's alliance needs a member of their
    territories, as it is and as it would be."""
    errors: dict[str, str] = {}
    lines = [line for line in values["members"].splitlines() if line.strip()][:MAX_MEMBER_LINES]
    memberships = []
    for line in lines:
        member, problem = _member(store, line, t)
        if problem:
            errors.setdefault("members", problem)
        elif member:
            memberships.append(member)
    domains = [d.strip() for d in values["domains"].split(",") if d.strip()]
    body = {
        **kept, "name": values["name"].strip(), "mode": values["mode"], "start": values["start"] or None,
        "end": values["end"] or None, "domains": domains, "members": memberships,
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
    return (None if errors else alliance), errors


def _editor(request: Request, csrf: str | None = None) -> Writer | Response:
    """Who writes, signed in with an editor's role (and the form's CSRF token, when posted)."""
    signed = signed_page(request, editor=True, csrf=csrf)
    return signed if isinstance(signed, Response) else Writer(signed.user)


@router.get("/alliances/nouvelle", response_class=HTMLResponse)
def new_alliance_form(
    request: Request,
    store: StoreDep,
    membre: Annotated[list[str] | None, Query(max_length=50)] = None,
    mise_en_relation: bool = False,
) -> Response:
    """The blank form, or filled with ``membre``s; ``mise_en_relation`` names it after the
    suggested introduction it records as made, dated today."""
    writer = _editor(request)
    if isinstance(writer, Response):
        return writer
    known = {o.id: o for o in store.get_organisations(membre or [])}
    chosen = [known[i] for i in dict.fromkeys(membre or []) if i in known]
    lines = "\n".join(f"{o.id} ; membre" for o in chosen)
    t = translator(language_of(request.query_params.get("lang")))
    named = mise_en_relation and len(chosen) == 2
    values = {
        "name": t("introduction.alliance_name") % (chosen[0].name, chosen[1].name) if named else "",
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
    effects: WriteEffectsDep,
    form: Annotated[AllianceFields, Form()],
) -> Response:
    writer = _editor(request, form.csrf_token)
    if isinstance(writer, Response):
        return writer
    t = translator(language_of(request.query_params.get("lang")))
    values = form.values()
    alliance, errors = _alliance_from_form(store, writer, t, values, {"id": f"web:{secrets.token_hex(6)}"})
    if alliance is None:
        return _form(request, values, errors)
    _written(
        store, effects, alliance, None, lambda: writes.create_alliance(store, alliance, author=writer.author)
    )
    return _back_to(request, alliance)


def _existing(
    request: Request, store: Reads, alliance_id: str, csrf: str | None = None
) -> tuple[Writer, Alliance] | Response:
    """The signed-in editor and the alliance they may change, or where to go instead."""
    writer = _editor(request, csrf)
    if isinstance(writer, Response):
        return writer
    alliance = store.get_alliance(alliance_id)
    check_alliance(writer, store, alliance.id, None)
    return writer, alliance


@router.get("/alliances/{alliance_id}/modifier", response_class=HTMLResponse)
def alliance_form(request: Request, store: StoreDep, alliance_id: str) -> Response:
    found = _existing(request, store, alliance_id)
    if isinstance(found, Response):
        return found
    return _form(request, _alliance_values(found[1]), {}, found[1])


@router.post("/alliances/{alliance_id}/modifier", response_class=HTMLResponse)
def save_alliance(
    request: Request,
    store: StoreDep,
    effects: WriteEffectsDep,
    alliance_id: str,
    form: Annotated[AllianceFields, Form()],
) -> Response:
    """The alliance as the form says, members included: a line taken out removes that member."""
    found = _existing(request, store, alliance_id, form.csrf_token)
    if isinstance(found, Response):
        return found
    writer, existing = found
    t = translator(language_of(request.query_params.get("lang")))
    values = form.values()
    kept = existing.model_dump(exclude={"members", *values})
    alliance, errors = _alliance_from_form(store, writer, t, values, kept)
    if alliance is None:
        return _form(request, values, errors, existing)
    _written(
        store,
        effects,
        alliance,
        existing,
        lambda: writes.replace_alliance(store, alliance, author=writer.author),
    )
    return _back_to(request, alliance)


@router.post("/alliances/{alliance_id}/fin")
def end_alliance(
    request: Request,
    store: StoreDep,
    effects: WriteEffectsDep,
    alliance_id: str,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """End the alliance today: it stays in the history (and in analyses of earlier dates)."""
    found = _existing(request, store, alliance_id, csrf_token)
    if isinstance(found, Response):
        return found
    writer, existing = found
    # An alliance that starts later ends the day it starts: an end never comes before a start.
    today = max(date.today(), existing.start or date.min)
    ended = Alliance.model_validate({**existing.model_dump(), "end": today})
    _written(
        store, effects, ended, existing, lambda: writes.replace_alliance(store, ended, author=writer.author)
    )
    return _back_to(request, ended)


def _written(
    store: Reads,
    effects: WriteEffects,
    alliance: Alliance,
    existing: Alliance | None,
    write: Callable[[], Written[Alliance]],
) -> None:
    """Write, keeping the analyses of the members' départements as they were just before."""
    members = [m.organisation_id for m in alliance.members + (existing.members if existing else [])]
    before = effects.before(communes_of(store, members))
    effects.keep(write().run, before)


def _back_to(request: Request, alliance: Alliance) -> RedirectResponse:
    """To the first member's page, where the alliance is listed."""
    url = link_maker(language_of(request.query_params.get("lang")))
    return RedirectResponse(url(f"/organisations/{alliance.members[0].organisation_id}"), status_code=303)
