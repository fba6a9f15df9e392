"""What changed between two versions of a scenario: the text diff, and the elements whose tribune time moved.

`GET /api/scenarios/{id}/diff` and the diff page show this shape. An element's tribune time is
the one every page shows: a ground element's head at the anchor, a formation's lead over its
tribune; times are ISO 8601 with the parade's offset, as in the plan JSON.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from ..plan.planner import Plan
from .plan_json import JSON


@dataclass(frozen=True)
class PlannedVersion:
    """One side of a diff: a version's number, its text and its plan."""

    number: int
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


def version_diff(filename: str, before: PlannedVersion, after: PlannedVersion) -> JSON:
    """Unified text diff of two versions and the elements whose tribune times moved."""
    text_diff = "".join(difflib.unified_diff(
        before.text.splitlines(keepends=True), after.text.splitlines(keepends=True),
        fromfile=f"{filename} (version {before.number})", tofile=f"{filename} (version {after.number})"))
    return {"from": before.number, "to": after.number, "text_diff": text_diff,
            "moved": moved_elements(before.plan, after.plan)}
