"""The live forecast's rules, worked by hand (issue 12, section 2).

conftest's avenue: start 0 m, tribune 1,000 m, turn-off 1,200 m, release 2,000 m; min_gap_m 10.
The blocks march at 1.5 m/s, 4.5 m long (3 s pass time): a head needs 666.67 s from the start to the
tribune. 'first' is at the tribune at 10:05:00 (36,300 s); 'second' follows 10 s after its tail
(15 m of road, 5 m = 3.33 s more than the 10 m minimum), 'third' 8 s after that (12 m: 2 m = 1.33 s spare).
"""

from __future__ import annotations

import pytest
from conftest import FOOT, element, plan_of

from paradeplan.live.forecast import forecast
from paradeplan.live.records import Passing, Void

TRIBUNE_S = 36300.0  # 10:05:00
START_S = TRIBUNE_S - 1000 / 1.5  # 'first' at the start: 35,633.33
SECOND_START_S = START_S + 3 + 10  # its tail, then 10 s


def three_blocks(**changes):
    return plan_of(element(FOOT, id="first"), element(FOOT, id="second", gap_before_s=10),
                   element(FOOT, id="third", gap_before_s=8), **changes)


def passing(element_id: str, point: str, time_s: float, edge: str = "head", record_id: str | None = None) -> Passing:
    return Passing(record_id or f"{element_id}-{point}-{edge}", element_id, point, edge, time_s)  # type: ignore[arg-type]


def test_without_records_the_forecast_is_the_plan():
    day = forecast(three_blocks(), [])
    assert [e.delay_s for e in day.elements.values()] == [0.0, 0.0, 0.0]


def test_an_elements_own_delay_is_observed_minus_planned_at_its_record():
    # 'first' at the start at 35,673.33, planned 35,633.33: 40 s late
    day = forecast(three_blocks(), [passing("first", "start", START_S + 40)])
    assert day.elements["first"].own_delay_s == pytest.approx(40.0)


def test_a_late_leader_pushes_its_follower_less_its_slack():
    # 'second' has 3.33 s of slack behind 'first': 40 - 3.33 = 36.67 s late
    day = forecast(three_blocks(), [passing("first", "start", START_S + 40)])
    assert day.delay_s("second") == pytest.approx(36.667, abs=1e-3)


def test_the_push_passes_down_the_column_less_each_slack():
    # 'third' has 1.33 s of slack behind 'second': 36.67 - 1.33 = 35.33 s late
    day = forecast(three_blocks(), [passing("first", "start", START_S + 40)])
    assert day.delay_s("third") == pytest.approx(35.333, abs=1e-3)


def test_the_follower_names_who_holds_it():
    day = forecast(three_blocks(), [passing("first", "start", START_S + 40)])
    assert day.elements["third"].held_by == "second"


def test_a_small_delay_is_taken_up_by_the_slack():
    # 3 s late: 'second' has 3.33 s spare, so it keeps its own time
    day = forecast(three_blocks(), [passing("first", "start", START_S + 3)])
    assert day.delay_s("second") == 0.0


def test_an_early_leader_does_not_pull_its_follower_forward():
    # 10 s early: 'second' may not start before its own time
    day = forecast(three_blocks(), [passing("first", "start", START_S - 10)])
    assert (day.delay_s("first"), day.delay_s("second")) == (pytest.approx(-10.0), 0.0)


def test_elements_ahead_never_move_for_those_behind():
    # 'second' 30 s late changes nothing for 'first'
    day = forecast(three_blocks(), [passing("second", "start", SECOND_START_S + 30)])
    assert day.delay_s("first") == 0.0


def test_the_furthest_record_along_the_route_sets_the_delay():
    # 40 s late at the start, then 12 s late at the turn-off (1,200 m, past the tribune): 12 s
    turn_off_s = TRIBUNE_S + 200 / 1.5
    records = [passing("first", "turn-off", turn_off_s + 12), passing("first", "start", START_S + 40)]
    assert forecast(three_blocks(), records).delay_s("first") == pytest.approx(12.0)


def test_at_one_point_a_tail_record_is_further_than_a_head_record():
    # head 20 s late at the tribune, tail (planned 36,303) 25 s late there: 25 s
    records = [passing("first", "tribune", TRIBUNE_S + 25 + 3, "tail"), passing("first", "tribune", TRIBUNE_S + 20)]
    assert forecast(three_blocks(), records).delay_s("first") == pytest.approx(25.0)


def test_recorded_points_show_the_record_and_later_points_planned_plus_delay():
    # head 20 s late at the tribune; its tail there is forecast 36,303 + 20; its head at the release 20 s late
    day = forecast(three_blocks(), [passing("first", "tribune", TRIBUNE_S + 20)])
    first = day.elements["first"]
    assert (first.forecast_s["tribune"]["tail"], first.forecast_s["release"]["head"]) == (
        pytest.approx(TRIBUNE_S + 23), pytest.approx(TRIBUNE_S + 1000 / 1.5 + 20))


