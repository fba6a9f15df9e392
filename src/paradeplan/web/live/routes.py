"""The live day's API under /api/scenarios/{id}/live: start and end a day, set its clock, record passings and
voids, issue or dismiss corrections, read the records and the forecast, stream them, and the report after.

A record is answered 201 only once it is committed with its audit row; the same client id again
gets 200 and the record stored under it. A record the plan cannot take gets 422 with a sentence a
marshal understands; a record, an end or a clock without a running day 409.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath
from typing import Annotated, Any, Literal, cast
from urllib.parse import quote

from fastapi import APIRouter, Body, Depends, Header, HTTPException, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import AfterValidator, AwareDatetime, BaseModel, Field

from ...export.handouts import AFTER_ACTION_FILES, after_action
from ...live.advice import decision
from ...live.records import Passing, RecordError, Void, read_record
from ...views.live_json import forecast_json
from ...views.replan_json import replan_json
from ..auth import Identity, IdentityDep, require
from ..outputs import strict_json
from ..roles import Permission
from ..routes.params import ScenarioId, StoredNumber
from ..schemas import storable
from ..storage import MAX_ID
from ..workspace import workspace
from .days import Live, LiveDay
from .report import report_csv
from .store import MAX_CLOCK_RATE, DayRunning, NoDayRunning

router = APIRouter()
LIVE = "/scenarios/{scenario_id}/live"
_making = threading.Lock()


def live(request: Request) -> Live:
    """The app's live days (a FastAPI dependency), made on first use."""
    state = request.app.state
    with _making:
        if getattr(state, "live", None) is None:
            state.live = Live(workspace(request))
    return cast(Live, state.live)


LiveDep = Annotated[Live, Depends(live)]
AfterQuery = Annotated[int, Query(ge=0, le=MAX_ID, description="Only the records after this seq.")]
RecordId = Annotated[str, Field(min_length=1, max_length=100), AfterValidator(storable)]


class StartDay(BaseModel):
    version: StoredNumber


class SetClock(BaseModel):
    time: AwareDatetime | None = None  # the parade time the clock shows now; left out: the day's now
    rate: float = Field(1.0, ge=1.0, le=MAX_CLOCK_RATE, allow_inf_nan=False)


class Decide(BaseModel):
    id: RecordId
    correction: Annotated[str, Field(min_length=1, max_length=200)]
    action: Literal["issue", "dismiss"]


@contextmanager
def refusals() -> Iterator[None]:
    """No running day, or one running already: 409; a record the plan cannot take: 422; both `{detail}`."""
    try:
        yield
    except (DayRunning, NoDayRunning) as exc:
        raise HTTPException(409, str(exc)) from None
    except RecordError as exc:
        raise HTTPException(422, str(exc)) from None


@router.get(LIVE, summary="The scenario's running day, else its last one")
def get_day(live: LiveDep, scenario_id: ScenarioId) -> JSONResponse:
    return JSONResponse(live.last(scenario_id).day_json())


@router.post(LIVE, status_code=201, summary="Start the day on a saved version (the baseline)")
def start_day(live: LiveDep, who: IdentityDep, scenario_id: ScenarioId, body: StartDay) -> JSONResponse:
    with refusals():
        started = live.start(scenario_id, body.version, who.actor())
    return JSONResponse(started.day_json(), status_code=201)


@router.post(LIVE + "/end", summary="End the running day")
def end_day(live: LiveDep, who: IdentityDep, scenario_id: ScenarioId) -> JSONResponse:
    with refusals():
        return JSONResponse(live.end(scenario_id, who.actor()).day_json())


@router.post(LIVE + "/clock", summary="Set the running day's clock (drills, replays): the time it shows now, its rate")
def set_clock(live: LiveDep, who: IdentityDep, scenario_id: ScenarioId, body: SetClock) -> JSONResponse:
    with refusals():
        day = live.running(scenario_id)
        time = body.time or day.now()
        return JSONResponse(live.set_clock(scenario_id, time, body.rate, who.actor()).day_json())


@router.post(LIVE + "/events", status_code=201, summary="Record a passing, or void a record")
def post_record(live: LiveDep, who: IdentityDep, scenario_id: ScenarioId,
                body: Annotated[dict[str, Any], Body()]) -> JSONResponse:
    """201 with the stored record once committed; 200 with the record stored under a known id (any role that may
    record sees it, as any reader may)."""
    with refusals():
        day = live.running(scenario_id)
        known = day.get(body.get("id"))
        if known is not None:
            return JSONResponse(day.stored_json(known))
        _plain(body)
        record = read_record(day.plan, body, now=day.now())
        if isinstance(record, Void):
            element = _voided(live, day, record)
            action, subject = "live.void", f"{record.id} voids {record.void}"
        else:
            element = record.element
            action, subject = "live.record", _passing(day, record)
        if element in {f.id for f in day.plan.air}:
            require(who, Permission.AIR, what="record a formation")
        else:
            require(who, Permission.RECORD_PASSINGS, what="record a ground element")
        stored, created = live.append(day, record, who.actor(), action, subject)
    return JSONResponse(day.stored_json(stored), status_code=201 if created else 200)


def _plain(body: dict[str, Any]) -> None:
    """RecordError for text no database column or reply can hold: a NUL, or half of a surrogate pair."""
    for key, value in body.items():
        if isinstance(value, str) and ("\x00" in value or not _encodable(value)):
            raise RecordError(f"{key} must be plain text: no NUL character, no lone surrogate.", key)


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _passing(day: LiveDay, passing: Passing) -> str:
    time = day.plan.scenario.day.iso(passing.time_s)
    return f"{passing.id}: {passing.element} {passing.edge} at {passing.point} {time}"


