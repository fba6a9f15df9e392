"""`paradeplan export KIND FILE -o OUT` through its real interface: each handout written and read back by an
independent reader, and bad input refused in one line with exit 2 (the parade of test_cli.py)."""

from __future__ import annotations

import json

import gpxpy
import openpyxl
from lxml import etree
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
