"""Concurrent callers share snapshot reads, and none gets an answer read before it arrived."""

from __future__ import annotations

import contextvars
import itertools
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from graph_service.store.coalesced import CoalescedRead
from graph_service.store.snapshot_scope import forget_scoped, one_snapshot, scoped


def test_every_caller_gets_a_read_begun_after_it_arrived_and_bursts_share_reads() -> None:
    starts: list[float] = []
    lock = threading.Lock()

    def slow_read() -> float:
        begun = time.monotonic()
        with lock:
            starts.append(begun)
        time.sleep(0.01)
        return begun

    read = CoalescedRead(slow_read)

    def caller(_: int) -> tuple[float, float]:
        arrived = time.monotonic()
        return arrived, read()

    with ThreadPoolExecutor(max_workers=32) as pool:
        answers = list(pool.map(caller, range(400)))
    assert all(begun >= arrived for arrived, begun in answers)
    assert len(starts) < len(answers) / 4, "a burst shares reads"
    ordered = sorted(starts)
    assert all(b - a >= 0.009 for a, b in itertools.pairwise(ordered)), "one read at a time"


def test_an_error_reaches_every_caller_sharing_the_read_and_the_next_read_runs() -> None:
    outcomes = iter([RuntimeError("server away"), "run-2"])

    def read() -> str:
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    coalesced = CoalescedRead(read)
    with pytest.raises(RuntimeError, match="server away"):
        coalesced()
    assert coalesced() == "run-2"


def test_a_scope_reads_once_shares_with_its_threads_and_forgets_after_a_write() -> None:
    reads = iter(f"run-{k}" for k in range(10))
    with one_snapshot():
        first = scoped(lambda: next(reads))
        # A worker thread of the request (as FastAPI runs sync routes) sees the same snapshot.
        context = contextvars.copy_context()
        with ThreadPoolExecutor(max_workers=1) as pool:
            in_thread = pool.submit(context.run, scoped, lambda: next(reads)).result()
        assert first == in_thread == "run-0"
        forget_scoped()
        assert scoped(lambda: next(reads)) == "run-1"
    assert scoped(lambda: next(reads)) == "run-2", "outside a scope every ask reads"
