"""A slow check that runs in a thread of its own, so that the caller who asks never waits for it.

The health check reads a sample of every table. Run inside ``/health``, that read made each call
take seconds on a large store under a heavy import, and a load balancer polling health would have
seen a slow service. A :class:`BackgroundCheck` starts the check when asked, at most once per
interval, and answers at once with the last run's failure (``None`` while none failed). A failed
run is retried at the next ask, without waiting for the interval, so that a recovered store is
seen as soon as a run passes. The check is a generator: it may be stopped between its steps.

>>> import time
>>> def passing():
...     yield
>>> check = BackgroundCheck(passing, every=60.0)
>>> check.failure() is None
True
>>> check.stop()
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

from graph_service.errors import StoreError


class BackgroundCheck:
    """Runs ``check`` (a generator of steps) in a daemon thread, at most once every ``every`` s."""

    def __init__(self, check: Callable[[], Iterator[None]], every: float) -> None:
        self._check = check
        self._every = every
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._last_pass: float | None = None
        self._failure: StoreError | None = None
        self._stopping = threading.Event()

    def failure(self) -> StoreError | None:
        """The last run's failure; starts a run first when one is due (none is waited for)."""
        with self._lock:
            running = self._thread is not None and self._thread.is_alive()
            due = self._last_pass is None or time.monotonic() - self._last_pass >= self._every
            if due and not running and not self._stopping.is_set():
                self._thread = threading.Thread(target=self._run, name="maillage-health-scan", daemon=True)
                self._thread.start()
            return self._failure

    def wait(self, timeout: float | None = None) -> None:
        """Waits for the run under way, if any (tests, and :meth:`stop`)."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def stop(self) -> None:
        """Stops the run under way at its next step and starts no other: the store is closing."""
        self._stopping.set()
        self.wait()

    def _run(self) -> None:
        try:
            for _ in self._check():
                if self._stopping.is_set():
                    return
        except StoreError as error:
            with self._lock:
                self._failure = error
                self._last_pass = None
            return
        with self._lock:
            self._failure = None
            self._last_pass = time.monotonic()
