"""Every air check, firing and not firing, on the test parade's tribune (1,000 m up an avenue due north)."""

from __future__ import annotations

import pytest
from conftest import FOOT, codes, scenario
from test_air import air_plan, formation, near_tribune

from paradeplan import make_plan
from paradeplan.model.catalogue import AircraftType
from paradeplan.model.units import KT
from paradeplan.plan.flight import turn_radius_m


def finding(plan, code):
    return next(f for f in plan.findings if f.code == code)


def fires(plan, code) -> bool:
    return code in codes(plan)


# --- formations that cannot be timed -----------------------------------------------------------

def test_unknown_aircraft_type_is_an_error():
    assert finding(air_plan(formation(aircraft="mig-29")), "unknown-aircraft").path == "air.formations[0].aircraft"


def test_catalogue_aircraft_type_is_known():
    hawk = AircraftType(name="Hawk", category="fixed-wing", min_kt=150, max_kt=400, length_m=12, wingspan_m=9,
                        bluesky_type="B752", source="test")
    plan = make_plan(scenario(air={"formations": [formation(aircraft="hawk")]}), aircraft={"hawk": hawk})
    assert not fires(plan, "unknown-aircraft")


def test_wind_as_strong_as_the_tas_is_an_error():
    assert fires(air_plan(formation(tas_kt=120), wind={"from_deg": 0, "speed_kt": 120}), "wind-too-strong")


def test_wind_weaker_than_the_tas_is_flown():
    assert not fires(air_plan(formation(tas_kt=120), wind={"from_deg": 0, "speed_kt": 119}), "wind-too-strong")


def test_after_naming_no_formation_is_an_error():
    plan = air_plan(formation(over_tribune={"after": "ghost", "gap_s": 20}))
    assert finding(plan, "after-unknown").message == "'lead' is timed after 'ghost', which is no formation."


def test_after_naming_a_ground_element_says_so():
    after_ground = formation(over_tribune={"after": "colour-guard", "gap_s": 20})
    plan = make_plan(scenario(FOOT, air={"formations": [after_ground]}), aircraft={})
    assert "a ground element" in finding(plan, "after-unknown").message


def test_after_behind_a_broken_chain_is_an_error_too():
    plan = air_plan(formation(id="second", over_tribune={"after": "first", "gap_s": 20}),
                    formation(id="first", over_tribune={"after": "ghost", "gap_s": 20}))
    assert [f.elements for f in plan.findings if f.code == "after-unknown"] == [("second",), ("first",)]


def test_after_naming_a_formation_is_timed():
    plan = air_plan(formation(), formation(id="second", over_tribune={"after": "lead", "gap_s": 20}))
    assert codes(plan) == []


def test_after_loop_is_one_error_naming_the_loop():
    plan = air_plan(formation(id="a", over_tribune={"after": "b", "gap_s": 20}),
                    formation(id="b", over_tribune={"after": "a", "gap_s": 20}))
    assert [f.message for f in plan.findings] == [
        "`after:` chain loops: 'a' -> 'b' -> 'a'; give one of them a clock time."]


def test_after_into_a_loop_names_the_loop():
    plan = air_plan(formation(id="a", over_tribune={"after": "a", "gap_s": 20}),
                    formation(id="c", over_tribune={"after": "a", "gap_s": 20}))
    assert [f.elements for f in plan.findings if f.code == "after-loop"] == [("a",), ("c",)]


def test_hold_fix_inside_the_turn_is_an_error():
    # 200 kt turns on a 2,315 m radius; a fix 1 km east of the IP lies inside that circle
    assert fires(air_plan(formation(hold=near_tribune(1000, -20000))), "hold-too-close")


def test_hold_fix_outside_the_turn_is_flown():
    assert not fires(air_plan(formation(hold=near_tribune(5000, -20000))), "hold-too-close")


# --- envelope and time over the tribune ---------------------------------------------------------

