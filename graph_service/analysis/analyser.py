"""The analyses of one territory, from the store to reports, kept while no write touches it.

The API and the CLI both go through :class:`Analyser`. It loads a territory's subgraph through the
store port, projects it once, runs community detection once, and keeps the results per territory
and parameters (:mod:`graph_service.analysis.cache`): a second identical call is answered from
memory until a write touches the territory; then it is recomputed, or, with a background
refresher, served marked ``refreshing`` while it is.

>>> from graph_service.config import AnalysisSettings, StoreSettings
>>> from graph_service.store import open_store
>>> import tempfile, pathlib
>>> with open_store(StoreSettings(db_path=pathlib.Path(tempfile.mkdtemp()) / "x.lbug")) as store:
...     Analyser(store, AnalysisSettings()).communities("pays:FR", DEFAULT_OPTIONS)
Traceback (most recent call last):
graph_service.errors.NotFound: territory 'pays:FR' not found
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from graph_service.analysis import centrality as centrality_measures
from graph_service.analysis.analysed_territory import AnalysedTerritory
from graph_service.analysis.annotations import organisation_annotations
from graph_service.analysis.brokerage_report import ALGORITHM as BROKERAGE_ALGORITHM
from graph_service.analysis.brokerage_report import brokerage_report
from graph_service.analysis.cache import AnalysisCache, Entry, Slot, collector_paused
from graph_service.analysis.centrality import CentralityTable
from graph_service.analysis.change import recent_since
from graph_service.analysis.communities_report import communities_report
from graph_service.analysis.community_names import places_of
from graph_service.analysis.compare_report import ALGORITHM as COMPARE_ALGORITHM
from graph_service.analysis.compare_report import compare_report, dated_options
from graph_service.analysis.engine_choice import EngineChooser
from graph_service.analysis.funding import sole_funders
from graph_service.analysis.introductions import introductions_for
from graph_service.analysis.metric import Metric
from graph_service.analysis.mixing import world_mixing
from graph_service.analysis.options import DEFAULT_OPTIONS, AnalysisOptions
from graph_service.analysis.partitioned import method_of as method_for
from graph_service.analysis.partitioned import partitioned
from graph_service.analysis.projection import PROJECTION, project
from graph_service.analysis.rankings import scores_rows
from graph_service.analysis.reports import (
    BrokerageReport,
    CentralityReport,
    CommunitiesReport,
    CompareReport,
    IntroductionsReport,
    Method,
    MixingReport,
)
from graph_service.analysis.result_store import ResultStore
from graph_service.analysis.territory_context import context_of
from graph_service.config import AnalysisSettings
from graph_service.progress import SILENT, Progress
from graph_service.store.port import AnalysisStore

R = TypeVar("R")
PAGE_INTRODUCTIONS = 15
"""Introductions a territory page lists: the refresher computes them with the base."""
PAGE_BROKERS = 50
"""Brokers and pass-through points the pages read: the refresher computes them with the base."""


class Analyser:
    """Answers analysis questions on territories of one store."""

    def __init__(
        self,
        store: AnalysisStore,
        settings: AnalysisSettings,
        progress: Progress = SILENT,
        *,
        results: ResultStore | None = None,
    ) -> None:
        self.store = store
        self.settings = settings
        self.progress = progress
        self.cache = AnalysisCache(
            store.changes, settings.analysis_cache_size, results, saved_key=DEFAULT_OPTIONS.key()
        )
        self.refresh_later: Callable[[str, AnalysisOptions], None] | None = None
        """Set by a background refresher: outdated bases are then served while it recomputes them."""
        self._engines = EngineChooser(store, settings)

    def _cached(self, base: AnalysedTerritory, key: tuple[str, ...], compute: Callable[[], R]) -> R:
        return self.cache.derived(base, key, compute)

    def cached_entries(self) -> int:
        return len(self.cache)

    # -- shared base ---------------------------------------------------------------------------
    def seed_of(self, options: AnalysisOptions) -> int:
        seed = options.community.seed
        return self.settings.analysis_seed if seed is None else seed

    def base(
        self, code: str | AnalysedTerritory, options: AnalysisOptions, *, fresh: bool = False
    ) -> AnalysedTerritory:
        """The territory projected and partitioned, as of the latest write that touched it.

        An outdated base (a write touched the territory since) is returned marked ``refreshing``
        while a background refresher recomputes it, unless ``fresh`` is asked or there is no
        refresher: it is then recomputed before answering. A ``AnalysedTerritory`` given is returned as is, so
        that every part of one answer comes from one base.
        """
        if isinstance(code, AnalysedTerritory):
            return code
        slot, entry = self._kept(code, options)
        if entry is not None and self.cache.is_fresh(slot, entry):
            return entry.base
        if entry is not None and not fresh and self.refresh_later is not None:
            self.refresh_later(slot[0], options)
            return entry.base.model_copy(update={"refreshing": True})
        return self.cache.compute(slot, lambda: self._compute_base(slot[0], options)).base

    def is_fresh(self, code: str, options: AnalysisOptions) -> bool:
        """Whether the base of ``code`` is kept and no write touched the territory since."""
        return self.fresh_base(code, options) is not None

    def fresh_base(self, code: str, options: AnalysisOptions) -> AnalysedTerritory | None:
        """The base of ``code`` if it is kept and no write touched the territory since; never
        computed here."""
        slot, entry = self._kept(code, options)
        return entry.base if entry is not None and self.cache.is_fresh(slot, entry) else None

    def _kept(self, code: str, options: AnalysisOptions) -> tuple[Slot, Entry | None]:
        """The slot of ``code`` and the base kept for it, fresh or not."""
        snapshot = self.store.snapshot_id()
        self.store.changes.observe(snapshot)
        slot = (self.store.resolve_territory(code), options.key())
        return slot, self.cache.entry(slot, snapshot)

    def refresh(self, code: str, options: AnalysisOptions) -> AnalysedTerritory:
        """Recompute the base of ``code`` with what its page shows, and publish (and save) them
        together."""
        key = self.store.resolve_territory(code)

        slot = (key, options.key())
        return self.cache.compute(
            slot, lambda: self._compute_base(key, options), lambda base: self.page_results(base, options)
        ).base

    def page_results(self, base: AnalysedTerritory, options: AnalysisOptions) -> None:
        """Derive from ``base`` what its pages show: centralities, introductions, brokers, and for
        the default analysis the diagnostic's change since :func:`recent_since`."""
        self.centrality_table(base, options)
        self.introductions(base, options, limit=PAGE_INTRODUCTIONS)
        self.brokerage(base, options, top=PAGE_BROKERS)
        if options.key() == DEFAULT_OPTIONS.key():
            self.change_to_today(base, recent_since(date.today()), options)

    def prepare_pages(self, code: str, options: AnalysisOptions) -> None:
        """Keep the base of ``code`` fresh with its page results, saving it again when a result was
        missing (the day's change, after midnight)."""
        if not self.is_fresh(code, options):
            self.refresh(code, options)
            return
        base = self.base(code, options)
        if options.key() == DEFAULT_OPTIONS.key() and not self.has_change_to_today(
            base, recent_since(date.today()), options
        ):
            self.page_results(base, options)
            self.cache.save((base.territory, options.key()), base)

    def _compute_base(self, key: str, options: AnalysisOptions) -> AnalysedTerritory:
        # The snapshot is read before the data: a write landing meanwhile is newer than it says.
        snapshot = self.store.snapshot_id()
        filters = options.filter
        with self.progress.task(f"analyse {key}", total=4) as advance:
            subgraph = self.store.ecosystem_frame(key, filters)
            areas = self.store.organisation_areas(key)
            advance(1)
            graph = project(
                subgraph,
                areas=areas,
                include_open_data=filters.include_open_data,
                network_min_members=self.settings.network_min_members,
            )
            advance(1)
            base = partitioned(
                graph,
                key,
                snapshot,
                self.settings,
                options.community,
                context=context_of(self.store, key),
                outside_counted=filters.include_external,
                engine=self._engines.engine_for(graph),
                places=places_of(self.store, (o.commune for o in graph.organisations if o.commune)),
            )
            advance(2)
        return base

    def method_of(
        self, base: AnalysedTerritory, algorithm: str, options: AnalysisOptions, **extra: Any
    ) -> Method:
        engine = self._engines.engine_for(base.graph)
        return method_for(base, algorithm, options, self.settings, engine, **extra)

    # -- questions -----------------------------------------------------------------------------
    def communities(self, code: str | AnalysedTerritory, options: AnalysisOptions) -> CommunitiesReport:
        base = self.base(code, options)
        method = self.method_of(
            base, base.partition.algorithm, options, thresholds=self.settings.closure.model_dump()
        )
        return communities_report(base, method, self.settings.closure.rule())

    def centrality(
        self,
        code: str | AnalysedTerritory,
        options: AnalysisOptions,
        *,
        metric: Metric = Metric.PAGERANK,
        top: int = 50,
        exact: bool = False,
    ) -> CentralityReport:
        metric = Metric(metric)
        base = self.base(code, options)
        table = self.centrality_table(base, options, exact=exact, closeness=metric is Metric.HARMONIC)
        return CentralityReport(
            territory=base.territory,
            method=self.method_of(
                base,
                f"centrality, {self._engines.engine_for(base.graph).name}",
                options,
                metric=metric,
                top=top,
                exact=exact,
                betweenness=table.betweenness_mode,
                betweenness_samples=table.betweenness_samples,
                **table.parameters,
            ),
            metric=metric,
            betweenness_mode=table.betweenness_mode,
            betweenness_samples=table.betweenness_samples,
            rows=scores_rows(base.graph, base.partition.membership, table.values, metric, top),
        )

    def centrality_table(
        self,
        code: str | AnalysedTerritory,
        options: AnalysisOptions,
        *,
        exact: bool = False,
        closeness: bool = False,
    ) -> CentralityTable:
        """Every centrality of every organisation, in the projected graph's node order."""
        base = self.base(code, options)
        closeness = closeness or exact
        return self._cached(
            base,
            ("centrality", base.territory, options.key(), str(exact), str(closeness)),
            lambda: centrality_measures.centrality(
                base.graph,
                exact_max_nodes=self.settings.exact_betweenness_max_nodes,
                samples=self.settings.betweenness_samples,
                seed=self.seed_of(options),
                exact=exact,
                closeness=closeness,
                engine=self._engines.engine_for(base.graph),
            ),
        )

    def brokerage(
        self, code: str | AnalysedTerritory, options: AnalysisOptions, *, top: int = 50
    ) -> BrokerageReport:
        base = self.base(code, options)
        settings = self.settings

        def compute() -> BrokerageReport:
            exact = base.graph.node_count <= settings.exact_betweenness_max_nodes
            samples = None if exact else settings.betweenness_samples
            ties = self.store.open_data_ties(base.territory, options.filter)
            known = {o.id: o for o in self.store.get_organisations(sorted({t.source_id for t in ties}))}
            extra = {"top": top, "between_worlds_samples": samples, "dominant_share": settings.dominant_share}
            return brokerage_report(
                base,
                self.method_of(base, BROKERAGE_ALGORITHM, options, **extra),
                top=top,
                samples=samples,
                seed=self.seed_of(options),
                dominant_share=settings.dominant_share,
                funders=sole_funders(ties, known, settings.sole_funder_min_dependants),
            )

        return self._cached(base, ("brokerage", base.territory, options.key(), str(top)), compute)

    def annotations(self, code: str, options: AnalysisOptions) -> dict[str, dict[str, Any]]:
        """What an exported file says of each organisation (:mod:`~graph_service.analysis.annotations`)."""
        base = self.base(code, options)
        return organisation_annotations(base, self.centrality_table(base, options))

    def projection_parameters(self) -> dict[str, Any]:
        """How this service projects alliances into ties, for answers that carry the bipartite graph:
        a client projects it with the same function and parameters."""
        return {"projection": PROJECTION, "network_min_members": self.settings.network_min_members}

    def mixing(self, code: str | AnalysedTerritory, options: AnalysisOptions) -> MixingReport:
        base = self.base(code, options)
        return MixingReport(
            territory=base.territory,
            method=self.method_of(base, "newman assortativity, krackhardt E-I by world", options),
            mixing=world_mixing(base.graph),
        )

    def introductions(
        self, code: str | AnalysedTerritory, options: AnalysisOptions, *, limit: int = 20
    ) -> IntroductionsReport:
        base = self.base(code, options)
        suggestions, unreached = self._cached(
            base,
            ("introductions", base.territory, options.key(), str(limit)),
            lambda: introductions_for(
                base.graph, base.partition, base.cards, world_mixing(base.graph).never_meet, limit=limit
            ),
        )
        return IntroductionsReport(
            territory=base.territory,
            method=self.method_of(base, "closure-opening introductions", options, limit=limit),
            suggestions=suggestions,
            unreached=unreached,
        )

    def compare(self, code: str, before: date, after: date, options: AnalysisOptions) -> CompareReport:
        """The communities of ``before`` followed to ``after``, both analysed afresh (and kept)."""
        dated = dated_options(before, after, options)
        first = self.base(code, dated[0], fresh=True)
        second = self.base(code, dated[1], fresh=True)
        return self._compared(first, second, (before, after), options)

    def change_to_today(
        self, base: AnalysedTerritory, since: date, options: AnalysisOptions
    ) -> CompareReport:
        """:meth:`compare` from ``since`` to today, kept with ``base`` (the territory's analysis with
        ``options``): what the pages show. The refresher prepares the diagnostic's one
        (:func:`~graph_service.analysis.change.recent_since`) with the base and it is saved with
        it, so a first visit does not wait for two dated analyses. Only the report is kept, not
        the two dated bases: they would push the analyses of other territories out of memory."""
        today = date.today()

        def compute() -> CompareReport:
            dated = dated_options(since, today, options)
            with collector_paused():
                first, second = (self._compute_base(base.territory, o) for o in dated)
            return self._compared(first, second, (since, today), options)

        return self._cached(base, _change_key(since, options), compute)

    def effect_of_write(self, before: AnalysedTerritory) -> CompareReport:
        """The communities of ``before`` (the territory's default analysis just before a write)
        followed to its analysis now: what the write did to them."""
        after = self.base(before.territory, DEFAULT_OPTIONS, fresh=True)
        today = date.today()
        return self._compared(before, after, (today, today), DEFAULT_OPTIONS)

    def has_change_to_today(self, base: AnalysedTerritory, since: date, options: AnalysisOptions) -> bool:
        return self.cache.has_derived(base, _change_key(since, options))

    def _compared(
        self,
        first: AnalysedTerritory,
        second: AnalysedTerritory,
        dates: tuple[date, date],
        options: AnalysisOptions,
    ) -> CompareReport:
        method = self.method_of(first, COMPARE_ALGORITHM, options)
        context = context_of(self.store, first.territory)
        return compare_report(first, second, dates, method, self.settings.closure, context)


def _change_key(since: date, options: AnalysisOptions) -> tuple[str, ...]:
    return ("change", since.isoformat(), date.today().isoformat(), options.key())
