"""A model's parameters as a FastAPI dependency that reads them from the query string.

The names, bounds, descriptions and examples are the model's own
(:func:`graph_service.model.parameters.parameters_of`), so the OpenAPI document and the validation
follow the model; values that do not fit together answer 400 with pydantic's reasons.

>>> from fastapi import Depends, FastAPI
>>> from fastapi.testclient import TestClient
>>> from graph_service.model import SubgraphFilter
>>> app = FastAPI()
>>> @app.get("/")
... def window(f: SubgraphFilter = Depends(query_model(SubgraphFilter))) -> list[str]:
...     return [day.isoformat() for day in f.window()]
>>> TestClient(app).get("/?from=2020-01-01").json()
['2020-01-01', '9999-12-31']
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any, TypeVar, get_origin

from fastapi import Query
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from graph_service.model.parameters import Parameter, from_parameters, parameters_of

M = TypeVar("M", bound=BaseModel)


def _query_parameter(parameter: Parameter) -> inspect.Parameter:
    annotation, default = parameter.annotation, parameter.field.default
    if get_origin(annotation) is list or default is PydanticUndefined:
        # A repeatable parameter absent from the query string is None; the model then applies
        # its own default.
        annotation, default = annotation | None, None
    query = Query(
        default,
        alias=parameter.name,
        description=parameter.description,
        examples=parameter.field.examples,
        **parameter.bounds(),
    )
    return inspect.Parameter(
        parameter.field_name, inspect.Parameter.KEYWORD_ONLY, default=query, annotation=annotation
    )


def query_model(model: type[M]) -> Callable[..., M]:
    """A dependency building ``model`` from the query string, one parameter per field."""
    parameters = parameters_of(model)
    if len({p.field_name for p in parameters}) < len(parameters):
        raise TypeError(f"{model.__name__}: two nested fields share a name")

    def dependency(**values: Any) -> M:
        return from_parameters(model, {p.name: values[p.field_name] for p in parameters})

    dependency.__signature__ = inspect.Signature([_query_parameter(p) for p in parameters])  # type: ignore[attr-defined]
    dependency.__name__ = f"{model.__name__}_query"
    return dependency
