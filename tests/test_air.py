"""Flypast timing, worked by hand: the wind triangle, turns, IP and hold-exit times, and the leads' paths.

The test parade's tribune is 1,000 m up a straight avenue due north (conftest). Every formation
here flies an inline type unless it says otherwise.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from conftest import scenario
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paradeplan import make_plan
from paradeplan.model.air import Wind
from paradeplan.model.fields import seconds_of_day
from paradeplan.model.units import KT, NM
from paradeplan.plan.air import resolve_tribune_times
from paradeplan.plan.flight import (
    formation_offsets_m,
    tas_for_ground_speed_mps,
    tas_to_cas_kt,
    turn_bank_deg,
    turn_radius_m,
    unit_vector,
    wind_triangle,
)
from paradeplan.plan.route import local_projection
from paradeplan.views.plan_json import plan_dict

INLINE = {"category": "fixed-wing", "min_kt": 100, "max_kt": 350}
TEN_FORTY = seconds_of_day("10:40:00")


def formation(**changes) -> dict:
    """A single lead at 200 kt TAS, 1,000 ft, over the tribune at 10:40:00, running in due north from 20 km."""
    return {"id": "lead", "aircraft": INLINE, "tas_kt": 200, "altitude_ft": 1000, "over_tribune": "10:40:00",
            "run_in": {"heading_deg": 0, "ip_distance_km": 20}, **changes}


def air_plan(*formations: dict, **air):
    return make_plan(scenario(air={"formations": list(formations), **air}), aircraft={})


def near_tribune(east_m: float, north_m: float) -> dict:
    """{lon, lat} of a point this far east and north of the test parade's tribune."""
    plan = air_plan(formation())
    to_local, to_lonlat = local_projection(*plan.geometry.origin)
    x, y = to_local.transform(*plan.air[0].tribune_lonlat)
    lon, lat = to_lonlat.transform(x + east_m, y + north_m)
    return {"lon": lon, "lat": lat}


# --- the wind triangle ------------------------------------------------------------------------

def test_headwind_slows_the_ground_speed():
    # TAS 200 kt, 20 kt straight on the nose: GS = 200 - 20 = 180 kt
    lead = air_plan(formation(run_in={"heading_deg": 0, "ip_distance_km": 10 * NM / 1000}),
                    wind={"from_deg": 0, "speed_kt": 20}).air[0]
    assert lead.ground_speed_kt == pytest.approx(180.0)


def test_headwind_ip_time_is_distance_over_ground_speed():
    # IP at 10 NM, GS 180 kt: 10 / 180 h = 200 s before the tribune
    lead = air_plan(formation(run_in={"heading_deg": 0, "ip_distance_km": 10 * NM / 1000}),
                    wind={"from_deg": 0, "speed_kt": 20}).air[0]
    assert TEN_FORTY - lead.ip_s == pytest.approx(200.0)


def test_tailwind_adds_to_the_ground_speed():
    # wind from 180 behind a northbound lead: GS = 200 + 20 = 220 kt
    assert air_plan(formation(), wind={"from_deg": 180, "speed_kt": 20}).air[0].ground_speed_kt == pytest.approx(220.0)


def test_crosswind_correction_angle_is_asin_crosswind_over_tas():
    # 20 kt at 90 deg from the right: WCA = asin(20 / 200) = 5.739 deg, into the wind
    lead = air_plan(formation(), wind={"from_deg": 90, "speed_kt": 20}).air[0]
    assert lead.wind_correction_deg == pytest.approx(5.739, abs=1e-3)


def test_crosswind_costs_ground_speed_through_the_cosine():
    # GS = 200 x cos(5.739 deg) + 0 = 198.997 kt
    lead = air_plan(formation(), wind={"from_deg": 90, "speed_kt": 20}).air[0]
    assert lead.ground_speed_kt == pytest.approx(198.997, abs=1e-3)


def test_crosswind_from_the_left_turns_the_heading_left():
    # wind from 270 on a northbound track: heading 360 - 5.739 = 354.26
    lead = air_plan(formation(), wind={"from_deg": 270, "speed_kt": 20}).air[0]
    assert lead.heading_deg == pytest.approx(354.261, abs=1e-3)


def test_quartering_wind_splits_into_cross_and_tail_components():
    # from 135 at 20 kt on track 000: crosswind 20 sin 135 = 14.14 kt, tailwind -20 cos 135 = 14.14 kt
    triangle = wind_triangle(200 * KT, 0.0, 135.0, 20 * KT)
    assert (triangle.crosswind_mps / KT, triangle.tailwind_mps / KT) == pytest.approx((14.142, 14.142), abs=1e-3)


# --- turns and the atmosphere -------------------------------------------------------------------

def test_slow_turns_are_rate_one():
    # 120 kt = 61.73 m/s: rate one needs tan(bank) = 61.73 x 0.05236 / 9.807 = 0.3296, bank 18.2 deg
    assert turn_bank_deg(120 * KT) == pytest.approx(18.24, abs=0.01)


