"""ASGI middleware around the whole app: body size limit, security headers, last-resort errors,
one data snapshot per request.

They are plain ASGI (not ``BaseHTTPMiddleware``), so a streamed upload is counted as it arrives
and an answer is never buffered.
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_service.api.problems import answer, bug
from graph_service.store.snapshot_scope import one_snapshot

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
FRAME_POLICY = "frame-ancestors 'none'"


class HttpMiddleware(ABC):
    """A plain ASGI middleware that acts on HTTP requests only (lifespan events pass through)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.handle(scope, receive, send)

    @abstractmethod
    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Serve one HTTP request."""


class OneSnapshotPerRequest(HttpMiddleware):
    """Every part of an answer sees the data snapshot read once for its request."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        with one_snapshot():
            await self.app(scope, receive, send)


class BodyTooLarge(Exception):
    """The request body went past its limit while it was being received."""


class BodyLimit(HttpMiddleware):
    """Refuses a body over its limit (413) from its ``Content-Length``, before any route, token
    check or spooling; a body without one (chunked) is counted while it streams and cut at the limit.

    ``limits`` maps path prefixes to byte limits (the first that matches wins); other paths get
    ``default``.
    """

    def __init__(self, app: ASGIApp, *, default: int, limits: dict[str, int]) -> None:
        super().__init__(app)
        self.default = default
        self.limits = limits

    def limit_for(self, path: str) -> int:
        return next((limit for prefix, limit in self.limits.items() if path.startswith(prefix)), self.default)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        limit = self.limit_for(scope["path"])
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await self._refuse(scope, receive, send, limit)
            return
        received = 0
        started = refused = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def watched(message: Message) -> None:
            # A body parser may turn BodyTooLarge into its own error answer (FastAPI answers 400
            # "error parsing the body"): once over the limit, the answer is ours, whatever it says.
            nonlocal started, refused
            if received > limit:
                if not refused:
                    refused = True
                    await self._refuse(scope, receive, send, limit)
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except BodyTooLarge:
            if not started and not refused:
                await self._refuse(scope, receive, send, limit)

    @staticmethod
    async def _refuse(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        detail = f"the request body is larger than {limit:,} bytes"
        response = answer(Request(scope, receive), 413, "Content Too Large", detail)
        # The rest of the body is not read: the connection cannot be reused for another request.
        response.headers["Connection"] = "close"
        await response(scope, receive, send)


class SecurityHeaders(HttpMiddleware):
    """Adds the security headers to every answer, and ``frame-ancestors`` where no page policy is set."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
                headers.setdefault("Content-Security-Policy", FRAME_POLICY)
            await send(message)

        await self.app(scope, receive, with_headers)


class CatchAll(HttpMiddleware):
    """The last resort: an exception no handler took becomes a 500 answer, and is not re-raised.

    Starlette's own last-resort handler re-raises after answering, and the server then closes the
    connection; here the client's keep-alive connection survives the error.
    """

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except BodyTooLarge:
            raise
        except Exception as error:
            if started:
                raise
            await bug(Request(scope, receive), error)(scope, receive, send)
