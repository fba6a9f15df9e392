"""The march table workbook, read back with openpyxl (independent of XlsxWriter, which wrote it).

The test parade (conftest): the colour guard at 1.5 m/s, 3 s long, its head over the tribune (1,000 m) at
10:05:00; the Buk column at 12 km/h (3.333 m/s), 30.6 m long (9.18 s), its head 15 s after the guard's tail,
so at 10:05:18. The column is faster and overtakes the guard after the tribune: an error, and at the release
point (2,000 m) it passes first.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
from conftest import FOOT, VEHICLES, plan_of, scenario

from paradeplan import load_scenario, make_plan
from paradeplan.export.xlsx import TIME_FORMAT, excel_time, march_table_xlsx, sheet_name
from paradeplan.views.plan_json import plan_dict

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
TIME_COLUMNS = 10  # the element columns before the first point's head
# a lead at 200 kt TAS in still air, running in due north from 20 km, over the tribune at 10:40:00
LEAD = {"id": "lead", "name": "Lead", "aircraft": {"category": "fixed-wing", "min_kt": 100, "max_kt": 350},
        "tas_kt": 200, "altitude_ft": 1000, "over_tribune": "10:40:00",
        "run_in": {"heading_deg": 0, "ip_distance_km": 20}}


def read_back(plan) -> openpyxl.Workbook:
    """The plan's workbook as openpyxl reads it."""
    return openpyxl.load_workbook(io.BytesIO(march_table_xlsx(plan)))


def naive(iso: str) -> dt.datetime:
    """'2025-05-07T10:05:00.0+05:00' -> the naive wall-clock date-time 2025-05-07 10:05:00."""
    return dt.datetime.fromisoformat(iso).replace(tzinfo=None)


def clock_of(value: dt.datetime) -> str:
    """A date-time read back (Excel keeps days as a float: micro-second noise) as hh:mm:ss.t."""
    tenths = round((value - dt.datetime.combine(value.date(), dt.time(0))).total_seconds() * 10)
    whole, tenth = divmod(tenths, 10)
    return f"{whole // 3600:02d}:{whole % 3600 // 60:02d}:{whole % 60:02d}.{tenth}"


def test_excel_time_rounds_to_the_tenth_halves_up_as_clock_does():
    # 36432 s = 10:07:12; .25 -> 2.5 tenths -> 3 (Python's round would give 2)
    assert excel_time(dt.date(2025, 5, 7), 36432.25) == dt.datetime(2025, 5, 7, 10, 7, 12, 300000)
    # 36432.44 -> 4.4 tenths -> 4
    assert excel_time(dt.date(2025, 5, 7), 36432.44) == dt.datetime(2025, 5, 7, 10, 7, 12, 400000)
    # past midnight runs on to the next day rather than wrapping: 86400 + 1.96 s -> 00:00:02.0 on the 8th
    assert excel_time(dt.date(2025, 5, 7), 86401.96) == dt.datetime(2025, 5, 8, 0, 0, 2)


def test_march_table_holds_the_hand_worked_times():
    sheet = read_back(plan_of(FOOT, VEHICLES))["March table"]
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    guard, buk = rows
    assert guard[:TIME_COLUMNS] == (1, "colour-guard", "Colour guard", "foot", 12, 0, 4.5, 3, 5.4, 3)
    assert buk[:TIME_COLUMNS] == (2, "buk", "buk", "vehicle", 0, 4, 30.6, 9.6, 12, 9.2)
    # the guard at the start (0 m): 1,000 m / 1.5 m/s = 666.67 s before 10:05:00 -> 09:53:53.3, tail 09:53:56.3
    assert [clock_of(v) for v in guard[TIME_COLUMNS:TIME_COLUMNS + 2]] == ["09:53:53.3", "09:53:56.3"]
    # the Buk at the tribune: 10:05:18.0, tail 9.18 s later -> 10:05:27.2
    assert [clock_of(v) for v in buk[TIME_COLUMNS + 2:TIME_COLUMNS + 4]] == ["10:05:18.0", "10:05:27.2"]


@pytest.mark.parametrize("name", ["test", "astana-2025"])
def test_every_tribune_head_equals_the_plan_json_to_the_tenth(name):
    plan = plan_of(FOOT, VEHICLES) if name == "test" else make_plan(load_scenario(EXAMPLES / f"{name}.yaml"))
    data = plan_dict(plan)
    sheet = read_back(plan)["March table"]
    points = [p["name"] for p in data["points"]]
    head_col = TIME_COLUMNS + 2 * points.index(data["anchor"])
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [row[1] for row in rows] == [g["id"] for g in data["ground"]]
    for row, element in zip(rows, data["ground"], strict=True):
        head, tail = element["times"][data["anchor"]]["head"], element["times"][data["anchor"]]["tail"]
        assert abs((row[head_col] - naive(head)).total_seconds()) < 1e-3, element["id"]
        assert abs((row[head_col + 1] - naive(tail)).total_seconds()) < 1e-3, element["id"]


def test_every_time_is_a_date_time_formatted_in_tenths():
    book = read_back(plan_of(FOOT, VEHICLES, air={"formations": [LEAD]}))
    times = [cell for sheet in book for row in sheet.iter_rows(min_row=2) for cell in row
             if isinstance(cell.value, dt.datetime)]
    # 2 elements x 4 points x head and tail, 4 point sheets x 2 elements x head and tail, IP and tribune
    assert len(times) == 16 + 16 + 2
    assert {cell.number_format for cell in times} == {TIME_FORMAT}