def test_a_voided_record_no_longer_counts():
    records = [passing("first", "start", START_S + 40, record_id="r1"), Void("r2", "r1", "wrong block")]
    assert forecast(three_blocks(), records).delay_s("first") == 0.0


def test_a_record_resent_with_its_id_counts_once():
    # the second copy of r1 (a resend) is ignored; the later r2 at the same point corrects it
    records = [passing("first", "start", START_S + 40, record_id="r1"),
               passing("first", "start", START_S + 50, record_id="r1")]
    assert forecast(three_blocks(), records).delay_s("first") == pytest.approx(40.0)


def test_a_late_element_is_a_late_warning_on_the_forecast():
    day = forecast(three_blocks(), [passing("first", "start", START_S + 40)])
    assert [f.elements for f in day.findings if f.code == "late"] == [("first",), ("second",), ("third",)]


def test_five_seconds_off_is_not_late():
    day = forecast(three_blocks(), [passing("first", "start", START_S + 5)])
    assert [f for f in day.findings if f.code == "late"] == []


def test_an_early_follower_is_held_behind_its_leader():
    # 'second' recorded 20 s early at the start, but only 3.33 s of road lie between it and 'first': -3.33 s
    day = forecast(three_blocks(), [passing("second", "start", SECOND_START_S - 20)])
    assert day.delay_s("second") == pytest.approx(-3.333, abs=1e-3)


def test_a_plan_too_close_for_its_gap_is_forecast_held_back():
    # 'second' planned 2 s (3 m of road) behind 'first', 7 m short of the minimum: held (10 - 3) / 1.5 = 4.67 s
    plan = plan_of(element(FOOT, id="first"), element(FOOT, id="second", gap_before_s=2))
    assert forecast(plan, []).delay_s("second") == pytest.approx(4.667, abs=1e-3)


# --- formations ----------------------------------------------------------------------------------

INLINE = {"category": "fixed-wing", "min_kt": 100, "max_kt": 350}


def formation(fid: str, over: object, **changes) -> dict:
    """A lead at 200 kt TAS in calm air, running in due north from 20 km: 20,000 / 102.89 = 194.38 s from the IP."""
    return {"id": fid, "aircraft": INLINE, "tas_kt": 200, "altitude_ft": 1000, "over_tribune": over,
            "run_in": {"heading_deg": 0, "ip_distance_km": 20}, **changes}


def two_formations(**air):
    """'lead' over the tribune at 10:40:00, 'wing' 30 s later; 20 s is the least separation."""
    return plan_of(FOOT, air={"formations": [formation("lead", "10:40:00"),
                                             formation("wing", {"after": "lead", "gap_s": 30}, altitude_ft=2000)],
                              "min_separation_s": 20, **air})


def test_a_late_formation_pushes_the_one_behind_it_by_what_separation_needs():
    # 'lead' 25 s late at its IP; 'wing' must be 20 s behind it: 25 + 20 - 30 = 15 s late
    plan = two_formations()
    day = forecast(plan, [passing("lead", "ip", plan.air[0].ip_s + 25)])
    assert day.delay_s("wing") == pytest.approx(15.0)


def test_separation_alone_within_the_gap_pushes_no_one():
    # 'lead' 8 s late: 8 + 20 < 30, 'wing' keeps its time
    plan = two_formations()
    assert forecast(plan, [passing("lead", "ip", plan.air[0].ip_s + 8)]).delay_s("wing") == 0.0


def test_a_formation_at_the_tribune_is_its_own_furthest_record():
    # 4 s late at the IP, then 2 s early over the tribune: -2 s
    plan = two_formations()
    lead = plan.air[0]
    records = [passing("lead", "ip", lead.ip_s + 4), passing("lead", "tribune", lead.over_tribune_s - 2)]
    assert forecast(plan, records).delay_s("lead") == pytest.approx(-2.0)


def column_and_flypast():
    """One block (tail over the tribune at 10:05:03) and a flypast at 10:06:00 that may not overfly the column and
    needs 30 s clear of it: 57 s of margin on the plan."""
    return plan_of(FOOT, air={"formations": [formation("lead", "10:06:00")], "over_ground": "forbidden",
                              "ground_clear_s": 30})


def test_the_column_under_a_formation_that_may_not_overfly_it_is_an_error():
    # the block 40 s late: its tail clears at 10:05:43, 17 s before the formation; it needs 30
    plan = column_and_flypast()
    day = forecast(plan, [passing("colour-guard", "start", START_S + 40)])
    assert [f.code for f in day.findings if f.severity == "error"] == ["column-under-formation"]


def test_a_column_late_within_the_margin_is_no_error():
    # 20 s late: tail at 10:05:23, 37 s before the formation
    plan = column_and_flypast()
    day = forecast(plan, [passing("colour-guard", "start", START_S + 20)])
    assert [f for f in day.findings if f.severity == "error"] == []
