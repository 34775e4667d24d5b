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

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from pydantic import BaseModel

from graph_service.identifiers import search_key
from graph_service.model import (
    REFERENCE_SOURCE,
    AllianceInfo,
    AllianceMode,
    CatalystMission,
    CatalystProfile,
    Maturity,
    OpenDataTie,
    Organisation,
    ParentLink,
    RelType,
    SizeBand,
    Territory,
    TerritoryLevel,
    World,
)

T = TypeVar("T")

# Properties an import may overwrite; catalyst properties are owned by upsert_catalysts instead.
ORGANISATION_PROPERTIES = (
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
    "created",
    "dissolved",
    "synthetic",
    "source",
    "run",
)
ORGANISATION_DATES = ("created", "dissolved")
CATALYST_PROPERTIES = ("is_catalyst", "missions", "catalyst_since")
TERRITORY_PROPERTIES = ("key", "code", "name", "name_key", "level", "population", "source", "run")
ALLIANCE_PROPERTIES = (
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
    data.update({field: getattr(organisation, field) for field in ORGANISATION_DATES})
    return {field: data.get(field) for field in ORGANISATION_PROPERTIES}


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
    data = {
        key: value for key, value in record.items() if key in ORGANISATION_PROPERTIES and value is not None
    }
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
    data = {key: value for key, value in record.items() if key in ALLIANCE_PROPERTIES and value is not None}
    return AllianceInfo.model_validate(data)


# -- bulk reads of a whole territory -------------------------------------------------------------
# Everything in a store went in through the models, so the tens of thousands of organisations and
# alliances an analysis reads are built without validating each field again (``model_construct``):
# validation took 3 of the 9 seconds of a 50,000-organisation département. Enums and dates are
# still turned into their types.


def _defaults(model: type[BaseModel]) -> dict[str, Any]:
    """Every field's default, so that ``model_construct`` is given all fields: it looks up each one
    it is not given (a third of its time on 50,000 organisations)."""
    return {
        name: field.default_factory() if field.default_factory else field.default  # type: ignore[call-arg]
        for name, field in model.model_fields.items()
    }


def _day(value: Any) -> date | None:
    return value.date() if isinstance(value, datetime) else value


def _enum(kind: Callable[[Any], T], value: Any) -> T | None:
    return None if value is None else kind(value)


def organisations_from_columns(
    columns: Mapping[str, Sequence[Any]], animates: Mapping[str, Sequence[str]]
) -> list[Organisation]:
    """Organisations from a column-wise read of their stored properties (as the
    ``ecosystem_organisations`` statement returns them) and the territories catalysts animate.

    >>> columns = {"id": ["demo:a"], "name": ["GAIA"], "world": ["association"], "is_catalyst": [True],
    ...            "missions": [["dialogue"]], "catalyst_since": [2015]}
    >>> [gaia] = organisations_from_columns(columns, {"demo:a": ["departement:38"]})
    >>> gaia.world.value, gaia.catalyst.territories
    ('association', ['departement:38'])
    """
    rows = [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]
    defaults = _defaults(Organisation)
    found = []
    for row in rows:
        data = {**defaults, **{key: row[key] for key in ORGANISATION_PROPERTIES if row.get(key) is not None}}
        data["world"] = World(row["world"])
        data["size_band"] = _enum(SizeBand, row.get("size_band"))
        data["maturity"] = _enum(Maturity, row.get("maturity"))
        data.update({field: _day(row.get(field)) for field in ORGANISATION_DATES})
        if row.get("is_catalyst"):
            data["catalyst"] = CatalystProfile.model_construct(
                missions=[CatalystMission(m) for m in row.get("missions") or []],
                territories=sorted(animates.get(row["id"], [])),
                since=row.get("catalyst_since"),
            )
        data.pop("name_key", None)
        data.pop("run", None)
        found.append(Organisation.model_construct(**data))
    return found


def alliances_from_columns(columns: Mapping[str, Sequence[Any]]) -> list[AllianceInfo]:
    """Alliances from a column-wise read of their stored properties (``ecosystem_alliances``)."""
    defaults = _defaults(AllianceInfo)
    found = []
    for values in zip(*columns.values(), strict=True):
        row = dict(zip(columns, values, strict=True))
        data = {**defaults, **{key: row[key] for key in ALLIANCE_PROPERTIES if row.get(key) is not None}}
        data["mode"] = AllianceMode(row["mode"])
        data["domains"] = list(row.get("domains") or [])
        data["start"], data["end"] = _day(row.get("start")), _day(row.get("end"))
        found.append(AllianceInfo.model_construct(**data))
    return found


def territories_from_columns(
    columns: Mapping[str, Sequence[Any]], links: Mapping[str, Sequence[Any]]
) -> list[Territory]:
    """Every territory from column-wise reads of territories and of their ``PART_OF`` links.

    >>> columns = {"code": ["38", "FR"], "name": ["Isère", "France"], "level": ["departement", "pays"],
    ...            "population": [None, None], "source": ["cog", "cog"]}
    >>> links = {"child": ["departement:38"], "parent": ["pays:FR"], "partial": [False]}
    >>> [(t.key, [p.key for p in t.parents]) for t in territories_from_columns(columns, links)]
    [('departement:38', ['pays:FR']), ('pays:FR', [])]
    """
    parents: dict[str, list[ParentLink]] = {}
    ends = (links.get(column, []) for column in ("child", "parent", "partial"))
    for child, parent, partial in zip(*ends, strict=True):
        parents.setdefault(child, []).append(ParentLink.model_construct(key=parent, partial=bool(partial)))
    found = []
    for code, name, level, population, source in zip(
        *(columns.get(c, []) for c in ("code", "name", "level", "population", "source")), strict=True
    ):
        kind = TerritoryLevel(level)
        found.append(
            Territory.model_construct(
                level=kind,
                code=code,
                name=name,
                population=population,
                source=source or REFERENCE_SOURCE,
                parents=sorted(parents.get(f"{kind.value}:{code}", []), key=lambda link: link.key),
                members=[],  # given: a default factory makes pydantic inspect it on every call
            )
        )
    return found


def open_data_tie_from_record(record: Mapping[str, Any]) -> OpenDataTie:
    """A subsidy or a contract from a read's columns (``kind``, ``source_id``, ``target_id``,
    ``day``, ``amount``, ``source``; ``object``, ``reference``, ``nature``, ``key``, ``dataset``,
    ``file`` and ``line`` when read)."""
    return OpenDataTie(
        kind=RelType(record["kind"]),
        source_id=record["source_id"],
        target_id=record["target_id"],
        day=record["day"],
        amount=record["amount"],
        object=record.get("object"),
        reference=record.get("reference"),
        nature=record.get("nature"),
        source=record["source"] or "open-data",
        key=record.get("key") or "",
        dataset=record.get("dataset"),
        file=record.get("file"),
        line=record.get("line"),
    )
