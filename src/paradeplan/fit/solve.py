"""`fit`: a scenario and its goals in, the revised scenario (as edits of its keys) and what changed out.

Two solves. The first, a linear program, finds gaps and paces; speeds are then rounded as a planner writes
them (whole paces a minute, tenths of km/h). The second, with those paces fixed, finds whole-second gaps
(a mixed-integer program, HiGHS again). The air segment then moves as one, keeping its order and
separations, so that its first formation crosses the tribune the asked time after the last ground tail.
The fitted scenario is planned again, and a finding it has that the input had not is refused, not written.
When the goal cannot be met, `explain` says what it conflicts with and the closest the fit can do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..model.fields import seconds_of_day
from ..model.fit import FitGoals
from ..model.scenario import MarchingBlock, Scenario
from ..model.times import clock
from ..model.units import mps_to_kmh
from ..plan.planner import Plan, make_plan
from .chain import Chain, Element, chain
from .explain import explain
from .program import Allowed, Program

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Edit:
    """One key of the scenario set to a value, or removed (value None)."""

    path: Path
    value: Any


@dataclass(frozen=True)
class Change:
    """What the fit did to one ground element: its gap, speed and head time at the anchor, before and after."""

    id: str
    name: str
    gap_s: tuple[float | None, float | None]
    speed_kmh: tuple[float, float]
    cadence_spm: tuple[float, float] | None
    at_anchor_s: tuple[float, float]


@dataclass(frozen=True)
class Fitted:
    """The revised scenario and its plan, the edits that make it from the input, and what they change."""

    scenario: Scenario
    plan: Plan
    before: Plan
    edits: list[Edit]
    changes: list[Change]
    air_shift_s: float


@dataclass(frozen=True)
class Unfit:
    """Goals that cannot be met: each sentence says what conflicts and the closest the fit can do."""

    problems: list[str]


def fit(scenario: Scenario, goals: FitGoals, before: Plan | None = None) -> Fitted | Unfit:
    """Fit the scenario to its goals, changing only what `goals` allows, as little as possible."""
    plan = before if before is not None else make_plan(scenario)
    if not goals.given():
        return Unfit(["no goal to fit: give a duration, a finish time, a tribune window or the flypast's "
                      "place after the ground (in the scenario's fit: block, or as the command's options or the "
                      "Fit panel's fields)"])
    edits: list[Edit] = []
    slot = goals.duration is not None or goals.finish_by is not None or goals.tribune_window is not None
    if slot:
        if not any(g.times.get(plan.anchor) for g in plan.ground):
            return Unfit(["no ground element passes the anchor: there is nothing to fit to the slot"])
        whole = chain(plan, speeds=True, cadence_spm=goals.cadence_spm)
        allowed = Allowed(speeds=goals.speeds, move_fixed=goals.move_fixed)
        solved = _solve(whole, allowed, goals)
        if solved is None:
            return Unfit(explain(plan, whole, goals, allowed))
        edits = _ground_edits(plan, whole, *solved)
    fitted = _applied(scenario, edits)
    fitted_plan = make_plan(fitted)
    shift_s = 0.0
    after_s = goals.flypast_after_ground if goals.flypast_after_ground is not None else flypast_gap_s(plan)
    if after_s is not None:
        air = _air_edits(fitted_plan, after_s)
        if isinstance(air, Unfit):
            return air
        shift_s, air_edits = air
        if abs(shift_s) >= 0.05:
            edits += air_edits
            fitted = _applied(scenario, edits)
            fitted_plan = make_plan(fitted)
        else:
            shift_s = 0.0
    new = _new_findings(plan, fitted_plan)
    if new:
        return Unfit([f"the fit would bring a finding the plan did not have: {message}" for message in new])
    return Fitted(fitted, fitted_plan, plan, edits, _changes(plan, fitted_plan), shift_s)


def _solve(whole: Chain, allowed: Allowed, goals: FitGoals) -> tuple[np.ndarray, Program] | None:
    """The integer stage's solution and program, after the continuous stage when speeds may change."""
    paces: dict[int, float] = {}
    if allowed.speeds:
        first = Program(whole, allowed)
        first.goal(goals)
        x = first.solve()
        if x is None:
            return None
        paces = {k: _rounded_pace(e, float(x[first.p(k)])) for k, e in enumerate(whole.elements)}
    for tries in (paces, {k: _faster(whole, k, p) for k, p in paces.items()}):
        second = Program(whole, allowed, paces=tries, whole_seconds=True)
        second.goal(goals)
        x = second.solve()
        if x is not None:
            return x, second
        if not paces:
            break
    return None


