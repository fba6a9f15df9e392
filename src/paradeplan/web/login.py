"""The login page, log out, and the limit on login attempts.

A login sets the session cookie: HttpOnly (no script reads it), SameSite=Strict (no other site's page
sends it) and Secure when the page came over HTTPS; and a CSRF cookie that the pages' script sends
back as the X-CSRF-Token header of every change (web/auth.py checks it: double submit). With the
refusal of cross-site state changes (web/security.py: Origin and Sec-Fetch-Site checked, every change
but these two forms sent as JSON), a request another site makes has neither the cookies, nor the
header, nor a same-origin Origin.

Failed logins are counted per account and per address over LOGIN_WINDOW_S; past the limit the page
answers 429 with Retry-After, whatever the password, until the window has passed. The counts live in
the process: with several processes, each counts its own (docs/web.md says so).
"""

from __future__ import annotations

import secrets
import threading
import time
from collections import defaultdict, deque
from typing import cast
from urllib.parse import parse_qs, quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from .accounts import Accounts
from .auth import CSRF_COOKIE, SESSION_COOKIE
from .pages import render
from .workspace import WorkspaceDep

LOGIN_WINDOW_S = 15 * 60
MAX_FAILURES_PER_ACCOUNT = 5
MAX_FAILURES_PER_ADDRESS = 20
MAX_FORM_BYTES = 4096  # a name and a password
FORM_PATHS = frozenset({"/login", "/logout"})  # HTML forms: refused across sites, but not held to JSON

router = APIRouter(include_in_schema=False)


class LoginThrottle:
    """Failed logins per key (an account's name, an address) in the last window, thread-safe."""

    def __init__(self, window_s: float = LOGIN_WINDOW_S):
        self.window_s = window_s
        self._failures: dict[str, deque[float]] = defaultdict(deque)
        self._lock = threading.Lock()

    def wait_s(self, key: str, limit: int) -> float:
        """Seconds until `key` may try again: 0 while it is under `limit` failures in the window."""
        with self._lock:
            failures = self._recent(key)
            return 0.0 if len(failures) < limit else failures[0] + self.window_s - time.monotonic()

    def failed(self, key: str) -> None:
        with self._lock:
            self._recent(key).append(time.monotonic())

    def _recent(self, key: str) -> deque[float]:
        failures = self._failures[key]
        while failures and failures[0] <= time.monotonic() - self.window_s:
            failures.popleft()
        return failures


def _throttle(request: Request) -> LoginThrottle:
    state = request.app.state
    if not hasattr(state, "login_throttle"):
        state.login_throttle = LoginThrottle()
    return cast(LoginThrottle, state.login_throttle)


def _next_page(value: str | None) -> str:
    """Where to go after logging in: a path on this server only (never another site)."""
    return value if value and value.startswith("/") and not value.startswith("//") else "/"


@router.get("/login")
def login_page(request: Request, ws: WorkspaceDep, next: str | None = None) -> HTMLResponse:
    return render(request, ws, "login.html", next=_next_page(next), problem=None)


@router.post("/login")
async def log_in(request: Request, ws: WorkspaceDep) -> Response:
    body = await request.body()
    form = parse_qs(body[:MAX_FORM_BYTES].decode("utf-8", "replace"))
    name = (form.get("name") or [""])[0].strip().lower()
    password = (form.get("password") or [""])[0]
    target = _next_page((form.get("next") or ["/"])[0])
    address = request.client.host if request.client else "-"
    throttle = _throttle(request)
    wait_s = max(throttle.wait_s(f"account {name}", MAX_FAILURES_PER_ACCOUNT),
                 throttle.wait_s(f"address {address}", MAX_FAILURES_PER_ADDRESS))
    if wait_s > 0:
        problem = f"Too many failed logins: try again in {int(wait_s // 60) + 1} min."
        response = render(request, ws, "login.html", next=target, problem=problem)
        response.status_code = 429
        response.headers["Retry-After"] = str(int(wait_s) + 1)
        return response
    accounts: Accounts = ws.accounts
    account = accounts.by_password(name, password)
    if account is None:
        throttle.failed(f"account {name}")
        throttle.failed(f"address {address}")
        response = render(request, ws, "login.html", next=target, problem="That name and password do not match.")
        response.status_code = 401
        return response
    token = accounts.open_session(account.name, address)
    redirect = RedirectResponse(target, status_code=303)
    secure = request.url.scheme == "https"
    redirect.set_cookie(SESSION_COOKIE, token, httponly=True, samesite="strict", secure=secure, path="/")
    # the CSRF token: the pages' script reads it (so not HttpOnly) and sends it back as X-CSRF-Token
    redirect.set_cookie(CSRF_COOKIE, secrets.token_urlsafe(32), samesite="strict", secure=secure, path="/")
    return redirect


@router.post("/logout")
def log_out(request: Request, ws: WorkspaceDep) -> Response:
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        ws.accounts.close_session(token, request.client.host if request.client else "-")
    redirect = RedirectResponse(f"/login?next={quote('/')}", status_code=303)
    redirect.delete_cookie(SESSION_COOKIE, path="/")
    redirect.delete_cookie(CSRF_COOKIE, path="/")
    return redirect
