"""What keeps another web page, or another site's name, from driving the server: three ASGI middlewares.

- HostCheck: a request whose Host header names a host the server is not meant to be reached by
  gets 400. A page of another site that has its own name resolve to this computer (DNS
  rebinding) reaches the server with that name in Host, so it is refused before anything runs.
  Loopback names (localhost, 127.0.0.1, [::1]) are always served, at any port; other names and
  addresses only when the settings list them (`--allowed-host`), or the address `--host` binds.
- SameOriginOnly: a request that changes something (POST, PUT, PATCH, DELETE) is refused with
  403 when the browser says it comes from another site: `Sec-Fetch-Site` other than
  `same-origin` or `none` (typed in or bookmarked), or an `Origin` that is not this server's own
  scheme://host:port. And it must be sent as JSON (`Content-Type: application/json`, an empty body
  included): a form of another site can only send form or plain-text bodies without the browser
  asking the server first (CORS preflight, which this server never grants), so 415 for any other
  content type, or none. The pages send every change with fetch as JSON (static/js/api.js).
  Paths that take an HTML form (a login page) are given as `form_paths`: still refused across
  sites, but not held to JSON.
- SecurityHeaders: every response gets a Content-Security-Policy that runs no inline script but
  the ones carrying this response's nonce (base.html's import map takes `request.state.csp_nonce`),
  X-Content-Type-Options: nosniff, X-Frame-Options: DENY (and frame-ancestors 'none'), and
  Referrer-Policy: same-origin.

Websocket connections get the Host and Origin checks too, closed before they are accepted.
"""

from __future__ import annotations

import html
import ipaddress
import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

from fastapi.responses import HTMLResponse, JSONResponse
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .routes import API_URL
from .settings import Settings, host_names, is_loopback

LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARD_HOSTS = frozenset({"0.0.0.0", "::", ""})  # a bind to every address: no one address to add
STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
SAME_ORIGIN_FETCH = frozenset({"same-origin", "none"})  # Sec-Fetch-Site of this origin's pages, and of a typed address
JSON_TYPE = "application/json"
NONCE_KEY = "csp_nonce"  # request.state.csp_nonce: this response's nonce, for a template's inline script
DEFAULT_PORTS = {"http": 80, "https": 443}
CROSS_SITE = "cross-site request refused"


def served_hosts(settings: Settings) -> frozenset[str]:
    """The host names and addresses a request's Host header may name: loopback, the allowed hosts of the
    settings, and the address the server binds when that is one address (not loopback, not every address)."""
    bound = host_names(settings.host)
    own = [name for name in bound if name not in WILDCARD_HOSTS and not is_loopback(name)]
    return LOOPBACK_HOSTS | set(settings.allowed_hosts) | set(own)


def split_host(value: str) -> tuple[str, int | None] | None:
    """A Host header (or an origin's host part) as (name in lower case, port or None); None when it is not one:
    `localhost:8000` -> ("localhost", 8000), `[::1]:80` -> ("::1", 80), `Example.org` -> ("example.org", None)."""
    value = value.strip().lower()
    if value.startswith("["):
        name, bracket, port = value[1:].partition("]")
        if not bracket or (port and not port.startswith(":")):
            return None
        port = port[1:]
        try:
            ipaddress.IPv6Address(name)
        except ValueError:
            return None
    else:
        name, colon, port = value.partition(":")
        if colon and not port:
            return None
    if not name:
        return None
    if not port:
        return name, None
    if not (port.isascii() and port.isdigit() and len(port) <= 5):
        return None
    return name, int(port)


def refusal(scope: Scope, status: int, title: str, detail: str) -> JSONResponse | HTMLResponse:
    """{detail} for the API; a short page that says the same for anything else (as the app's other errors)."""
    if scope.get("path", "").startswith(API_URL + "/"):
        return JSONResponse({"detail": detail}, status_code=status)
    return HTMLResponse(f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{html.escape(detail)}</p>",
                        status_code=status)


async def refuse(scope: Scope, receive: Receive, send: Send, status: int, title: str, detail: str) -> None:
    """Answer with the refusal; a websocket is closed before it is accepted (the server answers 403)."""
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008, "reason": detail[:120]})
        return
    await refusal(scope, status, title, detail)(scope, receive, send)


