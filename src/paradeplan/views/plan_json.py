"""The plan JSON: what `paradeplan plan --json`, the API and every page read, built once here.

It carries everything the pages draw, so the browser holds no formula of the planning model: each
ground element's trajectory (exact under linear interpolation), each formation's times and speeds,
the point the flypast is timed to, and the map's geometry as GeoJSON (views/geojson.py).
Times of day are ISO 8601 with the parade's offset, in tenths of a second (model/times.py).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..model.fields import seconds_of_day
from ..model.times import ParadeDay
from ..model.units import mps_to_kmh
from ..plan.air import FormationPlan
from ..plan.findings import Finding
from ..plan.ground import GroundPlan
from ..plan.planner import ParadeSummary, Plan
from .geojson import plan_geojson
from .labels import short_labels

JSON = dict[str, Any]
AIR_PASSING_S = 5.0  # a formation shows as passing the tribune for this long from its time over it


def finding_dict(day: ParadeDay, finding: Finding, plan: Plan | None = None) -> JSON:
    """One finding: severity, code, message and the elements, with where, when and the key path when known.

    With the plan, also `position` (lon, lat of `at_m` on the route) and `show_at`: the time to show the
    finding at, its own time, else when its first element reaches its place (a formation: over the tribune).
    """
    data: JSON = {
        "severity": finding.severity,
        "code": finding.code,
        "message": finding.message,
        "elements": list(finding.elements),
    }
    if finding.at_m is not None:
        data["at_m"] = round(finding.at_m, 1)
    if finding.time_s is not None:
        data["time"] = day.iso(finding.time_s)
    if finding.path is not None:
        data["path"] = finding.path
    if plan is not None:
        if finding.at_m is not None:
            lon, lat = plan.geometry.lonlat_at(np.array([finding.at_m]))[0]
            data["position"] = {"lon": round(float(lon), 7), "lat": round(float(lat), 7)}
        show_s = finding.time_s if finding.time_s is not None else reached_s(plan, finding)
        if show_s is not None:
            data["show_at"] = day.iso(show_s)
    return data


def reached_s(plan: Plan, finding: Finding) -> float | None:
    """When the finding's first element reaches its place: a ground element's head at `at_m` (held to the stretch
    it marches), a formation over the tribune; None without a place or an element."""
    by_id = {g.id: g for g in plan.ground}
    air = {f.id: f for f in plan.air}
    for element_id in finding.elements:
        if element_id in air:
            return air[element_id].over_tribune_s
        element = by_id.get(element_id)
        if element is not None and finding.at_m is not None:
            at_m = min(max(finding.at_m, element.enters_m), element.leaves_m)
            return float(plan.march.head_at(element.row, at_m))
    return None


def summary_dict(day: ParadeDay, summary: ParadeSummary) -> JSON:
    """Head counts and the parade's span; times as ISO 8601, None without a ground element."""
    return {
        "elements": summary.elements,
        "personnel": summary.personnel,
        "crew": summary.crew,
        "vehicles": summary.vehicles,
        "aircraft": summary.aircraft,
        "first_at_anchor": day.iso_or_none(summary.first_at_anchor_s),
        "last_clear_of_anchor": day.iso_or_none(summary.last_clear_of_anchor_s),
        "step_off": day.iso_or_none(summary.step_off_s),
        "completion": day.iso_or_none(summary.completion_s),
        "errors": summary.errors,
        "warnings": summary.warnings,
        "tribune_span_s": span_s(summary.first_at_anchor_s, summary.last_clear_of_anchor_s),
        "parade_span_s": span_s(summary.step_off_s, summary.completion_s),
    }


def span_s(start_s: float | None, end_s: float | None) -> float | None:
    """Seconds from start to end, to the tenth; None when either is."""
    return None if start_s is None or end_s is None else round(end_s - start_s, 1)


def tribune_order(plan: Plan) -> list[tuple[float, GroundPlan | FormationPlan]]:
    """Every ground element that passes the anchor, at its head's time there, and every formation, at its time
    over the tribune, in the order they arrive (ground before air at the same time): the tribune's order."""
    arrivals: list[tuple[float, GroundPlan | FormationPlan]] = [
        (g.times[plan.anchor][0], g) for g in plan.ground if plan.anchor in g.times]
    arrivals += [(f.over_tribune_s, f) for f in plan.air]
    arrivals.sort(key=lambda arrival: arrival[0])
    return arrivals


def passes(plan: Plan, labels: dict[str, str]) -> list[JSON]:
    """Every element past the anchor, ground and air, in the order they reach it: what the tribune view and the
    workspace's "now passing" show. A formation passes for AIR_PASSING_S from its time over the tribune."""
    day = plan.scenario.day
    rows = []
    for start_s, element in tribune_order(plan):
        if isinstance(element, GroundPlan):
            shape = element.shape
            speed_kmh = mps_to_kmh(shape.speed_mps)
            detail = (f"{shape.vehicles} vehicles · {speed_kmh:.0f} km/h" if shape.vehicles
                      else f"{shape.personnel} personnel · {element.element.kind}")
            end_s, air = element.times[plan.anchor][1], False
        else:
            detail = f"{element.count} \u00d7 {element.aircraft_name} · {element.altitude_ft:,.0f} ft"
            end_s, air = start_s + AIR_PASSING_S, True
        rows.append({"id": element.id, "name": element.name, "label": labels[element.id], "detail": detail,
                     "air": air, "start": day.iso(start_s), "end": day.iso(end_s)})
    return rows


