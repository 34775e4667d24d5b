"""What every ``maillage`` command shares: the settings of this invocation, the store, the guard that
turns Maillage errors into one line and an exit code, the consoles and the progress bar.

The global ``--db`` option travels in Typer's context object (:class:`Invocation`), so that a
command reads its settings from the context it was called with rather than from a module global.

>>> Invocation(db=Path("/tmp/x.lbug")).settings().db_path
PosixPath('/tmp/x.lbug')
"""

from __future__ import annotations

import functools
import getpass
import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from graph_service.errors import InvalidInput, MaillageError, NotFound, StoreUnavailable
from graph_service.progress import SILENT, Progress, TerminalProgress

if TYPE_CHECKING:
    from graph_service.config import Settings
    from graph_service.store import GraphStore

EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2

out = Console()
err = Console(stderr=True)


@dataclass(frozen=True)
class Invocation:
    """The global options of one ``maillage`` invocation, kept as Typer's ``ctx.obj``."""

    db: Path | None = None

    def settings(self) -> Settings:
        from graph_service.config import get_settings  # pydantic-settings: at use, not for --help

        settings = get_settings()
        return settings.model_copy(update={"db_path": self.db}) if self.db else settings

    @contextmanager
    def store(self, *, writable: bool) -> Iterator[GraphStore]:
        """The configured store; reads fall back to read-only when a server holds the database."""
        from graph_service.config import Backend
        from graph_service.store import open_store

        settings = self.settings()
        try:
            store = open_store(settings.store)
        except StoreUnavailable:
            if writable or settings.backend is Backend.NEO4J or not settings.db_path.exists():
                raise
            store = open_store(settings.store, read_only=True)
        try:
            yield store
        finally:
            store.close()


def invocation(ctx: typer.Context) -> Invocation:
    """The invocation's global options (defaults when a command is called without the callback)."""
    found = ctx.find_object(Invocation)
    return found if found is not None else Invocation()


def progress() -> Progress:
    """A progress bar on a terminal, nothing when the output is piped."""
    return TerminalProgress(err) if err.is_terminal else SILENT


def command_line_author() -> str:
    """How the history names a write made from the command line: the system account that ran it."""
    try:
        return f"command line ({getpass.getuser()})"
    except (KeyError, OSError):  # no name for this uid (a bare container)
        return "command line"


def _fail(error: MaillageError) -> typer.Exit:
    code = EXIT_BAD_INPUT if isinstance(error, InvalidInput | NotFound) else EXIT_FAILURE
    err.print(f"[bold red]error:[/] {error}", markup=True, highlight=False, soft_wrap=True)
    return typer.Exit(code)


def guarded(command: Callable[..., None]) -> Callable[..., None]:
    """Turn Maillage errors into one clear line and the right exit code."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        try:
            command(*args, **kwargs)
        except MaillageError as error:
            raise _fail(error) from error

    return wrapper


JsonOption = Annotated[bool, typer.Option("--json", help="print the outcome as JSON")]
"""Every command's ``--json``: what it printed for people, as one JSON document for scripts."""


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
