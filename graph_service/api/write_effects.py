"""What a write from the pages did to the communities: the département's analysis as it was just
before the write, kept beside the run, followed to its analysis after it
(:meth:`~graph_service.analysis.analyser.Analyser.effect_of_write`).

Only an analysis already computed and current is kept: a form never waits for a whole
département to be analysed before it writes. The last :data:`KEPT_RUNS` runs are kept, in
memory; an older run, or one from before a restart, has no effect to show.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterable

from graph_service.analysis.analysed_territory import AnalysedTerritory
from graph_service.analysis.analyser import Analyser
from graph_service.analysis.change import CommunityChange
from graph_service.analysis.compare_report import CompareReport
from graph_service.analysis.options import DEFAULT_OPTIONS
from graph_service.history import territories_of_communes
from graph_service.model import TerritoryLevel
from graph_service.store.port import Reads

KEPT_RUNS = 20
"""Runs whose analyses before are kept: each holds a département's projected graph."""


class WriteEffects:
    """The analyses before the latest page writes, by run."""

    def __init__(self, analyser: Analyser) -> None:
        self.analyser = analyser
        self._before: OrderedDict[str, list[AnalysedTerritory]] = OrderedDict()
        self._lock = threading.Lock()

    def before(self, communes: Iterable[str | None]) -> list[AnalysedTerritory]:
        """The current analyses of the départements of ``communes``, those already computed."""
        store = self.analyser.store
        keys = territories_of_communes(store, communes)
        wanted = sorted(k for k in keys if k.startswith(f"{TerritoryLevel.DEPARTEMENT.value}:"))
        found = [self.analyser.fresh_base(key, DEFAULT_OPTIONS) for key in wanted]
        return [base for base in found if base is not None]

    def keep(self, run: str, before: list[AnalysedTerritory]) -> None:
        if not before:
            return
        with self._lock:
            self._before[run] = before
            while len(self._before) > KEPT_RUNS:
                self._before.popitem(last=False)

    def has(self, run: str) -> bool:
        with self._lock:
            return run in self._before

    def effects(self, run: str) -> list[tuple[str, CompareReport]]:
        """Each département's communities before the run, followed to now; none when not kept."""
        with self._lock:
            before = list(self._before.get(run, []))
        return [(base.territory, self.analyser.effect_of_write(base)) for base in before]


def changed_only(report: CompareReport) -> list[CommunityChange]:
    """The communities a write changed: those that did not persist, and those that persisted with
    other members or other measures (a tie out of a club moves its E-I before its verdict)."""
    return [
        change
        for change in report.changes
        if change.status != "persisted"
        or change.size[0] != change.size[1]
        or change.ei_index[0] != change.ei_index[1]
        or change.concentrated[0] != change.concentrated[1]
    ]


def communes_of(store: Reads, organisation_ids: Iterable[str]) -> list[str | None]:
    """Where these organisations are (their communes), for :meth:`WriteEffects.before`."""
    return [o.commune for o in store.get_organisations(sorted(set(organisation_ids)))]