def test_rate_one_radius_is_speed_over_three_degrees_a_second():
    # r = V / omega = 61.73 / 0.05236 = 1,179 m
    assert turn_radius_m(120 * KT) == pytest.approx(1179.0, abs=1.0)


def test_fast_turns_are_held_to_25_degrees_of_bank():
    # 200 kt = 102.89 m/s would need 28.8 deg for rate one: r = 102.89^2 / (9.807 tan 25) = 2,315 m
    assert turn_radius_m(200 * KT) == pytest.approx(2315.0, abs=1.0)


def test_cas_equals_tas_at_sea_level():
    assert tas_to_cas_kt(200, 0) == pytest.approx(200.0)


def test_cas_is_below_tas_higher_up():
    # 10,000 ft ISA: density ratio 0.7385, EAS = 200 x 0.8594 = 171.9 kt, plus 0.6 kt of compressibility
    assert tas_to_cas_kt(200, 10000) == pytest.approx(172.5, abs=0.1)


def test_cas_comes_from_the_height_above_sea_level():
    # 1,000 ft over ground at 3,000 ft: the CAS of 4,000 ft, 188.8 kt (density ratio 0.8881)
    assert air_plan(formation(), elevation_ft=3000).air[0].cas_kt == pytest.approx(tas_to_cas_kt(200, 4000))


# --- IP and tribune ----------------------------------------------------------------------------

def test_ip_lies_ip_distance_before_the_tribune_on_the_run_in_track():
    # heading 090 from 20 km: the IP is 20 km west of the tribune
    lead = air_plan(formation(run_in={"heading_deg": 90, "ip_distance_km": 20})).air[0]
    assert lead.track.position_at(lead.ip_s)[0] - lead.track.position_at(lead.over_tribune_s)[0] == pytest.approx(
        [-20000.0, 0.0], abs=1e-6)


def test_leads_fly_on_5_km_past_the_tribune():
    # 5,000 m at 200 kt (102.89 m/s) in still air: 48.6 s after the tribune
    lead = air_plan(formation()).air[0]
    assert lead.track.times_s[-1] - lead.over_tribune_s == pytest.approx(48.60, abs=0.01)


def test_after_crosses_the_tribune_gap_s_after_the_other_lead():
    plan = air_plan(formation(), formation(id="second", over_tribune={"after": "lead", "gap_s": 30}))
    assert plan.air[1].over_tribune_s - plan.air[0].over_tribune_s == 30.0


def test_after_chains_add_their_gaps():
    plan = air_plan(formation(id="third", over_tribune={"after": "second", "gap_s": 25}),
                    formation(id="second", over_tribune={"after": "lead", "gap_s": 30}), formation())
    assert plan.air[0].over_tribune_s == TEN_FORTY + 55


def test_a_loop_of_afters_leaves_its_members_untimed():
    chain = resolve_tribune_times(scenario(air={"formations": [
        formation(id="a", over_tribune={"after": "b", "gap_s": 20}),
        formation(id="b", over_tribune={"after": "a", "gap_s": 20}),
        formation(id="c", over_tribune={"after": "b", "gap_s": 20})]}).air.formations)
    assert (chain.times_s, chain.loops) == ({}, {0: (0, 1), 1: (0, 1), 2: (0, 1)})


# --- holds ---------------------------------------------------------------------------------------

def test_hold_on_the_extended_run_in_exits_distance_over_ground_speed_before_the_ip():
    # fix 10 km behind the IP on the run-in line, still air: 10,000 / 102.89 m/s = 97.19 s
    fix = near_tribune(0, -30000)
    lead = air_plan(formation(hold=fix)).air[0]
    assert lead.ip_s - lead.hold_exit_s == pytest.approx(97.19, abs=0.01)


def test_hold_off_the_run_in_adds_a_rate_one_turn():
    # 120 kt (rate one, r = 1,179 m); fix 5 km east of the turn's start, which is r south-east of
    # the IP: 5,000 m west at 61.73 m/s = 81.0 s, then 90 deg right at 3 deg/s = 30 s: 111.0 s
    r = turn_radius_m(120 * KT)
    fix = near_tribune(r + 5000, -20000 - r)
    lead = air_plan(formation(tas_kt=120, hold=fix)).air[0]
    assert lead.ip_s - lead.hold_exit_s == pytest.approx(5000 / (120 * KT) + 30.0, abs=0.01)


def test_hold_off_the_run_in_turns_the_way_the_fix_lies():
    # the fix east of a northbound run-in: the lead leaves westbound and turns right 90 deg
    r = turn_radius_m(120 * KT)
    hold = air_plan(formation(tas_kt=120, hold=near_tribune(r + 5000, -20000 - r))).air[0].hold
    assert (round(hold.exit_track_deg), round(hold.turn_deg)) == (270, 90)


def test_hold_exit_is_none_without_a_hold():
    assert air_plan(formation()).air[0].hold_exit_s is None


# --- formations -------------------------------------------------------------------------------

def test_vic_wingmen_sit_back_at_45_degrees():
    # spacing 60 m: 60 / sqrt(2) = 42.43 m right or left and back
    wingmen = formation_offsets_m("vic", 3, 60.0)[1:]
    assert wingmen == pytest.approx(np.array([[42.43, -42.43], [-42.43, -42.43]]), abs=0.01)


