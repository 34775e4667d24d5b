"""A database written by an earlier Maillage (no run end, no token expiry) is brought up to date
when opened for writing, and refused in a clear sentence when opened read-only."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import ladybug
import pytest

from graph_service.errors import StoreUnavailable
from graph_service.store.embedded import EmbeddedStore
from tests.conftest import copy_db


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
