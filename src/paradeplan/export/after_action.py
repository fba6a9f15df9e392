"""The after-action report of a live day, as a PDF and as an Excel workbook.

Planned against actual for every element at every point it passes (head and tail: planned, actual
(the record in force, blank without one), actual minus planned in seconds, late positive, and the
forecast), each element's delay (its own, the forecast one and who held it), the corrections the
control room issued and the findings on the day. Both files show the same rows, built once here
from the plan and the day's forecast (live/forecast.py), in the order report_csv walks them: ground
elements in order of march, then formations in the order they cross the tribune. Times are clock()'s
on paper and real Excel date-times to the tenth in the workbook (export/xlsx.py's conventions).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from ..live.baseline import ElementForecast, baseline
from ..live.forecast import LATE_S, Forecast
from ..live.records import HOLD_EXIT, IP, TRIBUNE, Edge
from ..model.times import clock
from ..plan.planner import Plan
from ..views.cards import by_time
from .pdf import render_pdf
from .xlsx import excel_time, print_setup, sheet_styles

TEMPLATE = "after_action.html"
EDGE_COLUMNS = ("planned", "actual", "actual - planned s", "forecast")
ROW_COLUMNS = ("#", "id", "element", "point")
FROZEN_COLUMNS = 4  # #, id, element and point stay in view as the times scroll
AIR_POINTS = {HOLD_EXIT: "hold exit", IP: "IP", TRIBUNE: "over the tribune"}


@dataclass(frozen=True)
class EdgeTimes:
    """A head or tail at one point: planned, the record in force (None without one) and forecast, in seconds."""

    planned_s: float
    actual_s: float | None
    forecast_s: float

    @property
    def off_s(self) -> float | None:
        """Actual minus planned, late positive; None without a record."""
        return None if self.actual_s is None else self.actual_s - self.planned_s

    @property
    def planned(self) -> str:
        return clock(self.planned_s)

    @property
    def actual(self) -> str:
        return "" if self.actual_s is None else clock(self.actual_s)

    @property
    def off(self) -> str:
        return "" if self.off_s is None else f"{self.off_s:+.1f}"

    @property
    def forecast(self) -> str:
        return clock(self.forecast_s)

    @property
    def off_class(self) -> str:
        """'late' or 'early' more than LATE_S off the plan, as the forecast's `late` warning counts it; else ''."""
        off_s = self.off_s
        if off_s is None or abs(off_s) <= LATE_S:
            return ""
        return "late" if off_s > 0 else "early"


@dataclass(frozen=True)
class PointRow:
    """One element at one of its points: head and tail (a formation is recorded by its lead: head only)."""

    order: int  # the element's place in the report, from 1
    id: str
    name: str
    point: str  # the point's label as the staff call it
    first: bool  # the element's first point: its name starts a group
    head: EdgeTimes
    tail: EdgeTimes | None


@dataclass(frozen=True)
class DelayRow:
    """One element's delay on the day."""

    order: int
    id: str
    name: str
    segment: str  # "ground" or "air"
    own_delay_s: float
    delay_s: float
    held_by: str  # the name of the element ahead that set the delay, "" when its own
    furthest: str  # "tribune, tail": where its furthest record is, "no record"

    @property
    def own_delay(self) -> str:
        return f"{self.own_delay_s:+.1f}"

    @property
    def delay(self) -> str:
        return f"{self.delay_s:+.1f}"


@dataclass(frozen=True)
class OrderRow:
    """A correction issued and standing: as issued, the advice now for the same element and kind, any alert."""

    decision: str  # the Decision record's id
    id: str
    name: str
    kind: str
    issued: str  # the advice's words when issued
    aim_s: float  # the moment it aimed at when issued
    current: str  # the advice now, or that there is none
    alert: str

    @property
    def aim(self) -> str:
        return clock(self.aim_s)


@dataclass(frozen=True)
class FindingRow:
    severity: str
    code: str
    message: str
    elements: str
    time_s: float | None

    @property
    def time(self) -> str:
        return "" if self.time_s is None else clock(self.time_s)


