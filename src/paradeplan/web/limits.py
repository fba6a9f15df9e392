"""The request body size limit: a body past MAX_BODY_BYTES is refused with 413 while it is read.

Why 8 MiB: the largest body the API takes is a scenario text at its cap, MAX_SCENARIO_CHARS
(2,000,000 characters, about 10,000 elements of YAML), in a JSON body with a message (at most
10,000 characters) and a few short fields. A browser's JSON.stringify sends every non-ASCII
character as UTF-8, at most 4 bytes, and escapes only quotes, backslashes and control
characters (2 bytes each for the tab, newline and carriage return, the only ones YAML allows).
So even a text at the cap made only of 4-byte characters is 8,000,000 bytes, and with its
message (at most 40,000 bytes) and the other fields still under 8 MiB (8,388,608 bytes). A
client that escapes every non-ASCII character (6 bytes each, as Python's json.dumps does by
default) can pass the limit with a text under the cap that is mostly non-ASCII: it gets 413.

The limit is counted on the bytes as they arrive, so a body is never held whole past it: a
Content-Length over the limit is refused before anything is read, and a body sent without one
(chunked) is refused at the chunk that passes the limit, the rest left unread.
"""

from __future__ import annotations

from fastapi import HTTPException
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 8 * 1024 * 1024


class BodyTooLarge(HTTPException):
    """Raised from `receive` at the chunk that passes the limit; FastAPI answers it as any HTTPException,
    {detail} with 413, since it lets HTTPExceptions raised while reading a body through."""

    def __init__(self, limit: int):
        super().__init__(413, f"the request body is larger than {limit:,} bytes")


class BodySizeLimit:
    """ASGI middleware: refuse a request body larger than `max_bytes` with 413 {detail}, reading no more of it."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer at once when Content-Length is over the limit; otherwise count the body as the app reads it."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = declared_length(scope)
        if declared is not None and declared > self.max_bytes:
            await too_large(self.max_bytes)(scope, receive, send)
            return
        received = 0
        started = False

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except BodyTooLarge:
            if started:
                raise
            await too_large(self.max_bytes)(scope, receive, send)


def declared_length(scope: Scope) -> int | None:
    """The request's Content-Length, or None when it has none (or none that is a number)."""
    value = Headers(scope=scope).get("content-length")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def too_large(limit: int) -> JSONResponse:
    """The 413 reply, as the API's other errors: one line of JSON {detail}."""
    return JSONResponse({"detail": BodyTooLarge(limit).detail}, status_code=413)
