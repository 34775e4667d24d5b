"""Reads of the embedded store run side by side on a pool of connections, and see every write."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest

from graph_service.model import Organisation
from graph_service.store.embedded import EmbeddedStore
from testkit.databases import copy_db

pytestmark = pytest.mark.embedded_only("the pool of LadybugDB connections over one database object")


def test_concurrent_reads_answer_as_serial_ones(demo_db: Path, tmp_path: Path) -> None:
    with EmbeddedStore(copy_db(demo_db, tmp_path), read_connections=3) as store:
        codes = ["38", "29", "63", "86", "67", "35"] * 4

        def read(code: str) -> tuple[int, int, list[str]]:
            frame = store.ecosystem_frame(code)
            found = store.search_organisations("a", territory=code, limit=5)
            return len(frame.organisations), len(frame.member_ids), [o.id for o in found.items]

        serial = [read(code) for code in codes]
        with ThreadPoolExecutor(max_workers=8) as pool:
            parallel = list(pool.map(read, codes))
        assert parallel == serial


def test_a_write_is_seen_by_every_read_connection_and_moves_the_snapshot(
    demo_db: Path, tmp_path: Path
) -> None:
    with EmbeddedStore(copy_db(demo_db, tmp_path), read_connections=4) as store:
        before = store.snapshot_id()
        store.upsert_organisations(
            [Organisation(id="api:vue", name="Vue partout", world="association", commune="38185")], "api@vue"
        )
        store.record_import_run("api@vue", "api", datetime.now(UTC), "one write")
        with ThreadPoolExecutor(max_workers=4) as pool:
            seen = list(pool.map(lambda _: store.get_organisation("api:vue").name, range(16)))
        assert seen == ["Vue partout"] * 16
        assert store.snapshot_id() == "api@vue" != before
    # The snapshot kept in memory is the one a fresh reader of the file finds.
    with EmbeddedStore(tmp_path / demo_db.name, read_only=True) as reader:
        assert reader.snapshot_id() == "api@vue"