@dataclass(frozen=True)
class Report:
    """The after-action report's every row and summary line, for the PDF and the workbook alike."""

    summary: tuple[str, ...]
    legend: str  # the route's points by name, with their labels
    points: tuple[PointRow, ...]
    delays: tuple[DelayRow, ...]
    orders: tuple[OrderRow, ...]
    findings: tuple[FindingRow, ...]


def after_action_report(plan: Plan, day: Forecast) -> Report:
    """The report's rows: every element (ground in order of march, formations by tribune time) and point."""
    names = baseline(plan).names
    order = [g.id for g in plan.ground] + [f.id for f in by_time(plan)]
    points, delays = [], []
    for n, element_id in enumerate(order, start=1):
        e = day.elements[element_id]
        for k, (point, edges) in enumerate(e.planned_s.items()):
            tail = _edge(e, point, "tail") if "tail" in edges else None
            points.append(PointRow(n, element_id, names[element_id], _point_label(point, e.air), k == 0,
                                   _edge(e, point, "head"), tail))
        furthest = "no record" if e.furthest is None else \
            f"{_point_label(e.furthest[0], e.air)}, {e.furthest[1]}"
        delays.append(DelayRow(n, element_id, names[element_id], "air" if e.air else "ground", e.own_delay_s,
                               e.delay_s, names.get(e.held_by, e.held_by) if e.held_by else "", furthest))
    orders = tuple(OrderRow(o.issued.id, o.issued.element, names.get(o.issued.element, o.issued.element), o.kind,
                            o.issued.message, o.aim_s,
                            "no correction advised now" if o.current is None else o.current.message, o.alert or "")
                   for o in day.orders)
    findings = tuple(FindingRow(f.severity, f.code, f.message, ", ".join(f.elements), f.time_s)
                     for f in day.findings)
    legend = "; ".join(f"{p.name}: {p.label}" if p.label and p.label != p.name else p.name
                       for p in plan.geometry.points_in_order())
    return Report(_summary(plan, day, names), legend, tuple(points), tuple(delays), orders, findings)


def _edge(e: ElementForecast, point: str, edge: Edge) -> EdgeTimes:
    return EdgeTimes(e.planned_s[point][edge], e.recorded_s.get(point, {}).get(edge), e.forecast_s[point][edge])


def _point_label(point: str, air: bool) -> str:
    """A ground point's name (the legend gives its label); a formation's hold exit, IP and tribune."""
    return AIR_POINTS[point] if air else point


def _summary(plan: Plan, day: Forecast, names: dict[str, str]) -> tuple[str, ...]:
    """Records in force, elements recorded, the largest delay and who, the last tail and formation at the tribune."""
    elements = day.elements.values()
    recorded = sum(1 for e in elements if e.recorded_s)
    lines = [f"{len(day.passings)} records in force; {recorded} of {len(day.elements)} elements recorded."]
    worst = max(elements, key=lambda e: e.delay_s, default=None)
    if worst is None or worst.delay_s <= 0:
        lines.append("Largest delay: none, every element on or ahead of the plan.")
    else:
        held = f", held by {names[worst.held_by]}" if worst.held_by else ""
        lines.append(f"Largest delay: {names[worst.id]}, {worst.delay_s:.1f} s late{held}.")
    tribune = plan.tribune
    label = plan.geometry.points[tribune].label or tribune
    tails = [(g.times[tribune][1], day.elements[g.id]) for g in plan.ground if tribune in g.times]
    if tails:
        planned_s = max(t for t, _ in tails)
        last = max((e for _, e in tails), key=lambda e: e.at(tribune, "tail"))
        lines.append(_last(f"Last tail at {label}", planned_s, last, tribune, "tail"))
    formations = by_time(plan)
    if formations:
        last = max((day.elements[f.id] for f in formations), key=lambda e: e.at(TRIBUNE))
        lines.append(_last(f"Last formation over {label}", formations[-1].over_tribune_s, last, TRIBUNE, "head"))
    alerts = sum(1 for o in day.orders if o.alert)
    dismissed = sum(1 for a in day.decided.values() if a == "dismiss")
    lines.append(f"Corrections issued and standing: {len(day.orders)}, {alerts} with an alert; dismissed: {dismissed}.")
    errors = sum(1 for f in day.findings if f.severity == "error")
    lines.append(f"{errors} error(s), {len(day.findings) - errors} warning(s) on the day.")
    return tuple(lines)


