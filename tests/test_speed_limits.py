"""Speed limits on stretches in the plan (issue 4, section 1): the cases test_ground.py leaves out, by hand.

The buk column (conftest VEHICLES) drives 12 km/h = 3.33 m/s; 6 km/h = 1.67 m/s, 4 km/h = 1.11 m/s.
"""

from __future__ import annotations

import pytest
from conftest import FOOT, VEHICLES, element, plan_of

T = 10 * 3600 + 5 * 60  # 10:05:00 at the tribune (1,000 m)


def head(plan, ident: str, point: str) -> float:
    return next(g for g in plan.ground if g.id == ident).times[point][0]


def test_overlapping_limits_take_the_lower():
    # tribune to release: 400 m at 3.33 (120 s), 1,400-1,450 at 1.67 (30 s), 1,450-1,600 at 1.11 (135 s),
    # 400 m at 3.33 (120 s): 405 s
    stretches = [{"from_m": 1400, "to_m": 1500, "max_speed_kmh": 6}, {"from_m": 1450, "to_m": 1600, "max_speed_kmh": 4}]
    plan = plan_of(VEHICLES, route={"stretches": stretches})
    assert head(plan, "buk", "release") - T == pytest.approx(405.0)


def test_gap_in_metres_at_an_anchor_in_a_slow_stretch_is_taken_at_the_limit():
    # the buk passes the tribune at 1.67 m/s: 30 m is 18 s after the guard's tail at 10:05:03, 10:05:21
    plan = plan_of(FOOT, element(VEHICLES, gap_before_m=30),
                   route={"stretches": [{"from_m": 900, "to_m": 1100, "max_speed_kmh": 6}]})
    assert head(plan, "buk", "tribune") - T == pytest.approx(21.0)


def test_an_element_joining_in_a_slow_stretch_is_timed_at_the_limit():
    # tribune to its entry at the turn-off: 100 m at 3.33 (30 s) then 100 m at 1.67 (60 s): 90 s after 10:05:00
    plan = plan_of(element(VEHICLES, enters_at="turn-off"),
                   route={"stretches": [{"from_m": 1100, "to_m": 1300, "max_speed_kmh": 6}]})
    assert head(plan, "buk", "turn-off") - T == pytest.approx(90.0)
