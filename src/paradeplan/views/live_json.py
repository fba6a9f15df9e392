"""The live forecast as JSON: the plan JSON with delays, forecast and recorded times, corrections and orders.

`forecast_json` is what `paradeplan forecast --json` prints and `GET .../live/forecast` answers;
`live_state` is its changing part, small enough to push to every screen on every record. Times are
ISO 8601 with the parade's offset, as in the plan JSON; the browser draws them and computes nothing.
"""

from __future__ import annotations

from typing import Any

from ..live.advice import Correction, Order
from ..live.baseline import ElementForecast, Times
from ..live.forecast import Forecast
from ..live.records import TRIBUNE
from ..model.times import ParadeDay
from ..plan.planner import Plan
from .plan_json import AIR_PASSING_S, JSON, element_labels, finding_dict, passes, plan_dict, span_s


def forecast_json(plan: Plan, forecast: Forecast) -> JSON:
    """The plan JSON, each element with `delay_s`, `own_delay_s`, `forecast` and `recorded`; at the top the
    corrections, the orders, the findings run on the forecast and the passing order on forecast times."""
    data = plan_dict(plan)
    state = live_state(plan, forecast)
    for entry in data["ground"] + data["air"]:
        entry.update({k: v for k, v in state["elements"][entry["id"]].items() if k != "air"})
    return data | {k: state[k] for k in ("corrections", "orders", "findings", "passes")} | {
        "forecast_summary": state["summary"]}


def live_state(plan: Plan, forecast: Forecast) -> JSON:
    """What changes with a record: every element's delays and times, corrections, orders, findings, passes."""
    day = plan.scenario.day
    elements = {e.id: _element(day, e, plan.anchor) for e in forecast.elements.values()}
    anchor = plan.anchor
    at_anchor = [(e.at(anchor, "head"), e.at(anchor, "tail")) for e in forecast.elements.values()
                 if not e.air and anchor in e.forecast_s]
    first_s = min((h for h, _ in at_anchor), default=None)
    last_s = max((t for _, t in at_anchor), default=None)
    return {
        "elements": elements,
        "corrections": [correction_json(day, c, forecast.decided.get(c.key)) for c in forecast.corrections],
        "orders": [order_json(day, o) for o in forecast.orders],
        "findings": [finding_dict(day, f, plan) for f in forecast.findings],
        "passes": forecast_passes(plan, forecast),
        "summary": {"first_at_anchor": day.iso_or_none(first_s), "last_clear_of_anchor": day.iso_or_none(last_s),
                    "tribune_span_s": span_s(first_s, last_s)},
    }


def _times(day: ParadeDay, times: Times) -> dict[str, dict[str, str]]:
    return {point: {edge: day.iso(time_s) for edge, time_s in edges.items()} for point, edges in times.items()}


def _element(day: ParadeDay, e: ElementForecast, anchor: str) -> JSON:
    """Delays, times, and what the report shows: each record's difference from the plan (`recorded_off_s`) and the
    head's at the anchor, recorded else forecast (`anchor_off_s`; a formation: over the tribune)."""
    at = TRIBUNE if e.air else anchor
    anchor_off_s = (round(e.forecast_s[at]["head"] - e.planned_s[at]["head"], 1) if at in e.planned_s else None)
    return {"air": e.air, "delay_s": round(e.delay_s, 1), "own_delay_s": round(e.own_delay_s, 1),
            "held_by": e.held_by, "forecast": _times(day, e.forecast_s), "recorded": _times(day, e.recorded_s),
            "recorded_off_s": {point: {edge: round(off_s, 1) for edge, off_s in edges.items()}
                               for point, edges in e.recorded_off_s().items()},
            "anchor_off_s": anchor_off_s}


def correction_json(day: ParadeDay, c: Correction, decided: str | None = None) -> JSON:
    """A correction: whom, what kind, the words, what it wins back, the moment it aims at and its own figures."""
    return {"key": c.key, "element": c.element, "kind": c.kind, "message": c.message,
            "recovers_s": round(c.recovers_s, 1), "advice_s": round(c.advice_s, 1), "aim": day.iso(c.aim_s),
            "issued": decided == "issue", "dismissed": decided == "dismiss",
            **c.detail, **{name: day.iso(time_s) for name, time_s in c.times.items()}}


def order_json(day: ParadeDay, o: Order) -> JSON:
    """An issued correction as issued, with the current advice for it and an alert when that moved."""
    return {"key": o.issued.correction, "record": o.issued.id, "element": o.issued.element, "kind": o.kind,
            "message": o.issued.message, "aim": day.iso(o.aim_s), "alert": o.alert,
            "current": None if o.current is None else correction_json(day, o.current, "issue")}


def forecast_passes(plan: Plan, forecast: Forecast) -> list[JSON]:
    """The plan JSON's passes (every element past the anchor in order) on forecast times, with each one's delay."""
    day = plan.scenario.day
    rows: list[tuple[float, dict[str, Any]]] = []
    for row in passes(plan, element_labels(plan)):
        e = forecast.elements[row["id"]]
        start_s = e.at(TRIBUNE) if e.air else e.at(plan.anchor, "head")
        end_s = start_s + AIR_PASSING_S if e.air else e.at(plan.anchor, "tail")
        rows.append((start_s, {**row, "start": day.iso(start_s), "end": day.iso(end_s),
                               "delay_s": round(e.delay_s, 1)}))
    rows.sort(key=lambda r: r[0])
    return [data for _, data in rows]
