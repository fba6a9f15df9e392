"""`paradeplan forecast FILE --actuals RECORDS.jsonl [--json]` through its real interface.

The parade of test_cli.py: the colour guard (4 ranks at 1.5 m/s, 4.5 m, 3 s pass time) reaches the
tribune, 1,000 m from the start, at 10:05:00, so it steps off at 09:53:53.3.
"""

from __future__ import annotations

import json

from test_cli import PARADE
from typer.testing import CliRunner

from paradeplan.cli import app

runner = CliRunner()
LATE = {"id": "r1", "element": "colour-guard", "point": "start", "edge": "head", "time": "2025-05-07T09:54:33.3+05:00"}


def run(tmp_path, *records: dict | str, json_out: bool = False):
    scenario = tmp_path / "parade.yaml"
    scenario.write_text(PARADE, encoding="utf-8")
    actuals = tmp_path / "day.jsonl"
    actuals.write_text("\n".join(r if isinstance(r, str) else json.dumps(r) for r in records), encoding="utf-8")
    return runner.invoke(app, ["forecast", str(scenario), "--actuals", str(actuals), *(["--json"] if json_out else [])])


def test_the_json_carries_each_elements_delay(tmp_path):
    # stepped off at 09:54:33.3 instead of 09:53:53.3: 40 s late
    data = json.loads(run(tmp_path, LATE, json_out=True).stdout)
    assert data["ground"][0]["delay_s"] == 40.0


def test_the_json_carries_forecast_and_recorded_times(tmp_path):
    guard = json.loads(run(tmp_path, LATE, json_out=True).stdout)["ground"][0]
    assert (guard["recorded"], guard["forecast"]["tribune"]["head"]) == (
        {"start": {"head": "2025-05-07T09:54:33.3+05:00"}}, "2025-05-07T10:05:40.0+05:00")


def test_the_json_lists_the_corrections(tmp_path):
    data = json.loads(run(tmp_path, LATE, json_out=True).stdout)
    assert [c["key"] for c in data["corrections"]] == ["ground-speed:colour-guard", "hold:floats"]


def test_the_table_reads_out_the_corrections(tmp_path):
    result = run(tmp_path, LATE)
    assert "march at 128 paces a minute (planned 120)" in result.stdout


def test_a_bad_record_is_a_located_error_and_exit_2(tmp_path):
    result = run(tmp_path, LATE, {**LATE, "id": "r2", "point": "gate"})
    assert (result.exit_code, result.stderr.splitlines()[0]) == (
        2, f"{tmp_path / 'day.jsonl'}:2: point: There is no point 'gate' on the route: its points are start, "
           "tribune, release.")


def test_a_line_that_is_not_json_says_so(tmp_path):
    result = run(tmp_path, "{oops")
    assert "day.jsonl:1: not JSON" in result.stderr


def test_a_missing_records_file_is_a_clear_error(tmp_path):
    scenario = tmp_path / "parade.yaml"
    scenario.write_text(PARADE, encoding="utf-8")
    result = runner.invoke(app, ["forecast", str(scenario), "--actuals", str(tmp_path / "none.jsonl")])
    assert (result.exit_code, result.stderr.strip()) == (2, f"{tmp_path / 'none.jsonl'}: no such file")


def test_the_json_gives_each_records_difference_from_the_plan(tmp_path):
    # the report reads these, so the browser subtracts no times: +40.0 at the start, and so at the tribune
    guard = json.loads(run(tmp_path, LATE, json_out=True).stdout)["ground"][0]
    assert (guard["recorded_off_s"], guard["anchor_off_s"]) == ({"start": {"head": 40.0}}, 40.0)