def _last(what: str, planned_s: float, last: ElementForecast, point: str, edge: Edge) -> str:
    """'Last tail at Tribune: planned 11:40:00.0, actual 11:40:12.3 (+12.3 s)'; forecast where not recorded."""
    time_s = last.at(point, edge)
    seen = "actual" if edge in last.recorded_s.get(point, {}) else "forecast"
    return f"{what}: planned {clock(planned_s)}, {seen} {clock(time_s)} ({time_s - planned_s:+.1f} s)."


def after_action_pdf(plan: Plan, day: Forecast) -> bytes:
    """The report as a PDF on landscape A4: the summary, planned against actual, delays, corrections, findings."""
    scenario = plan.scenario
    context = {"report": after_action_report(plan, day), "parade": scenario.name,
               "date": f"{scenario.date:%A %d %B %Y}", "timezone": scenario.timezone}
    return render_pdf(TEMPLATE, context, title=f"{scenario.name}: after-action report")


def after_action_xlsx(plan: Plan, day: Forecast) -> bytes:
    """The report as a workbook: "Planned v actual", "Delays", "Corrections" and "Findings"."""
    report = after_action_report(plan, day)
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"title": f"{plan.scenario.name}: after-action report", "comments": "paradeplan"})
    styles = sheet_styles(book)
    _times_sheet(book.add_worksheet("Planned v actual"), plan, report, styles)
    _delays_sheet(book.add_worksheet("Delays"), plan, report, styles)
    _orders_sheet(book.add_worksheet("Corrections"), plan, report, styles)
    _findings_sheet(book.add_worksheet("Findings"), plan, report, styles)
    book.close()
    return out.getvalue()


def _times_sheet(sheet: Worksheet, plan: Plan, report: Report, styles: dict[str, Any]) -> None:
    """Two header rows (head and tail over their four columns), then a row per element and point."""
    header, group = styles["header"], styles["group"]
    for col, title in enumerate(ROW_COLUMNS):
        sheet.merge_range(0, col, 1, col, title, header)
    for k, edge in enumerate(("head", "tail")):
        first = FROZEN_COLUMNS + k * len(EDGE_COLUMNS)
        sheet.merge_range(0, first, 0, first + len(EDGE_COLUMNS) - 1, edge, group)
        for c, title in enumerate(EDGE_COLUMNS):
            sheet.write(1, first + c, title, header)
    date = plan.scenario.date
    for r, row in enumerate(report.points):
        line = 2 + r
        sheet.write_number(line, 0, row.order)
        sheet.write_string(line, 1, row.id)
        sheet.write_string(line, 2, row.name)
        sheet.write_string(line, 3, row.point)
        for k, times in enumerate((row.head, row.tail)):
            if times is None:
                continue
            first = FROZEN_COLUMNS + k * len(EDGE_COLUMNS)
            sheet.write_datetime(line, first, excel_time(date, times.planned_s), styles["time"])
            if times.actual_s is not None and times.off_s is not None:
                sheet.write_datetime(line, first + 1, excel_time(date, times.actual_s), styles["time"])
                sheet.write_number(line, first + 2, round(times.off_s, 1), styles["tenths"])
            sheet.write_datetime(line, first + 3, excel_time(date, times.forecast_s), styles["time"])
    last_col = FROZEN_COLUMNS + 2 * len(EDGE_COLUMNS) - 1
    sheet.set_column(0, 0, 4)
    sheet.set_column(1, 1, 16)
    sheet.set_column(2, 2, 28)
    sheet.set_column(3, 3, 16)
    sheet.set_column(FROZEN_COLUMNS, last_col, 11)
    sheet.set_row(1, 30)
    sheet.freeze_panes(2, FROZEN_COLUMNS)
    sheet.autofilter(1, 0, 1 + len(report.points), last_col)
    print_setup(sheet, plan, "Planned v actual", header_rows=2)


