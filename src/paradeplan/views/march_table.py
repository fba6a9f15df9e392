"""The march table as CSV: one row per element, its size and speed, then head and tail at each named point."""

from __future__ import annotations

import csv
import io

from ..model.units import mps_to_kmh
from ..plan.planner import Plan


def march_table_csv(plan: Plan) -> str:
    """Times as ISO 8601 in tenths, the same text as the plan JSON."""
    points, day = plan.points, plan.scenario.day
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["order", "id", "name", "kind", "personnel", "vehicles", "length_m", "width_m", "speed_kmh", "pass_time_s"]
        + [f"{p}_{end}" for p in points for end in ("head", "tail")]
    )
    for order, g in enumerate(plan.ground, start=1):
        row: list[object] = [order, g.id, g.name, g.element.kind, g.shape.personnel, g.shape.vehicles,
                             f"{g.shape.length_m:.1f}", f"{g.shape.width_m:.1f}",
                             f"{mps_to_kmh(g.shape.speed_mps):.1f}", f"{g.pass_time_s:.1f}"]
        for p in points:
            head_tail = g.times.get(p)
            row += [day.iso(head_tail[0]), day.iso(head_tail[1])] if head_tail else ["", ""]
        writer.writerow(row)
    return out.getvalue()
