"""Which territories a store's writes have touched, so that analyses of the others stay valid.

Every write of a store bumps a generation counter and records, for each territory it touched
(the ancestors of the organisations it changed and of their alliances' partners), the generation
at which it did. A result computed from a territory's data read after generation ``g`` is still
valid while :meth:`ChangeLog.changed_since` says no write touched that territory after ``g``.

The touch is recorded *after* the write lands: a computation that may have read the data from
before the write started before the touch, so it is seen as outdated. A write whose reach is not
worth working out (a bulk import) touches everything, and so does a data snapshot that another
process made (a replica on a shared Neo4j server).

>>> log = ChangeLog()
>>> seen = log.generation
>>> log.touch({"departement:38", "pays:FR"})
>>> log.changed_since("departement:38", seen), log.changed_since("departement:29", seen)
(True, False)
>>> log.touch(None)
>>> log.changed_since("departement:29", seen)
True
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

OWN_RUNS_KEPT = 10_000


class ChangeLog:
    """Generations of writes and the territories each one touched."""

    def __init__(self) -> None:
        self.generation = 0
        self._touched: dict[str, int] = {}
        self._everything = 0
        self._own_runs: OrderedDict[str, None] = OrderedDict()
        self._seen_snapshot: str | None = None
        self._lock = threading.Lock()
        self.changed = threading.Condition(self._lock)
        """Notified after every touch: the warmer waits on it for writes to settle."""

    def touch(self, territories: Iterable[str] | None) -> None:
        """Record a write that landed; ``None`` when it may have touched any territory."""
        with self._lock:
            self.generation += 1
            if territories is None:
                self._everything = self.generation
            else:
                for key in territories:
                    self._touched[key] = self.generation
            self.changed.notify_all()

    def last_change(self, territory: str) -> int:
        """The generation of the latest write that touched ``territory`` (0: none since start)."""
        with self._lock:
            return max(self._touched.get(territory, 0), self._everything)

    def changed_since(self, territory: str, generation: int) -> bool:
        """Whether a write touched ``territory`` after ``generation``."""
        return self.last_change(territory) > generation

    def own_run(self, run: str) -> None:
        """A run this process recorded: its snapshot is already accounted for by its touches."""
        with self._lock:
            self._own_runs[run] = None
            while len(self._own_runs) > OWN_RUNS_KEPT:
                self._own_runs.popitem(last=False)

    def observe(self, snapshot: str) -> None:
        """A snapshot read from the store; one that this process did not make touches everything."""
        with self._lock:
            previous, self._seen_snapshot = self._seen_snapshot, snapshot
            foreign = previous is not None and snapshot != previous and snapshot not in self._own_runs
        if foreign:
            self.touch(None)
