"""One plan, one text: the terminal table, the plan JSON and the CSV show the same times, and the JSON
carries what the pages draw (trajectories exact in slow stretches, holds with the planner's bank).

conftest's avenue: tribune at 1,000 m at 10:05:00 (UTC+5); the colour guard marches at 1.5 m/s and
is 4.5 m long (3 s pass time).
"""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest
from conftest import FOOT, element, plan_of
from test_air import air_plan, formation, near_tribune
from typer.testing import CliRunner

from paradeplan.cli import app
from paradeplan.model.times import clock
from paradeplan.plan.flight import turn_radius_m
from paradeplan.views.march_table import march_table_csv
from paradeplan.views.plan_json import plan_dict

runner = CliRunner()
SLOW_GATE = {"from_m": 400, "to_m": 600, "max_speed_kmh": 4.0}  # 1.111 m/s, slower than quick time
# 'second' follows the guard's tail (10:05:03) by 10.44 s: its head is at the tribune at 10:05:13.44
TWO_BLOCKS = (FOOT, element(FOOT, id="second", name="Second block", gap_before_s=10.44))


def test_the_plan_json_gives_times_in_tenths():
    assert plan_dict(plan_of(*TWO_BLOCKS))["ground"][1]["times"]["tribune"]["head"] == "2025-05-07T10:05:13.4+05:00"


def test_the_csv_gives_the_same_time_as_the_plan_json():
    rows = list(csv.DictReader(io.StringIO(march_table_csv(plan_of(*TWO_BLOCKS)))))
    assert rows[1]["tribune_head"] == "2025-05-07T10:05:13.4+05:00"


def test_the_terminal_table_shows_the_same_tenths(write_yaml, tmp_path):
    from conftest import scenario_dict

    path = write_yaml(json.dumps(scenario_dict(*TWO_BLOCKS)))
    row = next(line for line in runner.invoke(app, ["plan", str(path)]).output.splitlines() if "Second block" in line)
    assert "10:05:13.4 - 10:05:16.4" in row


def test_the_summary_line_shows_tenths_like_the_table(write_yaml):
    from conftest import scenario_dict

    path = write_yaml(json.dumps(scenario_dict(*TWO_BLOCKS)))
    output = runner.invoke(app, ["plan", str(path)]).output
    assert "first head 10:05:00.0, last tail 10:05:16.4" in output


# --- trajectories ------------------------------------------------------------------------------

def slow_gate_trajectory() -> list[dict]:
    return plan_dict(plan_of(FOOT, route={"stretches": [SLOW_GATE]}))["ground"][0]["trajectory"]


def test_a_trajectory_has_an_entry_at_every_point_and_every_change_of_speed():
    # points at 0, 1,000, 1,200 and 2,000 m; the gate changes the speed at 400 and 600 m
    assert [p["at_m"] for p in slow_gate_trajectory()] == [0.0, 400.0, 600.0, 1000.0, 1200.0, 2000.0]


def test_a_trajectory_slows_inside_a_slow_stretch():
    # head at 600 m: 10:05:00 - 400 / 1.5 = 10:00:33.3; at 400 m, 200 m earlier at 1.111 m/s: 180 s before
    entries = {p["at_m"]: p["head"] for p in slow_gate_trajectory()}
    assert (entries[400.0], entries[600.0]) == ("2025-05-07T09:57:33.3+05:00", "2025-05-07T10:00:33.3+05:00")


def test_interpolating_a_trajectory_is_exact_inside_a_slow_stretch():
    # halfway through the gate (500 m) the head is 90 s after 400 m: the plan's own head time there
    plan = plan_of(FOOT, route={"stretches": [SLOW_GATE]})
    entries = plan.trajectory(plan.ground[0])
    between = np.interp(500.0, [p.at_m for p in entries], [p.head_s for p in entries])
    assert between == pytest.approx(float(plan.march.head_at(0, 500.0)), abs=1e-9)


def test_the_tail_follows_the_head_by_the_pass_time_everywhere():
    plan = plan_of(FOOT, route={"stretches": [SLOW_GATE]})
    assert {round(p.tail_s - p.head_s, 9) for p in plan.trajectory(plan.ground[0])} == {3.0}


# --- the air segment on the map ----------------------------------------------------------------

def hold_feature(plan) -> dict:
    return next(f for f in plan_dict(plan)["geometry"]["features"] if f["properties"]["kind"] == "hold")


def slow_lead_with_a_hold():
    # 120 kt (61.73 m/s): rate one needs atan(61.73 x 0.05236 / 9.80665) = 18.2 deg of bank, under 25
    return air_plan(formation(tas_kt=120, hold=near_tribune(-14_000, -31_000)))


def test_a_hold_is_drawn_with_the_planners_bank():
    assert hold_feature(slow_lead_with_a_hold())["properties"]["bank_deg"] == 18.2


def test_a_hold_is_as_wide_as_two_turn_radii():
    # r = V^2 / (g tan(bank)) = V / (3 deg a second) = 61.73 / 0.05236 = 1,179 m: the legs lie 2,358 m apart
    plan = slow_lead_with_a_hold()
    lonlat = np.array(hold_feature(plan)["geometry"]["coordinates"])[:, :2]  # the third value is the altitude
    ring = np.array(plan.geometry.to_local.transform(*lonlat.T)).T
    track = np.radians(plan.air[0].hold.exit_track_deg)
    across = ring @ np.array([np.cos(track), -np.sin(track)])  # metres to the right of the inbound leg
    assert np.ptp(across) == pytest.approx(2 * turn_radius_m(120 * 1852 / 3600), abs=1.0)


def test_the_plan_json_names_the_point_the_flypast_is_timed_to():
    plan = air_plan(formation(), tribune="turn-off")
    assert plan_dict(plan)["flypast_point"]["at_m"] == 1200.0


# --- rounding: halves go up, as the browser rounds -----------------------------------------------

def test_a_half_tenth_rounds_up():
    # 0.25 s is 2.5 tenths: the nearest tenth up is 0.3 (Python's round() would give 0.2)
    assert clock(0.25) == "00:00:00.3"


def test_a_half_second_rounds_up_where_whole_seconds_are_shown():
    assert clock(10.5, tenths=False) == "00:00:11"
