"""What the planner makes of a text: the editor's validation, and a stored version's plan, findings, trips and
timing cards, each worked out once per version by the app's PlanCache (all but the trips when it was saved)."""

from __future__ import annotations

import time

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse

from ..outputs import strict_json
from ..schemas import ProblemReply, ToValidate
from ..workspace import WorkspaceDep
from .params import ScenarioId, VersionQuery

router = APIRouter()


@router.post("/validate", summary="Check a text as the editor types: problems, findings and the plan")
def validate(ws: WorkspaceDep, body: ToValidate) -> Response:
    """`{problems, findings, plan}`; the plan's bytes are the ones the text's check already encoded, so a keystroke
    costs one parse and one plan. `Server-Timing` says how long the check took here."""
    started = time.perf_counter()
    checked = ws.texts.check(body.yaml, body.filename)
    if checked.outputs is None:
        problems = [ProblemReply.of(p).model_dump() for p in checked.problems]
        content = strict_json({"problems": problems, "findings": [], "plan": None})
    else:
        findings = strict_json(checked.outputs.plan_json["findings"])
        content = b'{"problems":[],"findings":' + findings + b',"plan":' + checked.outputs.plan_bytes + b"}"
    return Response(content, media_type="application/json", headers=_timing(started))


@router.post("/trips", summary="Every agent's simulated path for an unsaved text, for the map to play its what-if")
def post_trips(ws: WorkspaceDep, body: ToValidate) -> Response:
    started = time.perf_counter()
    return Response(ws.texts.trips_bytes(body.yaml, body.filename), media_type="application/json",
                    headers=_timing(started))


def _timing(started: float) -> dict[str, str]:
    return {"Server-Timing": f"check;dur={(time.perf_counter() - started) * 1000:.1f}"}


@router.get("/scenarios/{scenario_id}/plan", summary="The plan JSON of a version, with the map's geometry")
def get_plan(ws: WorkspaceDep, scenario_id: ScenarioId, version: VersionQuery = None) -> Response:
    stored, chosen = ws.version(scenario_id, version)
    return Response(ws.plans.outputs(chosen, stored.filename).plan_bytes, media_type="application/json")


@router.get("/scenarios/{scenario_id}/findings", summary="A version's findings")
def get_findings(ws: WorkspaceDep, scenario_id: ScenarioId, version: VersionQuery = None) -> JSONResponse:
    stored, chosen = ws.version(scenario_id, version)
    return JSONResponse(ws.plans.plan_json(chosen, stored.filename)["findings"])


@router.get("/scenarios/{scenario_id}/trips", summary="Every agent's simulated path, for the map to play")
def get_trips(ws: WorkspaceDep, scenario_id: ScenarioId, version: VersionQuery = None) -> Response:
    stored, chosen = ws.version(scenario_id, version)
    return Response(ws.plans.trips_bytes(chosen, stored.filename), media_type="application/json")


@router.get("/scenarios/{scenario_id}/cards", summary="Each formation's timing card")
def get_cards(ws: WorkspaceDep, scenario_id: ScenarioId, version: VersionQuery = None) -> Response:
    stored, chosen = ws.version(scenario_id, version)
    return Response(ws.plans.outputs(chosen, stored.filename).cards_bytes, media_type="application/json")