def ground_dict(plan: Plan, element: GroundPlan, day: ParadeDay, label: str) -> JSON:
    """One ground element: shape, speed, times at each named point and its whole trajectory."""
    shape = element.shape
    return {
        "id": element.id,
        "name": element.name,
        "label": label,
        "kind": element.element.kind,
        "description": element.element.description,
        "length_m": round(shape.length_m, 2),
        "width_m": round(shape.width_m, 2),
        "speed_mps": round(shape.speed_mps, 4),
        "pass_time_s": round(element.pass_time_s, 1),
        "personnel": shape.personnel,
        "vehicles": shape.vehicles,
        "gap_before_s": None if element.gap_s != element.gap_s else round(element.gap_s, 1),
        "enters_m": round(element.enters_m, 1),
        "leaves_m": round(element.leaves_m, 1),
        "times": {point: {"head": day.iso(head), "tail": day.iso(tail)}
                  for point, (head, tail) in element.times.items()},
        "trajectory": [{"at_m": round(p.at_m, 2), "head": day.iso(p.head_s), "tail": day.iso(p.tail_s)}
                       for p in plan.trajectory(element)],
    }


def formation_dict(formation: FormationPlan, day: ParadeDay, label: str) -> JSON:
    """One formation's timing: speeds, wind correction, hold exit, IP and tribune times."""
    f, hold = formation, formation.formation.hold
    return {
        "id": f.id,
        "name": f.name,
        "label": label,
        "description": f.formation.description,
        "aircraft": f.aircraft_key or f.aircraft_name,
        "aircraft_name": f.aircraft_name,
        "category": f.aircraft.category,
        "count": f.count,
        "shape": f.formation.shape,
        "altitude_ft": f.altitude_ft,
        "tas_kt": f.tas_kt,
        "cas_kt": round(f.cas_kt, 1),
        "ground_speed_kt": round(f.ground_speed_kt, 1),
        "track_deg": f.track_deg,
        "heading_deg": round(f.heading_deg, 1),
        "wind_correction_deg": round(f.wind_correction_deg, 1),
        "ip": day.iso(f.ip_s),
        "ip_position": {"lon": round(f.ip_lonlat[0], 6), "lat": round(f.ip_lonlat[1], 6)},
        "ip_distance_km": f.formation.run_in.ip_distance_km,
        "over_tribune": day.iso(f.over_tribune_s),
        "hold_exit": day.iso_or_none(f.hold_exit_s),
        "hold": None if f.hold is None or hold is None else {
            "lon": hold.lon, "lat": hold.lat, "turn": hold.turn, "leg_min": hold.leg_min,
            "entry": day.iso(seconds_of_day(hold.entry_time)) if hold.entry_time else None,
            "exit_track_deg": round(f.hold.exit_track_deg, 1),
            "turn_onto_run_in_deg": round(f.hold.turn_deg, 1),
            "bank_deg": round(f.hold.bank_deg, 1),
            "turn_radius_m": round(f.hold.turn_radius_m, 1),
        },
    }


def element_labels(plan: Plan) -> dict[str, str]:
    """Every ground element's and formation's short label (views/labels.py), by id."""
    ids = [g.id for g in plan.ground] + [f.id for f in plan.air]
    return dict(zip(ids, short_labels([g.name for g in plan.ground] + [f.name for f in plan.air]), strict=True))


def plan_dict(plan: Plan, *, lines: dict[str, int | None] | None = None) -> JSON:
    """The plan as JSON-ready data; `lines` (key path -> line in the file) adds each finding's line."""
    scenario, day = plan.scenario, plan.scenario.day
    tribune = plan.geometry.points[plan.tribune]
    findings = [finding_dict(day, f, plan) for f in plan.findings]
    labels = element_labels(plan)
    if lines is not None:
        for data in findings:
            data["line"] = lines.get(data.get("path", ""))
    return {
        "name": scenario.name,
        "date": scenario.date.isoformat(),
        "timezone": scenario.timezone,
        "anchor": plan.anchor,
        "flypast_point": {"name": tribune.name, "label": tribune.label, "at_m": round(tribune.at_m, 1)},
        "points": [{"name": p.name, "label": p.label, "at_m": round(p.at_m, 1)}
                   for p in plan.geometry.points_in_order()],
        "route_length_m": round(plan.geometry.length_m, 1),
        "stretches": [{"from_m": s.from_m, "to_m": s.to_m, "width_m": s.width_m, "max_speed_kmh": s.max_speed_kmh,
                       "note": s.note} for s in scenario.route.stretches],
        "summary": summary_dict(day, plan.summary()),
        "ground": [ground_dict(plan, g, day, labels[g.id]) for g in plan.ground],
        "air": [formation_dict(f, day, labels[f.id]) for f in plan.air],
        "passes": passes(plan, labels),
        "findings": findings,
        "geometry": plan_geojson(plan),
    }
