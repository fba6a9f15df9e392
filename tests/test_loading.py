"""The loader on bad input: every problem one line at its file and line, and nothing that hangs, recurses without
end, constructs what a YAML tag names, or reads a file for ever."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from paradeplan.load import yamltree
from paradeplan.load.files import MAX_FILE_BYTES
from paradeplan.load.scenario import ScenarioError, load_scenario, parse_scenario

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
  - id: floats
    kind: vehicle
    vehicle:
      length_m: 9.0
      width_m: 3.0
    count: 2
    speed_kmh: 5.4
"""

AIR = """\
air:
  formations:
    - id: lead
      aircraft:
        category: fixed-wing
        min_kt: 120
        max_kt: 300
      tas_kt: 200
      altitude_ft: 500
      over_tribune: "10:10:00"
      run_in: {heading_deg: 0, ip_distance_km: 10}
    - id: second
      aircraft: l-39
      tas_kt: 200
      altitude_ft: 500
      over_tribune: {after: lead, gap_s: 30}
      run_in: {heading_deg: 0, ip_distance_km: 10}
"""


def problems(text: str) -> list[str]:
    """The problems of a scenario text as the command line prints them; [] when it loads."""
    try:
        parse_scenario(text, filename="parade.yaml")
    except ScenarioError as exc:
        return [str(problem) for problem in exc.problems]
    return []


def file_problems(path: Path) -> list[str]:
    try:
        load_scenario(path)
    except ScenarioError as exc:
        return [str(problem) for problem in exc.problems]
    return []


