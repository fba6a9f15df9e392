"""After the day: planned against actual, one CSV row per element, point and edge (GET .../live/report.csv)."""

from __future__ import annotations

import csv
import io

from ...live.baseline import baseline
from ...live.forecast import Forecast
from ...plan.planner import Plan

COLUMNS = ("element", "name", "air", "point", "edge", "planned", "actual", "actual_minus_planned_s", "forecast",
           "forecast_minus_planned_s")


def report_csv(plan: Plan, forecast: Forecast) -> str:
    """Every element in the plan's order (ground in order of march, then formations), each of its points in the
    order it passes them, head then tail: planned, actual (the record in force, empty without one) and forecast
    times with their offsets from the plan in seconds (positive: late)."""
    day = plan.scenario.day
    names = baseline(plan).names
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for element_id, e in forecast.elements.items():
        recorded_off_s = e.recorded_off_s()
        for point, edges in e.planned_s.items():
            for edge, planned_s in edges.items():
                actual_s = e.recorded_s.get(point, {}).get(edge)
                forecast_s = e.forecast_s[point][edge]
                writer.writerow([element_id, names[element_id], "yes" if e.air else "no", point, edge,
                                 day.iso(planned_s), "" if actual_s is None else day.iso(actual_s),
                                 "" if actual_s is None else f"{recorded_off_s[point][edge]:.1f}",
                                 day.iso(forecast_s), f"{forecast_s - planned_s:.1f}"])
    return out.getvalue()
