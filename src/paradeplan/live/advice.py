"""Corrections: what the control room should tell whom, worked out from the forecast (issue 12, section 3).

Each correction aims at a moment (`aim_s`): the time its advice should bring about (a head at the
anchor, a step-off, a tribune time). A controller issues one (it becomes an order) or dismisses it;
an issued order whose current advice aims more than ALERT_S away from what was issued raises an alert.

- ground-speed: a late element (more than CORRECT_ABOVE_S, its own delay, not held by the one ahead)
  whose head has not reached the anchor: speed = remaining distance / (planned remaining time - D)
  from its furthest record, capped at its limit (the vehicle type's parade maximum; for a marching
  block pace x timing.max_cadence_spm), and what it still leaves late.
- hold: an element with no record yet, held late by the ones ahead: a new step-off time (planned + D),
  then the speed that takes the delay out before the anchor if those ahead keep to their own orders.
- air-speed: a formation off time at its hold exit or IP: the TAS from the IP that restores its
  tribune time (behind a late formation ahead: its forecast time), through the wind triangle as the
  timing cards do, within the type's envelope; outside it, the envelope's end and a new tribune time.
- air-hold: a formation with no record, pushed late by the one ahead: time to lose in the hold (a new
  hold-exit time), or before the IP without a hold.
- air-for-ground: the column, as forecast, still on the square less than air.ground_clear_s before a
  formation that may not overfly it: time to lose for that formation and every one after it.

Speed limits on stretches between the record and the anchor are not counted against a ground speed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..model.times import clock
from ..model.units import KT, mps_to_kmh
from ..plan.flight import tas_for_ground_speed_mps, wind_triangle
from ..plan.ground import GroundPlan
from .baseline import Baseline, ElementForecast, ground_clear_of_tribune_s
from .records import HOLD_EXIT, IP, TRIBUNE, Decision, Record, RecordError

CORRECT_ABOVE_S = 5.0  # crews and blocks correct whenever more than 5 s off (P-1217)
ALERT_S = 5.0  # an issued order whose advice moves more than this raises an alert


@dataclass(frozen=True)
class Correction:
    """One piece of advice: for whom, what kind, the words to read out, and what it wins back."""

    element: str
    kind: str
    message: str
    recovers_s: float  # how much of the delay it takes out (time lost, for air-for-ground)
    advice_s: float  # the time it asks to take out (negative: to lose)
    aim_s: float  # the moment it aims at, seconds after midnight
    detail: dict[str, Any] = field(default_factory=dict)  # the kind's own figures, JSON-ready
    times: dict[str, float] = field(default_factory=dict)  # the kind's own moments, seconds after midnight

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.element}"


@dataclass(frozen=True)
class Order:
    """An issued correction: as it was issued, the current advice for the same key, and an alert if it moved."""

    issued: Decision
    kind: str
    aim_s: float
    current: Correction | None
    alert: str | None


def advise(base: Baseline, elements: dict[str, ElementForecast]) -> list[Correction]:
    """Every correction the forecast calls for, ground in order of march, then air by tribune time."""
    found = [c for g in base.plan.ground if (c := _ground(base, g, elements[g.id])) is not None]
    for k in base.formation_order:
        f = base.plan.air[k]
        correction = _air(base, k, elements[f.id])
        if correction is not None:
            found.append(correction)
    ground_wait = _air_for_ground(base, elements)
    return found + ([ground_wait] if ground_wait is not None else [])


def _speed_limit_mps(base: Baseline, g: GroundPlan) -> float | None:
    if g.element.kind == "vehicle":
        return g.shape.max_speed_mps
    return g.element.pace_m * base.plan.scenario.timing.max_cadence_spm / 60.0


def _ground(base: Baseline, g: GroundPlan, e: ElementForecast) -> Correction | None:
    plan = base.plan
    anchor = plan.anchor
    if anchor not in g.times or e.delay_s <= CORRECT_ABOVE_S:
        return None
    label = plan.geometry.points[anchor].label or anchor
    anchor_m = base.point_m[anchor]
    if e.furthest is None:
        head_m, planned_from_s, start = g.enters_m, float(plan.march.head_at(g.row, g.enters_m)), True
    elif e.held_by is None:
        point, edge = e.furthest
        head_m = base.point_m[point] + (g.shape.length_m if edge == "tail" else 0.0)
        planned_from_s, start = float(plan.march.head_at(g.row, head_m)), False
    else:
        return None  # held by the one ahead: that one's correction is the cure
    remaining_m = anchor_m - head_m
    if remaining_m <= 0:
        return None
    planned_left_s = g.times[anchor][0] - planned_from_s
    limit_mps = _speed_limit_mps(base, g)
    wanted_s = planned_left_s - e.delay_s
    needed_mps = remaining_m / wanted_s if wanted_s > 0 else float("inf")
    speed_mps = needed_mps if limit_mps is None else min(needed_mps, limit_mps)
    if speed_mps <= g.shape.speed_mps + 1e-9:
        return None  # its limit is no faster than its planned speed
    still_late_s = max(0.0, e.delay_s - (planned_left_s - remaining_m / speed_mps))
    recovers_s = e.delay_s - still_late_s
    aim_s = g.times[anchor][0] + still_late_s
    capped = "the most allowed; " if limit_mps is not None and needed_mps > limit_mps else ""
    if g.element.kind == "vehicle":
        pace = f"drive at {mps_to_kmh(speed_mps):.1f} km/h ({capped}planned {mps_to_kmh(g.shape.speed_mps):.1f})"
        detail: dict[str, Any] = {"speed_kmh": round(mps_to_kmh(speed_mps), 1)}
    else:
        cadence = speed_mps / g.element.pace_m * 60.0
        pace = f"march at {cadence:.0f} paces a minute ({capped}planned {g.element.cadence_spm:g})"
        detail = {"cadence_spm": round(cadence, 1)}
    outcome = "on time there" if still_late_s < 0.5 else f"still {still_late_s:.0f} s late there"
    where = f"from {e.furthest[0]}" if e.furthest is not None else "from its step-off"
    if start:
        step_off_s = float(plan.march.head_at(g.row, g.enters_m)) + e.delay_s
        held = f" behind {base.names[e.held_by]}" if e.held_by else ""
        message = (f"{g.name}: hold, step off at {clock(step_off_s, tenths=False)} ({e.delay_s:.0f} s late){held}, "
                   f"then {pace} to {label}: {outcome} if those ahead keep to their orders.")
        kind = "hold"
    else:
        message = (f"{g.name} is {e.delay_s:.0f} s late {where}: {pace} to {label}: {outcome}.")
        kind = "ground-speed"
    detail |= {"speed_mps": round(speed_mps, 3), "still_late_s": round(still_late_s, 1)}
    times = {"step_off": step_off_s} if start else {}
    return Correction(g.id, kind, message, recovers_s, e.delay_s, aim_s, detail, times)


def _air(base: Baseline, k: int, e: ElementForecast) -> Correction | None:
    plan = base.plan
    f = plan.air[k]
    target_s = f.over_tribune_s + (e.delay_s if e.held_by else 0.0)  # behind a late one ahead: its forecast slot
    furthest = e.furthest[0] if e.furthest is not None else None
    if furthest == TRIBUNE:
        return None
    if furthest is None:
        if e.delay_s <= CORRECT_ABOVE_S:
            return None
        if f.hold_exit_s is not None:
            exit_s = f.hold_exit_s + e.delay_s
            behind = f", behind {base.names[e.held_by]}" if e.held_by else ""
            message = (f"{f.name}: lose {e.delay_s:.0f} s in the hold, exit at {clock(exit_s, tenths=False)}: "
                       f"over the tribune at {clock(target_s, tenths=False)}{behind}.")
            times = {"hold_exit": exit_s}
        else:
            ip_s = f.ip_s + e.delay_s
            message = f"{f.name}: lose {e.delay_s:.0f} s before the IP, cross it at {clock(ip_s, tenths=False)}."
            times = {"ip": ip_s}
        return Correction(f.id, "air-hold", message, e.delay_s, e.delay_s, target_s, {}, times)
    ip_forecast_s = f.ip_s + e.own_delay_s if furthest == HOLD_EXIT else e.forecast_s[IP]["head"]
    off_s = ip_forecast_s - (target_s - (f.over_tribune_s - f.ip_s))  # late positive, against the slot
    if abs(off_s) <= CORRECT_ABOVE_S:
        return None
    left_s = target_s - ip_forecast_s
    tas_kt = None
    if left_s > 0:
        tas_kt = float(tas_for_ground_speed_mps(f.ip_distance_m / left_s, f.track_deg, plan.wind)) / KT
    low, high = f.aircraft.min_kt, f.aircraft.max_kt
    words = f"{abs(off_s):.0f} s {'late' if off_s > 0 else 'early'} at {furthest}"
    if tas_kt is not None and low <= tas_kt <= high:
        message = (f"{f.name} {words}: fly {tas_kt:.0f} kt TAS from the IP (planned {f.tas_kt:g}): "
                   f"over the tribune at {clock(target_s, tenths=False)}.")
        return Correction(f.id, "air-speed", message, off_s, off_s, target_s,
                          {"tas_kt": round(tas_kt, 1), "from_point": IP})
    end_kt = high if tas_kt is None or tas_kt > high else low
    ground_mps = _ground_speed_mps(base, k, end_kt)
    new_s = ip_forecast_s + f.ip_distance_m / ground_mps
    message = (f"{f.name} {words}: {end_kt:g} kt TAS from the IP is the envelope's end; new tribune time "
               f"{clock(new_s, tenths=False)} ({new_s - target_s:+.0f} s).")
    return Correction(f.id, "air-speed", message, off_s - (new_s - target_s), off_s, new_s,
                      {"tas_kt": end_kt, "from_point": IP}, {"over_tribune": new_s})


def _ground_speed_mps(base: Baseline, k: int, tas_kt: float) -> float:
    """Ground speed on the run-in at a TAS: the wind triangle's, as the planner works it."""
    f, wind = base.plan.air[k], base.plan.wind
    return float(wind_triangle(tas_kt * KT, f.track_deg, wind.from_deg, wind.speed_kt * KT).ground_speed_mps)


