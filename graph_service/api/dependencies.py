"""What a route needs from the application, as ``Annotated`` dependencies: the store, the analyser,
the settings, the background refresher, the drawn-page cache, the import lock and the analyses
kept before page writes.

A route names what it uses in its signature (``store: StoreDep``) instead of reaching into
``request.app.state``; a test can override one with ``app.dependency_overrides``.
"""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import Depends, Request

from graph_service.analysis.analyser import Analyser
from graph_service.analysis.refresher import Refresher
from graph_service.api.response_cache import ResponseCache
from graph_service.api.write_effects import WriteEffects
from graph_service.config import Settings
from graph_service.store.port import GraphStore


def _store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def _analyser(request: Request) -> Analyser:
    analyser: Analyser = request.app.state.analyser
    return analyser


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def _refresher(request: Request) -> Refresher | None:
    refresher: Refresher | None = request.app.state.refresher
    return refresher


def _page_cache(request: Request) -> ResponseCache:
    pages: ResponseCache = request.app.state.page_cache
    return pages


def _write_effects(request: Request) -> WriteEffects:
    effects: WriteEffects = request.app.state.write_effects
    return effects


def _import_lock(request: Request) -> threading.Lock:
    lock: threading.Lock = request.app.state.import_lock
    return lock


StoreDep = Annotated[GraphStore, Depends(_store)]
AnalyserDep = Annotated[Analyser, Depends(_analyser)]
SettingsDep = Annotated[Settings, Depends(_settings)]
RefresherDep = Annotated[Refresher | None, Depends(_refresher)]
PageCacheDep = Annotated[ResponseCache, Depends(_page_cache)]
ImportLockDep = Annotated[threading.Lock, Depends(_import_lock)]
WriteEffectsDep = Annotated[WriteEffects, Depends(_write_effects)]
