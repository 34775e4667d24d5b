"""A model's fields as flat, named parameters: the one declaration the API's query strings and the
CLI's options are generated from.

A parameter's public name is the last of its field's ``validation_alias`` choices, or its name;
fields holding a model (such as the analysis options' ``filter``) contribute their own fields, so
one flat list covers a nested model. Its bounds, description and examples are the field's own.

>>> from graph_service.model.filters import SubgraphFilter
>>> [p.name for p in parameters_of(SubgraphFilter)][:4]
['from', 'to', 'as_of', 'mode']
>>> from_parameters(SubgraphFilter, {"from": "2020-01-01", "mode": None}).start
datetime.date(2020, 1, 1)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

import annotated_types
from pydantic import AliasChoices, BaseModel, ValidationError
from pydantic.fields import FieldInfo

from graph_service.errors import InvalidInput

M = TypeVar("M", bound=BaseModel)

BOUNDS = {
    annotated_types.Gt: "gt",
    annotated_types.Ge: "ge",
    annotated_types.Lt: "lt",
    annotated_types.Le: "le",
}


@dataclass(frozen=True)
class Parameter:
    """One field of a (possibly nested) model, under its public name."""

    name: str
    owner: tuple[str, ...]
    """The fields leading to the model that holds it (empty for a top-level field)."""
    field_name: str
    field: FieldInfo

    @property
    def annotation(self) -> Any:
        return self.field.annotation

    @property
    def description(self) -> str | None:
        return self.field.description

    def bounds(self) -> dict[str, Any]:
        """The field's numeric bounds as keywords (``gt``, ``ge``, ``lt``, ``le``)."""
        found: dict[str, Any] = {}
        for constraint in self.field.metadata:
            for kind, keyword in BOUNDS.items():
                if isinstance(constraint, kind):
                    found[keyword] = getattr(constraint, keyword)
        return found


def _public_name(name: str, field: FieldInfo) -> str:
    choices = field.validation_alias
    if isinstance(choices, AliasChoices) and isinstance(choices.choices[-1], str):
        return choices.choices[-1]
    return name


def parameters_of(model: type[BaseModel], owner: tuple[str, ...] = ()) -> list[Parameter]:
    """Every field of ``model``, those of nested models included, in declaration order."""
    found: list[Parameter] = []
    for name, field in model.model_fields.items():
        annotation = field.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            found += parameters_of(annotation, (*owner, name))
        else:
            found.append(Parameter(_public_name(name, field), owner, name, field))
    return found


def from_parameters(model: type[M], values: dict[str, Any]) -> M:
    """``model`` built from flat values keyed by public name; ``None`` leaves a field's default.

    Raises :class:`~graph_service.errors.InvalidInput` with pydantic's reasons when they do not fit.
    """
    nested: dict[str, Any] = {}
    for parameter in parameters_of(model):
        value = values.get(parameter.name)
        if value is None:
            continue
        target = nested
        for step in parameter.owner:
            target = target.setdefault(step, {})
        target[parameter.field_name] = value
    try:
        return model.model_validate(nested)
    except ValidationError as error:
        raise InvalidInput.from_validation(error) from error
