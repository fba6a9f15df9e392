"""Who is asking, and may they: every API route and page asks for one permission (roles.py) here.

A request names its account by an API token (`Authorization: Bearer ...`) or by the browser's
session cookie (set by the login page, web/login.py); a change made with the cookie must also repeat
the CSRF cookie in its X-CSRF-Token header. With no account in the database the server is
in local mode: it listens on loopback only (web/settings.py), and whoever reaches it may do anything,
as a planner on a laptop expects; the pages say so. Once an account exists, a request without
credentials gets 401 and one whose role does not grant the permission 403, both as `{detail}` on the
API and as a short page in the browser.

Which permission a route asks for is one table, ROUTE_PERMISSIONS, by method and path: a route the
table does not name asks for ADMIN, so that a route added without a thought is closed, not open.
A few live routes ask for any one of several permissions, and their handler asks for the one the
request needs (`require`): a passing of a ground element needs RECORD_PASSINGS, of a formation AIR.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from typing import Annotated, cast

from fastapi import Depends, Request

from .accounts import Account, Accounts
from .roles import Permission, Role, may
from .storage import Actor

SESSION_COOKIE = "paradeplan_session"
CSRF_COOKIE = "paradeplan_csrf"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
API_PREFIX = "/api"  # routes.API_URL, which imports this module
LOCAL = "local"  # the name changes are recorded under in local mode, when the author typed none

P = Permission
Needed = Permission | frozenset[Permission]  # one permission, or any one of several (the handler asks which)
LIVE = "/api/scenarios/{scenario_id}/live"
ROUTE_PERMISSIONS: dict[tuple[str, str], Needed] = {
    ("GET", "/api/scenarios"): P.READ,
    ("POST", "/api/scenarios"): P.EDIT,
    ("POST", "/api/scenarios/from-example"): P.EDIT,
    ("GET", "/api/examples"): P.READ,
    ("GET", "/api/scenarios/{scenario_id}"): P.READ,
    ("POST", "/api/scenarios/{scenario_id}/duplicate"): P.EDIT,
    ("POST", "/api/scenarios/{scenario_id}/archive"): P.EDIT,
    ("POST", "/api/scenarios/{scenario_id}/unarchive"): P.EDIT,
    ("GET", "/api/scenarios/{scenario_id}/versions"): P.READ,
    ("GET", "/api/scenarios/{scenario_id}/versions/{number}"): P.READ,
    ("POST", "/api/scenarios/{scenario_id}/versions"): P.EDIT,
    ("POST", "/api/scenarios/{scenario_id}/versions/{number}/restore"): P.EDIT,
    ("GET", "/api/scenarios/{scenario_id}/diff"): P.READ,
    ("POST", "/api/scenarios/{scenario_id}/compare"): P.READ,  # compares, stores nothing
    ("POST", "/api/validate"): P.READ,  # checks a text, stores nothing
    ("POST", "/api/trips"): P.READ,  # simulates a text, stores nothing
    ("POST", "/api/fit"): P.READ,  # fits a text, stores nothing
    ("GET", "/api/scenarios/{scenario_id}/plan"): P.READ,
    ("GET", "/api/scenarios/{scenario_id}/findings"): P.READ,
    ("GET", "/api/scenarios/{scenario_id}/trips"): P.READ,
    ("GET", "/api/scenarios/{scenario_id}/cards"): P.READ,
    ("GET", "/api/scenarios/{scenario_id}/export/csv"): P.READ,
    ("GET", "/api/scenarios/{scenario_id}/export/bluesky"): P.READ,
    ("GET", "/api/scenarios/{scenario_id}/handouts/{file}"): P.READ,
    ("GET", "/api/audit"): P.ADMIN,
    ("GET", "/api/me"): P.READ,
    ("GET", LIVE): P.READ,
    ("POST", LIVE): P.RUN_DAY,
    ("POST", LIVE + "/end"): P.RUN_DAY,
    ("POST", LIVE + "/clock"): P.RUN_DAY,
    ("POST", LIVE + "/events"): frozenset({P.RECORD_PASSINGS, P.AIR}),  # ground elements, formations
    ("GET", LIVE + "/events"): P.READ,
    ("GET", LIVE + "/forecast"): P.READ,
    ("GET", LIVE + "/replan"): P.READ,
    ("POST", LIVE + "/corrections"): frozenset({P.RUN_DAY, P.AIR}),  # air-* corrections: AIR suffices
    ("GET", LIVE + "/stream"): P.READ,
    ("GET", LIVE + "/report.csv"): P.READ,
    ("GET", LIVE + "/after-action.pdf"): P.READ,
    ("GET", LIVE + "/after-action.xlsx"): P.READ,
}


class Unauthenticated(Exception):
    """No credentials, or credentials that name no enabled account: 401."""


class Forbidden(Exception):
    """An account whose role does not grant what the route asks: 403."""


@dataclass(frozen=True)
class Identity:
    """Who a request comes from: an account, or anyone on this computer in local mode."""

    name: str
    role: Role
    local: bool
    address: str

    def actor(self, typed_author: str | None = None) -> Actor:
        """Who a change is recorded under: the account; in local mode the author typed, if any."""
        name = (typed_author or LOCAL) if self.local else self.name
        return Actor(name, self.address)

    def author(self, typed: str) -> str:
        """A version's author: the account's name; in local mode, what was typed."""
        return typed if self.local else self.name


def credentials(request: Request) -> str | None:
    """The API token of `Authorization: Bearer`, else the session cookie's, else None."""
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    return request.cookies.get(SESSION_COOKIE) or None


