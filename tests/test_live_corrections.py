"""Corrections, worked by hand (issue 12, section 3); the parade of test_live_forecast.py.

A block at 1.5 m/s (0.75 m x 120 paces a minute) needs 666.67 s from the start to the tribune. The
highest cadence the control room may ask is timing.max_cadence_spm, 130 by default: 1.625 m/s.
A formation at 200 kt TAS in calm air (102.89 m/s) needs 194.38 s from its IP 20 km out.
"""

from __future__ import annotations

import pytest
from conftest import FOOT, VEHICLES, element, plan_of
from test_live_forecast import START_S, formation, passing, three_blocks, two_formations

from paradeplan.live.advice import decision
from paradeplan.live.forecast import forecast
from paradeplan.live.records import RecordError


def kinds(day) -> list[str]:
    return [c.key for c in day.corrections]


def one(day, key: str):
    return next(c for c in day.corrections if c.key == key)


# --- ground speed ------------------------------------------------------------------------------

def test_a_late_block_is_told_the_cadence_that_brings_it_on_time():
    # 40 s late at the start: 1,000 m in 666.67 - 40 = 626.67 s = 1.5957 m/s = 127.7 paces a minute
    day = forecast(three_blocks(), [passing("first", "start", START_S + 40)])
    assert one(day, "ground-speed:first").detail["cadence_spm"] == pytest.approx(127.7, abs=0.05)


def test_its_message_reads_out_the_cadence_and_the_outcome():
    day = forecast(three_blocks(), [passing("first", "start", START_S + 40)])
    assert "march at 128 paces a minute (planned 120)" in one(day, "ground-speed:first").message


def test_the_cadence_is_capped_and_what_is_left_late_is_said():
    # 60 s late: 131.9 a minute is needed; at 130 (1.625 m/s) 1,000 m take 615.38 s, 51.28 s less than
    # planned: still 60 - 51.28 = 8.72 s late
    day = forecast(three_blocks(), [passing("first", "start", START_S + 60)])
    assert one(day, "ground-speed:first").detail["still_late_s"] == pytest.approx(8.7, abs=0.05)


def test_the_highest_cadence_is_a_scenario_setting():
    # max 135 a minute: 131.9 is allowed, nothing left late
    plan = three_blocks(timing={"max_cadence_spm": 135})
    day = forecast(plan, [passing("first", "start", START_S + 60)])
    assert one(day, "ground-speed:first").detail["still_late_s"] == 0.0


def test_a_vehicle_column_is_told_km_h_capped_at_its_type():
    # 12 km/h (3.333 m/s), 300 s from the start to the tribune; 100 s late: 1,000 m in 200 s = 18 km/h, under 20
    plan = plan_of(VEHICLES)
    start_s = plan.ground[0].times["start"][0]
    day = forecast(plan, [passing("buk", "start", start_s + 100)])
    assert one(day, "ground-speed:buk").detail["speed_kmh"] == pytest.approx(18.0)


def test_a_block_past_the_anchor_gets_no_speed():
    # 20 s late at the turn-off, beyond the tribune: nothing to recover before it
    turn_off_s = three_blocks().ground[0].times["turn-off"][0]
    day = forecast(three_blocks(), [passing("first", "turn-off", turn_off_s + 20)])
    assert "ground-speed:first" not in kinds(day)


def test_five_seconds_late_needs_no_correction():
    day = forecast(three_blocks(), [passing("first", "start", START_S + 5)])
    assert kinds(day) == []


# --- hold ----------------------------------------------------------------------------------------

def test_a_block_not_yet_stepped_off_behind_a_late_one_is_told_to_hold():
    # 'second' is pushed 36.67 s: step off at 35,646.33 + 36.67 = 35,683.0 (09:54:43)
    day = forecast(three_blocks(), [passing("first", "start", START_S + 40)])
    assert one(day, "hold:second").times["step_off"] == pytest.approx(35683.0, abs=1e-3)


def test_the_hold_says_the_cadence_that_takes_the_delay_out_before_the_anchor():
    # then 1,000 m in 666.67 - 36.67 = 630 s: 1.5873 m/s = 127.0 paces a minute
    day = forecast(three_blocks(), [passing("first", "start", START_S + 40)])
    assert one(day, "hold:second").detail["cadence_spm"] == pytest.approx(127.0, abs=0.05)


# --- air speed and hold --------------------------------------------------------------------------

def test_a_formation_late_at_its_ip_is_told_the_tas_that_restores_its_time():
    # 12 s late at the IP: 20,000 m in 194.38 - 12 = 182.38 s = 109.66 m/s = 213.2 kt
    plan = two_formations()
    day = forecast(plan, [passing("lead", "ip", plan.air[0].ip_s + 12)])
    assert one(day, "air-speed:lead").detail["tas_kt"] == pytest.approx(213.2, abs=0.05)


def test_an_early_formation_is_told_to_slow_down():
    # 12 s early: 20,000 m in 206.38 s = 96.91 m/s = 188.4 kt
    plan = two_formations()
    day = forecast(plan, [passing("lead", "ip", plan.air[0].ip_s - 12)])
    assert one(day, "air-speed:lead").detail["tas_kt"] == pytest.approx(188.4, abs=0.05)


def test_the_tas_is_worked_through_the_wind_triangle():
    # a 20 kt headwind (from the north): planned GS 180 kt (92.60 m/s), 215.98 s from the IP; 12 s late:
    # 20,000 m in 203.98 s = 98.05 m/s = 190.6 kt over the ground, TAS 190.6 + 20 = 210.6 kt
    plan = two_formations(wind={"from_deg": 0, "speed_kt": 20})
    day = forecast(plan, [passing("lead", "ip", plan.air[0].ip_s + 12)])
    assert one(day, "air-speed:lead").detail["tas_kt"] == pytest.approx(210.6, abs=0.05)


