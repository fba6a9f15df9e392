"""The after-action report, read back with openpyxl and pypdf (independent of XlsxWriter and WeasyPrint).

Two hand-made blocks (conftest's avenue): 'first' at 1.5 m/s, 3 s long, its head over the tribune at
10:05:00.0, tail 10:05:03.0; 'second' 10 s behind its tail (15 m of road, 5 m = 3.33 s more than the
10 m minimum gap): head 10:05:13.0, tail 10:05:16.0. A record puts First's head at the tribune at
36,330.04 s, 10:05:30.04: 30.04 s late, shown 10:05:30.0 and +30.0. Second, with no record, is pushed
30.04 - 3.33 = 26.71 s: its tail forecast at 10:05:42.7, held by First.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from functools import cache
from pathlib import Path

import openpyxl
from conftest import FOOT, element, plan_of
from pdfs import inked_fraction, page_sizes_mm, pdf_text, render_pages

from paradeplan import load_scenario, make_plan
from paradeplan.export.after_action import after_action_pdf, after_action_xlsx
from paradeplan.export.xlsx import TIME_FORMAT, excel_time
from paradeplan.live.advice import decision
from paradeplan.live.drill import drill_records
from paradeplan.live.forecast import Forecast, forecast
from paradeplan.live.records import Passing
from paradeplan.plan.planner import Plan
from paradeplan.views.cards import by_time

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
DATE = dt.date(2025, 5, 7)
TRIBUNE_S = 36300.0  # 10:05:00, First's head over the tribune
# the columns of "Planned v actual": #, id, element, point, then head and tail: planned, actual, off, forecast
HEAD_ACTUAL, HEAD_OFF, TAIL_ACTUAL, TAIL_OFF, TAIL_FORECAST = 5, 6, 9, 10, 11


def two_blocks() -> Plan:
    return plan_of(element(FOOT, id="first", name="First"), element(FOOT, id="second", name="Second", gap_before_s=10))


def thirty_late() -> tuple[Plan, Forecast]:
    plan = two_blocks()
    return plan, forecast(plan, [Passing("r1", "first", "tribune", "head", TRIBUNE_S + 30.04)])


def book(plan: Plan, day: Forecast) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(after_action_xlsx(plan, day)))


def rows(plan: Plan, day: Forecast, sheet: str = "Planned v actual", header_rows: int = 2) -> list[tuple]:
    return list(book(plan, day)[sheet].iter_rows(min_row=header_rows + 1, values_only=True))


def row_at(plan: Plan, day: Forecast, element_id: str, point: str) -> tuple:
    return next(r for r in rows(plan, day) if r[1] == element_id and r[3] == point)


def text_of(data: bytes) -> str:
    """The PDF's text, every run of white space one space (a long name may wrap in its cell)."""
    return re.sub(r"\s+", " ", pdf_text(data))


# --- the hand-made day --------------------------------------------------------------------------

def test_a_head_30_s_late_reads_30_0_in_actual_minus_planned():
    assert row_at(*thirty_late(), "first", "tribune")[HEAD_OFF] == 30.0


def test_the_actual_time_is_the_records_to_the_tenth():
    assert row_at(*thirty_late(), "first", "tribune")[HEAD_ACTUAL] == dt.datetime(2025, 5, 7, 10, 5, 30)


def test_a_tail_without_a_record_has_no_actual():
    assert row_at(*thirty_late(), "first", "tribune")[TAIL_ACTUAL:TAIL_OFF + 1] == (None, None)


def test_the_follower_is_forecast_late_by_its_push():
    # planned tail 10:05:16.0 + 26.71 s = 10:05:42.71 -> 10:05:42.7
    forecast_tail = row_at(*thirty_late(), "second", "tribune")[TAIL_FORECAST]
    assert abs((forecast_tail - dt.datetime(2025, 5, 7, 10, 5, 42, 700000)).total_seconds()) < 1e-3


def test_the_delays_sheet_names_who_held_the_follower():
    delays = rows(*thirty_late(), sheet="Delays", header_rows=1)
    assert [r[1:7] for r in delays] == [("first", "First", "ground", 30.0, 30.0, None),
                                        ("second", "Second", "ground", 0.0, 26.7, "First")]


def test_the_pdf_shows_the_actual_time_and_how_late():
    # the first block's head at the tribune: planned, actual, actual - planned, forecast
    assert "tribune 10:05:00.0 10:05:30.0 +30.0 10:05:30.0" in text_of(after_action_pdf(*thirty_late()))


def test_the_pdf_summary_gives_the_largest_delay_and_who():
    assert "Largest delay: First, 30.0 s late." in text_of(after_action_pdf(*thirty_late()))


def test_the_findings_sheet_holds_the_days_late_warning():
    findings = rows(*thirty_late(), sheet="Findings", header_rows=1)
    assert [(r[0], r[1], r[3]) for r in findings] == [("warning", "late", "first"), ("warning", "late", "second")]