def test_march_table_is_frozen_filtered_and_printable():
    sheet = read_back(plan_of(FOOT, VEHICLES))["March table"]
    assert sheet.freeze_panes == "D3"  # two header rows; #, id and name
    # the filter on the second header row over 2 elements and 10 + 4 x 2 = 18 columns (A..R)
    assert sheet.auto_filter.ref == "A2:R4"
    assert sheet.print_title_rows == "$1:$2"
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    # one page wide (absent is OOXML's default, 1), as many pages tall as it takes (0)
    assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.page_setup.orientation == "landscape"


def test_point_sheets_come_in_route_order_with_elements_in_passing_order():
    # the points listed out of route order in the file
    changes = {"points": {"release": {"at_m": 2000}, "turn-off": {"at_m": 1200}, "start": {"at_m": 0},
                          "tribune": {"at_m": 1000}}}
    plan = make_plan(scenario(FOOT, VEHICLES, route=changes), vehicles={}, aircraft={})
    book = read_back(plan)
    assert book.sheetnames == ["March table", "start", "tribune", "turn-off", "release", "Air", "Findings"]
    tribune = list(book["tribune"].iter_rows(values_only=True))
    assert tribune[0] == ("#", "id", "element", "head", "tail", "gap before s")
    # the guard's tail 10:05:03.0, the Buk's head 10:05:18.0: 15.0 s
    assert [(r[1], clock_of(r[3]), clock_of(r[4]), r[5]) for r in tribune[1:]] == [
        ("colour-guard", "10:05:00.0", "10:05:03.0", None), ("buk", "10:05:18.0", "10:05:27.2", 15.0)]
    # at the release point (1,000 m on): the Buk 300 s after 10:05:18 -> 10:10:18.0, tail 10:10:27.2;
    # the guard 666.67 s after 10:05:00 -> 10:16:06.7: 339.49 s after the Buk's tail -> 339.5
    release = list(book["release"].iter_rows(min_row=2, values_only=True))
    assert [(r[1], clock_of(r[3]), r[5]) for r in release] == [("buk", "10:10:18.0", None),
                                                               ("colour-guard", "10:16:06.7", 339.5)]
    assert book["release"].freeze_panes == "D2"


def test_air_sheet_holds_each_formations_ip_and_tribune_times():
    # the second over the tribune at 10:41:00 from an IP 10 km out
    second = {**LEAD, "id": "second", "name": "Second", "over_tribune": "10:41:00",
              "run_in": {"heading_deg": 0, "ip_distance_km": 10}}
    plan = plan_of(FOOT, air={"formations": [LEAD, second]})
    rows = list(read_back(plan)["Air"].iter_rows(values_only=True))
    assert rows[0] == ("formation", "aircraft", "count", "altitude ft", "TAS kt", "GS kt", "track deg",
                       "heading deg", "WCA deg", "hold exit", "IP", "tribune")
    # 200 kt = 102.89 m/s in still air: 20 km in 194.38 s before 10:40:00 -> 10:36:45.6;
    # 10 km in 97.19 s before 10:41:00 -> 10:39:22.8; no hold, no wind correction
    assert [(r[0], r[4], r[5], r[6], r[8], r[9], clock_of(r[10]), clock_of(r[11])) for r in rows[1:]] == [
        ("Lead", 200, 200, 0, 0, None, "10:36:45.6", "10:40:00.0"),
        ("Second", 200, 200, 0, 0, None, "10:39:22.8", "10:41:00.0"),
    ]
    ips = [f["ip"] for f in plan_dict(plan)["air"]]
    assert [naive(ip) for ip in ips] == [dt.datetime(2025, 5, 7, 10, 36, 45, 600000),
                                         dt.datetime(2025, 5, 7, 10, 39, 22, 800000)]


def test_findings_sheet_lists_a_plans_error():
    plan = plan_of(FOOT, VEHICLES)  # the Buk closes up on the guard past the tribune
    rows = list(read_back(plan)["Findings"].iter_rows(values_only=True))
    assert rows[0] == ("severity", "code", "message", "elements", "key path")
    assert rows[1:] == [(f.severity, f.code, f.message, ", ".join(f.elements), f.path) for f in plan.findings]
    assert rows[1][:2] == ("error", "gap-too-small")
    assert rows[1][3:] == ("colour-guard, buk", "ground[1]")


def test_a_plan_without_air_or_findings_still_has_every_sheet():
    book = read_back(plan_of(FOOT))
    assert [len(list(book[name].iter_rows())) for name in ("March table", "Air", "Findings")] == [3, 1, 1]


def test_sheet_names_are_what_excel_accepts():
    assert sheet_name("a/b:c*d?[e]", set()) == "a_b_c_d__e_"
    assert sheet_name("x" * 40, set()) == "x" * 31
    # a point called "air" would take the air table's name: numbered instead
    assert sheet_name("Air", {"march table", "air", "findings"}) == "Air (2)"
    assert sheet_name("y" * 40, {"y" * 31}) == "y" * 27 + " (2)"
