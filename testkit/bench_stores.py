"""Fresh stores for the benchmarks, on either backend, and the Neo4j server's peak memory."""

from __future__ import annotations

import os
from pathlib import Path

from graph_service.config import Backend, get_settings
from graph_service.store import open_store
from graph_service.store.embedded import EmbeddedStore
from importers.territory_reference import install_reference
from testkit.neo4j_state import Neo4jTemplates


def fresh_store(backend: str, database: Path, *, wipe: bool) -> None:
    """A store holding the schema and the territory reference only: a new LadybugDB file at
    ``database``, or the Neo4j of ``MAILLAGE_NEO4J_URI`` emptied (only with ``wipe``)."""
    if backend == Backend.EMBEDDED:
        with EmbeddedStore(database) as store:
            store.init_schema()
            install_reference(store)
        return
    settings = get_settings().model_copy(update={"backend": Backend.NEO4J})
    store = open_store(settings)
    if store.counts().nodes and not wipe:
        raise SystemExit("the Neo4j database holds Maillage data: pass --wipe to delete it first")
    templates = Neo4jTemplates(store._driver, settings.neo4j_database)  # type: ignore[attr-defined]

    def install() -> None:
        install_reference(store)

    templates.build(install)


def neo4j_server_peak_gib() -> str:
    """The peak resident memory of the Neo4j that scripts/neo4j.sh started, if it runs here."""
    home = Path(os.environ.get("MAILLAGE_NEO4J_HOME", Path(__file__).parents[1] / "build" / "neo4j"))
    try:
        pid = (home / "run" / "neo4j.pid").read_text().strip()
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return "unknown (not a server of scripts/neo4j.sh)"
    kib = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
    return f"{kib / 1024 / 1024:.2f} GiB"