def _air_for_ground(base: Baseline, elements: dict[str, ElementForecast]) -> Correction | None:
    """The first formation the column keeps from the tribune, with the time it and all after it lose."""
    air = base.plan.scenario.air
    if air is None or air.over_ground != "forbidden":
        return None
    order = [base.plan.air[k] for k in base.formation_order]
    for n, f in enumerate(order):
        clear_s = ground_clear_of_tribune_s(base, elements, f.id)
        over_s = elements[f.id].at(TRIBUNE)
        if clear_s is None:
            continue
        lose_s = clear_s + air.ground_clear_s - over_s
        if lose_s > 1e-6:
            after = [g.id for g in order[n + 1:]]
            message = (f"The column clears the tribune at {clock(clear_s, tenths=False)}: {f.name}"
                       + (f" and the {len(after)} formations after it" if after else "")
                       + f" lose {lose_s:.0f} s; {f.name} over the tribune at {clock(over_s + lose_s, tenths=False)}.")
            return Correction(f.id, "air-for-ground", message, lose_s, -lose_s, over_s + lose_s,
                              {"lose_s": round(lose_s, 1), "formations": [f.id, *after]})
    return None


def orders(corrections: Sequence[Correction], records: Sequence[Record]) -> list[Order]:
    """The corrections issued and not since dismissed, in the order issued, each with its current advice."""
    current = {c.key: c for c in corrections}
    standing: dict[str, Decision] = {}
    for record in records:
        if isinstance(record, Decision):
            standing.pop(record.correction, None)
            if record.action == "issue":
                standing[record.correction] = record
    found = []
    for key, issued in standing.items():
        now = current.get(key)
        alert = None
        if now is not None and abs(now.aim_s - issued.aim_s) > ALERT_S:
            alert = (f"Advice changed by {now.aim_s - issued.aim_s:+.0f} s since issued: {now.message}")
        found.append(Order(issued, key.split(":", 1)[0], issued.aim_s, now, alert))
    return found


def decision(corrections: Sequence[Correction], record_id: str, key: str, action: str) -> Decision:
    """A controller's decision on a correction offered now; RecordError when none has that key."""
    if action not in ("issue", "dismiss"):
        raise RecordError(f"action must be 'issue' or 'dismiss', not '{action}'.", "action")
    for c in corrections:
        if c.key == key:
            return Decision(record_id, key, "issue" if action == "issue" else "dismiss", c.aim_s, c.message, c.element)
    raise RecordError(f"There is no correction '{key}' now: the forecast has changed; look at the list again.",
                      "correction")
