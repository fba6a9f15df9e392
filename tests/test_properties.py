"""Properties over random parades: the planner never crashes, and heads keep their order when no gap is reported."""

from __future__ import annotations

import json

from conftest import scenario_dict
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from paradeplan import ScenarioError, make_plan, parse_scenario

POINTS = ["start", "tribune", "turn-off", "release"]  # at 0, 1000, 1200 and 2000 m

foot = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["foot", "band", "mounted"]),
        "ranks": st.integers(1, 30),
        "files": st.integers(1, 12),
        "pace_m": st.floats(0.5, 1.8),
        "cadence_spm": st.floats(50, 150),
    }
)
vehicles = st.fixed_dictionaries(
    {
        "kind": st.just("vehicle"),
        "vehicle": st.fixed_dictionaries({"length_m": st.floats(2, 20), "width_m": st.floats(1.5, 4)}),
        "count": st.integers(1, 30),
        "abreast": st.integers(1, 3),
        "spacing_m": st.floats(0, 30),
        "speed_kmh": st.floats(3, 30),
    }
).map(lambda v: {**v, "abreast": min(v["abreast"], v["count"])})
gap = st.one_of(
    st.just({}),
    st.floats(0, 200).map(lambda s: {"gap_before_s": s}),
    st.floats(0, 300).map(lambda m: {"gap_before_m": m}),
)
span = st.tuples(st.integers(0, 3), st.integers(0, 3)).filter(lambda p: p[0] < p[1]).map(
    lambda p: {"enters_at": POINTS[p[0]], "leaves_at": POINTS[p[1]]}
)
stretches = st.lists(
    st.tuples(st.floats(0, 2500), st.floats(20, 400), st.floats(2, 25)).map(
        lambda s: {"from_m": s[0], "to_m": s[0] + s[1], "max_speed_kmh": s[2]}
    ),
    max_size=3,
)


@st.composite
def parades(draw):
    count = draw(st.integers(1, 7))
    ground = [
        {"id": f"e{i}", **draw(st.one_of(foot, vehicles)), **draw(gap), **draw(span)} for i in range(count)
    ]
    return scenario_dict(*ground, route={"stretches": draw(stretches)})


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parades())
def test_heads_keep_their_order_when_no_gap_is_reported(data):
    plan = make_plan(parse_scenario(json.dumps(data)), vehicles={})
    if any(f.code == "gap-too-small" for f in plan.findings):
        return
    for j, follower in enumerate(plan.ground):
        for leader in plan.ground[:j]:
            for point in set(leader.times) & set(follower.times):
                assert follower.times[point][0] >= leader.times[point][1] - 1e-6, (leader.id, follower.id, point)


@settings(max_examples=80, deadline=None)
@given(parades())
def test_every_point_time_follows_the_route_order(data):
    # heads pass the points in route order: time grows with distance
    plan = make_plan(parse_scenario(json.dumps(data)), vehicles={})
    for g in plan.ground:
        heads = [g.times[p][0] for p in POINTS if p in g.times]
        assert heads == sorted(heads)


junk = st.one_of(st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=False), st.text(max_size=5),
                 st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


@settings(max_examples=200, deadline=None)
@given(parades(), st.data())
def test_any_broken_value_plans_or_fails_with_a_located_error(data, draw):
    # replace one value anywhere in a valid parade with junk
    paths = list(_leaf_paths(data))
    path = draw.draw(st.sampled_from(paths))
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = draw.draw(junk)
    try:
        make_plan(parse_scenario(json.dumps(data), filename="random.yaml"), vehicles={})
    except ScenarioError as exc:
        assert exc.problems and all(str(p).startswith("random.yaml") and p.message for p in exc.problems)


def _leaf_paths(node, prefix=()):
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else []
    for key, value in items:
        yield prefix + (key,)
        if isinstance(value, dict | list):
            yield from _leaf_paths(value, prefix + (key,))
