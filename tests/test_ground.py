"""March-table arithmetic on the small test parade, each number worked out by hand."""

from __future__ import annotations

import pytest
from conftest import FOOT, VEHICLES, element, plan_of

from paradeplan.model.times import clock, iso_time

T = 10 * 3600 + 5 * 60  # 10:05:00, head of the first element at the tribune


def times(plan, ident, point):
    g = next(g for g in plan.ground if g.id == ident)
    return g.times[point]


def test_foot_speed_is_pace_times_cadence():
    # 0.75 m x 120 paces a minute / 60 = 1.5 m/s
    assert plan_of(FOOT).ground[0].shape.speed_mps == pytest.approx(1.5)


def test_foot_length_is_ranks_less_one_times_rank_spacing():
    # (4 - 1) x 1.5 m = 4.5 m
    assert plan_of(FOOT).ground[0].shape.length_m == pytest.approx(4.5)


def test_foot_width_is_files_times_file_spacing():
    # 3 x 1.0 m = 3 m
    assert plan_of(FOOT).ground[0].shape.width_m == pytest.approx(3.0)


def test_band_with_explicit_personnel_counts_it():
    band = element(FOOT, id="band", kind="band", ranks=10, files=8, personnel=84)  # 80 + drum major and officers
    assert plan_of(band).ground[0].shape.personnel == 84


def test_vehicle_length_counts_rows_and_spacing():
    # 4 vehicles 2 abreast: 2 rows; 2 x 9.3 + (2 - 1) x 12 = 30.6 m
    assert plan_of(VEHICLES).ground[0].shape.length_m == pytest.approx(30.6)


def test_vehicle_width_counts_files_and_lateral_spacing():
    # 2 x 3.3 + (2 - 1) x 3 = 9.6 m
    assert plan_of(VEHICLES).ground[0].shape.width_m == pytest.approx(9.6)


def test_vehicle_rows_round_up():
    # 5 vehicles 2 abreast: 3 rows; 3 x 9.3 + 2 x 12 = 51.9 m
    assert plan_of(element(VEHICLES, count=5)).ground[0].shape.length_m == pytest.approx(51.9)


def test_vehicle_speed_is_kmh_over_3_6():
    assert plan_of(VEHICLES).ground[0].shape.speed_mps == pytest.approx(12 / 3.6)


def test_first_head_meets_the_anchor_at_the_set_time():
    assert times(plan_of(FOOT), "colour-guard", "tribune")[0] == pytest.approx(T)


def test_head_time_at_a_point_is_anchor_time_plus_time_distance():
    # start is 1,000 m before the tribune: 1,000 / 1.5 = 666.7 s earlier, 09:53:53.3
    head, _ = times(plan_of(FOOT), "colour-guard", "start")
    assert clock(head) == "09:53:53.3"


def test_tail_follows_head_by_the_pass_time():
    # 4.5 m / 1.5 m/s = 3 s at every point
    head, tail = times(plan_of(FOOT), "colour-guard", "release")
    assert tail - head == pytest.approx(3.0)


def test_next_head_meets_the_anchor_gap_after_the_previous_tail():
    # guard's tail at 10:05:03, + 20 s gap = 10:05:23
    plan = plan_of(FOOT, element(VEHICLES, gap_before_s=20))
    assert clock(times(plan, "buk", "tribune")[0]) == "10:05:23.0"


def test_gap_in_metres_is_taken_at_the_followers_speed():
    # 30 m at 12 km/h (3.33 m/s) = 9 s after the guard's tail at 10:05:03: 10:05:12
    plan = plan_of(FOOT, element(VEHICLES, gap_before_m=30))
    assert clock(times(plan, "buk", "tribune")[0]) == "10:05:12.0"


def test_no_gap_given_uses_the_default():
    # default 15 s after 10:05:03: 10:05:18
    plan = plan_of(FOOT, VEHICLES)
    assert clock(times(plan, "buk", "tribune")[0]) == "10:05:18.0"


def test_anchor_time_starts_a_new_serial():
    plan = plan_of(FOOT, element(VEHICLES, anchor_time="10:30:00"))
    assert clock(times(plan, "buk", "tribune")[0]) == "10:30:00.0"


def test_element_has_times_only_at_the_points_it_passes():
    plan = plan_of(element(FOOT, leaves_at="turn-off"))
    assert list(plan.ground[0].times) == ["start", "tribune", "turn-off"]


def test_element_joining_late_has_no_time_at_the_start():
    plan = plan_of(element(VEHICLES, enters_at="tribune"))
    assert "start" not in plan.ground[0].times


def test_speed_limit_slows_the_head_on_its_stretch():
    # tribune (1,000 m) to release (2,000 m): 900 m at 3.33 m/s = 270 s, 100 m at 6 km/h (1.67 m/s) = 60 s
    plan = plan_of(VEHICLES, route={"stretches": [{"from_m": 1400, "to_m": 1500, "max_speed_kmh": 6}]})
    assert times(plan, "buk", "release")[0] - T == pytest.approx(330.0)


def test_speed_limit_keeps_the_pass_time():
    # each vehicle slows at the same place, so the tail stays 30.6 / 3.33 = 9.18 s behind the head
    plan = plan_of(VEHICLES, route={"stretches": [{"from_m": 1400, "to_m": 1500, "max_speed_kmh": 6}]})
    head, tail = times(plan, "buk", "release")
    assert tail - head == pytest.approx(9.18)


def test_speed_limit_above_the_elements_speed_changes_nothing():
    # 1.5 m/s marchers under a 6 km/h (1.67 m/s) limit: release 1,000 / 1.5 = 666.7 s after the tribune
    plan = plan_of(FOOT, route={"stretches": [{"from_m": 1400, "to_m": 1500, "max_speed_kmh": 6}]})
    assert times(plan, "colour-guard", "release")[0] - T == pytest.approx(666.667, abs=1e-3)


def test_lonlat_point_snaps_onto_the_path():
    # 0.009 deg of latitude north of the path's start is about 1,000 m along a due-north path
    points = {"start": {"at_m": 0}, "tribune": {"lon": 10.0001, "lat": 50.009}, "release": {"at_m": 2000}}
    plan = plan_of(FOOT, route={"points": points})
    assert plan.geometry.points["tribune"].at_m == pytest.approx(1000.8, abs=1.0)


def test_times_carry_the_utc_offset_and_tenths():
    import datetime as dt
    from zoneinfo import ZoneInfo

    # 10:13:20 in Astana, UTC+5 since March 2024
    assert iso_time(dt.date(2025, 5, 7), ZoneInfo("Asia/Almaty"), 36800.0) == "2025-05-07T10:13:20.0+05:00"


def test_times_on_a_day_the_clocks_change_are_wall_clock_times():
    import datetime as dt
    from zoneinfo import ZoneInfo

    # London went to summer time at 01:00 UTC on 30 March 2025: 10:00 that morning is 10:00 BST, UTC+1
    assert iso_time(dt.date(2025, 3, 30), ZoneInfo("Europe/London"), 36000.0) == "2025-03-30T10:00:00.0+01:00"


def test_summary_counts_marchers_and_vehicles():
    plan = plan_of(FOOT, VEHICLES)
    summary = plan.summary()
    assert (summary.personnel, summary.vehicles) == (12, 4)


def test_summary_spans_the_tribune_from_first_head_to_last_tail():
    # guard 10:05:00 to 10:05:03, buk 10:05:18 to 10:05:27.18
    summary = plan_of(FOOT, VEHICLES).summary()
    assert summary.last_clear_of_anchor_s - summary.first_at_anchor_s == pytest.approx(27.18)
