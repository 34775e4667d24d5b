"""The embedded store: LadybugDB, in-process, one database file on disk.

Large batches of new rows are loaded with ``COPY <table> FROM $rows`` from an in-memory Arrow
table, because ``UNWIND … MERGE`` scans the whole node table on every statement (see
``shared/design.md``). Every ``COPY`` holds about 23 MiB of buffer pool until the database closes,
so small batches (an API write, a small import) go through ``UNWIND … CREATE`` statements instead.
Existing rows are changed with ``UNWIND … MATCH … SET`` on the primary key.

>>> import tempfile, pathlib
>>> from graph_service.model import Organisation
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> with EmbeddedStore(folder / "demo.lbug") as store:
...     store.init_schema()
...     store.upsert_organisations([Organisation(id="demo:a", name="GAIA", world="association")], run="r1")
...     store.get_organisation("demo:a").name
WriteCounts(created=1, updated=0, unchanged=0)
'GAIA'
"""

from __future__ import annotations

import logging
import queue
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import ladybug
import pyarrow as pa

from graph_service.errors import ConstraintViolation, QueryInvalid, StoreError, StoreUnavailable
from graph_service.store.cypher import load_query, query_names
from graph_service.store.cypher_store import CypherGraphStore
from graph_service.store.kinds import NodeKind, RelKind, SyncedKind
from graph_service.store.sync_engine import Record