def _written_paces(element: Element, pace: float) -> list[float]:
    """The paces of the written speeds either side of `pace` (whole paces a minute, tenths of km/h), nearest
    first, that stay in the element's range: a rounded speed never crosses a stretch's limit."""
    low, high = element.pace_range
    if element.speed_field == "cadence_spm":
        cadence = 60.0 / (element.pace_m * pace)
        candidates = [60.0 / (element.pace_m * c) for c in sorted({math.floor(cadence), math.ceil(cadence)},
                                                                  key=lambda c: abs(c - cadence)) if c > 0]
    else:
        kmh = 3.6 / pace
        tenths = sorted({math.floor(kmh * 10) / 10, math.ceil(kmh * 10) / 10}, key=lambda v: abs(v - kmh))
        candidates = [3.6 / v for v in tenths if v > 0]
    return [q for q in candidates if low - 1e-12 <= q <= high + 1e-12]


def _rounded_pace(element: Element, pace: float) -> float:
    """A pace as the planner writes its speed, the nearest in range; the written one when the fit barely moved
    it or no written speed near it is in range."""
    if element.speed_field is None or math.isclose(pace, element.pace, rel_tol=1e-6):
        return float(element.pace)
    written = _written_paces(element, pace)
    return float(written[0]) if written else float(element.pace)


def _faster(whole: Chain, k: int, pace: float) -> float:
    """The next written speed up from a rounded one, when in range (the nearest left the goal just missed)."""
    e = whole.elements[k]
    if e.speed_field is None or math.isclose(pace, e.pace, rel_tol=1e-9):
        return pace
    if e.speed_field == "cadence_spm":
        faster = 60.0 / (e.pace_m * (round(60.0 / (e.pace_m * pace)) + 1))
    else:
        faster = 3.6 / (round(3.6 / pace, 1) + 0.1)
    low, _ = e.pace_range
    return faster if faster >= low - 1e-12 else pace


def _ground_edits(plan: Plan, whole: Chain, x: np.ndarray, program: Program) -> list[Edit]:
    """The keys the solution changes: gaps in whole seconds, speeds as written, moved fixed times."""
    edits = []
    for k, e in enumerate(whole.elements):
        base: Path = ("ground", e.index)
        pace = float(x[program.p(k)])
        speed_changed = e.speed_field is not None and not math.isclose(pace, e.pace, rel_tol=1e-9)
        if k in program.gap_var and e.gap_s is not None:
            gap_s = float(x[program.gap_var[k]])
            if e.gap_key == "gap_before_m" and (abs(gap_s - e.gap_s) > 1e-6 or speed_changed):
                # kept in metres, up to the millimetre (never closer than solved): the planner turns it back into
                # seconds at the new speed
                edits.append(Edit((*base, "gap_before_m"), _up(gap_s * whole.speed_at_anchor_mps(pace))))
            elif abs(gap_s - e.gap_s) > 1e-6:
                edits.append(Edit((*base, "gap_before_s"), round(gap_s) if abs(gap_s - round(gap_s)) < 1e-6
                                  else _up(gap_s)))
        if speed_changed:
            value: float = (round(60.0 / (e.pace_m * pace)) if e.speed_field == "cadence_spm"
                            else round(3.6 / pace, 1))
            edits.append(Edit((*base, e.speed_field), value))  # type: ignore[arg-type]
        if e.fixed_s is not None and abs(float(x[program.h(k)]) - e.fixed_s) > 1e-6:
            moved = clock(float(x[program.h(k)]), tenths=False)
            edits.append(Edit(("timing", "time") if k == 0 and not plan.ground[0].element.anchor_time
                              else (*base, "anchor_time"), moved))
    return edits


