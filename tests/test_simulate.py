"""The simulation, on the small test parade: every rank, vehicle and aircraft moving, and the numbers by hand.

The avenue runs due north; the colour guard (FOOT) marches 1.5 m/s, the buk column (VEHICLES, an
inline type: acceleration 0.5 m/s2, braking 1.0 m/s2) drives 12 km/h = 3.33 m/s in rows of two.
Vehicles keep tau = 1 s and 2 m at a standstill; a rank is 0.4 m deep (simulate_ground.py).
"""

from __future__ import annotations

import json

import numpy as np
import pyarrow.parquet as pq
import pytest
from conftest import FOOT, VEHICLES, plan_of, scenario, scenario_dict
from typer.testing import CliRunner

from paradeplan import make_plan
from paradeplan.cli import app
from paradeplan.plan.route import local_projection
from paradeplan.simulate.ground import ground_agents, run_ground
from paradeplan.simulate.run import PointTimes, deviation_findings, simulate
from paradeplan.views.trips import trips_json, write_parquet

T = 10 * 3600 + 5 * 60  # 10:05:00, the first head at the tribune
SLOW_CORNER = {"route": {"stretches": [{"from_m": 1400, "to_m": 1500, "max_speed_kmh": 6}]}}  # 1.67 m/s
INLINE_JET = {"category": "fixed-wing", "min_kt": 100, "max_kt": 350}


def times(sim, ident: str, point: str) -> PointTimes:
    return next(r for r in sim.comparison if r.element == ident and r.point == point)


def metres_apart(plan, lonlat_a, lonlat_b) -> float:
    to_local, _ = local_projection(*plan.geometry.origin)
    return float(np.hypot(*np.subtract(to_local.transform(*lonlat_a), to_local.transform(*lonlat_b))))


def agent_trip(trips: dict, ident: str) -> dict:
    return next(a for a in trips["agents"] if a["id"] == ident)


# --- agents ---------------------------------------------------------------------------------------

def test_every_rank_of_a_block_is_an_agent():
    # 4 ranks of 3 files: 4 agents, each 3 files wide
    assert len(ground_agents(plan_of(FOOT), {})) == 4


def test_every_vehicle_is_an_agent():
    assert len(ground_agents(plan_of(VEHICLES), {})) == 4


def test_vehicles_abreast_sit_side_by_side_a_width_and_a_spacing_apart():
    # 3.3 m wide, 3 m apart side to side: centres 6.3 m apart, 3.15 m either side of the centre line
    assert ground_agents(plan_of(VEHICLES), {}).lateral_m.tolist() == pytest.approx([-3.15, 3.15, -3.15, 3.15])


def test_a_rank_carries_its_files_for_the_viewer_to_lay_its_marchers_out():
    plan = plan_of(FOOT)
    assert agent_trip(trips_json(simulate(plan)), "colour-guard/rank-1")["files"] == 3


# --- at constant speed the simulation is the plan -----------------------------------------------

def test_head_meets_the_planned_time_at_the_tribune():
    # 1,000 m from the start at 1.5 m/s: 10:05:00, as planned
    assert times(simulate(plan_of(FOOT)), "colour-guard", "tribune").simulated_head_s == pytest.approx(T, abs=0.01)


def test_column_keeps_its_pass_time():
    # 30.6 m at 3.33 m/s: the tail 9.18 s behind the head at the release point
    row = times(simulate(plan_of(VEHICLES)), "buk", "release")
    assert row.simulated_tail_s - row.simulated_head_s == pytest.approx(9.18, abs=0.01)


def test_no_finding_when_the_parade_keeps_its_plan():
    # the slower guard follows the buk: no one closes up, no one slows
    assert simulate(plan_of(VEHICLES, FOOT)).findings == []


# --- a slow stretch -------------------------------------------------------------------------------

def test_slow_stretch_costs_the_head_its_braking_and_acceleration():
    # 3.33 -> 1.67 m/s: braking at 1 m/s2 takes 1.67 s over 4.2 m (1.25 s at full speed): 0.42 s lost;
    # speeding up again at 0.5 m/s2 takes 3.33 s over 8.3 m (2.5 s at full speed): 0.83 s lost. About 1.25 s
    # late at the release point, less the half step the stepped speeds gain back.
    row = times(simulate(plan_of(VEHICLES, **SLOW_CORNER)), "buk", "release")
    assert row.head_delta_s == pytest.approx(1.25, abs=0.3)


def test_column_closes_up_in_a_slow_stretch_but_no_closer_than_its_safe_gap():
    # planned front-to-front spacing 9.3 + 12 = 21.3 m; in the stretch no closer than Krauss's safe gap:
    # length 9.3 + standstill 2 + 1.67 m/s x tau 1 s = 12.97 m
    sim = simulate(plan_of(VEHICLES, **SLOW_CORNER))
    clock = np.arange(36300.0, 36700.0, 0.5)
    first_row, second_row = sim.ground.along_at(0, clock), sim.ground.along_at(2, clock)
    inside = (second_row > 1420) & (first_row < 1500)  # both rows in the stretch
    spacing = first_row[inside] - second_row[inside]
    assert spacing.min() >= 12.97 and spacing.max() < 21.3


