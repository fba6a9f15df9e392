"""The live forecast on a terminal: every element's planned, forecast and recorded time at the anchor, its
delay, then the corrections to read out and the findings (Rich)."""

from __future__ import annotations

from rich.table import Table

from ..live.forecast import Forecast
from ..live.records import TRIBUNE
from ..model.times import clock
from ..plan.planner import Plan
from .terminal import out, print_findings


def _delay(delay_s: float) -> str:
    """'+40.0' in red when late beyond 5 s, blue when early beyond it (rich markup)."""
    text = f"{delay_s:+.1f}"
    if delay_s > 5:
        return f"[red]{text}[/red]"
    return f"[blue]{text}[/blue]" if delay_s < -5 else text


def print_forecast(plan: Plan, forecast: Forecast) -> None:
    """One row an element at its anchor (a formation: the tribune), the corrections, the findings."""
    table = Table(title=f"{plan.scenario.name}: forecast from {len(forecast.passings)} passing(s)",
                  title_justify="left")
    for name, justify in (("Element", "left"), ("At", "left"), ("Planned", "center"), ("Forecast", "center"),
                          ("Delay s", "right"), ("Own s", "right"), ("Held by", "left"), ("Last record", "left")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for e in forecast.elements.values():
        point = TRIBUNE if e.air else plan.anchor
        if point not in e.planned_s:
            continue
        recorded = "-" if e.furthest is None else f"{e.furthest[1]} at {e.furthest[0]}"
        table.add_row(e.id, point, clock(e.planned_s[point]["head"]), clock(e.forecast_s[point]["head"]),
                      _delay(e.delay_s), f"{e.own_delay_s:+.1f}", e.held_by or "", recorded)
    out.print(table)
    if forecast.corrections:
        out.print("Corrections:")
        for c in forecast.corrections:
            out.print(f"  {c.kind}: {c.message}", markup=False, soft_wrap=True)
    else:
        out.print("No corrections.")
    print_findings(forecast.findings)
