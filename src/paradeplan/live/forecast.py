"""The live forecast: a pure function of the plan and the day's records (issue 12, section 2).

Rules, exactly:

- An element's own delay d is observed minus planned at its furthest-along record (by route
  position; at one point a tail record is further than a head record; a formation's points run
  hold-exit, ip, tribune); 0 without records.
- A ground element's forecast delay D is the larger of d and the least uniform shift that keeps the
  road gap to each element ahead of it (as forecast) at or above min_gap_m wherever the two share
  the route. With both shifted uniformly, follower head time at x minus leader tail time at
  x + min_gap_m changes by D - D_leader, so the least shift is D_leader - slack, where slack is that
  difference's least value on the plan over the shared stretch (the planner's gap check, in time).
  Elements ahead never move for those behind.
- A formation's D is the larger of d and what keeps min_separation_s over the tribune behind the
  formation ahead of it there (as forecast).
- Forecast time at a point and edge: the record where there is one, else planned + D.

Findings are the plan's, with those that depend on times run again on the forecast (tribune
separation, loss of separation between formations shifted by different amounts; road gaps need no
check, the rule keeps them, and a plan's gap error shows as the follower held), an error
where a formation that may not overfly the column would cross the tribune less than
air.ground_clear_s after the column's last tail, and a `late` warning for every element more than
LATE_S off the plan at the anchor (a formation: the tribune).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np

from ..model.times import clock
from ..plan.air import FormationPlan, Track
from ..plan.air_checks import loss_of_separation_findings, tribune_separation_findings
from ..plan.findings import Finding
from ..plan.ground import MarchTimes
from ..plan.planner import Plan
from .advice import Correction, Order, advise, orders
from .baseline import Baseline, ElementForecast, Times, baseline, ground_clear_of_tribune_s
from .records import HOLD_EXIT, IP, TRIBUNE, Decision, Passing, Record, in_force

LATE_S = 5.0  # more than this off the plan at the anchor draws a `late` warning ("plus or minus five seconds")


@dataclass(frozen=True)
class Forecast:
    """The day as forecast from the records: every element, the findings on it, what to do, what was ordered."""

    elements: dict[str, ElementForecast]  # ground in order of march, then formations
    findings: list[Finding]
    corrections: list[Correction]
    orders: list[Order]
    passings: list[Passing]  # the records in force
    decided: dict[str, Literal["issue", "dismiss"]]  # correction key -> the last decision on it, "issue" or "dismiss"

    def delay_s(self, element_id: str) -> float:
        return self.elements[element_id].delay_s


def forecast(plan: Plan, records: Sequence[Record]) -> Forecast:
    """The forecast of `plan` given the day's `records` (in the order they arrived): see the module docstring."""
    base = baseline(plan)
    passings = in_force(records)
    by_element: dict[str, list[Passing]] = {}
    for passing in passings:
        by_element.setdefault(passing.element, []).append(passing)
    elements = _ground(base, by_element) | _air(base, by_element)
    findings = list(base.static_findings) + _time_findings(base, elements)
    corrections = advise(base, elements)
    decided = {r.correction: r.action for r in records if isinstance(r, Decision)}
    return Forecast(elements, findings, corrections, orders(corrections, records), passings, decided)


def _furthest(records: list[Passing], order: dict[tuple[str, str], float]) -> Passing | None:
    """The record furthest along the element's way; of two at the same point and edge, the one that came last."""
    best = max(enumerate(records), key=lambda nr: (order[(nr[1].point, nr[1].edge)], nr[0]), default=None)
    return None if best is None else best[1]


def _recorded(records: list[Passing]) -> Times:
    """The last record at each point and edge (a later record at the same place corrects an earlier one)."""
    times: Times = {}
    for record in records:
        times.setdefault(record.point, {})[record.edge] = record.time_s
    return times


def _ground(base: Baseline, by_element: dict[str, list[Passing]]) -> dict[str, ElementForecast]:
    plan = base.plan
    found: dict[str, ElementForecast] = {}
    delays = np.zeros(len(plan.ground))
    leaders: dict[int, list[tuple[int, float]]] = {}
    for leader, follower, slack in base.pairs:
        leaders.setdefault(follower, []).append((leader, slack))
    for g in plan.ground:
        planned = base.planned[g.id]
        records = by_element.get(g.id, [])
        order = {(p, e): base.point_m[p] + (0.5 if e == "tail" else 0.0) for p in planned for e in ("head", "tail")}
        last = _furthest(records, order)
        own = 0.0 if last is None else last.time_s - planned[last.point][last.edge]
        delay, held_by = own, None
        for leader, slack in leaders.get(g.row, []):
            pushed = delays[leader] - slack
            if pushed > delay + 1e-9:
                delay, held_by = pushed, plan.ground[leader].id
        delays[g.row] = delay
        found[g.id] = _element(g.id, False, own, delay, held_by, last, planned, _recorded(records))
    return found


