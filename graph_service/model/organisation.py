"""Organisations (any organised actor) and the catalyst profile some of them carry.

The stable id comes from the SIREN or the RNA number where known, otherwise from the source's own
key, namespaced by the dataset.

>>> Organisation(name="La Poste", world="entreprise", siren="356000000").id
'siren:356000000'
>>> Organisation(name="GAIA", world="association", rna="W381000001").id
'rna:W381000001'
>>> Organisation(id="demo:gaia", name="GAIA", world="association").id
'demo:gaia'
>>> Organisation(name="X", world="association", siren="123456789")
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: 1 validation error for Organisation
siren
  Value error, siren '123456789' fails the Luhn check [type=value_error, ...]
    For further information visit https://errors.pydantic.dev/...
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict, Field, field_validator, model_validator

from graph_service.identifiers import is_commune_code, is_valid_rna, is_valid_siren
from graph_service.model.enums import CatalystMission, Maturity, SizeBand, World
from graph_service.model.text import CleanTextModel, check_web_address

ID_PATTERN = re.compile(r"^[A-Za-z0-9_.-]+:[^\s]{1,200}$")


def _namespaced(value: str) -> str:
    if not ID_PATTERN.match(value):
        raise ValueError(f"id {value!r} must be namespaced as '<namespace>:<key>' with no spaces")
    return value


NamespacedId = Annotated[str, AfterValidator(_namespaced)]
"""An id ``<namespace>:<key>`` (``siren:…``, ``rna:…``, ``demo:gaia``): organisations' and alliances'."""
NAF_PATTERN = re.compile(r"^\d{2}\.?\d{2}[A-Z]$")


class CatalystProfile(CleanTextModel):
    """What makes an organisation a *catalyseur territorial*: its missions and the areas it animates."""

    missions: list[CatalystMission] = Field(default_factory=list)
    territories: list[str] = Field(default_factory=list, description="keys of the animated territories")
    since: int | None = Field(default=None, ge=1900, le=2100, description="year the catalyst started")


class Organisation(CleanTextModel):
    """Any organised actor of a territory: association, company, local authority, state service..."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "demo:jardins-voiron",
                    "name": "Jardins partagés de Voiron",
                    "world": "association",
                    "rna": "W381000123",
                    "ess": True,
                    "commune": "38563",
                    "maturity": "premiers_pas",
                }
            ]
        }
    )

    id: NamespacedId = Field(description="siren:<SIREN>, rna:<RNA> or <dataset>:<key>")
    name: str = Field(min_length=1, max_length=500)
    world: World
    legal_form: str | None = Field(default=None, max_length=100)
    siren: str | None = None
    rna: str | None = None
    naf: str | None = None
    ess: bool = False
    size_band: SizeBand | None = None
    maturity: Maturity | None = None
    commune: str | None = Field(default=None, description="INSEE code of the commune or arrondissement")
    description: str | None = Field(default=None, max_length=5000)
    website: str | None = Field(default=None, max_length=500)
    created: date | None = Field(default=None, description="creation date (SIRENE, RNA)")
    dissolved: date | None = Field(default=None, description="dissolution date (RNA)")
    synthetic: bool = False
    catalyst: CatalystProfile | None = None
    source: str = Field(default="manual", max_length=200)

    @model_validator(mode="before")
    @classmethod
    def _stable_id(cls, data: Any) -> Any:
        if isinstance(data, dict) and not data.get("id"):
            if data.get("siren"):
                return {**data, "id": f"siren:{data['siren']}"}
            if data.get("rna"):
                return {**data, "id": f"rna:{data['rna']}"}
        return data

    @field_validator("website")
    @classmethod
    def _website_http(cls, value: str | None) -> str | None:
        return check_web_address(value)

    @field_validator("siren")
    @classmethod
    def _siren_valid(cls, value: str | None) -> str | None:
        if value is None:
            return None
        if len(value) != 9 or not value.isdigit():
            raise ValueError(f"siren {value!r} must be 9 digits")
        if not is_valid_siren(value):
            raise ValueError(f"siren {value!r} fails the Luhn check")
        return value

    @field_validator("rna")
    @classmethod
    def _rna_valid(cls, value: str | None) -> str | None:
        if value is not None and not is_valid_rna(value):
            raise ValueError(f"rna {value!r} must match W followed by 9 digits or capitals")
        return value

    @field_validator("naf")
    @classmethod
    def _naf_valid(cls, value: str | None) -> str | None:
        if value is not None and not NAF_PATTERN.match(value):
            raise ValueError(f"naf {value!r} must look like 88.99B")
        return value

    @field_validator("commune")
    @classmethod
    def _commune_valid(cls, value: str | None) -> str | None:
        if value is not None and not is_commune_code(value):
            raise ValueError(f"commune {value!r} is not an INSEE commune code (5 characters, 2A/2B allowed)")
        return value

    @property
    def is_catalyst(self) -> bool:
        return self.catalyst is not None
