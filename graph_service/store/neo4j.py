"""The Neo4j store: the production backend, over the official ``neo4j`` driver.

Each named statement of ``cypher/neo4j/`` runs through ``Driver.execute_query``, routed to a
reader or to the writer, with managed retries on transient errors. Writes travel as
``UNWIND $rows`` batches of ``MAILLAGE_BATCH_SIZE`` rows; new nodes and relationships are
``MERGE``d on their uniqueness constraints, so two imports racing on a shared server cannot
create duplicates. The driver is made once per process (it holds the connection pool) and shared
by every store object of that process.

Records become plain Python values here (nodes and relationships: dicts of their properties;
Neo4j dates and times: :mod:`datetime` values), so the shared code maps them to domain models the
same way for both backends.

>>> print(translate_error(ServiceUnavailable("Couldn't connect to localhost:7687"), "counts"))
Neo4j is unreachable (counts; check MAILLAGE_NEO4J_URI): Couldn't connect to localhost:7687
"""

from __future__ import annotations

import atexit
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any

import neo4j
from neo4j import Driver, GraphDatabase, RoutingControl
from neo4j.exceptions import (
    AuthError,
    ConfigurationError,
    ConstraintError,
    CypherSyntaxError,
    CypherTypeError,
    DatabaseUnavailable,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)
from neo4j.graph import Node, Path, Relationship

from graph_service.config import StoreSettings
from graph_service.errors import ConstraintViolation, QueryInvalid, StoreError, StoreUnavailable
from graph_service.store.algorithms import GraphAlgorithms
from graph_service.store.coalesced import CoalescedRead
from graph_service.store.cypher import load_query, query_names
from graph_service.store.cypher_store import CypherGraphStore
from graph_service.store.kinds import NodeKind, RelKind
from graph_service.store.snapshot_scope import forget_scoped, scoped
from graph_service.store.sync_engine import Record, chunked

DIALECT = "neo4j"
# Fail fast when the server is away: a CLI user should not wait half a minute to learn it.
CONNECTION_TIMEOUT_SECONDS = 5.0
WRITERS = 2
"""Batches of new nodes an import sends side by side: the server writes one while the next is sent
(one took 361 s for the national set, two 355 s: see the README's import figures)."""
RETRY_SECONDS = 10.0
URI_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")
_UNAVAILABLE_CODES = ("Neo.ClientError.Database.DatabaseNotFound", "Neo.TransientError.General")
_MEMORY_CODES = (
    "Neo.TransientError.General.MemoryPoolOutOfMemoryError",
    "Neo.TransientError.General.TransactionMemoryLimit",
)
_TIMED_OUT_CODES = (
    "Neo.ClientError.Transaction.TransactionTimedOut",
    "Neo.TransientError.Transaction.Terminated",
)

_SCALARS = frozenset({str, int, float, bool})
"""Types the driver returns as they are: most values of a read, checked first (index reads: 300,000)."""

_drivers: dict[tuple[str, str, str], Driver] = {}
_drivers_lock = threading.Lock()


def _first_line(error: BaseException) -> str:
    text = getattr(error, "message", None) or str(error) or type(error).__name__
    return str(text).strip().splitlines()[0].rstrip(":")


