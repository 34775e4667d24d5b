"""Keeps analyses warm in the background: first visits after an import do not wait for them.

A :class:`Refresher` runs one worker thread beside the API. It does two things:

- **On request**, it recomputes an outdated analysis a page or a route has just served marked
  *mise à jour en cours* (stale-while-revalidate). Those come first, each at most every
  ``MIN_INTERVAL_SECONDS``: writes that keep touching a territory do not keep a core busy.
- **After writes settle** (no write for ``quiet_seconds``, or ``MAX_DELAY_SECONDS`` after the
  first one of a long burst), and once at start, it goes through the populated régions,
  départements and EPCI, biggest first, and recomputes the default analysis of every one whose
  analysis is missing or outdated, with what its pages show (centralities, introductions, brokers,
  the diagnostic's change over the last years). With a result store they are saved to disk, so a
  restart finds them. A new day starts a new walk, since the change runs to today.

One thread is enough: analyses use the cores through their engines, and the API keeps the rest.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel

from graph_service.analysis.analyser import Analyser
from graph_service.analysis.options import DEFAULT_OPTIONS, AnalysisOptions
from graph_service.config import RefreshSettings
from graph_service.errors import MaillageError
from graph_service.model import TerritoryLevel

logger = logging.getLogger("maillage.analysis")
WARMED_LEVELS = (TerritoryLevel.REGION, TerritoryLevel.DEPARTEMENT, TerritoryLevel.EPCI)
POLL_SECONDS = 0.1
MAX_DELAY_SECONDS = 30.0
"""During a burst of writes that never settles, warm at the latest this long after its first."""
MIN_INTERVAL_SECONDS = 5.0
"""A requested analysis is recomputed at most this often: during a burst of writes that keep
touching it, it is served marked a little longer rather than recomputed without end."""


class RefresherStatus(BaseModel):
    """What the refresher is doing, for ``/health`` and benchmarks."""

    state: str
    """``idle`` (everything warm), ``waiting`` (for writes to settle) or ``working``."""
    requested: int
    warmed: int
    """Territories recomputed since the server started."""


@dataclass
class _Pass:
    """One walk through the populated territories, biggest first."""

    territories: list[str]
    position: int = 0


class Refresher:
    """The background worker of one analyser."""

    def __init__(
        self,
        analyser: Analyser,
        settings: RefreshSettings | None = None,
    ) -> None:
        settings = settings or RefreshSettings()
        self.analyser = analyser
        self.quiet_seconds = settings.refresh_quiet_seconds
        self.max_delay_seconds = MAX_DELAY_SECONDS
        self.max_territories = settings.refresh_max_territories
        self.min_interval_seconds = MIN_INTERVAL_SECONDS
        self._done_at: dict[tuple[str, str], float] = {}
        self._requested: OrderedDict[tuple[str, str], AnalysisOptions] = OrderedDict()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="maillage-refresher", daemon=True)
        self._warmed = 0
        self._state = "working"

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=60)

    def request(self, code: str, options: AnalysisOptions) -> None:
        """Recompute this analysis soon (ahead of the walk through territories)."""
        with self._lock:
            self._requested[(code, options.key())] = options

    def status(self) -> RefresherStatus:
        with self._lock:
            return RefresherStatus(state=self._state, requested=len(self._requested), warmed=self._warmed)

    # -- the worker ------------------------------------------------------------------------------
    def _run(self) -> None:
        changes = self.analyser.store.changes
        walk: _Pass | None = self._new_pass()
        seen = changes.generation
        first_unseen: float | None = None
        last_seen_at = time.monotonic()
        day = date.today()
        while not self._stop.is_set():
            if date.today() != day:  # the diagnostic's change runs to today: a new day, a new one
                walk, day = self._new_pass(), date.today()
            if changes.generation != seen:
                seen, last_seen_at = changes.generation, time.monotonic()
                first_unseen = first_unseen or last_seen_at
            if self._serve_one_request():
                continue
            now = time.monotonic()
            settled = first_unseen is not None and (
                now - last_seen_at >= self.quiet_seconds or now - first_unseen >= self.max_delay_seconds
            )
            if settled:
                walk, first_unseen = self._new_pass(), None
            if walk is not None and walk.position < len(walk.territories):
                self._set_state("working")
                self._warm(walk.territories[walk.position], DEFAULT_OPTIONS)
                walk.position += 1
                continue
            self._set_state("waiting" if first_unseen is not None or self._requested else "idle")
            self._stop.wait(POLL_SECONDS)

    def _set_state(self, state: str) -> None:
        with self._lock:
            self._state = state

    def _serve_one_request(self) -> bool:
        now = time.monotonic()
        with self._lock:
            due = [
                slot
                for slot in self._requested
                if now - self._done_at.get(slot, -self.min_interval_seconds) >= self.min_interval_seconds
            ]
            if not due:
                return False
            options = self._requested.pop(due[0])
            self._state = "working"
        self._warm(due[0][0], options)
        with self._lock:
            self._done_at[due[0]] = time.monotonic()
        return True

    def _new_pass(self) -> _Pass | None:
        try:
            populated = [
                place for level in WARMED_LEVELS for place in self.analyser.store.populated_territories(level)
            ]
        except MaillageError as error:
            logger.warning("analyses not warmed: %s", error)
            return None
        populated.sort(key=lambda place: (-place.organisations, place.territory.key))
        return _Pass([place.territory.key for place in populated[: self.max_territories]])

    def _warm(self, key: str, options: AnalysisOptions) -> None:
        try:
            self.analyser.prepare_pages(key, options)
        except MaillageError as error:
            logger.warning("analysis of %s not warmed: %s", key, error)
            return
        except Exception:  # a bug in one territory must not stop the others from warming
            logger.exception("analysis of %s failed", key)
            return
        with self._lock:
            self._warmed += 1
