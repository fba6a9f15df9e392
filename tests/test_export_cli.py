"""`paradeplan export KIND FILE -o OUT` through its real interface: each handout written and read back by an
independent reader, and bad input refused in one line with exit 2 (the parade of test_cli.py)."""

from __future__ import annotations

import json

import gpxpy
import openpyxl
import pytest
from lxml import etree
from pdfs import pdf_text
from test_cli import PARADE
from typer.testing import CliRunner

from paradeplan.cli import app

runner = CliRunner()
KML = "{http://www.opengis.net/kml/2.2}"


def export(tmp_path, kind: str, name: str, text: str = PARADE):
    scenario = tmp_path / "parade.yaml"
    scenario.write_text(text, encoding="utf-8")
    out = tmp_path / name
    return runner.invoke(app, ["export", kind, str(scenario), "-o", str(out)]), out


def test_the_march_table_is_a_workbook_with_the_guards_tribune_time(tmp_path):
    # the colour guard reaches the tribune at 10:05:00.0, the anchor time
    result, out = export(tmp_path, "march-table", "march.xlsx")
    sheet = openpyxl.load_workbook(out)["tribune"]
    assert (result.exit_code, sheet["D2"].value.strftime("%H:%M:%S")) == (0, "10:05:00")


def test_the_geojson_holds_every_named_point(tmp_path):
    result, out = export(tmp_path, "geojson", "route.geojson")
    names = {f["properties"].get("name") for f in json.loads(out.read_text())["features"]}
    assert (result.exit_code, {"start", "tribune", "release"} <= names) == (0, True)


def test_the_kml_holds_every_named_point(tmp_path):
    result, out = export(tmp_path, "kml", "route.kml")
    names = {n.text for n in etree.parse(str(out)).iter(f"{KML}name")}
    assert (result.exit_code, {"start", "tribune", "release"} <= names) == (0, True)


def test_the_gpx_has_a_waypoint_per_named_point(tmp_path):
    result, out = export(tmp_path, "gpx", "route.gpx")
    gpx = gpxpy.parse(out.read_text(encoding="utf-8"))
    assert (result.exit_code, [w.name for w in gpx.waypoints]) == (0, ["start", "tribune", "release"])


def test_an_invalid_scenario_is_one_located_line_and_exit_2(tmp_path):
    result, out = export(tmp_path, "march-table", "march.xlsx", PARADE.replace("cadence_spm: 120", "cadence_spm: -1"))
    assert (result.exit_code, "parade.yaml:" in result.stderr.splitlines()[0], out.exists()) == (2, True, False)


def test_an_output_that_cannot_be_written_says_so(tmp_path):
    scenario = tmp_path / "parade.yaml"
    scenario.write_text(PARADE, encoding="utf-8")
    out = tmp_path / "no-such-folder" / "march.xlsx"
    result = runner.invoke(app, ["export", "march-table", str(scenario), "-o", str(out)])
    assert (result.exit_code, result.stderr.strip()) == (2, f"{out}: cannot write it: No such file or directory")


# --- the printed handouts ---------------------------------------------------------------------------

def test_the_run_sheet_is_a_pdf_with_the_guards_tribune_time(tmp_path):
    # the colour guard reaches the tribune at 10:05:00.0, the anchor time, as `paradeplan plan` prints it
    result, out = export(tmp_path, "run-sheet", "run-sheet.pdf")
    assert (result.exit_code, "10:05:00.0" in pdf_text(out.read_bytes())) == (0, True)


def test_the_cue_sheet_is_a_pdf_with_the_guards_tribune_time(tmp_path):
    result, out = export(tmp_path, "cue-sheet", "cue-sheet.pdf")
    assert (result.exit_code, "10:05:00.0" in pdf_text(out.read_bytes())) == (0, True)


def test_the_strip_map_is_written_as_the_suffix_says(tmp_path):
    pdf_result, pdf = export(tmp_path, "strip-map", "strip.pdf")
    svg_result, svg = export(tmp_path, "strip-map", "strip.svg")
    assert (pdf_result.exit_code, pdf.read_bytes()[:5], svg_result.exit_code, etree.parse(str(svg)).getroot().tag) == (
        0, b"%PDF-", 0, "{http://www.w3.org/2000/svg}svg")


def test_a_strip_map_to_a_suffix_it_cannot_write_is_refused(tmp_path):
    result, out = export(tmp_path, "strip-map", "strip.png")
    assert (result.exit_code, result.stderr.strip(), out.exists()) == (
        2, f"{out}: strip-map writes .pdf or .svg; name the output file with one of them", False)


def test_timing_cards_of_a_parade_without_formations_exit_1_saying_so(tmp_path):
    result, out = export(tmp_path, "timing-cards", "cards.pdf")
    assert (result.exit_code, "no formation could be timed" in result.stderr, out.exists()) == (1, True, False)


@pytest.mark.parametrize("kind", ["run-sheet", "strip-map", "cue-sheet", "timing-cards"])
def test_every_printed_handout_refuses_an_invalid_scenario_in_one_located_line(tmp_path, kind):
    result, out = export(tmp_path, kind, f"{kind}.pdf", PARADE.replace("cadence_spm: 120", "cadence_spm: -1"))
    assert (result.exit_code, result.stderr.splitlines()[0], out.exists()) == (
        2, "parade.yaml:19: ground[0].cadence_spm: must be greater than 0", False)


def after_action(tmp_path, records: str, name: str):
    scenario = tmp_path / "parade.yaml"
    scenario.write_text(PARADE, encoding="utf-8")
    actuals = tmp_path / "day.jsonl"
    actuals.write_text(records, encoding="utf-8")
    out = tmp_path / name
    return runner.invoke(app, ["export", "after-action", str(scenario), "--actuals", str(actuals), "-o", str(out)]), out


LATE_GUARD = ('{"id": "r1", "element": "colour-guard", "point": "tribune", "edge": "head", '
              '"time": "2025-05-07T10:05:30.0+05:00"}\n')  # 30 s after its planned 10:05:00.0


def test_the_after_action_report_holds_the_recorded_time(tmp_path):
    result, out = after_action(tmp_path, LATE_GUARD, "after-action.pdf")
    assert (result.exit_code, "10:05:30.0" in pdf_text(out.read_bytes())) == (0, True)


def test_the_after_action_workbook_holds_the_30_s_late(tmp_path):
    result, out = after_action(tmp_path, LATE_GUARD, "after-action.xlsx")
    book = openpyxl.load_workbook(out)
    assert (result.exit_code, 30.0 in [c.value for s in book.worksheets for r in s.iter_rows() for c in r]) == (0, True)


def test_a_bad_record_is_located_in_its_file_and_nothing_is_written(tmp_path):
    result, out = after_action(tmp_path, LATE_GUARD.replace("colour-guard", "no-such-block"), "after-action.pdf")
    located = result.stderr.startswith(f"{tmp_path / 'day.jsonl'}:1: element:")
    assert (result.exit_code, located, out.exists()) == (2, True, False)


def test_an_after_action_report_to_a_suffix_it_cannot_write_is_refused(tmp_path):
    result, out = after_action(tmp_path, LATE_GUARD, "after-action.docx")
    assert (result.exit_code, "after-action writes .pdf or .xlsx" in result.stderr, out.exists()) == (2, True, False)
