"""What changed between two versions of a scenario: the findings, the parade's spans, the elements whose tribune
time moved, and the text.

`GET /api/scenarios/{id}/diff`, `POST /api/scenarios/{id}/compare` (a version against an unsaved text, number
None) and the diff page show this shape. An element's tribune time is
the one every page shows: a ground element's head at the anchor, a formation's lead over its
tribune; times are ISO 8601 with the parade's offset, as in the plan JSON.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ..plan.findings import Finding
from ..plan.planner import Plan
from .plan_json import JSON, span_s


@dataclass(frozen=True)
class PlannedVersion:
    """One side of a diff: a version's number, its text and its plan."""

    number: int | None  # None: the editor's unsaved text
    text: str
    plan: Plan


@dataclass(frozen=True)
class TribuneTime:
    name: str
    time_s: float  # seconds after local midnight on the parade day


def tribune_times(plan: Plan) -> dict[str, TribuneTime]:
    """Each element's time at the tribune, ground and air, by id."""
    times = {g.id: TribuneTime(g.name, g.times[plan.anchor][0]) for g in plan.ground if plan.anchor in g.times}
    times.update({f.id: TribuneTime(f.name, f.over_tribune_s) for f in plan.air})
    return times


def moved_elements(before: Plan, after: Plan) -> list[JSON]:
    """Elements whose tribune time differs, or that one plan has and the other has not (`delta_s` None);
    the newer plan's order first, then the elements it dropped."""
    old, new = tribune_times(before), tribune_times(after)
    moved = []
    for element_id in list(new) + [i for i in old if i not in new]:
        was, now = old.get(element_id), new.get(element_id)
        delta_s = None if was is None or now is None else round(now.time_s - was.time_s, 1)
        if delta_s == 0:
            continue
        moved.append({
            "id": element_id,
            "name": (now if now is not None else old[element_id]).name,
            "from_time": None if was is None else before.scenario.day.iso(was.time_s),
            "to_time": None if now is None else after.scenario.day.iso(now.time_s),
            "delta_s": delta_s,
        })
    return moved


def findings_change(before: Plan, after: Plan) -> JSON:
    """Errors and warnings on each side, and the findings only one side has (the same check on the same elements
    is the same finding, whatever its message says now)."""
    def key(f: Finding) -> tuple[str, str, tuple[str, ...]]:
        return f.severity, f.code, f.elements

    def shown(f: Finding) -> JSON:
        return {"severity": f.severity, "code": f.code, "message": f.message, "elements": list(f.elements)}

    def counts(plan: Plan) -> JSON:
        summary = plan.summary()
        return {"errors": summary.errors, "warnings": summary.warnings}

    old, new = {key(f) for f in before.findings}, {key(f) for f in after.findings}
    return {"from": counts(before), "to": counts(after),
            "added": [shown(f) for f in after.findings if key(f) not in old],
            "removed": [shown(f) for f in before.findings if key(f) not in new]}


def spans_change(before: Plan, after: Plan) -> JSON:
    """The tribune span (first head to last tail at the anchor) and the parade span (step-off to completion) on
    each side, in seconds, and the change; None where a plan has no ground element."""
    was, now = before.summary(), after.summary()
    return {"tribune": _change(span_s(was.first_at_anchor_s, was.last_clear_of_anchor_s),
                               span_s(now.first_at_anchor_s, now.last_clear_of_anchor_s)),
            "parade": _change(span_s(was.step_off_s, was.completion_s), span_s(now.step_off_s, now.completion_s))}


def _change(was_s: float | None, now_s: float | None) -> JSON:
    delta_s = None if was_s is None or now_s is None else round(now_s - was_s, 1)
    return {"from_s": was_s, "to_s": now_s, "delta_s": delta_s}


def version_diff(filename: str, before: PlannedVersion, after: PlannedVersion) -> JSON:
    """What changed from one version to another (or to the unsaved text): findings, spans, tribune times, text."""
    def side(version: PlannedVersion) -> str:
        return "edited, not saved" if version.number is None else f"version {version.number}"

    text_diff = "".join(difflib.unified_diff(
        before.text.splitlines(keepends=True), after.text.splitlines(keepends=True),
        fromfile=f"{filename} ({side(before)})", tofile=f"{filename} ({side(after)})"))
    return {"from": before.number, "to": after.number,
            "findings": findings_change(before.plan, after.plan),
            "spans": spans_change(before.plan, after.plan),
            "moved": moved_elements(before.plan, after.plan),
            "text_diff": text_diff}