class HostCheck:
    """ASGI middleware: refuse a request whose Host header names none of `hosts` (any port) with 400."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str]):
        self.app = app
        self.hosts = frozenset(hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        value = Headers(scope=scope).get("host", "")
        host = split_host(value)
        if host is None or host[0] not in self.hosts:
            shown = value[:100] or "none"
            await refuse(scope, receive, send, 400, "Unknown host",
                         f"this server does not answer to the host {shown!r} (docs/web.md, Security: --allowed-host)")
            return
        await self.app(scope, receive, send)


def own_origin(scope: Scope) -> tuple[str, str, int] | None:
    """This request's own origin as (scheme, host, port): the scheme it came by and its Host header."""
    scheme = str(scope.get("scheme", "http"))
    scheme = {"ws": "http", "wss": "https"}.get(scheme, scheme)
    host = split_host(Headers(scope=scope).get("host", ""))
    if host is None:
        return None
    return scheme, host[0], host[1] or DEFAULT_PORTS.get(scheme, 0)


def parsed_origin(value: str) -> tuple[str, str, int] | None:
    """An Origin header as (scheme, host, port); None for `null` or anything that is not scheme://host[:port]."""
    parts = urlsplit(value.strip().lower())
    host = split_host(parts.netloc) if parts.scheme and not parts.path.strip("/") and "@" not in parts.netloc else None
    if host is None:
        return None
    return parts.scheme, host[0], host[1] or DEFAULT_PORTS.get(parts.scheme, 0)


def cross_site(scope: Scope) -> bool:
    """Whether the browser says this request comes from a page of another origin."""
    headers = Headers(scope=scope)
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site.strip().lower() not in SAME_ORIGIN_FETCH:
        return True
    origin = headers.get("origin")
    return origin is not None and (parsed_origin(origin) or "none") != own_origin(scope)


def is_json(scope: Scope) -> bool:
    media_type = Headers(scope=scope).get("content-type", "").partition(";")[0]
    return media_type.strip().lower() == JSON_TYPE


class SameOriginOnly:
    """ASGI middleware: a state change from another site is refused with 403, one not sent as JSON with 415
    (but on `form_paths`); a websocket from a page of another origin is closed."""

    def __init__(self, app: ASGIApp, form_paths: Iterable[str] = ()):
        self.app = app
        self.form_paths = frozenset(form_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and cross_site(scope):
            await refuse(scope, receive, send, 403, "Refused", CROSS_SITE)
            return
        if scope["type"] != "http" or scope["method"] not in STATE_CHANGING:
            await self.app(scope, receive, send)
            return
        if cross_site(scope):
            await refuse(scope, receive, send, 403, "Refused", CROSS_SITE)
        elif not is_json(scope) and scope["path"] not in self.form_paths:
            await refuse(scope, receive, send, 415, "Not JSON",
                         f"a request that changes something is sent as JSON (Content-Type: {JSON_TYPE}), "
                         "even with an empty body")
        else:
            await self.app(scope, receive, send)


def content_security_policy(nonce: str, tiles: str | None = None) -> str:
    """No script but this origin's files and the inline ones with the nonce (and WebAssembly compiled by them, which
    runs no script text); nothing framed, no plugin; images and fetches from this origin, plus the tile server's
    when the map has one. Styles may be inline: CodeMirror, Swagger UI and the pages' own scripts set them."""
    tile_origin = ""
    if tiles:
        parts = urlsplit(tiles)
        tile_origin = f" {parts.scheme}://{parts.netloc}" if "{" not in parts.netloc else f" {parts.scheme}:"
    return "; ".join([
        "default-src 'self'",
        f"script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'",  # deck.gl's bundle compiles a small WebAssembly module
        "style-src 'self' 'unsafe-inline'",
        f"img-src 'self' data: blob:{tile_origin}",  # blob: MapLibre's tiles where ImageBitmap is missing
        f"connect-src 'self'{tile_origin}",
        "worker-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ])


class SecurityHeaders:
    """ASGI middleware: the security headers on every response, the CSP with a nonce of its own for each request
    (request.state.csp_nonce, for the templates)."""

    def __init__(self, app: ASGIApp, tiles: str | None = None):
        self.app = app
        self.tiles = tiles

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        nonce = secrets.token_urlsafe(18)
        scope.setdefault("state", {})[NONCE_KEY] = nonce
        policy = content_security_policy(nonce, self.tiles)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", policy)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "same-origin")
            await send(message)

        await self.app(scope, receive, with_headers)

