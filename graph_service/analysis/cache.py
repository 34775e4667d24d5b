"""Analysed territories kept fresh per territory, in memory and on disk, computed once at a time.

An analysed territory (a :class:`AnalysedTerritory`: projection, partition, closure cards) is kept with the
write generation read before its data (:class:`~graph_service.store.changes.ChangeLog`). It stays
*fresh* while no write touches its territory, whatever happens elsewhere: a write in the Finistère
leaves the Isère's analyses in place. An outdated one is still there to be served while its
replacement is computed (stale-while-revalidate); the caller decides.

Results derived from a base (centralities, introductions) are kept under the base's token, so
they follow it: a new base starts with none. With a :class:`ResultStore`, the analyses of the
default parameters are saved to disk with what was derived from them, and a restarted server
finds them again: fresh if the data snapshot has not moved since, outdated otherwise.

Two requests for the same missing base do not both compute it: the second waits for the first.
"""

from __future__ import annotations

import gc
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

from graph_service.analysis.analysed_territory import AnalysedTerritory
from graph_service.analysis.result_store import ResultStore, Saved
from graph_service.store.changes import ChangeLog

R = TypeVar("R")
Slot = tuple[str, str]
"""(territory key, parameters key): what one base answers."""
DERIVED_PER_BASE = 8
BEFORE_ANY_WRITE = 0
"""The generation of a base read from disk at the current snapshot: fresh until a write."""
OUTDATED = -1
"""The generation of a base read from disk at an older snapshot: outdated from the start."""


_gc_pauses = 0
_gc_lock = threading.Lock()


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a base is built: the hundreds of thousands of objects
    of a large territory trigger full collections that scan the whole heap (a third of a 50,000-
    organisation extraction). Nested and concurrent pauses resume it once the last one ends.
    """
    global _gc_pauses
    with _gc_lock:
        _gc_pauses += 1
        gc.disable()
    try:
        yield
    finally:
        with _gc_lock:
            _gc_pauses -= 1
            if _gc_pauses == 0:
                gc.enable()


@dataclass
class Entry:
    base: AnalysedTerritory
    generation: int


class AnalysisCache:
    """Bases by territory and parameters, and what was derived from them."""

    def __init__(
        self, changes: ChangeLog, size: int, results: ResultStore | None = None, saved_key: str = ""
    ) -> None:
        self.changes = changes
        self.size = size
        self.results = results
        self.saved_key = saved_key
        """The parameters key whose bases are saved to disk (the default analysis)."""
        self._bases: OrderedDict[Slot, Entry] = OrderedDict()
        self._derived: OrderedDict[tuple[str, ...], Any] = OrderedDict()
        self._computing: dict[Slot, Future[Entry]] = {}
        self._lock = threading.RLock()

    def __len__(self) -> int:
        return len(self._bases) + len(self._derived)

    # -- bases -----------------------------------------------------------------------------------
    def entry(self, slot: Slot, snapshot: str) -> Entry | None:
        """The base kept for ``slot`` (from memory, else from disk), fresh or not."""
        with self._lock:
            if slot in self._bases:
                self._bases.move_to_end(slot)
                return self._bases[slot]
        if self.results is None or slot[1] != self.saved_key:
            return None
        with collector_paused():
            saved = self.results.load(slot)
        if saved is None or not isinstance(saved.value, AnalysedTerritory):
            return None
        generation = BEFORE_ANY_WRITE if saved.snapshot == snapshot else OUTDATED
        entry = Entry(base=saved.value, generation=generation)
        with self._lock:
            self._keep(slot, entry)
            for key, value in saved.derived.items():
                self._keep_derived((entry.base.token, *key), value)
        return entry

    def is_fresh(self, slot: Slot, entry: Entry) -> bool:
        return not self.changes.changed_since(slot[0], entry.generation)

    def compute(
        self,
        slot: Slot,
        produce: Callable[[], AnalysedTerritory],
        prepare: Callable[[AnalysedTerritory], object] | None = None,
    ) -> Entry:
        """Compute the base of ``slot`` now, or wait for the computation already under way.

        ``prepare`` derives results from the new base before anyone else sees it: a page asked
        meanwhile is answered from the base it replaces, instead of deriving them a second time.
        """
        with self._lock:
            running = self._computing.get(slot)
            if running is None:
                future: Future[Entry] = Future()
                self._computing[slot] = future
        if running is not None:
            return running.result()
        try:
            # Read before the data: a write landing meanwhile makes this base outdated at once.
            generation = self.changes.generation
            with collector_paused():
                entry = Entry(base=produce(), generation=generation)
            if prepare is not None:
                prepare(entry.base)
            with self._lock:
                self._keep(slot, entry)
            if slot[1] == self.saved_key:
                self.save(slot, entry.base)
            future.set_result(entry)
            return entry
        except BaseException as error:
            future.set_exception(error)
            raise
        finally:
            with self._lock:
                del self._computing[slot]

    def _keep(self, slot: Slot, entry: Entry) -> None:
        self._bases[slot] = entry
        self._bases.move_to_end(slot)
        while len(self._bases) > self.size:
            self._bases.popitem(last=False)

    def save(self, slot: Slot, base: AnalysedTerritory) -> None:
        """Save the base of ``slot`` with everything derived from it so far."""
        if self.results is None:
            return
        with self._lock:
            derived = {key[1:]: value for key, value in self._derived.items() if key[0] == base.token}
        self.results.save(slot, Saved(snapshot=base.snapshot, value=base, derived=derived))

    # -- derived results -----------------------------------------------------------------------
    def derived(self, base: AnalysedTerritory, key: tuple[str, ...], compute: Callable[[], R]) -> R:
        full_key = (base.token, *key)
        with self._lock:
            if full_key in self._derived:
                self._derived.move_to_end(full_key)
                cached: R = self._derived[full_key]
                return cached
        value = compute()
        with self._lock:
            self._keep_derived(full_key, value)
        return value

    def has_derived(self, base: AnalysedTerritory, key: tuple[str, ...]) -> bool:
        with self._lock:
            return (base.token, *key) in self._derived

    def _keep_derived(self, key: tuple[str, ...], value: Any) -> None:
        self._derived[key] = value
        self._derived.move_to_end(key)
        while len(self._derived) > self.size * DERIVED_PER_BASE:
            self._derived.popitem(last=False)
