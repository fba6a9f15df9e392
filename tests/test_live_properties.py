"""The forecast's rule keeps every road gap, whatever the records: checked with the planner's own gap check
on the forecast march table, for random records on a column that joins, leaves and slows on a stretch."""

from __future__ import annotations

from conftest import FOOT, VEHICLES, element, plan_of
from hypothesis import given, settings
from hypothesis import strategies as st

from paradeplan.live.forecast import forecast, forecast_march
from paradeplan.live.records import Passing
from paradeplan.plan.ground_checks import gap_findings

PLAN = plan_of(element(FOOT, id="first"), element(FOOT, id="second", gap_before_s=10),
               element(VEHICLES, id="cars", leaves_at="turn-off", gap_before_s=20),
               element(FOOT, id="third", enters_at="tribune", gap_before_s=5),
               element(FOOT, id="fourth", gap_before_s=30),
               route={"stretches": [{"from_m": 400, "to_m": 600, "max_speed_kmh": 4.0}]})
PLACES = [(g.id, point, edge) for g in PLAN.ground for point in g.times for edge in ("head", "tail")]


@st.composite
def records(draw) -> list[Passing]:
    chosen = draw(st.lists(st.sampled_from(PLACES), max_size=8))
    found = []
    for n, (element_id, point, edge) in enumerate(chosen):
        head_s, tail_s = PLAN.ground[[g.id for g in PLAN.ground].index(element_id)].times[point]
        off_s = draw(st.floats(-60, 120))
        found.append(Passing(f"r{n}", element_id, point, edge, (head_s if edge == "head" else tail_s) + off_s))
    return found


@settings(max_examples=150, deadline=None)
@given(records())
def test_no_road_gap_on_the_forecast_falls_below_the_minimum(day_records):
    march = forecast_march(PLAN, forecast(PLAN, day_records))
    assert gap_findings(PLAN.ground, march, PLAN.scenario.timing.min_gap_m) == []
