"""Properties of the fit over random parades (test_properties.py's): the program's road-gap rows are the planner's
own check, so a fit the program finds is never refused for a gap the planner reports, and a fitted duration is the
goal to within half a second (whole-second gaps)."""

from __future__ import annotations

import json

from hypothesis import event, given, settings
from hypothesis import strategies as st
from test_properties import parades, parades_with_clean_gaps

from paradeplan import make_plan, parse_scenario
from paradeplan.fit.solve import Fitted, fit
from paradeplan.model.fit import FitGoals

NEW_GAP_FINDING = "the fit would bring a finding the plan did not have: "


def span_s(plan) -> float | None:
    summary = plan.summary()
    if summary.first_at_anchor_s is None or summary.last_clear_of_anchor_s is None:
        return None
    return summary.last_clear_of_anchor_s - summary.first_at_anchor_s


@settings(max_examples=60, deadline=None)
@given(st.one_of(parades_with_clean_gaps(), parades()), st.floats(0.5, 1.6), st.booleans())
def test_a_fit_meets_its_duration_and_never_closes_a_gap_the_planner_would_report(data, factor, speeds):
    scenario = parse_scenario(json.dumps(data))
    before = make_plan(scenario)
    written_s = span_s(before)
    if written_s is None or written_s < 1:
        event("not checked: nothing passes the anchor")
        return
    goal_s = round(written_s * factor)
    result = fit(scenario, FitGoals(duration=goal_s, speeds=speeds), before)
    if not isinstance(result, Fitted):
        event("explained: " + result.problems[0].split(":")[0][:40])
        assert not any(p.startswith(NEW_GAP_FINDING) and "comes within" in p for p in result.problems), result.problems
        return
    event("fitted")
    assert abs(span_s(result.plan) - goal_s) <= 0.5 + 1e-6
