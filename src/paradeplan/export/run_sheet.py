"""The run sheet: the parade staff's printed plan, one PDF from the same plan and views as the terminal.

A cover (the parade, its day and zone, the totals, the first head and last tail at the tribune, the whole
route's span, the count of findings), the march table on landscape pages with its header on every page,
the air table, the findings, the time-distance chart and the overview map (export/figures.py). Every time
is a string of the views layer (views/tables.py, model/times.clock), so the sheet and the terminal agree
to the tenth.
"""

from __future__ import annotations

import base64
import datetime as dt
from dataclasses import dataclass, replace

from .. import __version__
from ..model.times import clock, duration, iso_time
from ..plan.findings import Finding
from ..plan.planner import Plan
from ..views.tables import MarchRow, MarchTable, PointColumn, air_table, march_table, summary_lines
from .figures import overview_map_svg, time_distance_svg
from .pdf import render_pdf

TEMPLATE = "run_sheet.html"
POINTS_PER_TABLE = 6  # named points across one landscape page; more points continue in a further table


@dataclass(frozen=True)
class Total:
    """One line of the cover's totals: what is counted and how many."""

    label: str
    value: str


@dataclass(frozen=True)
class Span:
    """When something begins and ends, and how long that takes, as the terminal prints them."""

    label: str
    first: str
    last: str
    duration: str


@dataclass(frozen=True)
class MarchPart:
    """The march table across some of the named points: the same rows, these points' head and tail columns."""

    points: tuple[PointColumn, ...]
    rows: tuple[MarchRow, ...]
    anchor: str
    number: int
    parts: int


@dataclass(frozen=True)
class Cover:
    """What the cover says about the parade as a whole."""

    name: str
    description: str
    date: str
    timezone: str
    version: str | None
    made_by: str
    totals: tuple[Total, ...]
    spans: tuple[Span, ...]
    summary: tuple[str, ...]
    errors: int
    warnings: int


def run_sheet_pdf(plan: Plan, *, version: str | None = None) -> bytes:
    """The run sheet's PDF bytes; `version` (e.g. "version 3" from the workspace's store) goes on the cover."""
    table = march_table(plan)
    air = air_table(plan)
    context = {
        "cover": cover(plan, version),
        "march": table,
        "march_parts": march_parts(table, plan.anchor),
        "air": air if air.rows else None,
        "findings": sorted(plan.findings, key=_severity_first),
        "chart": data_uri(time_distance_svg(plan)),
        "map": data_uri(overview_map_svg(plan)),
        "tribune": plan.geometry.points[plan.tribune].label,
        "anchor": plan.geometry.points[plan.anchor].label,
    }
    return render_pdf(TEMPLATE, context, title=f"Run sheet - {plan.scenario.name}")


def cover(plan: Plan, version: str | None) -> Cover:
    """The cover's facts: the parade, its day, its totals and spans, and how many findings it has."""
    scenario = plan.scenario
    s = plan.summary()
    anchor = plan.geometry.points[plan.anchor].label
    spans = []
    if s.first_at_anchor_s is not None and s.last_clear_of_anchor_s is not None:
        spans.append(Span(f"{anchor}: first head, last tail", clock(s.first_at_anchor_s),
                          clock(s.last_clear_of_anchor_s), duration(s.last_clear_of_anchor_s - s.first_at_anchor_s)))
    if s.step_off_s is not None and s.completion_s is not None:
        spans.append(Span("Whole route: first step-off, completion", clock(s.step_off_s), clock(s.completion_s),
                          duration(s.completion_s - s.step_off_s)))
    if plan.air:
        over = [f.over_tribune_s for f in plan.air]
        spans.append(Span(f"Air segment over {plan.geometry.points[plan.tribune].label}: first, last formation",
                          clock(min(over)), clock(max(over)), duration(max(over) - min(over))))
    totals = (
        Total("ground elements", f"{s.elements}"),
        Total("personnel marching", f"{s.personnel:,}"),
        Total("crew on board the vehicles", f"{s.crew:,}"),
        Total("vehicles", f"{s.vehicles}"),
        Total("formations", f"{len(plan.air)}"),
        Total("aircraft", f"{s.aircraft}"),
    )
    day = scenario.date
    offset = iso_time(day, scenario.day.tz, 12 * 3600.0)[-6:]  # the zone's offset at noon on the day, "+05:00"
    made = dt.datetime.now(dt.UTC)
    return Cover(
        name=scenario.name, description=scenario.description or "", date=f"{day:%A} {day.day} {day:%B %Y}",
        timezone=f"{scenario.timezone} (UTC{offset})", version=version,
        made_by=f"paradeplan {__version__}, printed {made:%d %B %Y %H:%M} UTC",
        totals=totals, spans=tuple(spans), summary=tuple(summary_lines(plan)), errors=s.errors, warnings=s.warnings)


def march_parts(table: MarchTable, anchor: str) -> list[MarchPart]:
    """The march table cut into parts of at most POINTS_PER_TABLE named points, so each part fits a landscape page."""
    starts = range(0, max(len(table.points), 1), POINTS_PER_TABLE)
    parts = []
    for number, start in enumerate(starts, start=1):
        columns = slice(start, start + POINTS_PER_TABLE)
        rows = tuple(replace(row, times=row.times[columns]) for row in table.rows)
        parts.append(MarchPart(table.points[columns], rows, anchor, number, len(starts)))
    return parts


def data_uri(svg: str) -> str:
    """An SVG as a data: URI for an <img>, which WeasyPrint draws as vectors."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _severity_first(finding: Finding) -> int:
    return {"error": 0, "warning": 1}.get(finding.severity, 2)

