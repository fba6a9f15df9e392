"""The march table as an Excel workbook: the march table, a sheet per named point, the air table and the findings.

Times are real Excel date-times, naive wall-clock times in the parade's zone, rounded to the tenth as
model/times.clock rounds them and shown as hh:mm:ss.0, so a sheet sorts, subtracts and filters them.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from ..model.times import nearest
from ..model.units import mps_to_kmh
from ..plan.ground import GroundPlan
from ..plan.planner import Plan

TIME_FORMAT = "hh:mm:ss.0"
TENTHS_FORMAT = "0.0"
ELEMENT_COLUMNS = ["#", "id", "name", "kind", "personnel", "vehicles", "length m", "width m", "speed km/h",
                   "pass time s"]
FROZEN_COLUMNS = 3  # #, id and name stay in view as the times scroll
SHEET_NAME_CHARS = 31  # Excel's limit on a sheet's name
NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")
RESERVED_SHEETS = ("March table", "Air", "Findings", "History")  # Excel keeps "History" for itself


def march_table_xlsx(plan: Plan) -> bytes:
    """The workbook's bytes: "March table", a sheet per named point in passing order, "Air" and "Findings"."""
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    book.set_properties({"title": f"{plan.scenario.name}: march table", "comments": "paradeplan"})
    styles = sheet_styles(book)
    _march_sheet(book, plan, styles)
    taken = {name.lower() for name in RESERVED_SHEETS}
    for point in plan.geometry.points_in_order():
        name = sheet_name(point.name, taken)
        taken.add(name.lower())
        _point_sheet(book.add_worksheet(name), plan, point.name, point.label, styles)
    _air_sheet(book.add_worksheet("Air"), plan, styles)
    _findings_sheet(book.add_worksheet("Findings"), plan, styles)
    book.close()
    return out.getvalue()


def excel_time(date: dt.date, time_s: float) -> dt.datetime:
    """Seconds after local midnight -> the naive wall-clock date-time, rounded to the tenth as clock() rounds."""
    return dt.datetime.combine(date, dt.time(0)) + dt.timedelta(seconds=nearest(time_s * 10) / 10)


def sheet_name(name: str, taken: set[str]) -> str:
    """A point's name as an Excel sheet name: no []:*?/\\, at most 31 characters, unlike any taken (lower case)."""
    base = NOT_IN_SHEET_NAME.sub("_", name).strip("'")[:SHEET_NAME_CHARS] or "point"
    candidate, number = base, 1
    while candidate.lower() in taken:
        number += 1
        suffix = f" ({number})"
        candidate = base[: SHEET_NAME_CHARS - len(suffix)] + suffix
    return candidate


def sheet_styles(book: Workbook) -> dict[str, Any]:
    """The cell formats the sheets share."""
    header = {"bold": True, "bg_color": "#DDE4EE", "border": 1, "valign": "vcenter", "text_wrap": True}
    return {
        "header": book.add_format(header),
        "group": book.add_format({**header, "align": "center"}),
        "time": book.add_format({"num_format": TIME_FORMAT}),
        "tenths": book.add_format({"num_format": TENTHS_FORMAT}),
        "text": book.add_format({"text_wrap": True, "valign": "top"}),
    }


def print_setup(sheet: Worksheet, plan: Plan, title: str, header_rows: int) -> None:
    """Landscape A4, one page wide, the header rows on every page, the parade and page number in the margins."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0, header_rows - 1)
    scenario = plan.scenario
    name = scenario.name.replace("&", "&&")
    sheet.set_header(f"&L{name}&C{title.replace('&', '&&')}&R{scenario.date.isoformat()} {scenario.timezone}")
    sheet.set_footer("&Rpage &P of &N")


def _march_sheet(book: Workbook, plan: Plan, styles: dict[str, Any]) -> None:
    """Two header rows (the point over its head and tail), then one row per ground element in order of march."""
    sheet = book.add_worksheet("March table")
    points = plan.geometry.points_in_order()
    header, group = styles["header"], styles["group"]
    for col, title in enumerate(ELEMENT_COLUMNS):
        sheet.merge_range(0, col, 1, col, title, header)
    first_time_col = len(ELEMENT_COLUMNS)
    for p, point in enumerate(points):
        col = first_time_col + 2 * p
        sheet.merge_range(0, col, 0, col + 1, point.label or point.name, group)
        sheet.write(1, col, "head", header)
        sheet.write(1, col + 1, "tail", header)
    date = plan.scenario.date
    for r, g in enumerate(plan.ground):
        row = 2 + r
        _element_cells(sheet, row, r + 1, g, styles)
        for p, point in enumerate(points):
            if point.name in g.times:
                head_s, tail_s = g.times[point.name]
                sheet.write_datetime(row, first_time_col + 2 * p, excel_time(date, head_s), styles["time"])
                sheet.write_datetime(row, first_time_col + 2 * p + 1, excel_time(date, tail_s), styles["time"])
    last_col = first_time_col + 2 * len(points) - 1
    sheet.set_column(0, 0, 4)
    sheet.set_column(1, 1, 16)
    sheet.set_column(2, 2, 28)
    sheet.set_column(3, first_time_col - 1, 10)
    sheet.set_column(first_time_col, last_col, 11)
    sheet.set_row(1, 30)
    sheet.freeze_panes(2, FROZEN_COLUMNS)
    sheet.autofilter(1, 0, 1 + len(plan.ground), last_col)
    print_setup(sheet, plan, "March table", header_rows=2)


def _element_cells(sheet: Worksheet, row: int, order: int, g: GroundPlan, styles: dict[str, Any]) -> None:
    """The element's order, id, name, kind, size, speed and pass time."""
    shape, tenths = g.shape, styles["tenths"]
    sheet.write_number(row, 0, order)
    sheet.write_string(row, 1, g.id)
    sheet.write_string(row, 2, g.name)
    sheet.write_string(row, 3, g.element.kind)
    sheet.write_number(row, 4, shape.personnel)
    sheet.write_number(row, 5, shape.vehicles)
    sheet.write_number(row, 6, round(shape.length_m, 1), tenths)
    sheet.write_number(row, 7, round(shape.width_m, 1), tenths)
    sheet.write_number(row, 8, round(mps_to_kmh(shape.speed_mps), 1), tenths)
    sheet.write_number(row, 9, round(g.pass_time_s, 1), tenths)


