"""A database written by an earlier Maillage (no run end, no token expiry) is brought up to date
when opened for writing, and refused in a clear sentence when opened read-only."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import ladybug
import pytest

from graph_service.errors import StoreUnavailable
from graph_service.store.embedded import EmbeddedStore
from testkit.databases import copy_db

pytestmark = pytest.mark.embedded_only(
    "LadybugDB schema upgrades of an older file; Neo4j applies IF NOT EXISTS statements"
)


def test_an_older_database_is_upgraded_on_a_writable_open(reference_db: Path, tmp_path: Path) -> None:
    path = copy_db(reference_db, tmp_path)
    with EmbeddedStore(path) as store:
        store.record_import_run("old@1", "old", datetime(2024, 1, 1, tzinfo=UTC), "territories: 1 created")
    database = ladybug.Database(str(path))
    connection = ladybug.Connection(database)
    connection.execute("ALTER TABLE ImportRun DROP finished")
    connection.execute("ALTER TABLE ApiToken DROP expires")
    connection.close()
    database.close()
    with pytest.raises(StoreUnavailable, match="older Maillage"):
        EmbeddedStore(path, read_only=True)
    with EmbeddedStore(path) as store:
        store.init_schema()
        # The runs it had count as finished when they started: the snapshot is the latest of them.
        assert store.snapshot_id() == "old@1"
    with EmbeddedStore(path, read_only=True) as store:
        assert store.snapshot_id() == "old@1"


def _log_after_writes(path: Path, checkpoint_every: int) -> int:
    """The write-ahead log's size after a few small writes (0 when folded into the file)."""
    from graph_service.model import Organisation

    wal = path.with_name(path.name + ".wal")
    with EmbeddedStore(path, checkpoint_every=checkpoint_every) as store:
        for n in range(12):
            store.upsert_organisations(
                [Organisation(id=f"t:{n}", name=f"N{n}", world="association")], f"r{n}"
            )
        size = wal.stat().st_size if wal.exists() else 0
        assert store.get_organisation("t:11").name == "N11"
    return size


def test_small_writes_are_checkpointed_so_their_memory_is_given_back(
    reference_db: Path, tmp_path: Path
) -> None:
    # Until a checkpoint, LadybugDB holds every change in its log and in memory.
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    waiting = _log_after_writes(copy_db(reference_db, tmp_path / "a"), checkpoint_every=10_000)
    folded = _log_after_writes(copy_db(reference_db, tmp_path / "b"), checkpoint_every=3)
    assert waiting > 0 and folded < waiting / 3
