"""Every check, firing and not firing, on the small test parade."""

from __future__ import annotations

import pytest
from conftest import FOOT, VEHICLES, codes, element, plan_of, scenario

from paradeplan import make_plan


def finding(plan, code):
    return next(f for f in plan.findings if f.code == code)


# --- gaps ------------------------------------------------------------------------------------

def test_faster_follower_closing_up_after_the_anchor_is_an_error():
    # guard 1.5 m/s, vehicles 3.33 m/s, 20 s behind: road gap at the tribune 20 x 1.5 = 30 m,
    # closing at 1.83 m/s of the vehicles' time: 30 - 0.55 x (x - 1000) < 10 past x = 1,036.4 m
    plan = plan_of(FOOT, element(VEHICLES, gap_before_s=20))
    assert finding(plan, "gap-too-small").at_m == pytest.approx(1036.4, abs=0.1)


def test_gap_finding_names_both_elements():
    plan = plan_of(FOOT, element(VEHICLES, gap_before_s=20))
    assert finding(plan, "gap-too-small").elements == ("colour-guard", "buk")


def test_faster_follower_is_fine_when_the_leader_turns_off_in_time():
    # 120 s behind: 180 m at the tribune, less 0.55 x 200 m = 70 m when the guard turns off at 1,200 m
    plan = plan_of(element(FOOT, leaves_at="turn-off"), element(VEHICLES, gap_before_s=120))
    assert "gap-too-small" not in codes(plan)


def test_faster_follower_behind_a_leader_that_goes_on_is_an_error():
    # the same 120 s, but the guard goes on to the release: 180 - 0.55 x 1,000 = -370 m
    assert "gap-too-small" in codes(plan_of(FOOT, element(VEHICLES, gap_before_s=120)))


def test_faster_follower_with_room_to_close_is_fine():
    # a 700 s gap: 1,050 m at the tribune, less 0.55 x 1,000 m by the release = 500 m, above 10 m
    plan = plan_of(FOOT, element(VEHICLES, gap_before_s=700))
    assert "gap-too-small" not in codes(plan)


def test_slower_follower_is_closer_before_the_anchor():
    # vehicles first, guard 20 s behind: to be 20 s behind at the tribune the 1.5 m/s guard would
    # pass the start 637.5 s before 10:05, while the vehicles' tail passes it 290.8 s before
    plan = plan_of(VEHICLES, element(FOOT, gap_before_s=20))
    assert finding(plan, "gap-too-small").at_m == 0


def test_slower_follower_joining_at_the_tribune_is_fine():
    plan = plan_of(VEHICLES, element(FOOT, gap_before_s=20, enters_at="tribune"))
    assert "gap-too-small" not in codes(plan)


def test_equal_speeds_keep_the_gap_set_at_the_anchor():
    # both 1.5 m/s, 15 s = 22.5 m everywhere
    plan = plan_of(FOOT, element(FOOT, id="second"))
    assert "gap-too-small" not in codes(plan)


def test_gap_set_below_the_minimum_is_an_error_everywhere():
    # 5 s at 1.5 m/s = 7.5 m < 10 m
    plan = plan_of(FOOT, element(FOOT, id="second", gap_before_s=5))
    assert finding(plan, "gap-too-small").at_m == pytest.approx(0.0)


def test_a_vehicle_at_a_marchers_speed_is_not_called_faster():
    # 5.4 km/h is 1.5 m/s, as 120 paces of 0.75 m a minute are; 5.4 / 3.6 is a hair over 1.5 in floating point
    floats = element(VEHICLES, id="floats", speed_kmh=5.4, gap_before_s=1)
    assert "the gap set at the anchor is too short" in finding(plan_of(FOOT, floats), "gap-too-small").message


def test_slow_stretch_closes_a_column_up_on_the_one_ahead():
    # both 12 km/h, 4 s apart: 13.3 m. Once the leader's tail slows to 4 km/h (1.11 m/s) at 1,400 m,
    # the follower gains 3.33 - 1.11 m/s for 4 s: the gap falls by 2/3 m per metre the follower drives,
    # 13.33 - 0.667 x (x - 1386.67) = 10 at x = 1,391.7 m
    second = element(VEHICLES, id="second", gap_before_s=4)
    plan = plan_of(VEHICLES, second, route={"stretches": [{"from_m": 1400, "to_m": 1500, "max_speed_kmh": 4}]})
    assert finding(plan, "gap-too-small").at_m == pytest.approx(1391.67, abs=0.01)


def test_element_behind_one_that_turned_off_is_checked_against_the_one_before():
    # foot leaves at the turn-off; the third element then follows the first, 1 s behind its tail... too close
    first = element(VEHICLES, id="first")
    middle = element(FOOT, id="middle", leaves_at="turn-off", gap_before_s=600)
    last = element(VEHICLES, id="last", anchor_time="10:05:10")  # first's tail clears at 10:05:09.2
    plan = plan_of(first, middle, last)
    assert ("first", "last") in [f.elements for f in plan.findings if f.code == "gap-too-small"]


