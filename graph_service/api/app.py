"""The FastAPI application: it owns the store for its lifetime; routes only see the port.

>>> app = create_app()
>>> "/api/v1/paths" in app.openapi()["paths"]
True
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager, suppress

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from graph_service import __version__
from graph_service.analysis.analyser import Analyser
from graph_service.analysis.refresher import Refresher
from graph_service.analysis.result_store import ResultStore
from graph_service.api.auth_throttle import AuthThrottle
from graph_service.api.browser_session import has_session_cookie
from graph_service.api.docs import DOCS_ASSETS, SWAGGER_UI, install_offline_docs
from graph_service.api.import_jobs import ImportJobs
from graph_service.api.middleware import BodyLimit, CatchAll, OneSnapshotPerRequest, SecurityHeaders
from graph_service.api.problems import API_ERRORS, install_problem_handlers
from graph_service.api.response_cache import ResponseCache, ResponseCaching, answer_version
from graph_service.api.routes import (
    account_pages,
    alliance_pages,
    alliances,
    analysis,
    changes,
    comparison,
    edit_pages,
    history_pages,
    import_pages,
    imports,
    meta,
    organisations,
    own_account_pages,
    pages,
    paths,
    territories,
    tokens,
    users_admin_pages,
)
from graph_service.api.routes.account_pages import SignInThrottles
from graph_service.api.write_effects import WriteEffects
from graph_service.config import ServingSettings, Settings, get_settings
from graph_service.errors import MaillageError
from graph_service.store import open_store
from graph_service.store.port import GraphStore
from visual.assets import STATIC, VIS_NETWORK

API_PREFIX = "/api/v1"
CACHED_API_ROUTES = ("territories", "organisations", "alliances", "paths", "stats")
"""The public reads, whose answers depend only on their URL and the data (see response_cache.py)."""
CACHED_PAGES = ("/territoires/", "/organisations/")
DESCRIPTION = """Interconnection questions on French territorial ecosystems: organisations,
territories, alliances, the subgraph of a territory and the paths between two organisations.
Reads are open unless the server closes them; writes need a bearer token
(`maillage token create --scope write`). Errors are RFC 9457 `application/problem+json`."""


def create_app(
    settings: Settings | None = None,
    store: GraphStore | None = None,
    *,
    on_started: Callable[[], None] | None = None,
) -> FastAPI:
    """The app; it opens the configured store at start-up unless one is given. ``on_started`` runs
    once the store is open and the territory reference loaded."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.store = store or open_store(settings.store)
        with suppress(MaillageError):
            # Loads the territory reference now; a store down at start is answered 503 per request.
            app.state.store.existing_territory_keys(["pays:FR"])
        app.state.analyser = Analyser(
            app.state.store, settings.analysis, results=ResultStore(settings.analyses_dir)
        )
        app.state.write_effects = WriteEffects(app.state.analyser)
        app.state.refresher = None
        if settings.refresh_analyses:
            app.state.refresher = Refresher(app.state.analyser, settings.refresh)
            app.state.analyser.refresh_later = app.state.refresher.request
            app.state.refresher.start()
        if on_started is not None:
            on_started()
        try:
            yield
        finally:
            if app.state.refresher is not None:
                app.state.refresher.stop()
            if store is None:
                app.state.store.close()

    app = FastAPI(
        title="Maillage",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=f"{API_PREFIX}/openapi.json",
    )
    install_offline_docs(app, f"{API_PREFIX}/openapi.json")
    app.state.settings = settings
    app.state.import_lock = threading.Lock()
    app.state.import_jobs = ImportJobs(settings.rejects_dir.parent / "staged-imports")
    app.state.auth_throttle = AuthThrottle()
    app.state.sign_in_throttles = SignInThrottles()
    install_problem_handlers(app)
    _install_middleware(app, settings)
    _install_routes(app)
    app.mount("/static/vis", StaticFiles(directory=VIS_NETWORK), name="vis-network")
    app.mount(DOCS_ASSETS, StaticFiles(directory=SWAGGER_UI), name="swagger-ui")
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    return app


API_ROUTERS = (
    organisations,
    territories,
    analysis,
    comparison,
    alliances,
    paths,
    meta,
    imports,
    tokens,
    changes,
)
"""The API's resources, under /api/v1."""
PAGE_ROUTERS = (
    pages,
    account_pages,
    own_account_pages,
    users_admin_pages,
    edit_pages,
    history_pages,
    alliance_pages,
    import_pages,
)
"""The HTML pages: reading, signing in, one's account, the accounts, the forms, the history."""


def _install_routes(app: FastAPI) -> None:
    for module in API_ROUTERS:
        app.include_router(module.router, prefix=API_PREFIX, responses=API_ERRORS)
    for module in PAGE_ROUTERS:
        app.include_router(module.router)


def _install_middleware(app: FastAPI, settings: ServingSettings) -> None:
    """The middleware, added innermost first: CatchAll sees route errors, BodyLimit runs before
    anything reads a body, and every answer reads one data snapshot."""
    app.add_middleware(CatchAll)
    app.state.response_cache = ResponseCache(max_bytes=settings.response_cache_mib * 1024**2)
    app.state.page_cache = ResponseCache(max_bytes=settings.response_cache_mib * 1024**2 // 4)
    app.add_middleware(
        ResponseCaching,
        cache=app.state.response_cache,
        version=lambda scope: answer_version(scope["app"].state.store, scope["path"]),
        prefixes=[f"{API_PREFIX}/{name}" for name in CACHED_API_ROUTES] + list(CACHED_PAGES),
        # A signed-in browser's pages carry its own CSRF token: never kept, never served to another.
        enabled=lambda scope: not settings.read_requires_token and not has_session_cookie(scope),
    )
    app.add_middleware(SecurityHeaders)
    app.add_middleware(
        BodyLimit,
        default=settings.request_max_bytes,
        limits={f"{API_PREFIX}/imports": settings.upload_max_bytes},
    )
    app.add_middleware(OneSnapshotPerRequest)
