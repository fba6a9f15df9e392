"""The day's record: passings seen at the checkpoints, voids of mistaken ones, and the controller's decisions.

A record is never changed or deleted. A marshal's mistake is taken back by a `Void` naming it; a
controller's issuing or dismissing of a correction is a `Decision`, which keeps the advice as it was
when issued, so the forecast can say when that advice has since changed. Reading a record checks it
against the plan and says what is wrong in words a marshal understands.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ..load.problems import Problem, ScenarioError
from ..model.times import ParadeDay
from ..plan.planner import Plan

Edge = Literal["head", "tail"]
EDGES: tuple[Edge, ...] = ("head", "tail")
HOLD_EXIT, IP, TRIBUNE = "hold-exit", "ip", "tribune"
MAX_ID_CHARS = 100
MAX_TEXT_CHARS = 500


@dataclass(frozen=True)
class Passing:
    """An element's head or tail seen passing a point, at a time in seconds after local midnight."""

    id: str
    element: str
    point: str
    edge: Edge
    time_s: float
    note: str | None = None


@dataclass(frozen=True)
class Void:
    """Takes back the record `void`, for a reason; both stay on the record."""

    id: str
    void: str
    reason: str


@dataclass(frozen=True)
class Decision:
    """A controller issued or dismissed a correction; `aim_s` (the moment it aimed at) and `message` are the
    advice at that moment."""

    id: str
    correction: str
    action: Literal["issue", "dismiss"]
    aim_s: float
    message: str
    element: str


Record = Passing | Void | Decision


class RecordError(ValueError):
    """A record the plan cannot take: the message says why; `key` is the body's key at fault."""

    def __init__(self, message: str, key: str = ""):
        super().__init__(message)
        self.key = key


def element_points(plan: Plan) -> dict[str, tuple[str, ...]]:
    """Each element's points in the order it passes them: a ground element's named points, a formation's
    hold exit (when it holds), IP and tribune."""
    points = {g.id: tuple(p for p in plan.points if p in g.times) for g in plan.ground}
    for f in plan.air:
        points[f.id] = ((HOLD_EXIT,) if f.hold is not None else ()) + (IP, TRIBUNE)
    return points


def read_record(plan: Plan, body: Mapping[str, Any], *, now: dt.datetime) -> Passing | Void:
    """A passing or a void from a POST body; `now` (aware) stands for an omitted time."""
    if not isinstance(body, Mapping):
        raise RecordError("A record is a JSON object with id, element, point, edge and time.")
    record_id = _text(body, "id", MAX_ID_CHARS)
    if "void" in body:
        _only(body, {"id", "void", "reason"})
        return Void(record_id, _text(body, "void", MAX_ID_CHARS), _text(body, "reason", MAX_TEXT_CHARS))
    _only(body, {"id", "element", "point", "edge", "time", "note"})
    element = _text(body, "element", MAX_ID_CHARS)
    points = element_points(plan)
    if element not in points:
        raise RecordError(f"There is no element '{element}' in this parade: check the id on your list.", "element")
    point = _text(body, "point", MAX_ID_CHARS)
    air = element in {f.id for f in plan.air}
    if point not in points[element]:
        raise RecordError(_wrong_point(plan, element, point, points[element], air), "point")
    edge = body.get("edge", "head")
    if edge not in EDGES:
        raise RecordError(f"edge must be 'head' or 'tail', not {json.dumps(edge)}.", "edge")
    if air and edge != "head":
        raise RecordError(f"A formation is recorded by its lead: edge 'head', not '{edge}'.", "edge")
    time = body.get("time")
    moment = now if time is None else _moment(time)
    note = body.get("note")
    if note is not None and (not isinstance(note, str) or len(note) > MAX_TEXT_CHARS):
        raise RecordError(f"note must be text of at most {MAX_TEXT_CHARS} characters.", "note")
    return Passing(record_id, element, point, edge, seconds_on_day(plan.scenario.day, moment), note or None)


def seconds_on_day(day: ParadeDay, moment: dt.datetime) -> float:
    """An aware moment as wall-clock seconds after midnight of the parade day; RecordError on another day."""
    local = moment.astimezone(day.tz)
    if local.date() != day.date:
        raise RecordError(f"{moment.isoformat()} is {local.date().isoformat()} in {day.tz.key}, not the parade "
                          f"day ({day.date.isoformat()}): check the date and the UTC offset.", "time")
    return local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6