def test_diamond_slot_flies_two_diagonals_behind_the_lead():
    assert formation_offsets_m("diamond", 4, 60.0)[3] == pytest.approx([0.0, -84.85], abs=0.01)


def test_box_fills_rows_of_the_square_root():
    # 9 aircraft: rows of 3, 60 m apart: the last at 120 m right, 120 m back
    assert formation_offsets_m("box", 9, 60.0)[8] == pytest.approx([120.0, -120.0])


def test_line_astern_depth_is_spacing_times_count_less_one():
    assert air_plan(formation(count=5, shape="line-astern", spacing_m=50)).air[0].depth_m == 200.0


# --- plan JSON ----------------------------------------------------------------------------------

def test_plan_json_gives_each_formation_the_issue_keys():
    entry = json.loads(json.dumps(plan_dict(air_plan(formation()))))["air"][0]
    assert set(entry) >= {"id", "name", "aircraft", "count", "tas_kt", "ground_speed_kt", "track_deg",
                          "wind_correction_deg", "ip", "over_tribune", "hold_exit"}


def test_plan_json_times_are_iso_with_the_offset():
    # 20 km at 200 kt in still air: 194.4 s before 10:40:00 -> 10:36:45.6 at UTC+5
    entry = plan_dict(air_plan(formation()))["air"][0]
    assert (entry["ip"], entry["over_tribune"], entry["hold_exit"]) == (
        "2025-05-07T10:36:45.6+05:00", "2025-05-07T10:40:00.0+05:00", None)


def test_summary_counts_the_aircraft():
    assert air_plan(formation(count=4, shape="diamond")).summary().aircraft == 4


# --- property: the planned paths pass where and when the plan says ------------------------------

runs = st.fixed_dictionaries({
    "heading_deg": st.floats(0, 359.9),
    "ip_km": st.floats(3, 40),
    "tas_kt": st.floats(80, 350),
    "wind_from_deg": st.floats(0, 359.9),
    "wind_share": st.floats(0, 0.4),  # wind speed as a share of TAS
    "fix_bearing_deg": st.floats(0, 359.9),
    "fix_km": st.floats(15, 60),  # from the IP: past the largest turn circle here (350 kt: r = 7.1 km)
})


def _plan_of_run(run):
    tas_kt = run["tas_kt"]
    bearing = run["fix_bearing_deg"]
    ip_offset = -run["ip_km"] * 1000 * unit_vector(run["heading_deg"])
    fix_offset = ip_offset + run["fix_km"] * 1000 * unit_vector(bearing)
    lead = formation(tas_kt=round(tas_kt, 1),
                     run_in={"heading_deg": run["heading_deg"], "ip_distance_km": run["ip_km"]},
                     aircraft={"category": "fixed-wing", "min_kt": 50, "max_kt": 400},
                     hold=near_tribune(*fix_offset))
    return air_plan(lead, wind={"from_deg": run["wind_from_deg"], "speed_kt": round(run["wind_share"] * tas_kt, 1)})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(runs)
def test_planned_paths_pass_the_fix_ip_and_tribune_at_their_times(run):
    plan = _plan_of_run(run)
    lead = plan.air[0]
    tribune = np.array(local_projection(*plan.geometry.origin)[0].transform(*lead.tribune_lonlat))
    ip = tribune - run["ip_km"] * 1000 * unit_vector(run["heading_deg"])  # worked out here, not by the planner
    at = lead.track.position_at([lead.hold_exit_s, lead.ip_s, lead.over_tribune_s])
    assert np.abs(at - [lead.hold.fix_xy_m, ip, tribune]).max() < 0.01


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(runs)
def test_planned_paths_are_flown_at_the_planned_tas_through_the_wind(run):
    plan = _plan_of_run(run)
    lead, wind = plan.air[0], plan.scenario.air.wind
    velocity = np.diff(lead.track.xy_m, axis=0) / np.diff(lead.track.times_s)[:, None]
    blowing = -wind.speed_kt * KT * unit_vector(wind.from_deg)  # the air moves away from where the wind blows from
    airspeed_kt = np.hypot(*(velocity - blowing).T) / KT
    assert np.abs(airspeed_kt / lead.tas_kt - 1).max() < 0.002


def test_the_wind_triangle_and_its_inverse_agree():
    # the TAS that gives the triangle's own ground speed is the TAS
    triangle = wind_triangle(180 * KT, 47.0, 300.0, 25 * KT)
    back = tas_for_ground_speed_mps(triangle.ground_speed_mps, 47.0, Wind(from_deg=300, speed_kt=25))
    assert float(back) / KT == pytest.approx(180.0)



def test_a_hold_on_the_extended_run_in_flies_straight_onto_it():
    # the fix 15 km south of an IP 20 km south of the tribune, run-in due north: no turn, one straight leg
    hold = near_tribune(0, -35_000)
    lead = air_plan(formation(hold=hold)).air[0]
    assert (round(lead.hold.turn_deg, 6), len(lead.hold.path_xy_m)) == (0.0, 2)
