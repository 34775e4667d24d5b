"""Failed authentications counted per client address: past a limit, 429 with ``Retry-After``.

A token is 32 random bytes: guessing one is hopeless, but each guess costs a store read, and a
client sending thousands is a load the server should refuse. :class:`AuthThrottle` counts the
wrong tokens each address sent in a sliding window; past ``max_failures`` the address is answered
429 before its token is looked up, until its oldest failure leaves the window. A token that was
valid recently is still looked up, so that a legitimate script behind the same address (a shared
proxy, an office's network) is not locked out by someone else's guesses; it is still checked
against the store, so a revoked token gains nothing.

>>> clock = [0.0]
>>> throttle = AuthThrottle(max_failures=2, window_seconds=60, clock=lambda: clock[0])
>>> throttle.failed("10.0.0.1"); throttle.failed("10.0.0.1")
>>> throttle.retry_after("10.0.0.1", "some-hash"), throttle.retry_after("10.0.0.2", "some-hash")
(60, None)
>>> clock[0] = 61.0
>>> throttle.retry_after("10.0.0.1", "some-hash") is None
True
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Callable

MAX_FAILURES = 20
"""Wrong tokens an address may send per window: a person mistyping or a script with a revoked
token stays far below; a guessing loop reaches it in a second."""
WINDOW_SECONDS = 60.0
MAX_ADDRESSES = 10_000
"""Addresses remembered at most (the least recently failed are forgotten first): the throttle's
own memory stays bounded whatever the number of clients."""
MAX_GOOD_TOKENS = 1_000


class AuthThrottle:
    """Counts failed authentications per address; says how long a throttled address must wait."""

    def __init__(
        self,
        *,
        max_failures: int = MAX_FAILURES,
        window_seconds: float = WINDOW_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.window_seconds = window_seconds
        self._clock = clock
        self._lock = threading.Lock()
        self._failures: OrderedDict[str, deque[float]] = OrderedDict()
        self._good: OrderedDict[str, None] = OrderedDict()

    def retry_after(self, address: str, secret_hash: str) -> int | None:
        """Seconds ``address`` must wait before its token is looked up; None when it may go on."""
        now = self._clock()
        with self._lock:
            if secret_hash in self._good:
                return None
            failures = self._recent(address, now)
            if failures is None or len(failures) < self.max_failures:
                return None
            return max(1, math.ceil(failures[0] + self.window_seconds - now))

    def failed(self, address: str) -> None:
        now = self._clock()
        with self._lock:
            failures = self._recent(address, now) or deque()
            failures.append(now)
            self._failures[address] = failures
            self._failures.move_to_end(address)
            while len(self._failures) > MAX_ADDRESSES:
                self._failures.popitem(last=False)

    def succeeded(self, secret_hash: str) -> None:
        """A token found valid: its holder is not throttled for others' failures."""
        with self._lock:
            self._good[secret_hash] = None
            self._good.move_to_end(secret_hash)
            while len(self._good) > MAX_GOOD_TOKENS:
                self._good.popitem(last=False)

    def _recent(self, address: str, now: float) -> deque[float] | None:
        failures = self._failures.get(address)
        if failures is None:
            return None
        while failures and failures[0] <= now - self.window_seconds:
            failures.popleft()
        if not failures:
            del self._failures[address]
            return None
        return failures