def record_json(plan: Plan, record: Record) -> dict[str, Any]:
    """A record as the API and the CLI show it, times as ISO 8601 with the parade's offset."""
    if isinstance(record, Passing):
        return {"kind": "passing", "id": record.id, "element": record.element, "point": record.point,
                "edge": record.edge, "time": plan.scenario.day.iso(record.time_s), "note": record.note}
    if isinstance(record, Void):
        return {"kind": "void", "id": record.id, "void": record.void, "reason": record.reason}
    return {"kind": "decision", "id": record.id, "correction": record.correction, "action": record.action,
            "aim": plan.scenario.day.iso(record.aim_s), "message": record.message, "element": record.element}


def record_from_json(plan: Plan, data: Mapping[str, Any]) -> Record:
    """A record back from record_json (as stored); the stored form is trusted, having been read once."""
    if data["kind"] == "decision":
        aim_s = seconds_on_day(plan.scenario.day, dt.datetime.fromisoformat(data["aim"]))
        return Decision(data["id"], data["correction"], data["action"], aim_s, data["message"], data["element"])
    if data["kind"] == "void":
        return Void(data["id"], data["void"], data["reason"])
    moment = dt.datetime.fromisoformat(data["time"])
    return Passing(data["id"], data["element"], data["point"], data["edge"],
                   seconds_on_day(plan.scenario.day, moment), data.get("note"))


def read_records_jsonl(plan: Plan, text: str, filename: str) -> list[Record]:
    """One POST body a line (blank lines skipped), as `paradeplan forecast --actuals` reads them; every problem
    is reported with its line. Decisions are the controller's, made on the server, and are not read here."""
    records: list[Record] = []
    problems = []
    now = dt.datetime.now(dt.UTC)
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            body = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(Problem(filename, number, "", f"not JSON: {exc.msg} at column {exc.colno}"))
            continue
        try:
            records.append(read_record(plan, body, now=now))
        except RecordError as exc:
            problems.append(Problem(filename, number, exc.key, str(exc)))
    if problems:
        raise ScenarioError(problems)
    seen = {r.id for r in records}
    for number, record in enumerate(records, start=1):
        if isinstance(record, Void) and record.void not in seen:
            problems.append(Problem(filename, number, "void", f"voids '{record.void}', which is not on the record"))
    if problems:
        raise ScenarioError(problems)
    return records


def in_force(records: Sequence[Record]) -> list[Passing]:
    """The passings not voided, first of each id only (a record resent with its id is one record)."""
    voided = {r.void for r in records if isinstance(r, Void)}
    seen: set[str] = set()
    kept = []
    for record in records:
        if isinstance(record, Passing) and record.id not in voided and record.id not in seen:
            seen.add(record.id)
            kept.append(record)
    return kept


def _text(body: Mapping[str, Any], key: str, most: int) -> str:
    value = body.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RecordError(f"{key} is missing: give it as text.", key)
    if len(value) > most:
        raise RecordError(f"{key} is {len(value)} characters long; at most {most}.", key)
    return value


def _only(body: Mapping[str, Any], keys: set[str]) -> None:
    extra = sorted(set(body) - keys)
    if extra:
        raise RecordError(f"Unknown key '{extra[0]}': a record has {', '.join(sorted(keys))}.", extra[0])


def _moment(time: object) -> dt.datetime:
    if not isinstance(time, str):
        raise RecordError("time must be text such as 2025-05-07T11:20:00+05:00.", "time")
    try:
        moment = dt.datetime.fromisoformat(time)
    except ValueError:
        raise RecordError(f"time '{time}' is not a date and time such as 2025-05-07T11:20:00+05:00.", "time") from None
    if moment.tzinfo is None:
        raise RecordError(f"time '{time}' has no UTC offset: write it as {time}+05:00 (your offset), or leave "
                          "time out to record now.", "time")
    return moment


def _wrong_point(plan: Plan, element: str, point: str, passes: tuple[str, ...], air: bool) -> str:
    if air:
        if point == HOLD_EXIT:
            return f"'{element}' has no hold: record its ip or tribune."
        return f"A formation is recorded at {', '.join(passes)}, not '{point}'."
    if point not in plan.geometry.points:
        return f"There is no point '{point}' on the route: its points are {', '.join(plan.points)}."
    return f"'{element}' does not pass '{point}': it marches from {passes[0]} to {passes[-1]}."
