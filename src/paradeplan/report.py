"""Plans as data for other tools: the plan JSON that later tools rely on, and the march table as CSV."""

from __future__ import annotations

import csv
import io

from .findings import Finding
from .planner import Plan
from .times import iso_time
from .units import mps_to_kmh


def finding_dict(plan: Plan, finding: Finding) -> dict:
    data = {
        "severity": finding.severity,
        "code": finding.code,
        "message": finding.message,
        "elements": list(finding.elements),
    }
    if finding.at_m is not None:
        data["at_m"] = round(finding.at_m, 1)
    if finding.time_s is not None:
        data["time"] = _iso(plan, finding.time_s)
    if finding.path is not None:
        data["path"] = finding.path
    return data


def plan_dict(plan: Plan) -> dict:
    """The plan as JSON-ready data: {"name", "ground": [...], "air": [...], "findings": [...]}."""
    scenario = plan.scenario
    summary = plan.summary()
    return {
        "name": scenario.name,
        "date": scenario.date.isoformat(),
        "timezone": scenario.timezone,
        "anchor": plan.anchor,
        "points": [
            {"name": p.name, "label": p.label, "at_m": round(p.at_m, 1)} for p in plan.geometry.points_in_order()
        ],
        "route_length_m": round(plan.geometry.length_m, 1),
        "summary": {
            (key[:-2] if key.endswith("_s") else key): (
                _iso(plan, value) if key.endswith("_s") and value is not None else value
            )
            for key, value in summary.items()
        },
        "ground": [
            {
                "id": g.id,
                "name": g.name,
                "kind": g.element.kind,
                "length_m": round(g.shape.length_m, 2),
                "width_m": round(g.shape.width_m, 2),
                "speed_mps": round(g.shape.speed_mps, 4),
                "pass_time_s": round(g.pass_time_s, 1),
                "personnel": g.shape.personnel,
                "vehicles": g.shape.vehicles,
                "gap_before_s": None if g.gap_s != g.gap_s else round(g.gap_s, 1),
                "times": {
                    point: {"head": _iso(plan, head), "tail": _iso(plan, tail)}
                    for point, (head, tail) in g.times.items()
                },
            }
            for g in plan.ground
        ],
        "air": [air.as_dict(lambda s: _iso(plan, s)) for air in plan.air],
        "findings": [finding_dict(plan, f) for f in plan.findings],
    }


def march_table_csv(plan: Plan) -> str:
    """One row per element: sizes and speed, then head and tail time at each named point."""
    points = plan.points
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["order", "id", "name", "kind", "personnel", "vehicles", "length_m", "width_m", "speed_kmh", "pass_time_s"]
        + [f"{p}_{end}" for p in points for end in ("head", "tail")]
    )
    for order, g in enumerate(plan.ground, start=1):
        row = [order, g.id, g.name, g.element.kind, g.shape.personnel, g.shape.vehicles,
               f"{g.shape.length_m:.1f}", f"{g.shape.width_m:.1f}", f"{mps_to_kmh(g.shape.speed_mps):.1f}",
               f"{g.pass_time_s:.1f}"]
        for p in points:
            head_tail = g.times.get(p)
            row += [_iso(plan, head_tail[0]), _iso(plan, head_tail[1])] if head_tail else ["", ""]
        writer.writerow(row)
    return out.getvalue()


def _iso(plan: Plan, time_s: float) -> str:
    return iso_time(plan.scenario.date, plan.scenario.tz, time_s)