# --- widths, speeds, drill -------------------------------------------------------------------

def test_element_wider_than_a_stretch_it_passes_is_an_error():
    # 4 abreast: 4 x 3.3 + 3 x 3 = 22.2 m through a 12 m gate
    wide = element(VEHICLES, count=4, abreast=4)
    plan = plan_of(wide, route={"stretches": [{"from_m": 800, "to_m": 900, "width_m": 12}]})
    assert finding(plan, "too-wide").at_m == 800


def test_element_that_fits_the_stretch_is_fine():
    plan = plan_of(VEHICLES, route={"stretches": [{"from_m": 800, "to_m": 900, "width_m": 12}]})
    assert "too-wide" not in codes(plan)


def test_element_that_turns_off_before_a_narrow_stretch_is_fine():
    wide = element(VEHICLES, count=4, abreast=4, leaves_at="turn-off")
    plan = plan_of(wide, route={"stretches": [{"from_m": 1500, "to_m": 1600, "width_m": 12}]})
    assert "too-wide" not in codes(plan)


def test_element_with_under_a_metre_each_side_is_a_warning():
    # 9.6 m through 11 m: 0.7 m each side
    plan = plan_of(VEHICLES, route={"stretches": [{"from_m": 800, "to_m": 900, "width_m": 11}]})
    assert finding(plan, "narrow-margin").severity == "warning"


def test_vehicle_above_its_parade_maximum_is_an_error():
    plan = plan_of(element(VEHICLES, speed_kmh=25))  # maximum 20 km/h
    assert finding(plan, "vehicle-too-fast").elements == ("buk",)


def test_vehicle_at_its_parade_maximum_is_fine():
    assert "vehicle-too-fast" not in codes(plan_of(element(VEHICLES, speed_kmh=20)))


def test_unusual_cadence_is_a_warning():
    assert finding(plan_of(element(FOOT, cadence_spm=90)), "unusual-cadence").severity == "warning"


def test_pipe_band_cadence_is_fine():
    assert "unusual-cadence" not in codes(plan_of(element(FOOT, kind="band", cadence_spm=110)))


def test_long_gap_is_a_warning():
    plan = plan_of(FOOT, element(FOOT, id="late", gap_before_s=300))
    assert finding(plan, "long-gap").elements == ("late",)


def test_long_gap_on_purpose_is_fine():
    plan = plan_of(FOOT, element(FOOT, id="late", anchor_time="10:15:00"))
    assert "long-gap" not in codes(plan)


# --- route and references --------------------------------------------------------------------

def test_point_beyond_the_end_of_the_path_is_an_error():
    points = {"start": {"at_m": 0}, "tribune": {"at_m": 1000}, "release": {"at_m": 5000}}  # path is 3,336 m
    assert finding(plan_of(FOOT, route={"points": points}), "point-off-path").at_m == 5000


def test_lonlat_point_far_from_the_path_is_an_error():
    points = {"start": {"at_m": 0}, "tribune": {"lon": 10.01, "lat": 50.009}, "release": {"at_m": 2000}}  # ~700 m east
    assert "point-off-path" in codes(plan_of(FOOT, route={"points": points}))


def test_points_on_the_path_are_fine():
    assert "point-off-path" not in codes(plan_of(FOOT))


def test_stretch_past_the_end_of_the_path_is_an_error():
    plan = plan_of(FOOT, route={"stretches": [{"from_m": 3000, "to_m": 4000, "width_m": 12}]})
    assert "stretch-off-path" in codes(plan)


def test_duplicate_ids_are_an_error():
    assert finding(plan_of(FOOT, FOOT), "duplicate-id").elements == ("colour-guard",)


def test_unique_ids_are_fine():
    assert "duplicate-id" not in codes(plan_of(FOOT, element(FOOT, id="second")))


def test_unknown_vehicle_type_is_an_error():
    plan = make_plan(scenario(element(VEHICLES, vehicle="no-such-type")), vehicles={})
    assert finding(plan, "unknown-vehicle").path == "ground[0].vehicle"


def test_element_leaving_before_it_joins_is_an_error():
    plan = plan_of(element(FOOT, enters_at="turn-off", leaves_at="tribune"))
    assert "enters-after-leaves" in codes(plan)


def test_a_clean_parade_has_no_findings():
    assert plan_of(FOOT, element(FOOT, id="second")).findings == []


def test_faster_serial_right_behind_a_foot_column_that_turns_off_is_an_error():
    # cadets (1.5 m/s) leave at the turn-off 200 m past the tribune; tanks (3.33 m/s) set 3 s behind
    # their tail: 4.5 m of road gap at the tribune, closing at once
    cadets = element(FOOT, id="cadets", leaves_at="turn-off")
    tanks = element(VEHICLES, id="tanks", anchor_time="10:05:06")  # cadets' tail clears at 10:05:03
    assert "gap-too-small" in codes(plan_of(cadets, tanks))
