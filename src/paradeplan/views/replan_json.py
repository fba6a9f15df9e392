"""The live re-plan as JSON, for `GET .../live/replan` and the control board's Re-plan panel.

Every element not yet stepped off, in order of march: its step-off time, the gap before it and its
head at the anchor, re-planned, as published and as forecast now; `moved` says whether the re-plan
changes its step-off or its gap (the board lists those). At the top the sentence the controller
reads out ("absorbs 45 s of the 60 s delay before the tribune") and its figures. Times are ISO 8601
with the parade's offset; seconds to the tenth, the gaps' whole seconds as the program found them.
"""

from __future__ import annotations

from ..live.replan import Replan, ReplanRow
from ..model.times import ParadeDay
from ..plan.planner import Plan
from .plan_json import JSON


def replan_json(plan: Plan, found: Replan | None) -> JSON | None:
    """The re-plan's JSON; None when there is nothing to re-plan."""
    if found is None:
        return None
    day = plan.scenario.day
    names = {g.id: g.name for g in plan.ground}
    return {"anchor": found.anchor, "delay_s": round(found.delay_s, 1), "carried_by": found.carried_by,
            "remaining_s": round(found.remaining_s, 1), "absorbed_s": round(found.absorbed_s, 1),
            "whole_seconds": found.whole_seconds, "summary": summary(plan, found, names),
            "moved": sum(row.moved for row in found.rows), "rows": [_row(day, row) for row in found.rows]}


def summary(plan: Plan, found: Replan, names: dict[str, str]) -> str:
    """One line to read out: "The re-plan absorbs 45 s of the 60 s delay before the tribune (Combined military band
    60 s late there); Guard of honour, the last not yet stepped off, stays 15 s late." """
    where = "the tribune" if found.anchor == plan.tribune else f"'{found.anchor}'"
    late = "late" if found.delay_s > 0 else "early"
    delay_s, left_s = round(abs(found.delay_s)), round(abs(found.remaining_s))
    what = f"{delay_s} s delay" if found.delay_s > 0 else f"{delay_s} s the column is early"
    taken = f"the whole {what}" if left_s == 0 else f"{round(abs(found.absorbed_s))} s of the {what}"
    who = names.get(found.carried_by, found.carried_by)
    line = f"The re-plan absorbs {taken} before {where} ({who} {delay_s} s {late} there)"
    if left_s:
        late_left = "late" if found.remaining_s > 0 else "early"
        line += f"; {found.rows[-1].name}, the last not yet stepped off, stays {left_s} s {late_left}"
    return line + "."


def _row(day: ParadeDay, row: ReplanRow) -> JSON:
    def tenth(seconds: float | None) -> float | None:
        return None if seconds is None else round(seconds, 1)

    return {"id": row.id, "name": row.name, "moved": row.moved, "moved_s": round(row.moved_s, 1),
            "step_off": day.iso(row.step_off_s), "published_step_off": day.iso(row.published_step_off_s),
            "forecast_step_off": day.iso(row.forecast_step_off_s),
            "gap_s": tenth(row.gap_s), "planned_gap_s": tenth(row.planned_gap_s),
            "at_anchor": day.iso_or_none(row.at_anchor_s),
            "published_at_anchor": day.iso_or_none(row.published_at_anchor_s),
            "forecast_at_anchor": day.iso_or_none(row.forecast_at_anchor_s)}
