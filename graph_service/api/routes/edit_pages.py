"""Forms where the catalyst looks: an organisation's fields edited on its page
(``/organisations/{id}/modifier``). They work without JavaScript; errors are shown next to their
field with the user's input kept. Only a signed-in person who may edit the organisation sees the
form, and the server checks again on every post (role, territory, the session's CSRF token).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from graph_service import writes
from graph_service.api import browser_session
from graph_service.api.browser_session import SignedIn
from graph_service.api.dependencies import StoreDep, WriteEffectsDep
from graph_service.api.edit_rights import may_edit_organisation
from graph_service.api.routes.page_forms import check_form_csrf, field_errors, html_page, signed_page
from graph_service.model import CatalystMission, CatalystProfile, Organisation, TerritoryLevel, World
from graph_service.pages.rendering import language_of, link_maker, render
from graph_service.store.port import Reads
from graph_service.translations import translator

router = APIRouter(tags=["pages"], include_in_schema=False)
EDITED_FIELDS = ("name", "world", "commune", "siren", "website", "description")
"""What the form changes, with the catalyst mark; every other field of the organisation is kept."""


def _editor(request: Request, store: Reads, organisation_id: str) -> tuple[SignedIn, Organisation] | Response:
    """The signed-in person and the organisation, or where to go instead (sign-in first)."""
    signed = signed_page(request)
    if isinstance(signed, Response):
        return signed
    organisation = store.get_organisation(organisation_id)
    if not may_edit_organisation(signed.user, store, organisation):
        raise HTTPException(403, f"{signed.user.email} may not edit {organisation.name}")
    return signed, organisation


def _form(
    request: Request, organisation: Organisation, values: dict[str, str], errors: dict[str, str]
) -> str:
    language = language_of(request.query_params.get("lang"))
    return render(
        "organisation_form.html",
        language=language,
        path=request.url.path,
        snapshot="",
        signed_in=browser_session.of_page(request),
        organisation=organisation,
        title=organisation.name,
        values=values,
        errors=errors,
        worlds=[world.value for world in World],
        missions=[mission.value for mission in CatalystMission],
    )


@router.get("/organisations/{organisation_id}/modifier", response_class=HTMLResponse)
def organisation_form(request: Request, store: StoreDep, organisation_id: str) -> Response:
    found = _editor(request, store, organisation_id)
    if isinstance(found, Response):
        return found
    _, organisation = found
    values: dict[str, Any] = {name: str(getattr(organisation, name) or "") for name in EDITED_FIELDS}
    profile = organisation.catalyst
    values["catalyst"] = "1" if profile else ""
    values["missions"] = [m.value for m in profile.missions] if profile else []
    return html_page(_form(request, organisation, values, {}))


def catalyst_profile(organisation: Organisation, marked: bool, missions: list[str]) -> CatalystProfile | None:
    """The catalyst profile the form asks for: none when unmarked; when marked, the missions ticked,
    the animated territories and start year kept from the profile it had (the form shows neither).

    >>> o = Organisation(id="demo:a", name="A", world="association")
    >>> catalyst_profile(o, True, ["dialogue"]).missions
    [<CatalystMission.DIALOGUE: 'dialogue'>]
    >>> catalyst_profile(o, False, ["dialogue"]) is None
    True
    """
    if not marked:
        return None
    kept = organisation.catalyst or CatalystProfile()
    return kept.model_copy(update={"missions": [CatalystMission(m) for m in missions]})


def _commune_code(store: Reads, text: str, t: Any) -> tuple[str | None, str | None]:
    """The INSEE code of a commune given by its code or its name, or the error to show."""
    text = text.strip()
    if not text:
        return None, None
    if text.isdigit() or (len(text) == 5 and text[:2].upper() in ("2A", "2B")):
        found = store.get_territories([f"commune:{text.upper()}", f"arrondissement:{text}"])
        return (found[0].code, None) if found else (None, t("form.commune_unknown"))
    matches = store.search_territories(text, level=TerritoryLevel.COMMUNE, limit=20).items
    exact = [m for m in matches if m.name.casefold() == text.casefold()]
    chosen = exact or matches
    if len(chosen) == 1:
        return chosen[0].code, None
    if not chosen:
        return None, t("form.commune_unknown")
    codes = ", ".join(f"{m.name} ({m.code})" for m in chosen[:5])
    return None, t("form.commune_ambiguous") % codes


FieldText = Annotated[str, Form(max_length=5_000)]


@router.post("/organisations/{organisation_id}/modifier", response_class=HTMLResponse)
def save_organisation(
    request: Request,
    store: StoreDep,
    effects: WriteEffectsDep,
    organisation_id: str,
    name: FieldText = "",
    world: FieldText = "",
    commune: FieldText = "",
    siren: FieldText = "",
    website: FieldText = "",
    description: FieldText = "",
    catalyst: FieldText = "",
    missions: Annotated[list[str] | None, Form(max_length=len(CatalystMission))] = None,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    found = _editor(request, store, organisation_id)
    if isinstance(found, Response):
        return found
    signed, organisation = found
    check_form_csrf(signed, csrf_token)
    t = translator(language_of(request.query_params.get("lang")))
    values: dict[str, Any] = {"name": name, "world": world, "commune": commune, "siren": siren}
    values |= {"website": website, "description": description}
    errors: dict[str, str] = {}
    code, problem = _commune_code(store, commune, t)
    if problem:
        errors["commune"] = problem
    changes: dict[str, Any] = {
        key: value.strip() or None for key, value in values.items() if key != "commune"
    }
    changes["commune"] = code
    known = {m.value for m in CatalystMission}
    ticked = [m for m in missions or [] if m in known]
    if len(ticked) < len(missions or []):
        errors["missions"] = t("form.invalid.missions")
    changes["catalyst"] = catalyst_profile(organisation, bool(catalyst), ticked)
    values |= {"catalyst": catalyst, "missions": ticked}
    try:
        edited = Organisation.model_validate({**organisation.model_dump(), **changes})
    except ValidationError as error:
        errors = {**field_errors(error, t, "form.invalid", set(values), "name"), **errors}
        edited = organisation
    if not errors and not may_edit_organisation(signed.user, store, edited):
        errors["commune"] = t("form.commune_outside")
    if errors:
        return html_page(_form(request, organisation, values, errors), status=422)
    before = effects.before([organisation.commune, edited.commune])
    written = writes.put_organisation(store, edited, author=signed.user.email, catalyst_as_given=True)
    effects.keep(written.run, before)
    url = link_maker(language_of(request.query_params.get("lang")))
    return RedirectResponse(url(f"/organisations/{organisation_id}"), status_code=303)