def issued_day() -> tuple[Plan, Forecast, str]:
    """First 40 s late at the start; the control room issues the cadence it is advised."""
    plan = two_blocks()
    records = [Passing("r1", "first", "start", "head", plan.ground[0].times["start"][0] + 40)]
    issued = decision(forecast(plan, records).corrections, "d1", "ground-speed:first", "issue")
    return plan, forecast(plan, [*records, issued]), issued.message


def test_an_issued_correction_is_on_the_corrections_sheet_with_its_aim():
    plan, day, message = issued_day()
    # it aims at First's head over the tribune on time: 10:05:00.0
    assert rows(plan, day, "Corrections", 1) == [("d1", "first", "First", "ground-speed", message,
                                                 dt.datetime(2025, 5, 7, 10, 5), message, None)]


def test_every_sheet_is_there_frozen_filtered_and_printable():
    workbook = book(*thirty_late())
    sheet = workbook["Planned v actual"]
    assert (workbook.sheetnames, sheet.freeze_panes, sheet.auto_filter.ref, sheet.print_title_rows,
            sheet.page_setup.orientation) == (["Planned v actual", "Delays", "Corrections", "Findings"], "E3",
                                              "A2:L10", "$1:$2", "landscape")


def test_every_time_in_the_workbook_is_formatted_in_tenths():
    formats = {cell.number_format for sheet in book(*issued_day()[:2]) for row in sheet.iter_rows()
               for cell in row if isinstance(cell.value, dt.datetime)}
    assert formats == {TIME_FORMAT}


# --- Astana, a drilled day ----------------------------------------------------------------------

@cache
def astana_day() -> tuple[Plan, Forecast, str]:
    """Astana's drill with seed 3; half-way through, the control room issues the first correction advised."""
    plan = make_plan(load_scenario(EXAMPLES / "astana-2025.yaml"))
    records = [Passing(f"r{n}", r.element, r.point, r.edge, r.time_s) for n, r in enumerate(drill_records(plan, 3))]
    half = len(records) // 2
    offered = forecast(plan, records[:half]).corrections
    issued = decision(offered, "d1", offered[0].key, "issue")
    return plan, forecast(plan, [*records[:half], issued, *records[half:]]), issued.message


@cache
def astana_pdf() -> bytes:
    plan, day, _ = astana_day()
    return after_action_pdf(plan, day)


@cache
def astana_book() -> openpyxl.Workbook:
    plan, day, _ = astana_day()
    return book(plan, day)


def test_astana_pdf_names_every_element():
    plan, _, _ = astana_day()
    text = text_of(astana_pdf())
    assert [name for name in [g.name for g in plan.ground] + [f.name for f in plan.air] if name not in text] == []


def test_astana_workbook_has_every_element_at_every_point():
    # ground elements in order of march, formations by tribune time; a row per point each passes
    plan, day, _ = astana_day()
    ids = [r[1] for r in astana_book()["Planned v actual"].iter_rows(min_row=3, values_only=True)]
    order = [g.id for g in plan.ground] + [f.id for f in by_time(plan)]
    assert ids == [e for e in order for _ in day.elements[e].planned_s]


def test_astana_actual_times_are_the_records_in_force_to_the_tenth():
    plan, day, _ = astana_day()
    sheet = astana_book()["Planned v actual"]
    at = {(r[1], r[3]): r for r in sheet.iter_rows(min_row=3, values_only=True)}
    labels = {"hold-exit": "hold exit", "ip": "IP", "tribune": "over the tribune"}
    air = {f.id for f in plan.air}
    wrong = [p for p in day.passings
             if at[(p.element, labels[p.point] if p.element in air else p.point)]
             [HEAD_ACTUAL if p.edge == "head" else TAIL_ACTUAL] != excel_time(DATE, p.time_s)]
    assert (len(day.passings), wrong) == (345, [])


def test_astana_issued_correction_is_in_the_pdf_and_the_workbook():
    _, _, message = astana_day()
    issued = [r[4] for r in astana_book()["Corrections"].iter_rows(min_row=2, values_only=True)]
    assert (message in text_of(astana_pdf()), issued) == (True, [message])


def test_astana_pdf_is_landscape_a4():
    assert set(page_sizes_mm(astana_pdf())) == {(297, 210)}


def test_astana_table_repeats_its_header_on_every_page_it_runs_onto():
    # a page of the table holds a row's actual time followed by its actual minus planned
    row = re.compile(r"\d\d:\d\d:\d\d\.\d [+-]\d+\.\d ")
    table_pages = [page for page in pdf_text(astana_pdf()).split("\f") if row.search(page)]
    assert (len(table_pages) > 1, all("plan s" in page for page in table_pages)) == (True, True)


def test_astana_pages_render_with_ink():
    assert all(inked_fraction(png) > 0.02 for png in render_pages(astana_pdf(), "after-action"))
