"""``maillage serve``: the API, its docs and the territory pages on the configured backend.

maillage serve --demo-if-empty
"""

from __future__ import annotations

import gc
import sys
from typing import Annotated

import typer

from graph_service.cli.context import guarded, invocation, out, progress

GIL_SWITCH_INTERVAL = 0.0005
"""Seconds a thread holds the GIL before handing it over. An upload is imported in a worker thread
that holds the GIL while it parses; a request hands the GIL over a dozen times on its way, 5 ms
each by default. At 0.5 ms light requests (health, reads) pass through a long import
(bench/health_during_upload.py)."""


def freeze_heap() -> None:
    """Move what start-up loaded (the territory reference, tens of thousands of objects that live as
    long as the server) out of the garbage collector's sight: its full passes then scan only what
    requests create (a page render spent 15 of its 70 ms in them)."""
    gc.collect()
    gc.freeze()


@guarded
def serve(
    ctx: typer.Context,
    host: Annotated[
        str | None, typer.Option(help="address to listen on (MAILLAGE_HOST, default 127.0.0.1)")
    ] = None,
    port: Annotated[int | None, typer.Option(help="port (MAILLAGE_PORT, default 8000)")] = None,
    demo_if_empty: Annotated[
        bool, typer.Option("--demo-if-empty", help="load the demo data set first when the store is empty")
    ] = False,
) -> None:
    """Serve the API (and its docs at /docs) on the configured backend."""
    import uvicorn

    from graph_service.api.app import create_app
    from importers.demo import load_demo

    call = invocation(ctx)
    settings = call.settings()
    # Open the store once first, so that an unreachable Neo4j or a locked file is one clear line.
    with call.store(writable=True) as store:
        if demo_if_empty and not store.counts().nodes.get("Organisation"):
            load_demo(store, progress())
    bind_host, bind_port = host or settings.host, port or settings.port
    sys.setswitchinterval(GIL_SWITCH_INTERVAL)
    site = f"http://{bind_host}:{bind_port}"
    out.print(f"Maillage: the pages on {site}/ (a territory: {site}/territoires/38)")
    backend = settings.backend.value
    out.print(f"          the API on {site}/api/v1, its docs on {site}/docs (backend: {backend})")
    uvicorn.run(
        create_app(settings, on_started=freeze_heap), host=bind_host, port=bind_port, log_level="info"
    )
