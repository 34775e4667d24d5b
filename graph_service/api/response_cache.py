"""Whole answers of the public read routes, kept per data snapshot, with ``ETag`` and ``304``.

Every read answer is a function of its URL and of the data it depends on. A ``200`` answer is
kept under its path and query string with the *version* of those data it was made at, and served
again, without running the route, while that version stays the same:

- an answer about one territory (``/api/v1/territories/{code}/…``, ``/territoires/{code}``)
  depends on that territory only: its version is the latest write that touched it, so writes in
  the Finistère leave the Isère's answers in place;
- any other answer (searches, organisation pages, paths) depends on the whole graph: its version
  is the data snapshot (the latest finished run), which every write moves.

The version is the answer's ``ETag``; a client that
sends it back in ``If-None-Match`` gets ``304 Not Modified`` without a body while the answer is
kept (once it is not, the route answers again in full, with the same ``ETag`` if nothing changed).

Answers built from analyses still being brought up to date (``X-Maillage-Refreshing``) carry no
``ETag`` and are kept only a few seconds: the fresh answer replaces them as soon as it is ready.
Many clients asking the same missing URL at once wait for the first one's answer instead of each
computing it. Reads closed by a token (``MAILLAGE_READ_REQUIRES_TOKEN``) are never cached.

>>> cache = ResponseCache(max_bytes=1000)
>>> cache.put("/a", CachedResponse(snapshot="s1", status=200, headers=[], body=b"x" * 200))
>>> cache.put("/b", CachedResponse(snapshot="s1", status=200, headers=[], body=b"y" * 200))
>>> len(cache.get("/a", "s1").body), cache.get("/b", "s2")   # another snapshot: gone
(200, None)
>>> for page in "cdefg":
...     cache.put(f"/{page}", CachedResponse(snapshot="s1", status=200, headers=[], body=b"z" * 200))
>>> cache.get("/a", "s1") is None, cache.size   # the least recently used made room
(True, 1000)
"""

from __future__ import annotations

import asyncio
import re
import threading
import time
import uuid
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_service.api.middleware import HttpMiddleware
from graph_service.errors import MaillageError
from graph_service.store.port import GraphStore

REFRESHING_HEADER = "x-maillage-refreshing"
"""Set by a route whose answer comes from analyses of an earlier snapshot being recomputed."""
REFRESHING_TTL_SECONDS = 2.0
ENTRY_SHARE = 4
"""One answer may take at most a quarter of the cache."""
TERRITORY_ANSWERS = re.compile(r"^/(?:api/v1/territories|territoires)/([^/]+)(?:/.*)?$")
BOOT = uuid.uuid4().hex[:8]
"""Write generations count from each start: versions built on them carry this start's id."""


def answer_version(store: GraphStore, path: str) -> str:
    """The version of the data an answer at ``path`` depends on (see the module's docstring).

    >>> TERRITORY_ANSWERS.match("/territoires/38").group(1), TERRITORY_ANSWERS.match("/api/v1/territories")
    ('38', None)
    """
    snapshot = store.snapshot_id()
    store.changes.observe(snapshot)
    territory = TERRITORY_ANSWERS.match(path)
    if territory is None:
        return snapshot
    try:
        key = store.resolve_territory(territory.group(1))
    except MaillageError:
        return snapshot  # an unknown territory: its 404 is not kept anyway
    return f"{BOOT}.{store.changes.last_change(key)}"


@dataclass(frozen=True)
class CachedResponse:
    """One whole answer and the snapshot it was made at."""

    snapshot: str
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    expires: float | None = None
    """Monotonic time after which it is not served (answers from refreshing analyses)."""

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(name) + len(value) for name, value in self.headers)


@dataclass
class ResponseCache:
    """A least-recently-used set of answers bounded in bytes; safe across threads."""

    max_bytes: int
    size: int = 0
    _entries: OrderedDict[str, CachedResponse] = field(default_factory=OrderedDict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def get(self, key: str, snapshot: str) -> CachedResponse | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            if entry.snapshot != snapshot or (entry.expires is not None and entry.expires < time.monotonic()):
                self._drop(key)
                return None
            self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry: CachedResponse) -> None:
        if entry.size * ENTRY_SHARE > self.max_bytes:
            return
        with self._lock:
            if key in self._entries:
                self._drop(key)
            self._entries[key] = entry
            self.size += entry.size
            while self.size > self.max_bytes:
                self._drop(next(iter(self._entries)))

    def _drop(self, key: str) -> None:
        self.size -= self._entries.pop(key).size

    def __len__(self) -> int:
        return len(self._entries)


