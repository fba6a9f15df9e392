"""The pages of the day (issue 12): control board, air, checkpoint, commentator and the report after the day.

Each page asks for the permission of what it lets its reader do, as the audit page does, and renders its
template by name with `scenario` (as GET /api/scenarios/{id}), `point` (the checkpoint page's point, None to
let the marshal choose) and `may` (permission name -> whether the signed-in identity has it). The pages load
the day and follow it through the API under /api/scenarios/{id}/live (web/live/); nothing is planned here.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import FileResponse, HTMLResponse

from .auth import Forbidden, Identity, reader
from .pages import STATIC, render, scenario_shown
from .roles import Permission, may
from .routes.params import ScenarioId
from .workspace import WorkspaceDep

router = APIRouter(include_in_schema=False, dependencies=[Depends(reader)])
CHECKPOINT_WORKER = STATIC / "js" / "checkpoint-sw.js"
PointQuery = Annotated[str | None, Query(max_length=200, description="The checkpoint's point; none to choose one.")]
AirQuery = Annotated[bool, Query(description="The point is a formation point (hold-exit, ip, tribune).")]


def allowed(request: Request, page: str, *needed: Permission) -> dict[str, bool]:
    """The identity's permissions, once it has one of `needed`; Forbidden, saying which, when it has none."""
    identity: Identity = request.state.identity
    granted = {permission.value: may(identity.role, permission) for permission in Permission}
    if not any(granted[p.value] for p in needed):
        names = " or the ".join(p.value for p in needed)
        raise Forbidden(f"the {identity.role.value} role may not open the {page} (it needs the {names} permission)")
    return granted


def live_page(request: Request, ws: WorkspaceDep, scenario_id: int, template: str, granted: dict[str, bool],
              **context: Any) -> HTMLResponse:
    return render(request, ws, template, scenario=scenario_shown(ws, scenario_id), may=granted,
                  **{"point": None, **context})


@router.get("/scenarios/{scenario_id}/live")
def board_page(request: Request, ws: WorkspaceDep, scenario_id: ScenarioId) -> HTMLResponse:
    """The control board: the forecast, the records as they come, corrections to issue (controllers)."""
    granted = allowed(request, "control board", Permission.RUN_DAY)
    return live_page(request, ws, scenario_id, "live_board.html", granted)


@router.get("/scenarios/{scenario_id}/live/air")
def air_page(request: Request, ws: WorkspaceDep, scenario_id: ScenarioId) -> HTMLResponse:
    """The formations, their delays and air corrections (air liaison)."""
    granted = allowed(request, "air page", Permission.AIR)
    return live_page(request, ws, scenario_id, "live_air.html", granted)


@router.get("/scenarios/{scenario_id}/live/checkpoint")
def checkpoint_page(request: Request, ws: WorkspaceDep, scenario_id: ScenarioId, point: PointQuery = None,
                    air: AirQuery = False) -> HTMLResponse:
    """A marshal's phone at a point: the next element expected there, head and tail passed, undo, an offline
    queue. Ground points need the record-passings permission, formation points the air permission."""
    granted = allowed(request, "checkpoint page", Permission.RECORD_PASSINGS, Permission.AIR)
    return live_page(request, ws, scenario_id, "live_checkpoint.html", granted, point=point, air=air)


@router.get("/scenarios/{scenario_id}/live/checkpoint-sw.js")
def checkpoint_worker(scenario_id: ScenarioId) -> FileResponse:
    """The checkpoint page's service worker, served beside the page so that its scope can hold it: it keeps the
    page and its scripts so that a phone without network can open the page again (static/js/checkpoint-sw.js)."""
    return FileResponse(CHECKPOINT_WORKER, media_type="text/javascript", headers={"Cache-Control": "no-cache"})


@router.get("/scenarios/{scenario_id}/live/commentator")
def commentator_page(request: Request, ws: WorkspaceDep, scenario_id: ScenarioId) -> HTMLResponse:
    """Now passing and next on the forecast, with descriptions and delays (commentators, the tribune's screens)."""
    granted = allowed(request, "commentator page", Permission.READ)
    return live_page(request, ws, scenario_id, "live_commentator.html", granted)


@router.get("/scenarios/{scenario_id}/live/report")
def report_page(request: Request, ws: WorkspaceDep, scenario_id: ScenarioId) -> HTMLResponse:
    """After the day: planned against recorded for every element at every point, the delays, the CSV."""
    granted = allowed(request, "report of the day", Permission.READ)
    return live_page(request, ws, scenario_id, "live_report.html", granted)
