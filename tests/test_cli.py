"""The command line through its real interface: exit codes, output shapes, and every kind of bad file."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from paradeplan.cli import app

runner = CliRunner()

PARADE = """\
name: Small parade
date: 2025-05-07
timezone: Asia/Almaty
route:
  path: [[10.0, 50.0], [10.0, 50.03]]
  width_m: 40
  points:
    start: {at_m: 0}
    tribune: {at_m: 1000}
    release: {at_m: 2000}
timing:
  anchor: tribune
  time: "10:05:00"
ground:
  - id: colour-guard
    kind: foot
    ranks: 4
    files: 3
    cadence_spm: 120
  - id: floats
    kind: vehicle
    vehicle: {length_m: 9.0, width_m: 3.0}
    count: 2
    speed_kmh: 5.4
"""


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def only_line(result) -> str:
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


def test_check_a_clean_parade_exits_0(write_yaml):
    assert run("check", write_yaml(PARADE)).exit_code == 0


def test_check_with_an_error_finding_exits_1(write_yaml):
    too_fast = PARADE.replace("speed_kmh: 5.4", "speed_kmh: 12")  # 12 km/h floats catch up with 5.4 km/h marchers
    result = run("check", write_yaml(too_fast))
    assert (result.exit_code, "gap-too-small" in result.output) == (1, True)


def test_plan_prints_the_march_table(write_yaml):
    result = run("plan", write_yaml(PARADE))
    assert "colour-guard" in result.output and "10:05:00" in result.output


def test_plan_json_has_the_shape_later_tools_rely_on(write_yaml):
    data = json.loads(run("plan", write_yaml(PARADE), "--json").output)
    element = data["ground"][0]
    assert set(element) >= {"id", "name", "kind", "length_m", "width_m", "speed_mps", "pass_time_s", "times"}


def test_plan_json_times_carry_offset_and_tenths(write_yaml):
    data = json.loads(run("plan", write_yaml(PARADE), "--json").output)
    assert data["ground"][0]["times"]["tribune"] == {
        "head": "2025-05-07T10:05:00.0+05:00",
        "tail": "2025-05-07T10:05:03.0+05:00",  # 4.5 m at 1.5 m/s
    }


def test_plan_json_findings_have_severity_code_message_elements(write_yaml):
    data = json.loads(run("plan", write_yaml(PARADE.replace("speed_kmh: 5.4", "speed_kmh: 12")), "--json").output)
    assert set(data["findings"][0]) >= {"severity", "code", "message", "elements"}


def test_plan_csv_has_head_and_tail_per_point(write_yaml):
    rows = list(csv.DictReader(io.StringIO(run("plan", write_yaml(PARADE), "--csv").output)))
    assert rows[1]["tribune_head"] == "2025-05-07T10:05:18.0+05:00"  # 10:05:03 + 15 s default gap


def test_plan_output_file(write_yaml, tmp_path):
    target = tmp_path / "plan.json"
    run("plan", write_yaml(PARADE), "--json", "-o", target)
    assert json.loads(target.read_text())["name"] == "Small parade"


def test_schema_is_json_schema_of_the_scenario():
    schema = json.loads(run("schema").output)
    assert {"name", "route", "timing", "ground", "air"} <= set(schema["properties"])


def test_schema_accepts_the_test_parade(write_yaml):
    import jsonschema
    from ruamel.yaml import YAML

    document = json.loads(json.dumps(YAML(typ="safe").load(PARADE), default=str))
    jsonschema.validate(document, json.loads(run("schema").output))


# --- bad files: exit 2, one line per problem with file, line and key path, never a traceback ---

@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("cadence_spm: 120", "cadence_spm: -5"),
         "parade.yaml:19: ground[0].cadence_spm: must be greater than 0"),
        (("cadence_spm: 120", "cadence: 120"),
         "parade.yaml:19: ground[0].cadence: unknown key 'cadence'; did you mean 'cadence_spm'?"),
        (("ranks: 4", "ranks: four"),
         "parade.yaml:17: ground[0].ranks: must be a valid integer, unable to parse string as an integer"),
        (("kind: foot", "kind: parachute"),
         "parade.yaml:16: ground[0].kind: kind must be one of 'foot', 'band', 'mounted', 'vehicle' (got 'parachute')"),
        (("anchor: tribune", "anchor: saluting-base"),
         "parade.yaml:12: timing.anchor: no route point named 'saluting-base' (points: start, tribune, release)"),
        (('time: "10:05:00"', 'time: "25:00"'),
         "parade.yaml:13: timing.time: '25:00' is not allowed here "
         "(lower-case letters, digits and '-', or HH:MM:SS for times)"),
        (("timezone: Asia/Almaty", "timezone: Asia/Astana"),
         "parade.yaml:3: timezone: unknown time zone 'Asia/Astana' (use an IANA name such as Asia/Almaty)"),
        (("  width_m: 40\n", ""),
         "parade.yaml:4: route.width_m: required key is missing"),
        (("    count: 2\n", "    count: 2\n    abreast: 3\n"),
         "parade.yaml:20: ground[1]: abreast (3) is more than count (2)"),
        (("tribune: {at_m: 1000}", "tribune: {at_m: 1000, lon: 10.0}"),
         "parade.yaml:9: route.points.tribune: give at_m or lon/lat, not both"),
    ],
)
def test_invalid_value_is_reported_at_its_line_and_key_path(write_yaml, change, expected):
    result = run("plan", write_yaml(PARADE.replace(*change)))
    assert (result.exit_code, only_line(result)) == (2, expected)


def test_yaml_syntax_error_gives_its_line(write_yaml):
    result = run("check", write_yaml(PARADE.replace("ranks: 4", "ranks: [4")))
    assert (result.exit_code, only_line(result).startswith("parade.yaml:18: YAML syntax error")) == (2, True)


def test_duplicate_key_is_an_error(write_yaml):
    result = run("check", write_yaml(PARADE.replace("    files: 3\n", "    files: 3\n    files: 4\n")))
    assert (result.exit_code, only_line(result)) == (2, "parade.yaml:19: duplicate key 'files'")


def test_missing_file_is_an_error(tmp_path):
    result = run("check", tmp_path / "nowhere.yaml")
    assert (result.exit_code, only_line(result).endswith("nowhere.yaml: no such file")) == (2, True)


def test_empty_file_is_an_error(write_yaml):
    result = run("check", write_yaml(""))
    assert (result.exit_code, "this is empty" in result.output) == (2, True)


def test_list_instead_of_mapping_is_an_error(write_yaml):
    result = run("check", write_yaml("- a\n- b\n"))
    assert (result.exit_code, "a scenario is a mapping" in result.output) == (2, True)


def test_every_problem_gets_its_own_line(write_yaml):
    broken = PARADE.replace("ranks: 4", "ranks: 0").replace("speed_kmh: 5.4", "speed_kmh: -1")
    lines = run("check", write_yaml(broken)).output.strip().splitlines()
    assert [line.split(": ")[1] for line in lines] == ["ground[0].ranks", "ground[1].speed_kmh"]


def test_no_traceback_for_bad_input(write_yaml):
    result = run("plan", write_yaml("name: [unclosed\n"))
    assert ("Traceback" not in result.output and result.exception is None) or isinstance(result.exception, SystemExit)


def test_json_scenario_reads_like_yaml(write_yaml):
    from ruamel.yaml import YAML

    document = YAML(typ="safe").load(PARADE)
    document["date"] = str(document["date"])
    result = run("plan", write_yaml(json.dumps(document, indent=1), "parade.json"), "--json")
    assert json.loads(result.output)["ground"][0]["times"]["tribune"]["head"] == "2025-05-07T10:05:00.0+05:00"


def test_json_file_error_gives_its_line(write_yaml):
    text = '{\n "name": "x",\n "date": "2025-05-07",\n "timezone": 5\n}\n'
    result = run("check", write_yaml(text, "parade.json"))
    assert result.output.splitlines()[0] == "parade.json:4: timezone: must be a valid string"


def test_version():
    assert run("--version").output.startswith("paradeplan ")


def test_a_key_path_reads_back_into_its_parts():
    from paradeplan.load.scenario import key_path_parts

    assert key_path_parts("ground[3].vehicle.length_m") == ("ground", 3, "vehicle", "length_m")


def test_a_problem_on_line_100_prints_its_line_number(write_yaml):
    # Rich would print ":100:" as an emoji
    text = "name: x\n" + "# padding\n" * 98 + "date: 2025-02-30\n"
    assert "parade.yaml:100: date:" in run("check", write_yaml(text)).output