def test_tas_above_the_envelope_is_an_error():
    inline = {"category": "fixed-wing", "name": "Trainer", "min_kt": 120, "max_kt": 300}
    assert finding(air_plan(formation(aircraft=inline, tas_kt=320)), "tas-outside-envelope").message == (
        "'lead' is planned at 320 kt TAS, outside the Trainer's flypast envelope of 120-300 kt.")


def test_tas_below_the_envelope_is_an_error():
    assert fires(air_plan(formation(aircraft={**formation()["aircraft"], "min_kt": 210})), "tas-outside-envelope")


def test_tas_at_the_envelope_edge_is_allowed():
    assert not fires(air_plan(formation(aircraft={**formation()["aircraft"], "max_kt": 200})), "tas-outside-envelope")


def test_leads_closer_than_min_separation_over_the_tribune_is_an_error():
    # 12 s apart, 20 s the least; the second at 2,000 ft so their paths stay apart
    plan = air_plan(formation(), formation(id="second", altitude_ft=2000, over_tribune={"after": "lead", "gap_s": 12}))
    assert finding(plan, "tribune-separation").elements == ("lead", "second")


def test_leads_exactly_min_separation_apart_are_allowed():
    plan = air_plan(formation(), formation(id="second", altitude_ft=2000, over_tribune={"after": "lead", "gap_s": 20}))
    assert not fires(plan, "tribune-separation")


def test_min_separation_is_the_scenarios():
    plan = air_plan(formation(), formation(id="second", altitude_ft=2000, over_tribune={"after": "lead", "gap_s": 25}),
                    min_separation_s=30)
    assert fires(plan, "tribune-separation")


# --- separation on the run-ins -----------------------------------------------------------------

def test_faster_formation_overtaking_on_the_same_track_loses_separation():
    # the helicopters (100 kt) are 10:40:30 over the tribune, the jets (300 kt) 10:40:00: from 20 km
    # out, the jets (154.3 m/s) catch the helicopters (51.4 m/s, 1,543 m ahead at 10:40:00) 15 s before
    # 10:40:00, 2.3 km before the tribune, in the same air
    plan = air_plan(formation(id="jets", tas_kt=300),
                    formation(id="helicopters", tas_kt=100, over_tribune="10:40:30"))
    assert finding(plan, "loss-of-separation").message.startswith(
        "'jets' and 'helicopters' come within 0 m of each other at 10:39:45.0, 2.3 km from the tribune")


def test_faster_formation_overtaking_500_ft_higher_keeps_separation():
    plan = air_plan(formation(id="jets", tas_kt=300, altitude_ft=1500),
                    formation(id="helicopters", tas_kt=100, over_tribune="10:40:30"))
    assert not fires(plan, "loss-of-separation")


def test_crossing_run_ins_at_the_same_moment_lose_separation():
    # one from the south, one from the west, both at 102.9 m/s, 4 s apart over the tribune:
    # nearest 4 x 102.9 / sqrt(2) = 291 m, 2 s before the second crosses
    plan = air_plan(formation(id="north"),
                    formation(id="east", run_in={"heading_deg": 90, "ip_distance_km": 20}, over_tribune="10:40:04"))
    assert finding(plan, "loss-of-separation").elements == ("north", "east")


def test_crossing_run_ins_a_minute_apart_keep_separation():
    plan = air_plan(formation(id="north"),
                    formation(id="east", run_in={"heading_deg": 90, "ip_distance_km": 20}, over_tribune="10:41:00"))
    assert not fires(plan, "loss-of-separation")


def test_single_leads_crossing_14_s_apart_keep_separation():
    # both at 102.9 m/s, at right angles, 14 s apart: nearest 14 x 102.9 / sqrt(2) = 1,019 m
    plan = air_plan(formation(id="north"),
                    formation(id="east", run_in={"heading_deg": 90, "ip_distance_km": 20}, over_tribune="10:40:14"))
    assert not fires(plan, "loss-of-separation")