def flypast_gap_s(plan: Plan) -> float | None:
    """How long after the last ground tail the first formation crosses the tribune, when the flypast follows
    the ground (the fit keeps it there); None when it does not, or there is no flypast or no ground there."""
    tails = [g.times[plan.tribune][1] for g in plan.ground if plan.tribune in g.times]
    if not plan.air or not tails:
        return None
    gap_s = min(f.over_tribune_s for f in plan.air) - max(tails)
    return gap_s if gap_s >= 0 else None


def _up(value: float) -> float:
    """Up to the next thousandth: a gap written never shorter than the one solved."""
    return math.ceil(round(value * 1000, 6)) / 1000


def _air_edits(plan: Plan, after_s: float) -> tuple[float, list[Edit]] | Unfit:
    """Move the air segment as one: its first formation over the tribune `after_s` after the last ground tail."""
    air = plan.scenario.air
    if air is None or not plan.air:
        return Unfit(["there is no formation to line up after the ground (no air: section, or none could be timed)"])
    if air.over_ground == "forbidden" and after_s < air.ground_clear_s:
        return Unfit([f"a flypast {after_s:g} s after the ground is less than air.ground_clear_s "
                      f"({air.ground_clear_s:g} s), the least this parade allows between the last ground tail and "
                      "a formation over the tribune"])
    tails = [g.times[plan.tribune][1] for g in plan.ground if plan.tribune in g.times]
    if not tails:
        return Unfit(["no ground element passes the tribune the flypast is timed to: nothing to line it up after"])
    shift_s = max(tails) + after_s - min(f.over_tribune_s for f in plan.air)
    edits = []
    for i, formation in enumerate(air.formations):
        base: Path = ("air", "formations", i)
        if isinstance(formation.over_tribune, str):
            edits.append(Edit((*base, "over_tribune"), _time(seconds_of_day(formation.over_tribune) + shift_s)))
        if formation.hold is not None and formation.hold.entry_time is not None:
            edits.append(Edit((*base, "hold", "entry_time"),
                              _time(seconds_of_day(formation.hold.entry_time) + shift_s)))
    return shift_s, edits


def _time(seconds: float) -> str:
    """A time of day as a scenario writes it: whole seconds when it is one, else to the tenth."""
    text = clock(seconds)
    return text[:-2] if text.endswith(".0") else text


def _applied(scenario: Scenario, edits: list[Edit]) -> Scenario:
    """The scenario with the edits made to its keys."""
    data = scenario.model_dump(mode="json", exclude_unset=True)
    for edit in edits:
        *parents, key = edit.path
        node: Any = data
        for part in parents:
            node = node[part]
        if edit.value is None:
            node.pop(key, None)
        else:
            node[key] = edit.value
    return Scenario.model_validate(data)


def _new_findings(before: Plan, after: Plan) -> list[str]:
    """The messages of findings the fitted plan has and the input's had not (by code and elements)."""
    had = {(f.code, f.elements) for f in before.findings}
    return [f.message for f in after.findings if (f.code, f.elements) not in had]


def _changes(before: Plan, after: Plan) -> list[Change]:
    """Every ground element whose gap, speed or head time at the anchor the fit changed, in order of march."""
    found = []
    for old, new in zip(before.ground, after.ground, strict=True):
        gaps = (None if math.isnan(old.gap_s) else old.gap_s, None if math.isnan(new.gap_s) else new.gap_s)
        speeds = (mps_to_kmh(old.shape.speed_mps), mps_to_kmh(new.shape.speed_mps))
        heads = (old.head_at_anchor_s, new.head_at_anchor_s)
        cadence = None
        if isinstance(old.element, MarchingBlock) and isinstance(new.element, MarchingBlock):
            cadence = (old.element.cadence_spm, new.element.cadence_spm)
        moved = (gaps[0] is not None and gaps[1] is not None and abs(gaps[0] - gaps[1]) > 0.05) or \
            abs(speeds[0] - speeds[1]) > 1e-9 or abs(heads[0] - heads[1]) > 0.05
        if moved:
            found.append(Change(old.id, old.name, gaps, speeds, cadence, heads))
    return found

