"""The web application: its workspace (storage opened and migrated, examples imported into an empty
database, its own caches), the API and page routes, and how errors reach the browser.

Errors reach the browser as short JSON (or a short page): 404 for unknown ids (an id no database
could hold included), 422 with the loader's file/line/key-path problems for a scenario that does
not load or whose plan cannot be shown, 413 for a request body past the limit (web/limits.py),
and 500 with one line for anything unexpected, whose traceback goes to the server log only.
Before any of that, web/security.py refuses a Host the server is not reached by (400) and a state
change from another site (403) or not sent as JSON (415), and adds the security headers.
"""

from __future__ import annotations

import html
import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..load.scenario import Problem, ScenarioError
from ..simulate.run import SimulationTooLong
from . import live_pages, login, pages
from .auth import Forbidden, Unauthenticated
from .limits import MAX_BODY_BYTES, BodySizeLimit
from .routes import API_URL, api_router
from .schemas import ProblemReply
from .security import HostCheck, SameOriginOnly, SecurityHeaders, served_hosts
from .settings import Settings
from .settings import settings as default_settings
from .storage import NotFound
from .vendor import vendor_urls
from .workspace import Workspace

log = logging.getLogger("paradeplan.web")

FORM_PATHS = login.FORM_PATHS  # paths that take an HTML form post: refused across sites, not held to JSON


def create_app(settings: Settings | None = None) -> FastAPI:
    """The workspace app on the settings' database, migrated, with the examples imported when it is empty.

    Raises storage.StorageError when the database cannot be opened.
    """
    settings = settings or default_settings()
    workspace = Workspace.open(settings, vendor_urls(pages.STATIC, pages.STATIC_URL))
    app = FastAPI(title="paradeplan", version=__version__, docs_url=None, redoc_url=None,
                  description="Plan, check and time parades: scenarios, versions, plans, findings and exports.")
    app.state.workspace = workspace
    app.add_middleware(GZipMiddleware, minimum_size=10_000)  # trips and plans of a large parade
    app.add_middleware(BodySizeLimit, max_bytes=MAX_BODY_BYTES)
    app.add_middleware(SameOriginOnly, form_paths=FORM_PATHS)
    app.add_middleware(HostCheck, hosts=served_hosts(settings))
    app.add_middleware(SecurityHeaders, tiles=settings.tiles)  # the last added runs first: refusals get them too
    app.include_router(api_router())
    app.include_router(login.router)
    app.include_router(pages.router)
    app.include_router(live_pages.router)
    app.mount(pages.STATIC_URL, StaticFiles(directory=pages.STATIC, check_dir=False), name="static")
    app.exception_handler(Unauthenticated)(unauthenticated)
    app.exception_handler(Forbidden)(forbidden)
    app.exception_handler(NotFound)(not_found)
    app.exception_handler(ScenarioError)(scenario_problems)
    app.exception_handler(SimulationTooLong)(too_long)
    app.exception_handler(RequestValidationError)(bad_request)
    app.exception_handler(Exception)(internal_error)
    return app


def _error(request: Request, status: int, title: str, detail: str) -> JSONResponse | HTMLResponse:
    """{detail} for the API; for a page, a short page that says the same."""
    if request.url.path.startswith(API_URL + "/"):
        return JSONResponse({"detail": detail}, status_code=status)
    return HTMLResponse(f"<!doctype html><title>{title}</title><h1>{title}</h1><p>{html.escape(detail)}</p>"
                        '<p><a href="/">All scenarios</a></p>', status_code=status)


def unauthenticated(request: Request, exc: Unauthenticated) -> JSONResponse | HTMLResponse:
    """401: on the API with `WWW-Authenticate`; a page links to the login page, which brings the reader back."""
    if request.url.path.startswith(API_URL + "/"):
        response = _error(request, 401, "Sign in", str(exc))
        response.headers["WWW-Authenticate"] = 'Bearer realm="paradeplan"'
        return response
    login = f"/login?next={quote(request.url.path)}"
    return HTMLResponse(f'<!doctype html><title>Sign in</title><h1>Sign in</h1><p>This server has accounts: '
                        f'<a id="login-link" href="{html.escape(login)}">log in</a> to see this page.</p>',
                        status_code=401)


def forbidden(request: Request, exc: Forbidden) -> JSONResponse | HTMLResponse:
    return _error(request, 403, "Not allowed", str(exc))


def not_found(request: Request, exc: NotFound) -> JSONResponse | HTMLResponse:
    return _error(request, 404, "Not found", str(exc))


def too_long(request: Request, exc: SimulationTooLong) -> JSONResponse | HTMLResponse:
    """A simulation the plan's span makes too long to run: 422 with the figures, as the command says them."""
    return _error(request, 422, "Too long to simulate", str(exc))


def scenario_problems(request: Request, exc: ScenarioError) -> JSONResponse:
    return _problems("the scenario does not load", exc.problems)


def _problems(what: str, problems: list[Problem]) -> JSONResponse:
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    return JSONResponse({"detail": f"{what}: {count}", "problems": [ProblemReply.of(p).model_dump() for p in problems]},
                        status_code=422)


def bad_request(request: Request, exc: RequestValidationError) -> JSONResponse | HTMLResponse:
    """A path id that is not a number names nothing: 404. Anything else wrong with a request: 422."""
    errors = exc.errors()
    if any(error["loc"][0] == "path" for error in errors):
        return not_found(request, NotFound(f"nothing at {request.url.path}"))
    problems = [Problem("request", None, ".".join(str(part) for part in error["loc"]), error["msg"])
                for error in errors]
    return _problems("the request is not what this address takes", problems)


def internal_error(request: Request, exc: Exception) -> JSONResponse | HTMLResponse:
    log.error("%s %s failed", request.method, request.url.path, exc_info=exc)
    return _error(request, 500, "Internal error", "internal error: the server log has the details")
