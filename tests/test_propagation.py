"""Delay propagation, worked by hand: each element's own delay, and when it really passes each point.

conftest's avenue: start 0 m, tribune 1,000 m, turn-off 1,200 m, release 2,000 m; min_gap_m 10;
the blocks march at 1.5 m/s and are 4.5 m long (3 s pass time).
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import FOOT, VEHICLES, element, plan_of

from paradeplan.plan.propagation import column, propagate

SLOW_GATE = {"from_m": 400, "to_m": 600, "max_speed_kmh": 4.0}


def three_blocks(**changes):
    """Gaps at the tribune: 10 s (15 m of road) then 8 s (12 m)."""
    return plan_of(element(FOOT, id="first"), element(FOOT, id="second", gap_before_s=10),
                   element(FOOT, id="third", gap_before_s=8), **changes)


def once(plan, delay_s=None, speed_mps=None):
    """One run: these step-off delays (default none) and speeds (default as planned)."""
    col = column(plan)
    delay = np.zeros(len(col.ids)) if delay_s is None else np.asarray(delay_s, dtype=float)
    speed = col.speed_mps if speed_mps is None else np.asarray(speed_mps, dtype=float)
    return col, propagate(col, delay[None, :], speed[None, :])


def test_no_delay_gives_the_plan_at_every_point_even_through_a_slow_gate():
    plan = plan_of(FOOT, element(FOOT, id="second"), element(VEHICLES, leaves_at="turn-off", gap_before_s=200),
                   route={"stretches": [SLOW_GATE]})
    col, run = once(plan)
    assert np.nanmax(np.abs(run.late_s(col.planned_s))) < 1e-9


def test_an_element_passes_only_the_points_between_where_it_joins_and_leaves():
    # the vehicles leave at the turn-off: no time at the release point
    plan = plan_of(FOOT, element(VEHICLES, leaves_at="turn-off", gap_before_s=60))
    col, run = once(plan)
    assert np.isnan(run.head_s[0, 1, col.point_names.index("release")])


def test_a_late_leader_holds_its_follower_at_every_point_after():
    # 'first' 10 s late; 'second' has 5 m (3.33 s) spare over the 10 m minimum: 6.67 s late everywhere
    col, run = once(three_blocks(), delay_s=[10, 0, 0])
    assert run.late_s(col.planned_s)[0, 1] == pytest.approx([6.6667] * 4, abs=1e-3)


def test_the_hold_passes_down_the_column_less_each_gaps_spare():
    # 'third' has 2 m (1.33 s) spare behind 'second': 6.67 - 1.33 = 5.33 s late at the tribune
    col, run = once(three_blocks(), delay_s=[10, 0, 0])
    assert run.late_s(col.planned_s)[0, 2, col.point_names.index("tribune")] == pytest.approx(5.3333, abs=1e-3)


def test_the_follower_that_was_held_is_marked():
    _, run = once(three_blocks(), delay_s=[10, 0, 0])
    assert run.held[0].tolist() == [True, True]


def test_an_early_follower_may_not_close_on_its_leader():
    # 'second' steps off 10 s early: it may use its 3.33 s of spare and no more
    col, run = once(three_blocks(), delay_s=[0, -10, 0])
    assert run.late_s(col.planned_s)[0, 1, col.point_names.index("tribune")] == pytest.approx(-3.3333, abs=1e-3)


def test_completion_is_the_last_tail_clear_of_its_leave_point():
    # 'third' 20 s late and nobody behind it: its tail clears the release point 20 s after the plan
    plan = three_blocks()
    _, run = once(plan, delay_s=[0, 0, 20])
    assert run.finish_s[0] - plan.summary().completion_s == pytest.approx(20.0)
