"""`fit`, the auto-timing: small parades worked by hand, then Astana fitted and checked clean.

Three blocks: 5 ranks of 4 at 120 paces of 0.75 m, 1.5 m/s, 6 m long, so each passes a point in 4 s; the
tribune 1,000 m down a 2,000 m route; gaps of 30 s; the minimum road gap 10 m is 6.7 s at 1.5 m/s.
As written: 4 + 30 + 4 + 30 + 4 = 72 s from the first head to the last tail at the tribune.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from paradeplan.fit.solve import Fitted, Unfit, fit
from paradeplan.load.edit import with_values
from paradeplan.load.scenario import load_scenario, parse_scenario
from paradeplan.model.fit import FitGoals, parse_duration_s
from paradeplan.plan.planner import make_plan

ROOT = Path(__file__).resolve().parents[1]
ASTANA = ROOT / "examples" / "astana-2025.yaml"

BLOCKS = """\
# three blocks and a tribune: every comment must survive a fit
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
  time: "10:00:00"
ground:
  - {id: first, kind: foot, ranks: 5, files: 4}
  - {id: second, kind: foot, ranks: 5, files: 4, gap_before_s: 30}   # the planner's gap
  - {id: third, kind: foot, ranks: 5, files: 4, gap_before_s: 30}
"""

# Three single vehicles, 10 m long at 9 km/h (2.5 m/s): each passes a point in 4 s; the 10 m road gap is 4 s.
COLUMNS = BLOCKS.replace("""\
  - {id: first, kind: foot, ranks: 5, files: 4}
  - {id: second, kind: foot, ranks: 5, files: 4, gap_before_s: 30}   # the planner's gap
  - {id: third, kind: foot, ranks: 5, files: 4, gap_before_s: 30}
""", """\
  - {id: first, kind: vehicle, vehicle: {length_m: 10, width_m: 3, max_parade_speed_kmh: 18}, count: 1, speed_kmh: 9}
  - {id: second, kind: vehicle, vehicle: {length_m: 10, width_m: 3, max_parade_speed_kmh: 18}, count: 1,
     speed_kmh: 9, gap_before_s: 30}
  - {id: third, kind: vehicle, vehicle: {length_m: 10, width_m: 3, max_parade_speed_kmh: 18}, count: 1,
     speed_kmh: 9, gap_before_s: 30}
""")

AIR = """\
air:
  over_ground: forbidden
  formations:
    - id: falcons
      aircraft: {category: fixed-wing, min_kt: 100, max_kt: 350}
      tas_kt: 200
      altitude_ft: 1000
      over_tribune: "10:40:00"
      run_in: {heading_deg: 0, ip_distance_km: 20}