def _point_sheet(sheet: Worksheet, plan: Plan, point: str, label: str, styles: dict[str, Any]) -> None:
    """The elements past one point in the order their heads reach it, with the gap from the tail ahead."""
    columns = ["#", "id", "element", "head", "tail", "gap before s"]
    sheet.write_row(0, 0, columns, styles["header"])
    passing = sorted((g for g in plan.ground if point in g.times), key=lambda g: g.times[point])
    date, previous_tail_s = plan.scenario.date, None
    for r, g in enumerate(passing):
        row, (head_s, tail_s) = 1 + r, g.times[point]
        sheet.write_number(row, 0, r + 1)
        sheet.write_string(row, 1, g.id)
        sheet.write_string(row, 2, g.name)
        sheet.write_datetime(row, 3, excel_time(date, head_s), styles["time"])
        sheet.write_datetime(row, 4, excel_time(date, tail_s), styles["time"])
        if previous_tail_s is not None:
            sheet.write_number(row, 5, round(head_s - previous_tail_s, 1), styles["tenths"])
        previous_tail_s = tail_s
    sheet.set_column(0, 0, 4)
    sheet.set_column(1, 1, 16)
    sheet.set_column(2, 2, 28)
    sheet.set_column(3, 5, 11)
    sheet.freeze_panes(1, FROZEN_COLUMNS)
    sheet.autofilter(0, 0, len(passing), len(columns) - 1)
    print_setup(sheet, plan, label or point, header_rows=1)


def _air_sheet(sheet: Worksheet, plan: Plan, styles: dict[str, Any]) -> None:
    """One row per formation: type, count, altitude, speeds, track and heading, hold exit, IP and tribune times."""
    columns = ["formation", "aircraft", "count", "altitude ft", "TAS kt", "GS kt", "track deg", "heading deg",
               "WCA deg", "hold exit", "IP", "tribune"]
    sheet.write_row(0, 0, columns, styles["header"])
    date, time, tenths = plan.scenario.date, styles["time"], styles["tenths"]
    for r, f in enumerate(plan.air):
        row = 1 + r
        sheet.write_string(row, 0, f.name)
        sheet.write_string(row, 1, f.aircraft_name)
        sheet.write_number(row, 2, f.count)
        sheet.write_number(row, 3, f.altitude_ft)
        sheet.write_number(row, 4, round(f.tas_kt, 1), tenths)
        sheet.write_number(row, 5, round(f.ground_speed_kt, 1), tenths)
        sheet.write_number(row, 6, round(f.track_deg, 1), tenths)
        sheet.write_number(row, 7, round(f.heading_deg, 1), tenths)
        sheet.write_number(row, 8, round(f.wind_correction_deg, 1), tenths)
        if f.hold_exit_s is not None:
            sheet.write_datetime(row, 9, excel_time(date, f.hold_exit_s), time)
        sheet.write_datetime(row, 10, excel_time(date, f.ip_s), time)
        sheet.write_datetime(row, 11, excel_time(date, f.over_tribune_s), time)
    sheet.set_column(0, 1, 24)
    sheet.set_column(2, 8, 9)
    sheet.set_column(9, 11, 11)
    sheet.freeze_panes(1, 1)
    print_setup(sheet, plan, "Air", header_rows=1)


def _findings_sheet(sheet: Worksheet, plan: Plan, styles: dict[str, Any]) -> None:
    """One row per finding: severity, code, message, the elements it names and the key path to change."""
    columns = ["severity", "code", "message", "elements", "key path"]
    sheet.write_row(0, 0, columns, styles["header"])
    text = styles["text"]
    for r, finding in enumerate(plan.findings):
        row = 1 + r
        sheet.write_string(row, 0, finding.severity, text)
        sheet.write_string(row, 1, finding.code, text)
        sheet.write_string(row, 2, finding.message, text)
        sheet.write_string(row, 3, ", ".join(finding.elements), text)
        sheet.write_string(row, 4, finding.path or "", text)
    sheet.set_column(0, 0, 9)
    sheet.set_column(1, 1, 20)
    sheet.set_column(2, 2, 70)
    sheet.set_column(3, 4, 22)
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, len(plan.findings), len(columns) - 1)
    print_setup(sheet, plan, "Findings", header_rows=1)