DIALECT = "embedded"
logger = logging.getLogger("maillage.store")
DEFAULT_BUFFER_POOL_BYTES = 2 * 1024**3
"""2 GiB: LadybugDB's own default is 80 % of the machine's memory, too much beside the analyses."""
DEFAULT_COPY_MIN_ROWS = 20_000
DEFAULT_READ_CONNECTIONS = 4
"""Read connections of the pool: 2 saturate 2 cores; more let short reads pass a long one."""
DEFAULT_CHECKPOINT_EVERY = 100
"""Write statements between two checkpoints: until one, every changed value stays in memory
(about 25 KiB per string property set, measured), so a live server grows by hundreds of MiB
over a few thousand small writes; a checkpoint after 100 of them takes about 15 ms."""
_ARROW_TYPES: dict[str, pa.DataType] = {
    "STRING": pa.string(),
    "BOOLEAN": pa.bool_(),
    "INT64": pa.int64(),
    "DOUBLE": pa.float64(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
    "STRING[]": pa.list_(pa.string()),
}
CORRUPTION_SIGNS = (
    "not a valid Lbug database",
    "Cannot read checkpoint",
    "outside the database file",
    "checksum",
    "Corrupted",
    "corrupt",
    "Storage exception",
    "outside the offset table",
    "codec can't decode",
)
_TABLE = re.compile(r"CREATE (NODE|REL) TABLE IF NOT EXISTS (\w+)\s*\((.*)\)\s*$", re.S)
_ENDS = re.compile(r"^FROM (\w+) TO (\w+)$")
_COLUMN = re.compile(r"^`?(\w+)`?\s+([A-Z0-9\[\]]+)")


def translate_error(error: RuntimeError | UnicodeDecodeError, query: str) -> StoreError:
    """The one place where LadybugDB's errors become Maillage's."""
    message = str(error)
    if "is closed" in message:
        return StoreUnavailable(f"the embedded database is closed ({query})")
    if any(sign in message for sign in CORRUPTION_SIGNS):
        return StoreUnavailable(
            "the database file is damaged (corrupt or truncated) and cannot be opened; restore a copy "
            f"or move it aside and run `maillage init`: {message.splitlines()[0]}"
        )
    if "Could not set lock" in message or "Cannot open" in message or "IO exception" in message:
        return StoreUnavailable(
            "the embedded database is in use by another process (stop `maillage serve` or use its API), "
            f"or cannot be opened: {message.splitlines()[0]}"
        )
    if "Buffer manager exception" in message:
        # A full buffer pool (too small a MAILLAGE_BUFFER_POOL_MIB, or a damaged file asking for
        # pages that do not exist) is the store's unavailability, not a bug in the request.
        return StoreUnavailable(
            "the embedded database has no buffer memory left for this read; retry, or raise "
            f"MAILLAGE_BUFFER_POOL_MIB: {message.splitlines()[0]}"
        )
    if "duplicated primary key" in message or "violates" in message:
        return ConstraintViolation(f"{query}: {message}")
    if message.startswith(("Binder exception", "Parser exception", "Catalog exception")):
        return QueryInvalid(f"{query}: {message}")
    return StoreError(f"{query}: {message}")


@dataclass(frozen=True)
class SchemaTable:
    """A node or relationship table as its schema statement declares it."""

    name: str
    is_relationship: bool
    columns: tuple[tuple[str, str], ...]
    ends: tuple[str, str] | None = None


@cache
def declared_tables() -> dict[str, SchemaTable]:
    """Every table of the embedded schema statements: the one list of labels, types and properties.

    >>> declared_tables()["MEMBER_OF"].ends
    ('Organisation', 'Alliance')
    """
    tables: dict[str, SchemaTable] = {}
    for name in query_names(DIALECT):
        match = _TABLE.match(load_query(DIALECT, name).text) if name.startswith("schema_") else None
        if not match:
            continue
        parts = [part.strip() for part in match.group(3).split(",")]
        ends = _ENDS.match(parts[0]) if match.group(1) == "REL" else None
        columns = (_COLUMN.match(part) for part in parts if not part.startswith("FROM "))
        tables[match.group(2)] = SchemaTable(
            name=match.group(2),
            is_relationship=ends is not None,
            columns=tuple((c.group(1), c.group(2)) for c in columns if c),
            ends=(ends.group(1), ends.group(2)) if ends else None,
        )
    return tables


def table_columns(table: str) -> tuple[tuple[str, str], ...]:
    """Columns and types of a table (relationship tables: their properties)."""
    if table not in declared_tables():
        raise QueryInvalid(f"no schema statement creates table {table}")
    return declared_tables()[table].columns


def _plain(value: Any) -> Any:
    """A LadybugDB value with node and relationship internals (``_ID``, ``_LABEL``...) removed."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items() if not key.startswith("_")}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


class EmbeddedStore(CypherGraphStore):
    """GraphStore on a LadybugDB file."""

    reads_one_by_one = 8
    """A primary-key look-up per id (0.6 ms on a 50,000-organisation département), where
    ``UNWIND $ids … MATCH`` makes LadybugDB join the whole table (15-90 ms); writes name one or
    two. Neo4j uses its index for the ``UNWIND`` and answers a few ids in one round trip."""

    backend = "embedded"
    dialect = DIALECT

    def __init__(
        self,
        path: Path,
        *,
        read_only: bool = False,
        batch_size: int = 5_000,
        buffer_pool_bytes: int = DEFAULT_BUFFER_POOL_BYTES,
        copy_min_rows: int = DEFAULT_COPY_MIN_ROWS,
        checkpoint_every: int = DEFAULT_CHECKPOINT_EVERY,
        read_connections: int = DEFAULT_READ_CONNECTIONS,
    ) -> None:
        super().__init__(batch_size)
        self.copy_min_rows = copy_min_rows
        self.checkpoint_every = checkpoint_every
        self._writes_since_checkpoint = 0
        # Writes run one at a time on their own connection; reads take any free one of a pool, so
        # the API's worker threads read side by side (LadybugDB releases the GIL while it runs).
        self._lock = threading.RLock()
        self._readers: queue.SimpleQueue[Any] = queue.SimpleQueue()
        self.path = Path(path)
        self.read_only = read_only
        self.sole_writer = not read_only
        self._snapshot: str | None = None
        self._damage: StoreUnavailable | None = None
        """The first sign of a damaged file a read met: the file does not heal, so health says it
        until the server restarts."""
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        elif not self.path.exists():
            raise StoreUnavailable(f"no database at {self.path}: run `maillage init` first")
        if self.path.is_file() and self.path.stat().st_size == 0:
            raise StoreUnavailable(
                f"{self.path} is an empty file, not a database: delete it, then run `maillage init`"
            )
        self._probe_lock = threading.Lock()
        try:
            self._database = ladybug.Database(
                str(self.path), read_only=read_only, buffer_pool_size=buffer_pool_bytes
            )
            self._connection = ladybug.Connection(self._database)
            self._reader_connections = [ladybug.Connection(self._database) for _ in range(read_connections)]
            # A connection of its own, so that /health answers while a long import holds the other.
            self._probe_connection = ladybug.Connection(self._database)
        except RuntimeError as error:
            raise translate_error(error, "open") from error
        for connection in self._reader_connections:
            self._readers.put(connection)
        self._identity = self._file_identity()
        if read_only:
            self._require_current_schema()

    def _require_current_schema(self) -> None:
        """A read-only store cannot update an older file's schema: say so instead of failing later."""
        try:
            columns = {row["name"] for row in self.read("maintenance_import_run_columns", {})}
        except QueryInvalid:
            return  # no ImportRun table at all: an empty database, which reads answer as empty
        if "finished" not in columns:
            self.close()
            raise StoreUnavailable(
                f"{self.path} was made by an older Maillage: run `maillage init` once (with no server "
                "running) to bring its schema up to date"
            )

    def close(self) -> None:
        self._health_scan.stop()
        for connection in self._reader_connections:
            connection.close()
        self._probe_connection.close()
        self._connection.close()
        self._database.close()

    def _file_identity(self) -> tuple[int, int]:
        """The database file's device and inode; StoreUnavailable if the file is gone."""
        try:
            stat = self.path.stat()
        except OSError as error:
            raise StoreUnavailable(
                f"the database file {self.path} is gone: restart the server (or `maillage init`)"
            ) from error
        return stat.st_dev, stat.st_ino

    def _check_file(self) -> None:
        """Writes into a deleted or replaced file would be acknowledged and then lost: refuse them."""
        if self._file_identity() != self._identity:
            raise StoreUnavailable(
                f"the database file {self.path} was replaced while open: restart the server"
            )

    def check_health(self) -> None:
        self._check_file()
        if self._damage is not None:
            raise self._damage
        super().check_health()

    def _translated(self, error: RuntimeError | UnicodeDecodeError, query: str) -> StoreError:
        """``error`` as Maillage's, remembered when it says the file is damaged."""
        translated = translate_error(error, query)
        if isinstance(translated, StoreUnavailable) and "damaged" in str(translated):
            self._damage = self._damage or translated
        return translated

    def _probe_read(self, name: str, params: dict[str, Any]) -> list[Record]:
        with self._probe_lock:
            return self._rows(self._execute(name, params, self._probe_connection))

    def init_schema(self) -> None:
        for name in query_names(DIALECT):
            if name.startswith("schema_"):
                self._execute(name, {})

    # -- primitives ----------------------------------------------------------------------------
    def _execute(self, name: str, params: dict[str, Any], connection: Any = None) -> Any:
        query = load_query(DIALECT, name)
        query.check(params)
        try:
            return (connection or self._connection).execute(query.text, params)
        except RuntimeError as error:
            raise self._translated(error, name) from error

    def _rows(self, result: Any) -> list[Record]:
        try:
            columns = result.get_column_names()
            return [dict(zip(columns, _plain(row), strict=True)) for row in result.get_all()]
        except (RuntimeError, UnicodeDecodeError) as error:  # rows decoded from damaged pages
            raise self._translated(error, "reading a result") from error

    @contextmanager
    def _reader(self) -> Iterator[Any]:
        """A free read connection of the pool, for one statement."""
        connection = self._readers.get()
        try:
            yield connection
        finally:
            self._readers.put(connection)

    def read(self, name: str, params: dict[str, Any]) -> list[Record]:
        with self._reader() as connection:
            return self._rows(self._execute(name, params, connection))

    def read_columns(self, name: str, params: dict[str, Any]) -> dict[str, list[Any]]:
        with self._reader() as connection:
            result = self._execute(name, params, connection)
            try:
                columns: dict[str, list[Any]] = result.get_as_arrow().to_pydict()
            except (RuntimeError, UnicodeDecodeError) as error:
                raise self._translated(error, name) from error
            return columns

    def write(self, name: str, params: dict[str, Any]) -> list[Record]:
        if not self.read_only:
            self._check_file()
        with self._lock:
            rows = self._rows(self._execute(name, params))
        self._count_write()
        return rows

    def snapshot_id(self) -> str:
        """The latest finished run; a writable store keeps it in memory, since every write that can
        move it goes through this object (one read-write process per file)."""
        if self.read_only:
            return super().snapshot_id()
        if self._snapshot is None:
            self._snapshot = super().snapshot_id()
        return self._snapshot

    def record_import_run(
        self, run: str, dataset: str, started: datetime, summary: str, *, finished: bool = True
    ) -> None:
        super().record_import_run(run, dataset, started, summary, finished=finished)
        if finished:
            self._snapshot = run

    def _count_write(self) -> None:
        with self._lock:
            self._writes_since_checkpoint += 1
            if self._writes_since_checkpoint < self.checkpoint_every:
                return
            self._writes_since_checkpoint = 0
            try:
                self._execute("maintenance_checkpoint", {})
            except StoreError as error:
                # A read on the probe connection can hold it off; the next write tries again.
                logger.info("checkpoint postponed: %s", error)
                self._writes_since_checkpoint = self.checkpoint_every

    def _copy(self, name: str, columns: list[tuple[str, str]], rows: list[Record]) -> None:
        self._check_file()
        schema = pa.schema([(column, _ARROW_TYPES[kind]) for column, kind in columns])
        for start in range(0, len(rows), 500_000):
            table = pa.Table.from_pylist(rows[start : start + 500_000], schema=schema)
            with self._lock:
                self._execute(name, {"rows": table})
            self._count_write()

    def _create(self, kind: SyncedKind, columns: list[tuple[str, str]], rows: list[Record]) -> None:
        if len(rows) >= self.copy_min_rows:
            self._copy(kind.copy_query, columns, rows)
            return
        names = [column for column, _ in columns]
        for start in range(0, len(rows), self.batch_size):
            chunk = [
                {column: row.get(column) for column in names} for row in rows[start : start + self.batch_size]
            ]
            self.write(kind.create_query, {"rows": chunk})

    def create_nodes(self, kind: NodeKind, rows: list[Record]) -> None:
        self._create(kind, list(table_columns(kind.label.value)), rows)

    def create_relationships(self, kind: RelKind, rows: list[Record]) -> None:
        columns = [("from_key", "STRING"), ("to_key", "STRING"), *table_columns(kind.type.value)]
        self._create(kind, columns, rows)
