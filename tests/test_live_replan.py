"""The live re-plan, worked by hand (issue 14): new step-off times and gaps for the elements not yet stepped off.

conftest's avenue: start 0 m, tribune 1,000 m. Three blocks at 1.5 m/s, 4.5 m long (3 s pass time); a head
needs 666.67 s from the start to the tribune. min_gap_m 10: the road gap floor is 10 / 1.5 = 6.67 s, so
7 s in whole seconds. long_gap_s 60.

    first   at the tribune 10:05:00 (36,300), steps off 09:53:53.3 (35,633.33)
    second  30 s after its tail: 10:05:33 (36,333), steps off 09:54:26.3 (35,666.33)
    third   30 s after that:     10:06:06 (36,366), steps off 09:54:59.3 (35,699.33)

The first steps off 60 s late: at the tribune 36,360, its tail 36,363. The second's gap shrinks from 30 s to
7 s (absorbs 23 s): 36,363 + 7 = 36,370, 37 s late, stepping off 09:55:03.3. The third's shrinks from 30 s
to 7 s too: 36,370 + 3 + 7 = 36,380, 14 s late, stepping off 09:55:13.3. The gaps absorb 46 of the 60 s.
"""

from __future__ import annotations

import pytest
from conftest import FOOT, element, plan_of
from test_api import Client, imported, open_workspace

from paradeplan.live.forecast import forecast
from paradeplan.live.records import Passing
from paradeplan.live.replan import replan
from paradeplan.views.replan_json import replan_json

START_S = 36300.0 - 1000 / 1.5  # the first at the start: 35,633.33
SECOND_START_S = START_S + 33.0
THIRD_START_S = START_S + 66.0


def three_blocks():
    return plan_of(element(FOOT, id="first", name="First"), element(FOOT, id="second", name="Second", gap_before_s=30),
                   element(FOOT, id="third", name="Third", gap_before_s=30), timing={"long_gap_s": 60})


def passing(element_id: str, point: str, time_s: float) -> Passing:
    return Passing(f"{element_id}-{point}", element_id, point, "head", time_s)


def replanned(*records: Passing):
    plan = three_blocks()
    return plan, replan(plan, forecast(plan, list(records)))


def row(found, element_id: str):
    return next(r for r in found.rows if r.id == element_id)


def test_the_second_steps_off_37_s_late():
    _, found = replanned(passing("first", "start", START_S + 60))
    assert row(found, "second").step_off_s == pytest.approx(SECOND_START_S + 37)


def test_the_second_closes_to_the_road_gap_floor_in_whole_seconds():
    _, found = replanned(passing("first", "start", START_S + 60))
    assert (row(found, "second").gap_s, row(found, "second").planned_gap_s) == (pytest.approx(7), pytest.approx(30))


def test_the_third_steps_off_14_s_late_with_a_7_s_gap():
    # 36,370 + 3 + 7 = 36,380 at the tribune, 14 s after its published 36,366
    _, found = replanned(passing("first", "start", START_S + 60))
    third = row(found, "third")
    assert (third.step_off_s, third.gap_s, third.at_anchor_s) == (
        pytest.approx(THIRD_START_S + 14), pytest.approx(7), pytest.approx(36380))


def test_the_gaps_absorb_46_of_the_60_s():
    _, found = replanned(passing("first", "start", START_S + 60))
    assert (found.delay_s, found.remaining_s, found.absorbed_s) == (
        pytest.approx(60), pytest.approx(14), pytest.approx(46))


def test_the_forecast_is_read_beside_it():
    # the forecast holds the second 60 - 23.33 = 36.67 s late (the floor to the tenth, not the whole second)
    _, found = replanned(passing("first", "start", START_S + 60))
    assert row(found, "second").forecast_at_anchor_s == pytest.approx(36333 + 36.667, abs=1e-3)


def test_a_small_delay_only_shortens_the_next_gap():
    # 20 s late: the second's gap 30 -> 10 s keeps its published time; nothing moves
    _, found = replanned(passing("first", "start", START_S + 20))
    second = row(found, "second")
    assert (second.moved_s, second.gap_s, second.moved) == (pytest.approx(0, abs=1e-6), pytest.approx(10), True)