def test_column_opens_up_again_after_a_slow_stretch_keeping_its_time_headway():
    # each row leaves the stretch as many seconds behind the one ahead as it was inside (about 13.4 m
    # at 1.67 m/s = 8.0 s), so at 3.33 m/s again it drives about 26.8 m behind: longer than planned
    sim = simulate(plan_of(VEHICLES, **SLOW_CORNER))
    clock = np.arange(36300.0, 36700.0, 0.5)
    first_row, second_row = sim.ground.along_at(0, clock), sim.ground.along_at(2, clock)
    after = (second_row > 1700) & (first_row < 2000)
    assert (first_row[after] - second_row[after]).mean() == pytest.approx(26.8, abs=0.5)


def test_marchers_change_speed_within_a_pace_or_two():
    # 1.5 -> 1.11 m/s (4 km/h) and back at 1.5 m/s2: a quarter of a second each way, 0.03 s lost
    sim = simulate(plan_of(FOOT, route={"stretches": [{"from_m": 1400, "to_m": 1500, "max_speed_kmh": 4}]}))
    assert times(sim, "colour-guard", "release").head_delta_s == pytest.approx(0.0, abs=0.1)


def test_sim_deviation_when_the_column_strays_beyond_the_tolerance():
    # the column's tail comes 2.7 s late to the release point: beyond a 1 s tolerance
    plan = plan_of(VEHICLES, **SLOW_CORNER, timing={"sim_tolerance_s": 1})
    findings = [(f.code, f.severity, f.elements) for f in simulate(plan).findings]
    assert findings == [("sim-deviation", "warning", ("buk",))]


def test_no_sim_deviation_within_the_default_5_s():
    assert simulate(plan_of(VEHICLES, **SLOW_CORNER)).findings == []


def test_skipping_quiet_steps_changes_no_time():
    plan = plan_of(FOOT, VEHICLES, **SLOW_CORNER)
    agents = ground_agents(plan, {})
    points = np.array([p.at_m for p in plan.geometry.points_in_order()])
    runs = [run_ground(agents, points, plan.geometry.speed_limits(), 0.5, T + 3600, skip_quiet=skip)
            for skip in (True, False)]
    assert np.nanmax(np.abs(runs[0].tail_s - runs[1].tail_s)) < 1e-6


# --- following the element ahead ------------------------------------------------------------------

def test_a_faster_column_is_held_behind_the_block_ahead():
    # the buk (3.33 m/s) closes on the colour guard (1.5 m/s) after the tribune and cannot pass it:
    # its head reaches the release point only after the guard's last rank has (10:16:09.7)
    sim = simulate(plan_of(FOOT, VEHICLES))
    guard, buk = times(sim, "colour-guard", "release"), times(sim, "buk", "release")
    assert buk.simulated_head_s > guard.simulated_tail_s


def test_held_up_column_draws_a_sim_deviation():
    sim = simulate(plan_of(FOOT, VEHICLES))
    assert [f.code for f in sim.findings] == ["sim-deviation"]


def test_an_element_the_simulation_never_brings_to_a_point_is_an_error():
    plan = plan_of(VEHICLES)
    never = PointTimes("buk", "ground", "release", T + 300, float("nan"), T + 309.18, float("nan"))
    assert [f.severity for f in deviation_findings(plan, [never], 5.0)] == ["error"]


# --- trips --------------------------------------------------------------------------------------

def test_a_rank_at_constant_speed_on_a_straight_route_needs_only_its_two_ends():
    trip = agent_trip(trips_json(simulate(plan_of(FOOT))), "colour-guard/rank-1")
    assert len(trip["timestamps"]) == 2


def test_a_trip_starts_at_the_planned_time_at_the_start_point():
    # head at the start 666.7 s before 10:05:00: 09:53:53.33
    trip = agent_trip(trips_json(simulate(plan_of(FOOT))), "colour-guard/rank-1")
    assert trip["timestamps"][0] == pytest.approx(35633.33, abs=0.01)


def test_a_trip_keeps_a_sample_where_the_route_bends():
    # 0.01 deg north (1,112.3 m at 50 deg N), then east: the rank passes the bend 1,112.3 / 1.5 = 741.5 s after
    # the start
    bent = {"path": [[10.0, 50.0], [10.0, 50.01], [10.01, 50.01]], "points": {
        "start": {"at_m": 0}, "tribune": {"at_m": 1000}, "release": {"at_m": 1700}}}
    trip = agent_trip(trips_json(simulate(plan_of(FOOT, route=bent))), "colour-guard/rank-1")
    assert trip["timestamps"][1] - trip["timestamps"][0] == pytest.approx(741.5, abs=0.1)