def _voided(live: Live, day: LiveDay, void: Void) -> str:
    """The element of the passing a void takes back; RecordError when there is none to take back."""
    target = day.get(void.void)
    if target is None:  # perhaps stored by another server process a moment ago
        live.sync(day)
        target = day.get(void.void)
    if target is None:
        raise RecordError(f"There is no record '{void.void}' on this day's record to void.", "void")
    if target.kind != "passing":
        raise RecordError(f"'{void.void}' is a {target.kind}, not a passing: only a passing is voided "
                          "(a correction is dismissed).", "void")
    earlier = next((s for s in day.stored() if s.kind == "void" and s.data["void"] == void.void), None)
    if earlier is not None:
        raise RecordError(f"'{void.void}' is voided already (by '{earlier.id}').", "void")
    return str(target.data["element"])


@router.get(LIVE + "/events", summary="Every record of the day in order, with seq, who recorded it and when it came")
def list_records(live: LiveDep, scenario_id: ScenarioId, after: AfterQuery = 0) -> JSONResponse:
    day = live.last(scenario_id)
    return JSONResponse({"records": [day.stored_json(s) for s in day.stored(after)]})


@router.get(LIVE + "/forecast", summary="The plan JSON with delays, forecast and recorded times, corrections, "
            "orders and findings on the forecast")
def get_forecast(live: LiveDep, scenario_id: ScenarioId) -> Response:
    day = live.last(scenario_id)
    seq, found = day.forecast()
    data = forecast_json(day.plan, found) | {"day": day.day_json(), "seq": seq}
    return Response(strict_json(data), media_type="application/json")


@router.get(LIVE + "/replan", summary="The re-plan of the elements not yet stepped off: new step-off times and gaps "
            "that absorb the forecast delay before the anchor; null when there is nothing to re-plan")
def get_replan(live: LiveDep, scenario_id: ScenarioId) -> Response:
    day = live.last(scenario_id)
    seq, found = day.replan()
    return Response(strict_json({"seq": seq, "replan": replan_json(day.plan, found)}), media_type="application/json")


@router.post(LIVE + "/corrections", status_code=201, summary="Issue or dismiss a correction offered now")
def decide(live: LiveDep, who: IdentityDep, scenario_id: ScenarioId, body: Decide) -> JSONResponse:
    with refusals():
        day = live.running(scenario_id)
        known = day.get(body.id)
        if known is not None:
            return JSONResponse(day.stored_json(known))
        _may_decide(who, body.correction)
        _, found = day.forecast()
        made = decision(found.corrections, body.id, body.correction, body.action)
        stored, created = live.append(day, made, who.actor(), "live.decision",
                                      f"{body.id}: {body.action} {body.correction}")
    return JSONResponse(day.stored_json(stored), status_code=201 if created else 200)


def _may_decide(who: Identity, key: str) -> None:
    """Every correction is the controller's (RUN_DAY); the air liaison's too for the air kinds."""
    kind = key.partition(":")[0]
    if kind.startswith("air-"):
        require(who, Permission.RUN_DAY, Permission.AIR, what=f"decide on a {kind} correction")
    else:
        require(who, Permission.RUN_DAY, what=f"decide on a {kind} correction")


@router.get(LIVE + "/stream", summary="Server-Sent Events: every record, every forecast, the day",
            response_class=StreamingResponse)
async def stream(live: LiveDep, scenario_id: ScenarioId, after: AfterQuery = 0,
                 last_event_id: Annotated[str | None, Header()] = None) -> StreamingResponse:
    """From the records after `Last-Event-ID` (an EventSource reconnecting), else after `?after`."""
    await run_in_threadpool(live.workspace.storage.scenario, scenario_id)  # NotFound for no such scenario
    given = (last_event_id or "").strip()
    if given.isascii() and given.isdigit() and len(given) <= len(str(MAX_ID)):
        after = int(given)
    return StreamingResponse(live.hub.stream(scenario_id, after), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


@router.get(LIVE + "/report.csv", summary="Planned against actual: one row per element, point and edge")
def report(live: LiveDep, scenario_id: ScenarioId) -> Response:
    day = live.last(scenario_id)
    _, found = day.forecast()
    return Response(report_csv(day.plan, found), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": _day_file(live, scenario_id, day, ".csv")})


@router.get(LIVE + "/after-action.pdf", summary="The after-action report as PDF: planned against actual, delays, "
            "corrections issued")
def after_action_pdf(live: LiveDep, scenario_id: ScenarioId) -> Response:
    return _after_action(live, scenario_id, "after-action.pdf")


@router.get(LIVE + "/after-action.xlsx", summary="The after-action report as an Excel workbook")
def after_action_xlsx(live: LiveDep, scenario_id: ScenarioId) -> Response:
    return _after_action(live, scenario_id, "after-action.xlsx")


def _after_action(live: Live, scenario_id: int, file: str) -> Response:
    """The running day's report as it stands, else the last day's (export/after_action.py)."""
    day = live.last(scenario_id)
    _, found = day.forecast()
    suffix = PurePath(file).suffix
    return Response(after_action(day.plan, found, suffix), media_type=AFTER_ACTION_FILES[file],
                    headers={"Content-Disposition": _day_file(live, scenario_id, day, f"-{file}")})


def _day_file(live: Live, scenario_id: int, day: LiveDay, suffix: str) -> str:
    """The Content-Disposition of a day's download: `<file>-day<n><suffix>`, e.g. astana-2025-day1.csv."""
    stem = PurePath(live.workspace.storage.scenario(scenario_id).filename).stem
    return f"attachment; filename*=UTF-8''{quote(f'{stem}-day{day.day.id}{suffix}')}"
