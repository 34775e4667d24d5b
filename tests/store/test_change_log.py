"""The write generations that tell which analyses are still valid."""

from __future__ import annotations

from graph_service.store.changes import ChangeLog


def test_a_snapshot_made_elsewhere_touches_every_territory() -> None:
    log = ChangeLog()
    log.observe("run-1")
    seen = log.generation
    log.own_run("run-2")
    log.observe("run-2")  # ours: its touches were recorded when it wrote
    assert not log.changed_since("departement:38", seen)
    log.observe("run-3")  # another replica's write: anything may have changed
    assert log.changed_since("departement:38", seen) and log.changed_since("epci:200040715", seen)


def test_the_first_snapshot_seen_and_the_same_one_again_touch_nothing() -> None:
    log = ChangeLog()
    log.observe("run-1")
    log.observe("run-1")
    assert log.generation == 0 and not log.changed_since("pays:FR", 0)


def test_touches_are_per_territory_and_everything_covers_all() -> None:
    log = ChangeLog()
    log.touch({"departement:29"})
    after_brest = log.generation
    log.touch({"departement:38"})
    assert log.last_change("departement:29") == after_brest
    assert log.changed_since("departement:38", after_brest) and not log.changed_since(
        "departement:29", after_brest
    )
    log.touch(None)
    assert log.last_change("departement:29") == log.generation
