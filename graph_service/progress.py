"""Progress bars for long work (imports, national analyses), and a silent stand-in.

Library code takes a :class:`Progress` and calls ``task(label, total)``; the CLI passes a
terminal bar, tests and the API pass :data:`SILENT`.

>>> with SILENT.task("rows", total=3) as advance:
...     advance(3)
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Protocol

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn
from rich.progress import Progress as RichBar

Advance = Callable[[int], None]


class Progress(Protocol):
    """Something that shows how far a long task has gone."""

    def task(self, label: str, total: int | None) -> AbstractContextManager[Advance]: ...


class _Silent:
    @contextmanager
    def task(self, label: str, total: int | None) -> Iterator[Advance]:
        yield lambda count: None


SILENT: Progress = _Silent()


class TerminalProgress:
    """A rich progress bar on standard error, one line per task."""

    def __init__(self, console: Console | None = None) -> None:
        self.console = console or Console(stderr=True)

    @contextmanager
    def task(self, label: str, total: int | None) -> Iterator[Advance]:
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        )
        with RichBar(*columns, console=self.console, transient=False) as bar:
            task_id = bar.add_task(label, total=total)
            yield lambda count: bar.advance(task_id, count)
            bar.update(task_id, total=bar.tasks[0].completed)


class RecordedProgress:
    """Progress kept for another thread to read (an import's page asks how far it has gone).

    >>> progress = RecordedProgress()
    >>> with progress.task("organisations", total=4) as advance:
    ...     advance(3)
    ...     progress.now()
    ('organisations', 3, 4)
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._now: tuple[str, int, int | None] = ("", 0, None)

    @contextmanager
    def task(self, label: str, total: int | None) -> Iterator[Advance]:
        with self._lock:
            self._now = (label, 0, total)

        def advance(count: int) -> None:
            with self._lock:
                name, done, of = self._now
                self._now = (name, done + count, of)

        yield advance

    def now(self) -> tuple[str, int, int | None]:
        """The task under way: its label, how much is done, and of how much (None: unknown)."""
        with self._lock:
            return self._now