def test_vehicles_abreast_drive_6_3_m_apart():
    plan = plan_of(VEHICLES)
    trips = trips_json(simulate(plan))
    left, right = agent_trip(trips, "buk/vehicle-1"), agent_trip(trips, "buk/vehicle-2")
    assert metres_apart(plan, left["path"][0][:2], right["path"][0][:2]) == pytest.approx(6.3, abs=0.01)


def test_parquet_holds_every_sample_of_every_agent(tmp_path):
    sim = simulate(plan_of(FOOT, VEHICLES))
    write_parquet(sim, tmp_path / "trips.parquet")
    table = pq.read_table(tmp_path / "trips.parquet")
    agents = trips_json(sim)["agents"]
    assert (table.num_rows, len(set(table.column("agent").to_pylist()))) == (
        sum(len(a["timestamps"]) for a in agents), len(agents))


# --- aircraft -------------------------------------------------------------------------------------

def flypast(hold_east_m: float, hold_north_m: float, wind_kt: float, **timing):
    """A vic of three jets at 200 kt, 1,000 ft, over the tribune at 10:40:00, running in due north from 10 km,
    from a hold this far east and north of the tribune, in a westerly wind."""
    base = make_plan(scenario(), vehicles={}, aircraft={})
    to_local, to_lonlat = local_projection(*base.geometry.origin)
    x, y = to_local.transform(*base.geometry.lonlat_at(base.geometry.points["tribune"].at_m)[0])
    lon, lat = to_lonlat.transform(x + hold_east_m, y + hold_north_m)
    air = {"wind": {"from_deg": 270, "speed_kt": wind_kt}, "formations": [
        {"id": "jets", "aircraft": INLINE_JET, "count": 3, "shape": "vic", "spacing_m": 60, "tas_kt": 200,
         "altitude_ft": 1000, "over_tribune": "10:40:00", "run_in": {"heading_deg": 0, "ip_distance_km": 10},
         "hold": {"lon": lon, "lat": lat}}]}
    return make_plan(scenario(air=air, **timing), vehicles={}, aircraft={})


def test_lead_crosses_the_tribune_on_time_after_a_turn_in_a_crosswind():
    # 15 km east and 15 km south: a 121-degree turn onto the run-in in a 30 kt crosswind
    assert times(simulate(flypast(15000, -15000, 30)), "jets", "tribune").head_delta_s == pytest.approx(0.0, abs=0.5)


def test_every_aircraft_of_a_formation_is_an_agent():
    trips = trips_json(simulate(flypast(15000, -15000, 30)))
    assert [a["id"] for a in trips["agents"] if a["element"] == "jets"] == ["jets/aircraft-1", "jets/aircraft-2",
                                                                            "jets/aircraft-3"]


def test_wingmen_keep_their_station_60_m_from_the_lead():
    plan = flypast(15000, -15000, 30)
    trips = trips_json(simulate(plan))
    lead, wingman = agent_trip(trips, "jets/aircraft-1"), agent_trip(trips, "jets/aircraft-2")
    assert metres_apart(plan, lead["path"][-1][:2], wingman["path"][-1][:2]) == pytest.approx(60.0, abs=0.1)


def test_aircraft_fly_at_their_planned_height():
    # 1,000 ft = 304.8 m above the ground at the tribune
    trips = trips_json(simulate(flypast(15000, -15000, 30)))
    assert {p[2] for p in agent_trip(trips, "jets/aircraft-1")["path"]} == {304.8}


def test_a_tight_downwind_turn_runs_wide_and_late():
    # 21 km west and 21 km north: a 150-degree turn with 40 kt behind it; the lead cannot hold the planned
    # circle over the ground within 30 degrees of bank, swings wide and crosses the tribune seconds late
    plan = flypast(-21000, 21000, 40, timing={"sim_tolerance_s": 2})
    assert [f.code for f in simulate(plan).findings] == ["sim-deviation"]


# --- the command ----------------------------------------------------------------------------------

runner = CliRunner()


def write_scenario(tmp_path, data: dict):
    path = tmp_path / "parade.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_simulate_prints_the_comparison_and_exits_0(tmp_path):
    result = runner.invoke(app, ["simulate", str(write_scenario(tmp_path, scenario_dict(FOOT)))])
    assert (result.exit_code, "simulated against planned" in result.output) == (0, True)


def test_simulate_json_gives_each_element_at_each_point(tmp_path):
    result = runner.invoke(app, ["simulate", str(write_scenario(tmp_path, scenario_dict(FOOT))), "--json"])
    rows = json.loads(result.output)["comparison"]
    assert [r["point"] for r in rows] == ["start", "tribune", "turn-off", "release"]


def test_simulate_writes_parquet_and_json_trips(tmp_path):
    scenario_file = write_scenario(tmp_path, scenario_dict(FOOT))
    runner.invoke(app, ["simulate", str(scenario_file), "-o", str(tmp_path / "t.parquet"),
                        "--trips-json", str(tmp_path / "t.json")])
    written = json.loads((tmp_path / "t.json").read_text())
    assert (pq.read_table(tmp_path / "t.parquet").num_rows, written["format"]) == (8, "paradeplan-trips")