def etag_of(snapshot: str) -> str:
    return f'"{snapshot}"'


def _matches(if_none_match: str, etag: str) -> bool:
    return etag in (tag.strip().removeprefix("W/") for tag in if_none_match.split(","))


class ResponseCaching(HttpMiddleware):
    """Serves ``GET`` answers of the read routes from a :class:`ResponseCache`.

    ``version`` names the current state of the data a request's answer depends on
    (:func:`answer_version`); ``enabled`` is read per request, so that closing reads with a token
    turns the cache off.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        cache: ResponseCache,
        version: Callable[[Scope], str],
        prefixes: Sequence[str],
        enabled: Callable[[Scope], bool],
    ) -> None:
        super().__init__(app)
        self.cache = cache
        self.version = version
        self.prefixes = tuple(prefixes)
        self.enabled = enabled
        self._inflight: dict[tuple[str, str], asyncio.Event] = {}

    def _cacheable(self, scope: Scope) -> bool:
        path: str = scope["path"]
        return (
            scope["method"] == "GET"
            and self.cache.max_bytes > 0
            and (path == "/" or path.startswith(self.prefixes))
            and self.enabled(scope)
        )

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not self._cacheable(scope):
            await self.app(scope, receive, send)
            return
        try:
            snapshot = await run_in_threadpool(self.version, scope)
        except MaillageError:
            # The route will meet the same trouble and answer it properly.
            await self.app(scope, receive, send)
            return
        key = scope["path"] + "?" + scope["query_string"].decode("latin-1")
        entry = self.cache.get(key, snapshot)
        flight = (key, snapshot)
        while entry is None and flight in self._inflight:
            await self._inflight[flight].wait()
            entry = self.cache.get(key, snapshot)
        if entry is not None:
            etag = etag_of(snapshot)
            if entry.expires is None and _matches(Headers(scope=scope).get("if-none-match", ""), etag):
                await self._not_modified(send, etag)
            else:
                await self._replay(entry, send)
            return
        done = self._inflight[flight] = asyncio.Event()
        try:
            await self._record(scope, receive, send, key, snapshot)
        finally:
            del self._inflight[flight]
            done.set()

    async def _record(self, scope: Scope, receive: Receive, send: Send, key: str, snapshot: str) -> None:
        start: Message = {}
        chunks: list[bytes] = []
        keep = False
        expires: float | None = None

        async def recorded(message: Message) -> None:
            nonlocal start, keep, expires
            if message["type"] == "http.response.start":
                headers = Headers(raw=message.get("headers", []))
                keep = message["status"] == 200 and "set-cookie" not in headers
                refreshing = REFRESHING_HEADER in headers
                if refreshing:
                    expires = time.monotonic() + REFRESHING_TTL_SECONDS
                extra = [(b"cache-control", b"no-store" if refreshing else b"no-cache")]
                if keep and not refreshing:
                    extra.append((b"etag", etag_of(snapshot).encode()))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
                start = message
            elif message["type"] == "http.response.body" and keep:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    entry = CachedResponse(
                        snapshot=snapshot,
                        status=start["status"],
                        headers=list(start["headers"]),
                        body=b"".join(chunks),
                        expires=expires,
                    )
                    self.cache.put(key, entry)
            await send(message)

        await self.app(scope, receive, recorded)

    @staticmethod
    async def _replay(entry: CachedResponse, send: Send) -> None:
        await send({"type": "http.response.start", "status": entry.status, "headers": entry.headers})
        await send({"type": "http.response.body", "body": entry.body})

    @staticmethod
    async def _not_modified(send: Send, etag: str) -> None:
        headers = [(b"etag", etag.encode()), (b"cache-control", b"no-cache")]
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
