"""A model's parameters as options of a ``maillage`` command (``--from``, ``--mode``, ``--seed``…).

The names, descriptions and checks are the model's own
(:func:`graph_service.model.parameters.parameters_of`): the API's query string and the CLI read
the same declaration. The command receives the built model as its ``options`` argument; values that
do not fit answer one clear line and exit code 2.

>>> import typer
>>> from typer.testing import CliRunner
>>> from graph_service.model import SubgraphFilter
>>> app = typer.Typer()
>>> @app.command()
... @model_options(SubgraphFilter)
... def window(options: SubgraphFilter) -> None:
...     print(*options.window())
>>> CliRunner().invoke(app, ["--from", "2020-01-01"]).stdout
'2020-01-01 9999-12-31\\n'
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, TypeVar, get_origin

import typer
from pydantic import BaseModel

from graph_service.model.parameters import Parameter, from_parameters, parameters_of

M = TypeVar("M", bound=BaseModel)
DAY = "%Y-%m-%d"


def _option(parameter: Parameter) -> inspect.Parameter:
    annotation = parameter.annotation
    default = None if get_origin(annotation) is list else parameter.field.default
    extra: dict[str, Any] = {}
    if annotation in (date, date | None):
        # Click has no date type: a day is read as a datetime at midnight, then its date kept.
        annotation, extra = datetime | None, {"formats": [DAY]}
    elif get_origin(annotation) is list:
        annotation = annotation | None
    name = f"--{parameter.name.replace('_', '-')}"
    if annotation is bool:
        # Both ways, since a default may be on: --include-external / --no-include-external.
        name = f"{name}/--no-{name[2:]}"
    option = typer.Option(name, help=parameter.description, **extra)
    return inspect.Parameter(
        parameter.field_name,
        inspect.Parameter.KEYWORD_ONLY,
        default=default,
        annotation=Annotated[annotation, option],
    )


def model_options(model: type[M]) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Give a command one option per parameter of ``model``; it receives the model as ``options``."""
    parameters = parameters_of(model)

    def decorate(command: Callable[..., None]) -> Callable[..., None]:
        own = [
            p for p in inspect.signature(command, eval_str=True).parameters.values() if p.name != "options"
        ]

        @functools.wraps(command)
        def with_options(**values: Any) -> None:
            given = {p.name: values.pop(p.field_name) for p in parameters}
            days = {name: value.date() for name, value in given.items() if isinstance(value, datetime)}
            command(**values, options=from_parameters(model, {**given, **days}))

        signature = inspect.Signature([*own, *(_option(p) for p in parameters)])
        with_options.__signature__ = signature  # type: ignore[attr-defined]
        with_options.__annotations__ = {p.name: p.annotation for p in signature.parameters.values()}
        return with_options

    return decorate