def test_beyond_the_envelope_the_formation_gets_a_new_tribune_time():
    # 100 s late: 411.9 kt needed, 350 the most; 20,000 m at 180.06 m/s take 111.07 s, 16.69 s more than 94.38
    plan = two_formations()
    lead = plan.air[0]
    day = forecast(plan, [passing("lead", "ip", lead.ip_s + 100)])
    assert one(day, "air-speed:lead").times["over_tribune"] == pytest.approx(lead.over_tribune_s + 16.69, abs=0.01)


def test_a_formation_pushed_before_its_hold_exit_loses_the_time_in_the_hold():
    # 'wing' pushed 15 s by 'lead' (25 s late): it holds 15 s longer
    hold = {"lon": 10.0, "lat": 50.3, "turn": "right", "leg_min": 1, "entry_time": "10:20:00"}
    plan = plan_of(FOOT, air={"formations": [formation("lead", "10:40:00"),
                                             formation("wing", {"after": "lead", "gap_s": 30}, altitude_ft=2000,
                                                       hold=hold)], "min_separation_s": 20})
    wing = plan.air[1]
    day = forecast(plan, [passing("lead", "ip", plan.air[0].ip_s + 25)])
    assert one(day, "air-hold:wing").times["hold_exit"] == pytest.approx(wing.hold_exit_s + 15.0)


def test_a_formation_behind_a_late_one_aims_at_its_pushed_slot():
    # 'lead' 25 s late (over at 10:40:25), so 'wing''s slot is 15 s late; 'wing' is 10 s late at its IP: 5 s off
    # its slot, within the 5 s crews let go
    plan = two_formations()
    day = forecast(plan, [passing("lead", "ip", plan.air[0].ip_s + 25), passing("wing", "ip", plan.air[1].ip_s + 10)])
    assert "air-speed:wing" not in kinds(day)


# --- air for ground ------------------------------------------------------------------------------

def flypast_after_the_column():
    return plan_of(FOOT, air={"formations": [formation("lead", "10:06:00"),
                                             formation("wing", {"after": "lead", "gap_s": 30}, altitude_ft=2000)],
                              "over_ground": "forbidden", "ground_clear_s": 30})


def test_the_column_still_on_the_square_makes_the_formations_lose_time():
    # the block 40 s late clears at 10:05:43; 30 s more is 10:06:13: 'lead' over at 10:06:00 loses 13 s
    day = forecast(flypast_after_the_column(), [passing("colour-guard", "start", START_S + 40)])
    assert one(day, "air-for-ground:lead").detail["lose_s"] == pytest.approx(13.0)


def test_every_formation_after_it_is_named():
    day = forecast(flypast_after_the_column(), [passing("colour-guard", "start", START_S + 40)])
    assert one(day, "air-for-ground:lead").detail["formations"] == ["lead", "wing"]


# --- decisions and orders -------------------------------------------------------------------------

def test_an_issued_correction_becomes_an_order():
    records = [passing("first", "start", START_S + 40)]
    issued = decision(forecast(three_blocks(), records).corrections, "d1", "ground-speed:first", "issue")
    day = forecast(three_blocks(), [*records, issued])
    assert [o.issued.correction for o in day.orders] == ["ground-speed:first"]


def test_a_dismissed_order_is_no_longer_standing():
    records = [passing("first", "start", START_S + 40)]
    offered = forecast(three_blocks(), records).corrections
    decided = [decision(offered, "d1", "ground-speed:first", "issue"),
               decision(offered, "d2", "ground-speed:first", "dismiss")]
    assert forecast(three_blocks(), [*records, *decided]).orders == []


def test_an_order_whose_advice_moves_more_than_five_seconds_raises_an_alert():
    # issued when 'first' could still be on time; then it is 80 s late at the start: at 130 a minute it
    # reaches the tribune 80 - 51.28 = 28.7 s late, so the advice's aim moved by 28.7 s
    early = [passing("first", "start", START_S + 40, record_id="r1")]
    issued = decision(forecast(three_blocks(), early).corrections, "d1", "ground-speed:first", "issue")
    later = [*early, issued, passing("first", "start", START_S + 80, record_id="r2")]
    assert forecast(three_blocks(), later).orders[0].alert.startswith("Advice changed by +29 s")


def test_an_order_kept_to_raises_no_alert():
    # nothing new since it was issued: the advice still aims at the tribune on time
    records = [passing("first", "start", START_S + 40, record_id="r1")]
    issued = decision(forecast(three_blocks(), records).corrections, "d1", "ground-speed:first", "issue")
    assert forecast(three_blocks(), [*records, issued]).orders[0].alert is None


def test_no_decision_on_a_correction_not_offered():
    with pytest.raises(RecordError, match="no correction 'hold:first' now"):
        decision(forecast(three_blocks(), []).corrections, "d1", "hold:first", "issue")


def test_vehicles_without_a_parade_maximum_are_not_capped():
    # an inline type with no maximum: 200 s late asks 1,000 m in 100 s = 36 km/h, said as it is
    vehicles = element(VEHICLES, vehicle={"length_m": 9.3, "width_m": 3.3})
    plan = plan_of(vehicles)
    day = forecast(plan, [passing("buk", "start", plan.ground[0].times["start"][0] + 200)])
    assert one(day, "ground-speed:buk").detail["speed_kmh"] == pytest.approx(36.0)
