"""The HTML pages: each loads what its template shows and renders the template by name.

The templates (web/templates) and their scripts (web/static) are the front end's; the context
each one gets is fixed in docs/web.md. Every template also gets `static_url`, `api_url` and
`vendor` (package name -> URL of its vendored folder, web/vendor.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from ..export.handouts import HANDOUTS
from .auth import Forbidden, reader
from .roles import Permission, may
from .routes import API_URL
from .routes.params import FromQuery, ScenarioId, ToQuery, VersionNumber
from .schemas import ScenarioDetail, VersionItem
from .storage import MAX_ID
from .vendor import SWAGGER_UI
from .workspace import Workspace, WorkspaceDep

TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
STATIC_URL = "/static"

templates = Jinja2Templates(directory=TEMPLATES)
router = APIRouter(include_in_schema=False, dependencies=[Depends(reader)])
AUDIT_PAGE_ROWS = 200
AuditBefore = Annotated[int | None, Query(ge=1, le=MAX_ID, description="Only rows older than this id.")]


def render(request: Request, ws: Workspace, name: str, **context: Any) -> HTMLResponse:
    """The template with what every page shows: its libraries, and who is signed in (`identity`: None on the
    login page, else web/auth.Identity, whose `local` puts the local-mode line on every page) and what they may do
    (`may`: permission name to bool, so a page offers only the links its reader may follow)."""
    identity = getattr(request.state, "identity", None)
    granted = {p.value: identity is not None and may(identity.role, p) for p in Permission}
    return templates.TemplateResponse(request, name, {"static_url": STATIC_URL, "api_url": API_URL,
                                                      "vendor": ws.vendor, "identity": identity, "may": granted,
                                                      **context})


def scenario_shown(ws: Workspace, scenario_id: int) -> dict[str, Any]:
    """A scenario as `GET /api/scenarios/{id}` gives it."""
    return ScenarioDetail.of(ws.storage.scenario(scenario_id)).model_dump()


@router.get("/")
def scenarios_page(request: Request, ws: WorkspaceDep) -> HTMLResponse:
    return render(request, ws, "scenarios.html",
                  scenarios=[ws.listed(s).model_dump() for s in ws.storage.scenarios()],
                  examples=list(ws.examples))


@router.get("/scenarios/{scenario_id}")
def workspace_page(request: Request, ws: WorkspaceDep, scenario_id: ScenarioId) -> HTMLResponse:
    stored = ws.storage.scenario(scenario_id)
    return render(request, ws, "workspace.html", scenario=ScenarioDetail.of(stored).model_dump(),
                  tiles_url=ws.settings.tiles, read_only=False, version=stored.latest.number, handouts=HANDOUTS)


@router.get("/scenarios/{scenario_id}/versions/{number}")
def version_page(request: Request, ws: WorkspaceDep, scenario_id: ScenarioId,
                 number: VersionNumber) -> HTMLResponse:
    text = ws.storage.version(scenario_id, number).yaml
    scenario = {**scenario_shown(ws, scenario_id), "yaml": text}
    return render(request, ws, "workspace.html", scenario=scenario, tiles_url=ws.settings.tiles, read_only=True,
                  version=number, handouts=HANDOUTS)


@router.get("/scenarios/{scenario_id}/versions")
def versions_page(request: Request, ws: WorkspaceDep, scenario_id: ScenarioId) -> HTMLResponse:
    return render(request, ws, "versions.html", scenario=scenario_shown(ws, scenario_id),
                  versions=[VersionItem.of(v).model_dump() for v in ws.storage.versions(scenario_id)])


@router.get("/scenarios/{scenario_id}/diff")
def diff_page(request: Request, ws: WorkspaceDep, scenario_id: ScenarioId,
              from_number: FromQuery = None, to_number: ToQuery = None) -> HTMLResponse:
    return render(request, ws, "diff.html", scenario=scenario_shown(ws, scenario_id),
                  diff=ws.diff(scenario_id, from_number, to_number))


@router.get("/scenarios/{scenario_id}/tribune")
def tribune_page(request: Request, ws: WorkspaceDep, scenario_id: ScenarioId) -> HTMLResponse:
    return render(request, ws, "tribune.html", scenario=scenario_shown(ws, scenario_id))


@router.get("/audit")
def audit_page(request: Request, ws: WorkspaceDep, before: AuditBefore = None) -> HTMLResponse:
    """Every change, the newest first, 200 to a page (admins only, as GET /api/audit)."""
    identity = request.state.identity
    if not may(identity.role, Permission.ADMIN):
        raise Forbidden(f"the {identity.role.value} role may not read the audit (it needs the admin permission)")
    entries = ws.storage.audit(limit=AUDIT_PAGE_ROWS, before_id=before)
    return render(request, ws, "audit.html", entries=entries,
                  older=entries[-1].id if len(entries) == AUDIT_PAGE_ROWS else None)


@router.get("/docs")
def api_docs(request: Request, ws: WorkspaceDep) -> HTMLResponse:
    """Swagger UI from the vendored files, with no request leaving the server and no inline script (static/js/docs.js
    starts it, and sends every change as JSON)."""
    folder = ws.vendor.get(SWAGGER_UI)
    if folder is None:
        return HTMLResponse("<!doctype html><title>API</title><p>The API documentation needs the vendored "
                            "Swagger UI (scripts/vendor_frontend.sh); the schema is at "
                            "<a href=/openapi.json>/openapi.json</a>.</p>", status_code=503)
    return templates.TemplateResponse(request, "docs.html", {"static_url": STATIC_URL, "swagger": folder,
                                                             "openapi_url": "/openapi.json"})