def translate_error(error: Exception, query: str) -> StoreError:
    """The one place where the driver's errors become Maillage's."""
    reason = _first_line(error)
    if isinstance(error, AuthError):
        return StoreUnavailable(f"Neo4j refused the credentials (MAILLAGE_NEO4J_USER/_PASSWORD): {reason}")
    if isinstance(error, ServiceUnavailable | SessionExpired | DatabaseUnavailable):
        return StoreUnavailable(f"Neo4j is unreachable ({query}; check MAILLAGE_NEO4J_URI): {reason}")
    if isinstance(error, ConfigurationError | ValueError):
        return StoreUnavailable(f"Neo4j cannot be reached with these settings: {reason}")
    if isinstance(error, ConstraintError):
        return ConstraintViolation(f"{query}: {reason}")
    if isinstance(error, CypherSyntaxError | CypherTypeError):
        return QueryInvalid(f"{query}: {reason}")
    if isinstance(error, Neo4jError):
        code = error.code or ""
        if code.startswith(_MEMORY_CODES):
            return StoreUnavailable(
                f"Neo4j refused {query}: one transaction went past its memory limit "
                "(db.memory.transaction.max; MAILLAGE_NEO4J_TX_MEMORY for scripts/neo4j.sh). Lower "
                f"MAILLAGE_BATCH_SIZE or raise the limit: {reason}"
            )
        if code.startswith(_TIMED_OUT_CODES):
            return StoreUnavailable(
                f"Neo4j ended {query} at its time limit (MAILLAGE_NEO4J_TIMEOUT_SECONDS): {reason}"
            )
        if code.startswith(_UNAVAILABLE_CODES):
            return StoreUnavailable(f"Neo4j database unavailable ({query}): {reason}")
        if code.startswith("Neo.ClientError.Schema.ConstraintValidationFailed"):
            return ConstraintViolation(f"{query}: {reason}")
        if code.startswith("Neo.ClientError.Statement"):
            return QueryInvalid(f"{query}: {reason}")
    if isinstance(error, DriverError | Neo4jError):
        return StoreError(f"{query}: {reason}")
    raise error


def shared_driver(uri: str, user: str, password: str) -> Driver:
    """The process's driver for these credentials, created on first use."""
    key = (uri, user, password)
    with _drivers_lock:
        if key not in _drivers:
            try:
                _drivers[key] = GraphDatabase.driver(
                    uri,
                    auth=(user, password),
                    connection_timeout=CONNECTION_TIMEOUT_SECONDS,
                    max_transaction_retry_time=RETRY_SECONDS,
                    # Statements are checked by Neo4j's own linter in CI; the server's hints (an
                    # empty database lacks our types) would only flood the logs.
                    notifications_min_severity="OFF",
                )
            except (ConfigurationError, ValueError) as error:
                raise translate_error(error, "connect") from error
        return _drivers[key]


@atexit.register
def close_drivers() -> None:
    """Close every driver this process opened."""
    with _drivers_lock:
        for driver in _drivers.values():
            driver.close()
        _drivers.clear()


def plain(value: Any) -> Any:
    """A driver value as plain Python: properties of nodes and relationships, native dates.

    >>> plain([neo4j.time.Date(2024, 3, 1), {"n": 1}])
    [datetime.date(2024, 3, 1), {'n': 1}]
    """
    if value is None or type(value) in _SCALARS:
        return value
    if isinstance(value, Node | Relationship):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, Path):
        return [plain(node) for node in value.nodes]
    if isinstance(value, neo4j.time.Date | neo4j.time.DateTime | neo4j.time.Time):
        return value.to_native()
    if isinstance(value, list):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