def test_separation_counts_the_wingmen():
    # the same crossing, but 'north' is a 3 x 3 box 100 m apart: its last row flies 200 m behind the
    # lead and comes within (14 x 102.9 - 200) / sqrt(2) = 877 m of 'east'
    plan = air_plan(formation(id="north", count=9, shape="box", spacing_m=100),
                    formation(id="east", run_in={"heading_deg": 90, "ip_distance_km": 20}, over_tribune="10:40:14"))
    assert finding(plan, "loss-of-separation").message.startswith("'north' and 'east' come within 877 m")


# --- holds ----------------------------------------------------------------------------------------

def _held(entry_time: str):
    # fix 10 km behind the IP on the run-in, still air: exit 97.2 s before the IP at 10:36:45.6 = 10:35:08.4
    return air_plan(formation(hold={**near_tribune(0, -30000), "entry_time": entry_time}))


def test_hold_exit_before_the_formation_reaches_the_hold_is_an_error():
    assert finding(_held("10:35:30"), "hold-exit-before-entry").path == "air.formations[0].hold.entry_time"


def test_hold_exit_after_reaching_the_hold_is_allowed():
    assert not fires(_held("10:30:00"), "hold-exit-before-entry")


def test_hold_of_more_than_20_minutes_is_a_warning():
    # 10:14:00 to 10:35:08: 21 minutes
    assert finding(_held("10:14:00"), "long-hold").severity == "warning"


def test_hold_of_20_minutes_or_less_is_no_warning():
    assert not fires(_held("10:16:00"), "long-hold")


def test_turn_of_more_than_90_degrees_onto_the_run_in_is_a_warning():
    # fix 10 km north-east of the IP, beside the run-in ahead of it: a turn of well over 90 deg
    assert fires(air_plan(formation(hold=near_tribune(10000, -15000))), "sharp-turn-onto-run-in")


def test_turn_of_90_degrees_onto_the_run_in_is_no_warning():
    r = turn_radius_m(200 * KT)
    assert not fires(air_plan(formation(hold=near_tribune(r + 5000, -20000 - r))), "sharp-turn-onto-run-in")


# --- wind and the ground segment --------------------------------------------------------------------

def test_crosswind_above_25_kt_is_a_warning():
    plan = air_plan(formation(), wind={"from_deg": 90, "speed_kt": 26})
    assert finding(plan, "strong-crosswind").severity == "warning"


def test_crosswind_of_25_kt_is_no_warning():
    assert not fires(air_plan(formation(), wind={"from_deg": 90, "speed_kt": 25}), "strong-crosswind")


def test_headwind_above_25_kt_is_no_crosswind_warning():
    assert not fires(air_plan(formation(), wind={"from_deg": 0, "speed_kt": 40}), "strong-crosswind")


def _over_ground(over_ground: str, over_tribune: str):
    # the colour guard passes the tribune 10:05:00-10:05:03
    return make_plan(scenario(FOOT, air={"over_ground": over_ground,
                                         "formations": [formation(over_tribune=over_tribune)]}), aircraft={})


def test_flypast_over_ground_elements_is_a_warning_where_forbidden():
    assert finding(_over_ground("forbidden", "10:05:02"), "air-over-ground").elements == ("lead", "colour-guard")


def test_flypast_over_ground_elements_is_fine_where_allowed():
    assert not fires(_over_ground("allowed", "10:05:02"), "air-over-ground")


def test_flypast_after_the_ground_elements_is_fine_where_forbidden():
    assert not fires(_over_ground("forbidden", "10:05:04"), "air-over-ground")


SHAPES = ["single", "vic", "echelon-left", "echelon-right", "line-astern", "diamond", "box", "wedge"]


@pytest.mark.parametrize("shape", SHAPES)
def test_every_shape_plans_clean(shape):
    assert codes(air_plan(formation(count=6, shape=shape))) == []