def line_of(text: str, fragment: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_the_test_parade_loads():
    assert problems(PARADE + AIR) == []


# --- nesting, aliases and merge keys: refused at their line before anything recurses or multiplies ---


def test_nesting_2000_deep_is_refused_at_its_line():
    text = PARADE + "deep: " + "[" * 2000 + "1" + "]" * 2000 + "\n"
    assert problems(text) == [
        f"parade.yaml:{line_of(text, 'deep')}: deep[0][0][0][0][0][0][0]...: "
        "nested more than 16 levels deep (a scenario needs about 6)"
    ]


def test_nesting_under_an_unknown_key_is_refused_too():
    text = PARADE.replace("  width_m: 40\n", "  width_m: 40\n  zz: " + "{a: " * 2000 + "1" + "}" * 2000 + "\n")
    assert problems(text)[0].startswith(f"parade.yaml:{line_of(text, 'zz:')}: route.zz.a.a.a.a.a.a...: nested more")


def test_a_billion_laughs_is_refused():
    lines = ["lol0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"lol{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 9) + "]" for n in range(1, 9)]
    text = PARADE + "\n".join(lines) + "\n"
    assert problems(text) == [
        f"parade.yaml:{line_of(text, 'lol5')}: lol5[0]: "
        "aliases repeat more than 100,000 values altogether (a YAML bomb?)"
    ]


def test_3000_chained_merge_keys_are_refused():
    items = ["&m0 {k0: 0}"] + [f"&m{i} {{<<: *m{i - 1}, k{i}: {i}}}" for i in range(1, 3000)]
    text = PARADE + "merges: [" + ", ".join(items) + "]\n"
    assert "aliases repeat more than 100,000 values altogether" in problems(text)[0]


def test_3000_mappings_merged_into_one_are_refused():
    anchors = ", ".join(f"&a{i} {{k{i}: {i}}}" for i in range(3000))
    text = PARADE + f"merges: [{anchors}, {{<<: [{', '.join(f'*a{i}' for i in range(3000))}]}}]\n"
    assert "more than 1,000 anchors (&name) in one file" in problems(text)[0]


def test_3000_merges_of_one_mapping_are_refused():
    text = PARADE + "".join(f"  - {{<<: *floats, id: e{i}}}\n" for i in range(3000))
    text = text.replace("  - id: floats\n", "  - &floats\n    id: floats\n")
    assert problems(text) == [
        f"parade.yaml:{line_of(text, 'id: e1000}')}: ground[1001]: more than 1,000 aliases (*name) in one file"]


def test_an_alias_inside_its_own_anchor_is_refused():
    text = PARADE + "loop: &a [1, *a]\n"
    assert problems(text) == [
        f"parade.yaml:{line_of(text, 'loop')}: loop[1]: alias *a refers to the value that contains it"]


def test_an_alias_without_anchor_is_located():
    text = PARADE.replace("count: 2", "count: *two")
    assert problems(text) == [
        f"parade.yaml:{line_of(text, '*two')}: ground[0].count: alias *two has no anchor &two before it"]


def test_merge_keys_and_aliases_still_work():
    text = PARADE.replace("  - id: floats\n", "  - &floats\n    id: floats\n")
    text += "  - {<<: *floats, id: more, count: 4}\n"
    scenario = parse_scenario(text, filename="parade.yaml")
    assert [(element.id, element.count) for element in scenario.ground] == [("floats", 2), ("more", 4)]


def test_too_many_values_are_refused(monkeypatch):
    monkeypatch.setattr(yamltree, "MAX_NODES", 100)
    text = PARADE + "many: [" + ", ".join(["1"] * 100) + "]\n"
    assert problems(text) == [
        f"parade.yaml:{line_of(text, 'many')}: more than 100 values (keys included): "
        "the largest parade needs fewer than 100,000"
    ]


def test_a_second_document_is_refused_at_its_line():
    text = PARADE + "---\nname: Another\n"
    assert problems(text) == [
        f"parade.yaml:{line_of(text, '---')}: a second YAML document ('---'): a scenario file holds one"
    ]


# --- tags: refused, and nothing they name is constructed ---


def test_a_float_tag_is_refused_at_its_line():
    text = PARADE.replace("count: 2", "count: !!float abc")
    assert problems(text) == ["parade.yaml:20: ground[0].count: YAML tags are not allowed here (!!float)"]


def test_a_python_tag_runs_nothing(tmp_path):
    marker = tmp_path / "ran"
    text = PARADE.replace("count: 2", f'count: !!python/object/apply:os.system ["touch {marker}"]')
    assert (problems(text), marker.exists()) == (
        ["parade.yaml:20: ground[0].count: YAML tags are not allowed here (!!python/object/apply:os.system)"], False)


# --- dates and times: text to the model, which says what is wrong at their line ---


def test_a_date_that_does_not_exist_is_located():
    assert problems(PARADE.replace("2025-05-07", "2025-02-30")) == [
        "parade.yaml:2: date: '2025-02-30' is not a date that exists"]


def test_a_timestamp_with_hour_25_is_located():
    assert problems(PARADE.replace("2025-05-07", "2025-06-14 25:00:00")) == [
        "parade.yaml:2: date: '2025-06-14 25:00:00' is not a date: write it as YYYY-MM-DD"]


def test_an_offset_of_99_hours_is_located():
    assert problems(PARADE.replace('time: "10:05:00"', "time: 2025-06-14 10:00:00 +99:00"))[0].startswith(
        "parade.yaml:13: timing.time: '2025-06-14 10:00:00 +99:00' is not allowed here")


def test_an_unquoted_timestamp_stays_text():
    assert parse_scenario(PARADE.replace("Small parade", "2025-05-07 10:00"), filename="parade.yaml").name == (
        "2025-05-07 10:00")


# --- files: only regular files, only so much, and UTF-8 located ---


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_blocking(tmp_path):
    fifo = tmp_path / "parade.yaml"
    os.mkfifo(fifo)
    found: list[list[str]] = []
    reader = threading.Thread(target=lambda: found.append(file_problems(fifo)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert found == [[f"{fifo}: is a named pipe (FIFO), not a scenario file: only regular files are read"]]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_dev_zero_is_refused():
    assert file_problems(Path("/dev/zero")) == [
        "/dev/zero: is a character device, not a scenario file: only regular files are read"]


def test_a_folder_is_refused(tmp_path):
    assert file_problems(tmp_path) == [f"{tmp_path}: is a folder, not a scenario file"]


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    path = tmp_path / "parade.yaml"
    path.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
    assert file_problems(path) == [
        f"{path}: is 2,000,001 bytes, more than the 2,000,000 a scenario file may have"]


def test_text_over_the_size_limit_is_refused():
    assert problems("#" * (yamltree.MAX_CHARACTERS + 1)) == [
        "parade.yaml: the text is 2,000,001 characters long, more than the 2,000,000 a scenario may have"]


def test_a_byte_that_is_not_utf8_is_located(tmp_path):
    path = tmp_path / "parade.yaml"
    path.write_bytes(b"name: x\ndate: 2025-05-07\nzone: \xff\xfeAlmaty\n")
    assert file_problems(path) == ["parade.yaml:3: byte 0xFF at column 7 is not UTF-8 text (save the file as UTF-8)"]


def test_a_utf16_file_is_named_so(tmp_path):
    path = tmp_path / "parade.yaml"
    path.write_bytes(PARADE.encode("utf-16"))
    assert file_problems(path) == ["parade.yaml:1: the file is UTF-16 text; save it as UTF-8"]


def test_a_control_character_is_located():
    assert problems(PARADE.replace("Small parade", "Small\x07parade")) == [
        "parade.yaml:1: character U+0007 (a control character) at column 12 is not allowed in YAML"]


def test_a_lone_surrogate_in_text_is_located():
    assert problems(PARADE.replace("Asia/Almaty", "Asia/\ud800")) == [
        "parade.yaml:3: character U+D800 (a lone surrogate) at column 16 is not allowed in YAML"]


# --- unions: the member the value's type picks, at the value's own line ---


def test_an_inline_vehicle_error_names_its_key_at_its_line():
    text = PARADE.replace("width_m: 3.0", "width_m: -3.0")
    assert problems(text) == [
        f"parade.yaml:{line_of(text, 'width_m: -3.0')}: ground[0].vehicle.width_m: must be greater than 0"]


def test_a_vehicle_key_error_says_nothing_of_inline_vehicles():
    text = PARADE.replace("    vehicle:\n      length_m: 9.0\n      width_m: 3.0\n", "    vehicle: No Such\n")
    assert problems(text) == [
        "parade.yaml:17: ground[0].vehicle: 'No Such' is not allowed here "
        "(lower-case letters, digits and '-', or HH:MM:SS for times)"]


def test_a_vehicle_of_the_wrong_type_gets_one_problem():
    text = PARADE.replace("    vehicle:\n      length_m: 9.0\n      width_m: 3.0\n", "    vehicle: [9.0, 3.0]\n")
    assert problems(text) == ["parade.yaml:17: ground[0].vehicle: must be a string or a mapping (this is a list)"]


def test_an_inline_aircraft_error_names_its_key_at_its_line():
    text = PARADE + AIR.replace("min_kt: 120", "min_kt: -5")
    assert problems(text) == [
        f"parade.yaml:{line_of(text, 'min_kt: -5')}: air.formations[0].aircraft.min_kt: must be greater than 0"]


def test_an_after_with_no_gap_names_the_missing_key():
    text = PARADE + AIR.replace(", gap_s: 30}", "}")
    assert problems(text) == [
        f"parade.yaml:{line_of(text, '{after: lead}')}: air.formations[1].over_tribune.gap_s: required key is missing"]


def test_a_known_key_in_the_wrong_place_is_told_where_it_belongs():
    text = PARADE.replace('  time: "10:05:00"\n', '  time: "10:05:00"\n  hold: {lon: 10.0, lat: 50.0}\n')
    assert problems(text) == [f"parade.yaml:{line_of(text, 'hold:')}: timing.hold: unknown key 'hold' here; "
                              "'hold' is a key of air.formations[]"]


def test_a_key_of_another_kind_of_ground_element_names_the_kind():
    text = PARADE.replace("    count: 2\n", "    count: 2\n    ranks: 4\n")
    assert problems(text) == [f"parade.yaml:{line_of(text, 'ranks:')}: ground[0].ranks: unknown key 'ranks' here; "
                              "'ranks' is a key of ground[] (kind foot, band or mounted)"]


def test_an_unknown_key_still_gets_the_closest_known_key():
    text = PARADE.replace('  time: "10:05:00"\n', '  time: "10:05:00"\n  hodl: 1\n')
    assert problems(text) == [f"parade.yaml:{line_of(text, 'hodl:')}: timing.hodl: unknown key 'hodl'; "
                              "did you mean 'hold'?"]


# --- every problem is one line that starts with its file and line ---


def test_a_key_with_a_line_break_gives_one_line():
    text = PARADE + '"bad\\nkey": 1\n'
    assert problems(text) == [f"parade.yaml:{line_of(text, 'bad')}: bad key: unknown key 'bad\\nkey'"]


def test_a_missing_key_has_a_line():
    assert problems(PARADE.replace("timezone: Asia/Almaty\n", "")) == [
        "parade.yaml:1: timezone: required key is missing"]