class Neo4jStore(CypherGraphStore):
    """GraphStore on a Neo4j 5 database."""

    backend = "neo4j"
    dialect = DIALECT

    def __init__(
        self,
        driver: Driver,
        *,
        database: str,
        batch_size: int = 5_000,
        timeout_seconds: float = 300,
        writers: int = WRITERS,
    ) -> None:
        super().__init__(batch_size)
        self._driver = driver
        self.database = database
        self.timeout_seconds = timeout_seconds
        self._server_away = False
        self.writers = writers
        self._snapshot_reads = CoalescedRead(super().snapshot_id)

    @classmethod
    def connect(cls, settings: StoreSettings) -> Neo4jStore:
        """A store on the configured server, whose reachability is checked now."""
        if not settings.neo4j_uri:
            raise StoreUnavailable(
                "MAILLAGE_BACKEND=neo4j needs MAILLAGE_NEO4J_URI (for example bolt://localhost:7687)"
            )
        scheme = settings.neo4j_uri.partition("://")[0]
        if scheme not in URI_SCHEMES:
            raise StoreUnavailable(
                f"MAILLAGE_NEO4J_URI {settings.neo4j_uri!r} must start with one of "
                + ", ".join(f"{s}://" for s in URI_SCHEMES)
            )
        driver = shared_driver(settings.neo4j_uri, settings.neo4j_user, settings.neo4j_password)
        store = cls(
            driver,
            database=settings.neo4j_database,
            batch_size=settings.batch_size,
            timeout_seconds=settings.neo4j_timeout_seconds,
        )
        store.ping(f"connect to {settings.neo4j_uri}")
        return store

    def ping(self, purpose: str = "ping") -> None:
        """Raise :class:`StoreUnavailable` unless the server and its database answer now."""
        try:
            # Unlike a query, this does not retry: an absent server is reported at once.
            self._driver.verify_connectivity()
        except (DriverError, Neo4jError) as error:
            raise translate_error(error, purpose) from error
        self.read("ping", {})

    def close(self) -> None:
        """Stops the health scan; the driver and its pool belong to the process."""
        self._health_scan.stop()

    def snapshot_id(self) -> str:
        """The data snapshot, from a read begun after the call (shared by concurrent callers), or
        the one of the current request (:mod:`graph_service.store.snapshot_scope`)."""
        return scoped(self._snapshot_reads)

    def record_import_run(
        self, run: str, dataset: str, started: datetime, summary: str, *, finished: bool = True
    ) -> None:
        super().record_import_run(run, dataset, started, summary, finished=finished)
        forget_scoped()

    def graph_algorithms(self) -> GraphAlgorithms:
        from graph_service.store.gds import GdsAlgorithms

        return GdsAlgorithms(self)

    def index_share_key(self) -> object:
        return (id(self._driver), self.database)

    def init_schema(self) -> None:
        for name in query_names(DIALECT):
            if name.startswith("schema_"):
                self.write(name, {})

    # -- primitives ----------------------------------------------------------------------------
    def _run(self, name: str, params: dict[str, Any], routing: RoutingControl) -> list[Record]:
        query = load_query(DIALECT, name)
        query.check(params)
        if self._server_away:
            # The last statement found the server away: ask once, without the driver's retries, so
            # that every request of an outage answers 503 at once and the first after it runs.
            try:
                self._driver.verify_connectivity()
            except (DriverError, Neo4jError) as error:
                raise translate_error(error, name) from error
            self._server_away = False
        try:
            records, _, keys = self._driver.execute_query(
                neo4j.Query(query.text, timeout=self.timeout_seconds),
                params,
                routing_=routing,
                database_=self.database,
            )
        except (DriverError, Neo4jError) as error:
            self._server_away = isinstance(error, ServiceUnavailable | SessionExpired)
            raise translate_error(error, name) from error
        return [{key: plain(record[key]) for key in keys} for record in records]

    def read(self, name: str, params: dict[str, Any]) -> list[Record]:
        return self._run(name, params, RoutingControl.READ)

    def write(self, name: str, params: dict[str, Any]) -> list[Record]:
        return self._run(name, params, RoutingControl.WRITE)

    def _create(self, name: str, rows: list[Record], *, side_by_side: int = 1) -> None:
        """``rows`` in batches, each its own transaction; ``side_by_side`` batches at once, so that
        the server writes one while the next is sent."""
        batches = [{"rows": list(chunk)} for chunk in chunked(rows, self.batch_size)]
        if side_by_side <= 1 or len(batches) <= 1:
            for batch in batches:
                self.write(name, batch)
            return
        with ThreadPoolExecutor(max_workers=side_by_side) as pool:
            # list() waits for every batch and raises the first failure.
            list(pool.map(lambda batch: self.write(name, batch), batches))

    def create_nodes(self, kind: NodeKind, rows: list[Record]) -> None:
        # New nodes of one kind have distinct keys: their batches never wait on each other's locks.
        self._create(kind.create_query, rows, side_by_side=self.writers)

    def create_relationships(self, kind: RelKind, rows: list[Record]) -> None:
        # One at a time: two batches tying the same nodes deadlock (measured: slower side by side).
        self._create(kind.create_query, rows)
