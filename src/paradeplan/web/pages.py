"""The HTML pages: each loads what its template shows and renders the template by name.

The templates (web/templates) and their scripts (web/static) are the front end's; the context
each one gets is fixed in docs/web.md.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.templating import Jinja2Templates

from .api import (
    FromQuery,
    ToQuery,
    WorkspaceDep,
    scenario_detail,
    scenario_item,
    version_diff,
    version_item,
)

TEMPLATES = Path(__file__).parent / "templates"
STATIC_URL = "/static"
API_URL = "/api"

templates = Jinja2Templates(directory=TEMPLATES)
router = APIRouter(include_in_schema=False)


def render(request: Request, name: str, **context):
    return templates.TemplateResponse(request, name, {"static_url": STATIC_URL, "api_url": API_URL, **context})


@router.get("/")
def scenarios_page(request: Request, ws: WorkspaceDep):
    return render(request, "scenarios.html", scenarios=[scenario_item(s) for s in ws.storage.scenarios()],
                  examples=list(ws.examples))


@router.get("/scenarios/{scenario_id}")
def workspace_page(request: Request, ws: WorkspaceDep, scenario_id: int):
    stored = ws.storage.scenario(scenario_id)
    return render(request, "workspace.html", scenario=scenario_detail(stored), tiles_url=ws.settings.tiles,
                  read_only=False, version=stored.latest.number)


@router.get("/scenarios/{scenario_id}/versions/{number}")
def version_page(request: Request, ws: WorkspaceDep, scenario_id: int, number: int):
    text = ws.storage.version(scenario_id, number).yaml
    scenario = {**scenario_detail(ws.storage.scenario(scenario_id)), "yaml": text}
    return render(request, "workspace.html", scenario=scenario, tiles_url=ws.settings.tiles, read_only=True,
                  version=number)


@router.get("/scenarios/{scenario_id}/versions")
def versions_page(request: Request, ws: WorkspaceDep, scenario_id: int):
    return render(request, "versions.html", scenario=scenario_detail(ws.storage.scenario(scenario_id)),
                  versions=[version_item(v) for v in ws.storage.versions(scenario_id)])


@router.get("/scenarios/{scenario_id}/diff")
def diff_page(request: Request, ws: WorkspaceDep, scenario_id: int,
              from_number: FromQuery = None, to_number: ToQuery = None):
    return render(request, "diff.html", scenario=scenario_detail(ws.storage.scenario(scenario_id)),
                  diff=version_diff(ws.storage, scenario_id, from_number, to_number))


@router.get("/scenarios/{scenario_id}/tribune")
def tribune_page(request: Request, ws: WorkspaceDep, scenario_id: int):
    return render(request, "tribune.html", scenario=scenario_detail(ws.storage.scenario(scenario_id)))
