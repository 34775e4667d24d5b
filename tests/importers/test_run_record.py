"""Every import run is recorded when it starts and when it ends, finished or failed, with its
counts: the shared run record of the importers."""

from __future__ import annotations

import pytest

from graph_service.store.port import GraphStore
from importers.pipeline.run_record import ImportRun


def test_a_run_is_recorded_under_way_then_as_the_snapshot_once_it_ends(reference_store: GraphStore) -> None:
    before = reference_store.snapshot_id()
    run = ImportRun("somme")
    with run.recorded(reference_store, lambda: "2 created", dry_run=False):
        # Under way: a killed import would leave this record, but the data's snapshot has not moved.
        assert reference_store.snapshot_id() == before
    assert reference_store.snapshot_id() == run.id and run.failure is None


def test_a_failed_run_says_why_and_what_it_committed(reference_store: GraphStore) -> None:
    run = ImportRun("somme")
    committed = {"rows": 0}
    with (
        pytest.raises(RuntimeError),
        run.recorded(reference_store, lambda: f"{committed['rows']} created", dry_run=False),
    ):
        committed["rows"] = 3
        raise RuntimeError("disk full")
    assert run.failure == "disk full"
    assert run.summary("3 created") == "failed (disk full); committed before: 3 created"
    assert reference_store.snapshot_id() == run.id  # what it committed is named by a run


def test_an_interruption_with_no_message_is_named_by_its_kind(reference_store: GraphStore) -> None:
    run = ImportRun("somme")
    with pytest.raises(KeyboardInterrupt), run.recorded(reference_store, lambda: "", dry_run=False):
        raise KeyboardInterrupt
    assert run.failure == "KeyboardInterrupt"


def test_a_dry_run_records_nothing(reference_store: GraphStore) -> None:
    before = reference_store.snapshot_id()
    run = ImportRun("somme")
    with run.recorded(reference_store, lambda: "1 created", dry_run=True):
        pass
    assert reference_store.snapshot_id() == before