def _air(base: Baseline, by_element: dict[str, list[Passing]]) -> dict[str, ElementForecast]:
    plan = base.plan
    separation_s = plan.scenario.air.min_separation_s if plan.scenario.air is not None else 0.0
    found: dict[str, ElementForecast] = {}
    ahead: FormationPlan | None = None
    for k in base.formation_order:
        f = plan.air[k]
        planned = base.planned[f.id]
        records = by_element.get(f.id, [])
        order = {(p, "head"): float(rank) for rank, p in enumerate((HOLD_EXIT, IP, TRIBUNE))}
        last = _furthest(records, order)
        own = 0.0 if last is None else last.time_s - planned[last.point]["head"]
        delay, held_by = own, None
        if ahead is not None:
            pushed = found[ahead.id].at(TRIBUNE) + separation_s - f.over_tribune_s
            if pushed > delay + 1e-9:
                delay, held_by = pushed, ahead.id
        found[f.id] = _element(f.id, True, own, delay, held_by, last, planned, _recorded(records))
        ahead = f
    return {f.id: found[f.id] for f in plan.air}


def _element(element_id: str, air: bool, own: float, delay: float, held_by: str | None, last: Passing | None,
             planned: Times, recorded: Times) -> ElementForecast:
    forecast_s = {point: {edge: recorded.get(point, {}).get(edge, time_s + delay) for edge, time_s in edges.items()}
                  for point, edges in planned.items()}
    return ElementForecast(element_id, air, own, delay, held_by, None if last is None else (last.point, last.edge),
                           planned, recorded, forecast_s)


def _time_findings(base: Baseline, elements: dict[str, ElementForecast]) -> list[Finding]:
    """The checks that depend on times, run on the forecast, and the `late` warnings. Road gaps are not checked
    again: the forecast's rule keeps every one (forecast_march; tests/test_live_properties.py checks it)."""
    plan = base.plan
    found: list[Finding] = []
    air = [_shift(f, elements[f.id].delay_s) for f in plan.air]
    if plan.scenario.air is not None:
        found += tribune_separation_findings(air, plan.scenario.air.min_separation_s)
        found += _separation(base, air, elements)
        found += _under_formation(base, elements)
    return found + _late(base, elements)


def forecast_march(plan: Plan, day: Forecast) -> MarchTimes:
    """The plan's march table with every ground element moved by its forecast delay."""
    delays = np.array([day.delay_s(g.id) for g in plan.ground])
    return MarchTimes(plan.march.xs_m, plan.march.head_s + delays[:, None], plan.march.pass_time_s)


def _shift(formation: FormationPlan, delay_s: float) -> FormationPlan:
    track = Track(formation.track.times_s + delay_s, formation.track.xy_m)
    return replace(formation, ip_s=formation.ip_s + delay_s, over_tribune_s=formation.over_tribune_s + delay_s,
                   track=track)


def _separation(base: Baseline, shifted: list[FormationPlan], elements: dict[str, ElementForecast]) -> list[Finding]:
    """Loss of separation: the plan's finding for two formations shifted alike, checked again for the others."""
    moved = {f.id for f in shifted if abs(elements[f.id].delay_s) > 1e-9}
    kept = [f for f in base.plan.findings if f.code == "loss-of-separation"
            and abs(elements[f.elements[0]].delay_s - elements[f.elements[1]].delay_s) <= 1e-9]
    if not moved:
        return kept
    pairs = [(a, b) for i, a in enumerate(shifted) for b in shifted[i + 1:]
             if (a.id in moved or b.id in moved) and abs(elements[a.id].delay_s - elements[b.id].delay_s) > 1e-9]
    return kept + [f for a, b in pairs for f in loss_of_separation_findings([a, b])]


def _under_formation(base: Baseline, elements: dict[str, ElementForecast]) -> list[Finding]:
    """Formations that may not overfly the column, forecast over the tribune too soon after its last tail."""
    air = base.plan.scenario.air
    if air is None or air.over_ground != "forbidden":
        return []
    found = []
    for f in base.plan.air:
        clear_s = ground_clear_of_tribune_s(base, elements, f.id)
        over_s = elements[f.id].at(TRIBUNE)
        if clear_s is not None and over_s - clear_s < air.ground_clear_s - 1e-6:
            found.append(Finding("error", "column-under-formation",
                f"'{f.id}' is forecast over the tribune at {clock(over_s)}, {over_s - clear_s:.0f} s after the "
                f"column's last tail clears it ({clock(clear_s)}); it may not overfly the column and needs "
                f"{air.ground_clear_s:g} s (air.ground_clear_s).", (f.id,), time_s=over_s))
    return found


def _late(base: Baseline, elements: dict[str, ElementForecast]) -> list[Finding]:
    plan = base.plan
    found = []
    for e in elements.values():
        point = TRIBUNE if e.air else plan.anchor
        if point not in e.planned_s:
            continue
        planned_s, forecast_s = e.planned_s[point]["head"], e.forecast_s[point]["head"]
        off_s = forecast_s - planned_s
        if abs(off_s) > LATE_S:
            where = "the tribune" if e.air else f"'{point}'"
            found.append(Finding("warning", "late",
                f"'{e.id}' is forecast {abs(off_s):.0f} s {'late' if off_s > 0 else 'early'} at {where}: "
                f"{clock(forecast_s)} against {clock(planned_s)} planned.", (e.id,), time_s=forecast_s))
    return found


