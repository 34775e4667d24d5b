"""Commands imported when they run, so that ``maillage --help`` starts at once.

Each command module imports what its options are made of (pydantic models, the importers, the
analysis options): 0.4 s for all of them. :class:`LazyCommands` lists the commands from a table
of where they live and reads each one's help from its module's source (with :mod:`ast`, without
importing it); the module is imported only when its command runs or shows its own help.

>>> class Browse(LazyCommands):
...     located = (Located("stats", "graph_service.cli.browse", "stats"),)
>>> Browse().get_command(None, "stats").get_short_help_str(limit=100)
'Counts of nodes by label, relationships by type and organisations by world.'
"""

from __future__ import annotations

import ast
import importlib
import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup


@dataclass(frozen=True)
class Located:
    """A command's name and where it lives: a function, or a ``typer.Typer`` of sub-commands."""

    name: str
    module: str
    attribute: str


@cache
def help_in_source(module: str, attribute: str) -> str:
    """The docstring of function ``attribute``, or the ``help=`` of the ``typer.Typer(...)``
    assigned to it, read from ``module``'s source without importing it."""
    spec = importlib.util.find_spec(module)
    assert spec is not None and spec.origin is not None, module
    tree = ast.parse(Path(spec.origin).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == attribute:
            return ast.get_docstring(node) or ""
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == attribute for target in node.targets
        ):
            call = node.value
            assert isinstance(call, ast.Call), attribute
            for keyword in call.keywords:
                if keyword.arg == "help" and isinstance(keyword.value, ast.Constant):
                    return str(keyword.value.value)
    raise LookupError(f"{module} has no command {attribute}")


def loaded(located: Located) -> TyperCommand | TyperGroup:
    """The real command: its module imported, its options built by Typer."""
    target = getattr(importlib.import_module(located.module), located.attribute)
    if isinstance(target, typer.Typer):
        return typer.main.get_group(target)
    single = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
    single.command(located.name)(target)
    command = typer.main.get_command(single)
    assert isinstance(command, TyperCommand)
    return command


class LazyCommands(TyperGroup):
    """A Typer group whose commands are listed from ``located`` and imported when resolved
    (``typer.Typer(cls=...)`` takes a class: a subclass sets ``located``)."""

    located: Sequence[Located] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commands_at = {located.name: located for located in self.located}

    def list_commands(self, ctx: Any) -> list[str]:
        return list(self.commands_at)

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        """The command once loaded; before, a stand-in that carries its help (for the listing)."""
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        located = self.commands_at.get(cmd_name)
        if located is None:
            return None
        return TyperCommand(cmd_name, help=help_in_source(located.module, located.attribute))

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Any, list[str]]:
        located = self.commands_at.get(args[0]) if args else None
        if located is not None and located.name not in self.commands:
            self.commands[located.name] = loaded(located)
        return super().resolve_command(ctx, args)