"""


def fitted(text: str, **goals) -> Fitted | Unfit:
    return fit(parse_scenario(text), FitGoals.model_validate(goals))


def gaps(result: Fitted) -> list[float]:
    return [g.gap_s for g in result.plan.ground[1:]]


def span_s(result: Fitted) -> float:
    summary = result.plan.summary()
    return summary.last_clear_of_anchor_s - summary.first_at_anchor_s


@pytest.mark.parametrize(("text", "seconds"), [("90s", 90), ("26m", 1560), ("1h5m", 3900), ("24m30s", 1470),
                                               ("24:30", 1470), (75, 75)])
def test_durations_are_read_as_a_planner_writes_them(text, seconds):
    assert parse_duration_s(text) == seconds


def test_a_duration_goal_shortens_the_gaps_evenly():
    # 60 s asked of 72: 12 s to take out of two 30 s gaps, 6 s each: 4 + 24 + 4 + 24 + 4 = 60
    assert gaps(fitted(BLOCKS, duration="60s")) == [24.0, 24.0]


def test_the_fitted_duration_is_the_goal():
    assert span_s(fitted(BLOCKS, duration="60s")) == pytest.approx(60.0)


def test_a_duration_longer_than_written_lengthens_the_gaps():
    # 90 s: 18 s more over two gaps, 39 s each
    assert gaps(fitted(BLOCKS, duration="90s")) == [39.0, 39.0]


def test_a_duration_shorter_than_possible_says_the_shortest():
    # every gap at its 10 m minimum: 10 / 1.5 = 6.7 s; 3 x 4 + 2 x 6.7 = 25.3 s, shown as 25 s
    result = fitted(BLOCKS, duration="20s")
    assert result.problems[0] == ("A duration of 20 s at tribune is shorter than possible: the shortest possible "
                                  "duration with every gap at its minimum at the written speeds is 25 s.")


def test_gaps_never_go_below_the_road_gap_minimum():
    # 26 s is just possible: both gaps at 7 s, the whole second above 6.7 s (3 x 4 + 2 x 7 = 26)
    assert gaps(fitted(BLOCKS, duration="26s")) == [7.0, 7.0]


def test_a_finish_gaps_cannot_meet_says_the_earliest_and_that_speeds_would():
    # gaps at the 4 s minimum: the third head at the tribune 4 + 4 + 4 + 4 = 16 s after 10:00:00, at the
    # release point 1,000 m / 2.5 m/s = 400 s later, its tail 4 s after: 10:07:00.0; 10:06:00 asks more
    result = fitted(COLUMNS, finish_by="10:06:00")
    assert result.problems[:2] == [
        "The last tail cannot clear its release point by 10:06:00: the earliest it can is 10:07:00.0, with every "
        "gap at its minimum at the written speeds.",
        "Allowing speeds to change meets it (--speeds: marching blocks at 110-120 paces a minute, vehicles up to "
        "their type's parade maximum)."]


def test_speeds_allowed_meet_a_finish_gaps_cannot():
    result = fitted(COLUMNS, finish_by="10:06:00", speeds=True)
    assert result.plan.summary().completion_s <= 10 * 3600 + 6 * 60


def test_a_fitted_speed_is_written_to_the_tenth_of_a_km_h():
    result = fitted(COLUMNS, finish_by="10:06:00", speeds=True)
    speeds = [e.value for e in result.edits if e.path[-1] == "speed_kmh"]
    assert speeds and all(round(v, 1) == v and 9 < v <= 18 for v in speeds)


def test_a_fitted_cadence_stays_in_the_range_and_whole():
    # a block at 112 paces may go up to 120: 12 paces of 0.75 m at 120 a minute is 1.5 m/s
    slow = BLOCKS.replace("ranks: 5, files: 4}", "ranks: 5, files: 4, cadence_spm: 112}").replace(
        "ranks: 5, files: 4, gap_before_s: 30}", "ranks: 5, files: 4, cadence_spm: 112, gap_before_s: 30}")
    result = fitted(slow, finish_by="10:12:00", speeds=True)
    cadences = [e.value for e in result.edits if e.path[-1] == "cadence_spm"]
    assert cadences and all(isinstance(v, int) and 112 < v <= 120 for v in cadences)


def test_the_flypast_is_lined_up_the_asked_time_after_the_last_ground_tail():
    # the third block's tail clears the tribune at 10:00:00 + 72 s = 10:01:12.0; the falcons 30 s later
    result = fitted(BLOCKS + AIR, flypast_after_ground="30s")
    assert result.plan.air[0].over_tribune_s == pytest.approx(10 * 3600 + 72 + 30)


def test_the_flypast_keeps_its_place_after_a_fitted_ground_segment():
    # as written the falcons cross 10:40:00 - 10:01:12 = 38 min 48 s after the last tail; shortening the ground
    # by 12 s brings them 12 s earlier
    result = fitted(BLOCKS + AIR, duration="60s")
    assert result.air_shift_s == pytest.approx(-12.0)


def test_a_flypast_closer_than_the_parade_allows_is_refused():
    text = BLOCKS + AIR.replace("over_ground: forbidden", "over_ground: forbidden\n  ground_clear_s: 60")
    assert fitted(text, flypast_after_ground="30s").problems == [
        "a flypast 30 s after the ground is less than air.ground_clear_s (60 s), the least this parade allows between "
        "the last ground tail and a formation over the tribune"]


def test_no_goal_is_said_so():
    assert fitted(BLOCKS).problems[0].startswith("no goal to fit")


def test_the_written_text_keeps_every_comment():
    result = fitted(BLOCKS, duration="60s")
    revised = with_values(BLOCKS, [(e.path, e.value) for e in result.edits])
    comments = [line.split("#", 1)[1] for line in BLOCKS.splitlines() if "#" in line]
    assert all(comment in revised for comment in comments)


def test_the_written_text_plans_as_the_fit_did():
    result = fitted(BLOCKS, duration="60s")
    revised = with_values(BLOCKS, [(e.path, e.value) for e in result.edits])
    assert make_plan(parse_scenario(revised)).summary() == result.plan.summary()


def test_a_fixed_first_time_moves_only_when_allowed():
    # the window opens at 10:00:30: the first head is fixed at 10:00:00 unless fixed times may move
    kept = fitted(BLOCKS, tribune_window="10:00:30-10:05:00")
    moved = fitted(BLOCKS, tribune_window="10:00:30-10:05:00", move_fixed=True)
    assert (kept.problems[0].startswith("The first head is fixed at tribune at 10:00:00.0"),
            moved.plan.summary().first_at_anchor_s) == (True, 10 * 3600 + 30)


@pytest.mark.parametrize("minutes", [24, 30])
def test_astana_fitted_to_its_slot_checks_clean(minutes):
    result = fit(load_scenario(ASTANA), FitGoals(duration=minutes * 60))
    revised = with_values(ASTANA.read_text(encoding="utf-8"), [(e.path, e.value) for e in result.edits])
    plan = make_plan(parse_scenario(revised))
    assert (plan.findings, round(plan.summary().last_clear_of_anchor_s - plan.summary().first_at_anchor_s)) == (
        [], minutes * 60)


def test_astanas_fit_keeps_every_comment_line():
    text = ASTANA.read_text(encoding="utf-8")
    result = fit(load_scenario(ASTANA), FitGoals(duration=24 * 60))
    revised = with_values(text, [(e.path, e.value) for e in result.edits]).splitlines()
    assert [line for line in text.splitlines() if line.lstrip().startswith("#") and line not in revised] == []
