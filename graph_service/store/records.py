"""Flat property rows to and from domain models: the only place that knows stored property names.

Both adapters write the rows built here and read records back through the functions here, so a
property added to the model is added once.

>>> from graph_service.model import Organisation
>>> row = organisation_row(Organisation(id="demo:x", name="Écoles", world="association"), run="r1")
>>> row["name_key"], row["world"], row["run"]
('ecoles', 'association', 'r1')
>>> organisation_from_record(row, animates=[]).name
'Écoles'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from graph_service.identifiers import search_key
from graph_service.model import (
    AllianceInfo,
    CatalystProfile,
    Organisation,
    ParentLink,
    Territory,
)

# Properties an import may overwrite; catalyst properties are owned by upsert_catalysts instead.
ORGANISATION_FIELDS = (
    "id",
    "name",
    "name_key",
    "world",
    "legal_form",
    "siren",
    "rna",
    "naf",
    "ess",
    "size_band",
    "maturity",
    "commune",
    "description",
    "website",
    "synthetic",
    "source",
    "run",
)
CATALYST_FIELDS = ("is_catalyst", "missions", "catalyst_since")
TERRITORY_FIELDS = ("key", "code", "name", "name_key", "level", "population", "source", "run")
ALLIANCE_FIELDS = (
    "id",
    "name",
    "name_key",
    "mode",
    "domains",
    "start",
    "end",
    "description",
    "source",
    "run",
)


def organisation_row(organisation: Organisation, run: str) -> dict[str, Any]:
    """The stored properties of an organisation (without its catalyst profile)."""
    data = organisation.model_dump(mode="json", exclude={"catalyst"})
    data["name_key"] = search_key(organisation.name)
    data["run"] = run
    return {field: data.get(field) for field in ORGANISATION_FIELDS}


def catalyst_row(organisation_id: str, profile: CatalystProfile | None) -> dict[str, Any]:
    """The catalyst properties of an organisation; ``None`` makes it a plain organisation."""
    if profile is None:
        return {"id": organisation_id, "is_catalyst": False, "missions": [], "catalyst_since": None}
    return {
        "id": organisation_id,
        "is_catalyst": True,
        "missions": sorted(mission.value for mission in profile.missions),
        "catalyst_since": profile.since,
    }


def organisation_from_record(record: Mapping[str, Any], animates: Sequence[str]) -> Organisation:
    """An organisation from its stored properties and the keys of the territories it animates."""
    data = {key: value for key, value in record.items() if key in ORGANISATION_FIELDS and value is not None}
    if record.get("is_catalyst"):
        data["catalyst"] = CatalystProfile(
            missions=record.get("missions") or [],
            territories=sorted(key for key in animates if key),
            since=record.get("catalyst_since"),
        )
    return Organisation.model_validate(data)


def territory_row(territory: Territory, run: str) -> dict[str, Any]:
    """The stored properties of a territory."""
    return {
        "key": territory.key,
        "code": territory.code,
        "name": territory.name,
        "name_key": search_key(territory.name),
        "level": territory.level.value,
        "population": territory.population,
        "source": territory.source,
        "run": run,
    }


def territory_from_record(
    record: Mapping[str, Any], parent_keys: Sequence[str | None] = (), partial: Sequence[bool | None] = ()
) -> Territory:
    """A territory from its stored properties and its ``PART_OF`` parents."""
    parents = [
        ParentLink(key=key, partial=bool(flag))
        for key, flag in zip(parent_keys, partial, strict=False)
        if key
    ]
    return Territory(
        level=record["level"],
        code=record["code"],
        name=record["name"],
        population=record.get("population"),
        source=record.get("source") or "cog",
        parents=sorted(parents, key=lambda link: link.key),
    )


def alliance_row(alliance: AllianceInfo, run: str) -> dict[str, Any]:
    """The stored properties of an alliance."""
    return {
        "id": alliance.id,
        "name": alliance.name,
        "name_key": search_key(alliance.name),
        "mode": alliance.mode.value,
        "domains": list(alliance.domains),
        "start": alliance.start,
        "end": alliance.end,
        "description": alliance.description,
        "source": alliance.source,
        "run": run,
    }


def alliance_from_record(record: Mapping[str, Any]) -> AllianceInfo:
    """An alliance (without members) from its stored properties."""
    data = {key: value for key, value in record.items() if key in ALLIANCE_FIELDS and value is not None}
    return AllianceInfo.model_validate(data)