def _delays_sheet(sheet: Worksheet, plan: Plan, report: Report, styles: dict[str, Any]) -> None:
    """A row per element: its own delay, the forecast delay, who held it and its furthest record."""
    columns = ["#", "id", "element", "segment", "own delay s", "delay s", "held by", "furthest record"]
    sheet.write_row(0, 0, columns, styles["header"])
    tenths = styles["tenths"]
    for r, row in enumerate(report.delays):
        line = 1 + r
        sheet.write_number(line, 0, row.order)
        sheet.write_string(line, 1, row.id)
        sheet.write_string(line, 2, row.name)
        sheet.write_string(line, 3, row.segment)
        sheet.write_number(line, 4, round(row.own_delay_s, 1), tenths)
        sheet.write_number(line, 5, round(row.delay_s, 1), tenths)
        if row.held_by:
            sheet.write_string(line, 6, row.held_by)
        sheet.write_string(line, 7, row.furthest)
    sheet.set_column(0, 0, 4)
    sheet.set_column(1, 1, 16)
    sheet.set_column(2, 2, 28)
    sheet.set_column(3, 5, 10)
    sheet.set_column(6, 7, 24)
    sheet.freeze_panes(1, 3)
    sheet.autofilter(0, 0, len(report.delays), len(columns) - 1)
    print_setup(sheet, plan, "Delays", header_rows=1)


def _orders_sheet(sheet: Worksheet, plan: Plan, report: Report, styles: dict[str, Any]) -> None:
    """A row per correction issued: the decision, for whom, the advice as issued and now, any alert."""
    columns = ["decision", "id", "element", "kind", "issued", "aim", "advice now", "alert"]
    sheet.write_row(0, 0, columns, styles["header"])
    text, date = styles["text"], plan.scenario.date
    for r, row in enumerate(report.orders):
        line = 1 + r
        for col, value in enumerate((row.decision, row.id, row.name, row.kind, row.issued)):
            sheet.write_string(line, col, value, text)
        sheet.write_datetime(line, 5, excel_time(date, row.aim_s), styles["time"])
        sheet.write_string(line, 6, row.current, text)
        if row.alert:
            sheet.write_string(line, 7, row.alert, text)
    sheet.set_column(0, 1, 14)
    sheet.set_column(2, 2, 24)
    sheet.set_column(3, 3, 13)
    sheet.set_column(4, 4, 60)
    sheet.set_column(5, 5, 11)
    sheet.set_column(6, 7, 50)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(report.orders), len(columns) - 1)
    print_setup(sheet, plan, "Corrections issued", header_rows=1)


def _findings_sheet(sheet: Worksheet, plan: Plan, report: Report, styles: dict[str, Any]) -> None:
    """A row per finding on the day: severity, code, message, the elements it names and its time."""
    columns = ["severity", "code", "message", "elements", "time"]
    sheet.write_row(0, 0, columns, styles["header"])
    text, date = styles["text"], plan.scenario.date
    for r, row in enumerate(report.findings):
        line = 1 + r
        for col, value in enumerate((row.severity, row.code, row.message, row.elements)):
            sheet.write_string(line, col, value, text)
        if row.time_s is not None:
            sheet.write_datetime(line, 4, excel_time(date, row.time_s), styles["time"])
    sheet.set_column(0, 0, 9)
    sheet.set_column(1, 1, 22)
    sheet.set_column(2, 2, 80)
    sheet.set_column(3, 3, 24)
    sheet.set_column(4, 4, 11)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(report.findings), len(columns) - 1)
    print_setup(sheet, plan, "Findings", header_rows=1)