def identify(request: Request, accounts: Accounts) -> Identity:
    """The request's identity; Unauthenticated when accounts exist and it names none of them, Forbidden for a
    change made with the session cookie that does not repeat the CSRF cookie in its X-CSRF-Token header."""
    address = request.client.host if request.client else "-"
    token = credentials(request)
    account: Account | None = accounts.by_token(token) if token else None
    if account is not None:
        if request.method not in SAFE_METHODS and token == request.cookies.get(SESSION_COOKIE):
            _check_csrf(request)
        return Identity(account.name, account.role, False, address)
    if accounts.count() == 0:
        return Identity(LOCAL, Role.ADMIN, True, address)
    raise Unauthenticated("sign in first: this server has accounts (send `Authorization: Bearer <token>` "
                          "or log in at /login)")


def _check_csrf(request: Request) -> None:
    expected = request.cookies.get(CSRF_COOKIE, "")
    given = request.headers.get(CSRF_HEADER, "")
    if not expected or not hmac.compare_digest(expected.encode(), given.encode()):
        raise Forbidden("missing or wrong CSRF token: a change made from a signed-in page repeats the "
                        f"{CSRF_COOKIE} cookie in the X-CSRF-Token header")


def permission_of(request: Request) -> Needed:
    """What the matched route asks for; ADMIN for a route the table does not name."""
    route = request.scope.get("route")
    if route is None:
        return Permission.ADMIN
    path = route.path  # as the area's router names it: without the /api its parent router adds
    return ROUTE_PERMISSIONS.get((request.method, path if path.startswith(API_PREFIX) else API_PREFIX + path),
                                 Permission.ADMIN)


def authorize(request: Request) -> Identity:
    """The FastAPI dependency of every API route: the identity, once it may do what the route asks."""
    identity = identify(request, _accounts(request))
    needed = permission_of(request)
    require(identity, *(sorted(needed) if isinstance(needed, frozenset) else [needed]))
    request.state.identity = identity
    return identity


def require(identity: Identity, *permissions: Permission, what: str = "do this") -> None:
    """Forbidden unless the identity's role grants one of `permissions`: for a route that asks for any of several,
    once its handler knows which the request needs."""
    if not any(may(identity.role, permission) for permission in permissions):
        named = " or ".join(permission.value for permission in permissions)
        raise Forbidden(f"the {identity.role.value} role may not {what} (it needs the {named} permission)")


def reader(request: Request) -> Identity:
    """The dependency of every page: anyone who may read."""
    identity = identify(request, _accounts(request))
    if not may(identity.role, Permission.READ):
        raise Forbidden(f"the {identity.role.value} role may not read")
    request.state.identity = identity
    return identity


def _accounts(request: Request) -> Accounts:
    return cast(Accounts, request.app.state.workspace.accounts)


IdentityDep = Annotated[Identity, Depends(authorize)]
