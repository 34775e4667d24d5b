"""One native row to one domain model, per kind of file; problems are collected on the cells.

Every function returns ``None`` when the row has errors, which are then in ``cells.errors``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pydantic import ValidationError

from graph_service.errors import InvalidInput
from graph_service.identifiers import RNA_PATTERN
from graph_service.model import (
    DEFAULT_ROLE,
    AllianceInfo,
    AllianceMode,
    CatalystMission,
    CatalystProfile,
    Maturity,
    MembershipEdge,
    Organisation,
    ParentLink,
    SizeBand,
    Territory,
    TerritoryLevel,
    World,
    location_key,
)
from importers.native.cells import RowCells
from importers.territory_reference import TerritoryReference


@dataclass
class RowContext:
    """What a row needs beyond itself: the dataset namespace, the reference, territory look-ups."""

    dataset: str
    reference: TerritoryReference
    resolve_territory: Callable[[str], str]


def namespaced(value: str, dataset: str) -> str:
    """An id as given if already namespaced, else under the dataset's namespace."""
    return value if ":" in value else f"{dataset}:{value}"


def organisation_reference(value: str, dataset: str) -> str:
    """The id an organisation is referred to by: a SIREN, an RNA number, a full or a local id.

    >>> organisation_reference("356000000", "demo"), organisation_reference("W381000001", "demo")
    ('siren:356000000', 'rna:W381000001')
    >>> organisation_reference("gaia", "demo"), organisation_reference("siren:356000000", "demo")
    ('demo:gaia', 'siren:356000000')
    """
    if len(value) == 9 and value.isdigit():
        return f"siren:{value}"
    if RNA_PATTERN.match(value):
        return f"rna:{value}"
    return namespaced(value, dataset)


def _validated(
    cells: RowCells, build: Callable[[], object], columns: dict[str, str] | None = None
) -> object | None:
    """The model ``build`` makes, or None with its validation errors recorded against ``columns``."""
    if cells.errors:
        return None
    try:
        return build()
    except ValidationError as error:
        cells.add_validation_errors(error, columns)
        return None


def parse_organisation(cells: RowCells, context: RowContext) -> tuple[str | None, Organisation | None]:
    """An organisation and the local id it was given (so other files can refer to it)."""
    local_id = cells.text("id")
    name = cells.text("name", required=True)
    world = cells.choice("world", World, required=True)
    siren = cells.text("siren")
    rna = cells.text("rna")
    commune = None
    try:
        commune = context.reference.resolve_location(
            cells.text("commune"), cells.text("postal_code"), cells.text("city")
        )
    except InvalidInput as error:
        cells.fail("commune" if cells.text("commune") else "postal_code", str(error))
    if not (local_id or siren or rna):
        cells.fail("id", "an organisation needs an id, a siren or an rna")
    fields = {
        # A whole id (with its namespace) is kept; a local one gives way to the SIREN or RNA id.
        "id": local_id
        if local_id and ":" in local_id
        else None
        if siren or rna
        else namespaced(local_id or "", context.dataset),
        "name": name,
        "world": world,
        "legal_form": cells.text("legal_form"),
        "siren": siren.replace(" ", "") if siren else None,
        "rna": rna,
        "naf": cells.text("naf"),
        "ess": cells.boolean("ess") or False,
        "size_band": cells.choice("size_band", SizeBand),
        "maturity": cells.choice("maturity", Maturity),
        "commune": commune,
        "description": cells.text("description"),
        "website": cells.text("website"),
        "created": cells.day("created"),
        "dissolved": cells.day("dissolved"),
        "synthetic": cells.boolean("synthetic") or False,
        "source": cells.text("source") or context.dataset,
    }
    organisation = _validated(cells, lambda: Organisation.model_validate(fields))
    return local_id, organisation if isinstance(organisation, Organisation) else None


def parse_catalyst(cells: RowCells, context: RowContext) -> tuple[str | None, CatalystProfile | None]:
    """The organisation a catalyst row is about, and its profile."""
    reference = cells.text("organisation", required=True)
    territories: list[str] = []
    for code in cells.items("territories"):
        try:
            territories.append(context.resolve_territory(code))
        except InvalidInput as error:
            cells.fail("territories", str(error), code)
    if not cells.items("territories"):
        cells.fail("territories", "a catalyst animates at least one territory")
    missions = []
    for mission in cells.items("missions"):
        cells_of_mission = RowCells({"missions": mission}, {})
        parsed = cells_of_mission.choice("missions", CatalystMission)
        if parsed is None:
            cells.errors += cells_of_mission.errors
        else:
            missions.append(parsed)
    since = cells.integer("since")
    profile = _validated(
        cells, lambda: CatalystProfile(missions=missions, territories=sorted(set(territories)), since=since)
    )
    org_id = organisation_reference(reference, context.dataset) if reference else None
    return org_id, profile if isinstance(profile, CatalystProfile) else None


def parse_alliance(cells: RowCells, context: RowContext) -> AllianceInfo | None:
    """An alliance's own properties (its members come from the members file)."""
    local_id = cells.text("id", required=True)
    fields = {
        "id": namespaced(local_id or "", context.dataset),
        "name": cells.text("name", required=True),
        "mode": cells.choice("mode", AllianceMode, required=True),
        "domains": cells.items("domains"),
        "start": cells.day("start"),
        "end": cells.day("end", end_of_period=True),
        "description": cells.text("description"),
        "source": cells.text("source") or context.dataset,
    }
    alliance = _validated(cells, lambda: AllianceInfo.model_validate(fields))
    return alliance if isinstance(alliance, AllianceInfo) else None


MEMBER_COLUMNS = {"alliance_id": "alliance", "organisation_id": "organisation"}


def parse_member(cells: RowCells, context: RowContext) -> tuple[str, str, str] | None:
    """``(alliance id, organisation id, role)`` of a membership row."""
    alliance = cells.text("alliance", required=True)
    organisation = cells.text("organisation", required=True)
    role = cells.text("role") or DEFAULT_ROLE
    if cells.errors or not alliance or not organisation:
        return None
    fields = {
        "alliance_id": namespaced(alliance, context.dataset),
        "organisation_id": organisation_reference(organisation, context.dataset),
        "role": role,
    }
    # The model the reads build, so that nothing accepted here can fail to read later.
    edge = _validated(cells, lambda: MembershipEdge.model_validate(fields), MEMBER_COLUMNS)
    if not isinstance(edge, MembershipEdge):
        return None
    return edge.alliance_id, edge.organisation_id, edge.role


def parse_territory(cells: RowCells, context: RowContext) -> Territory | None:
    """An informal area (level ``projet`` unless said otherwise), its parent and member communes."""
    level = cells.choice("level", TerritoryLevel) or TerritoryLevel.PROJET
    parents = []
    parent = cells.text("parent")
    if parent:
        try:
            parents.append(ParentLink(key=context.resolve_territory(parent)))
        except InvalidInput as error:
            cells.fail("parent", str(error))
    members = []
    for code in cells.items("communes"):
        try:
            if ":" in code:
                members.append(context.resolve_territory(code))
            else:
                members.append(location_key(context.reference.resolve_location(commune=code) or code))
        except InvalidInput as error:
            cells.fail("communes", str(error), code)
    fields = {
        "level": level,
        "code": cells.text("code", required=True),
        "name": cells.text("name", required=True),
        "population": cells.integer("population"),
        "parents": parents,
        "members": sorted(set(members)),
        "source": cells.text("source") or context.dataset,
    }
    territory = _validated(cells, lambda: Territory.model_validate(fields))
    return territory if isinstance(territory, Territory) else None
