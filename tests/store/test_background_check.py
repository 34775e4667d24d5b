"""The health scan runs beside the caller: its failure is reported, retried at once, and a
passing run is not repeated within its interval."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

from graph_service.errors import StoreUnavailable
from graph_service.store.background_check import BackgroundCheck


class _Scripted:
    """A check that fails while ``broken`` is set and counts its runs."""

    def __init__(self) -> None:
        self.runs = 0
        self.broken = True
        self.release = threading.Event()

    def __call__(self) -> Iterator[None]:
        self.runs += 1
        yield
        self.release.wait(10)
        if self.broken:
            raise StoreUnavailable("the database file is damaged")


def test_the_caller_never_waits_and_a_failure_is_reported_until_a_run_passes() -> None:
    scripted = _Scripted()
    check = BackgroundCheck(scripted, every=3600)
    assert check.failure() is None  # the run has started, and is held: the caller did not wait
    assert scripted.runs == 1
    scripted.release.set()
    check.wait(10)
    failure = check.failure()  # reported, and a new run started at once (no interval after a failure)
    assert isinstance(failure, StoreUnavailable) and "damaged" in str(failure)
    check.wait(10)
    assert scripted.runs == 2
    scripted.broken = False
    assert check.failure() is not None  # the last run failed; a third one starts now
    check.wait(10)
    assert check.failure() is None and scripted.runs == 3
    check.wait(10)
    assert check.failure() is None and scripted.runs == 3  # passed: not again within the hour
    check.stop()


def test_stop_ends_a_run_at_its_next_step_and_starts_no_other() -> None:
    steps: list[int] = []

    def many_steps() -> Iterator[None]:
        for step in range(1_000):
            steps.append(step)
            yield
            time.sleep(0.01)  # 10 s in all, unless stopped

    check = BackgroundCheck(many_steps, every=0)
    check.failure()
    check.stop()
    taken = len(steps)
    assert taken < 1_000
    assert check.failure() is None
    check.wait(1)
    assert len(steps) == taken