def test_an_early_step_off_is_followed_within_the_long_gap():
    # 40 s early: the second's gap would be 70 s, past long_gap_s 60: it steps off 10 s early, the third on time
    _, found = replanned(passing("first", "start", START_S - 40))
    assert ([r.moved_s for r in found.rows], row(found, "second").gap_s) == (
        [pytest.approx(-10), pytest.approx(0, abs=1e-6)], pytest.approx(60))


def test_nothing_to_replan_on_time():
    _, found = replanned(passing("first", "start", START_S + 1.5))
    assert found is None


def test_nothing_to_replan_before_anyone_steps_off():
    _, found = replanned()
    assert found is None


def test_nothing_to_replan_once_everyone_stepped_off():
    _, found = replanned(passing("first", "start", START_S + 60), passing("second", "start", SECOND_START_S + 40),
                         passing("third", "start", THIRD_START_S + 20))
    assert found is None


def test_elements_with_records_are_not_replanned():
    _, found = replanned(passing("first", "start", START_S + 60), passing("second", "tribune", 36333 + 45))
    assert [r.id for r in found.rows] == ["third"]


def test_an_element_with_a_record_is_held_where_it_was_recorded():
    # the second recorded at the tribune at 36,378 (45 s late): the third follows its tail (36,381) by 7 s
    _, found = replanned(passing("first", "start", START_S + 60), passing("second", "tribune", 36333 + 45))
    assert row(found, "third").at_anchor_s == pytest.approx(36388)


def test_the_summary_reads_out_what_is_absorbed():
    plan, found = replanned(passing("first", "start", START_S + 60))
    assert replan_json(plan, found)["summary"] == (
        "The re-plan absorbs 46 s of the 60 s delay before the tribune (First 60 s late there); Third, the last not "
        "yet stepped off, stays 14 s late.")


def test_the_json_gives_the_new_and_published_step_off():
    plan, found = replanned(passing("first", "start", START_S + 60))
    second = replan_json(plan, found)["rows"][0]
    assert (second["step_off"], second["published_step_off"]) == (
        "2025-05-07T09:55:03.3+05:00", "2025-05-07T09:54:26.3+05:00")


# --- the route -------------------------------------------------------------------------------------------

PARADE = """\
name: Three blocks
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
  min_gap_m: 10
  long_gap_s: 60
ground:
  - {id: first, kind: foot, ranks: 4, files: 3, pace_m: 0.75, cadence_spm: 120, rank_spacing_m: 1.5}
  - {id: second, kind: foot, ranks: 4, files: 3, pace_m: 0.75, cadence_spm: 120, rank_spacing_m: 1.5, gap_before_s: 30}
  - {id: third, kind: foot, ranks: 4, files: 3, pace_m: 0.75, cadence_spm: 120, rank_spacing_m: 1.5, gap_before_s: 30}
"""


def started(tmp_path) -> tuple[Client, str]:
    client = open_workspace(tmp_path)
    scenario_id = imported(client, PARADE)
    assert client.post(f"/api/scenarios/{scenario_id}/live", json={"version": 1}).status_code == 201
    return client, f"/api/scenarios/{scenario_id}/live"


def test_the_route_has_nothing_to_replan_before_a_record(tmp_path):
    client, live = started(tmp_path)
    assert client.get(live + "/replan").json() == {"seq": 0, "replan": None}


def test_the_route_replans_after_a_late_step_off(tmp_path):
    client, live = started(tmp_path)
    body = {"id": "r1", "element": "first", "point": "start", "edge": "head", "time": "2025-05-07T09:54:53.3+05:00"}
    assert client.post(live + "/events", json=body).status_code == 201
    shown = client.get(live + "/replan").json()
    assert (shown["seq"], [r["step_off"] for r in shown["replan"]["rows"]]) == (
        1, ["2025-05-07T09:55:03.3+05:00", "2025-05-07T09:55:13.3+05:00"])
