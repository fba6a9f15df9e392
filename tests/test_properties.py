"""Properties over random parades: the planner never crashes, and heads keep their order when no gap is reported.

The order property is checked on parades of two or more elements whose gaps are worked out here
from their speeds, so that no follower can close below min_gap_m anywhere: most examples reach
the assertion instead of returning on a gap finding. `--hypothesis-show-statistics` shows the share.
"""

from __future__ import annotations

import json
from itertools import pairwise

from conftest import BASE, scenario_dict
from hypothesis import event, given, settings
from hypothesis import strategies as st

from paradeplan import ScenarioError, make_plan, parse_scenario

POINTS = ["start", "tribune", "turn-off", "release"]  # at 0, 1000, 1200 and 2000 m
ANCHOR_M = 1000.0
LAST_POINT_M = 2000.0
MIN_GAP_M = float(BASE["timing"]["min_gap_m"])
MAX_ELEMENTS = 7

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
span = st.sampled_from([(a, b) for a in range(len(POINTS)) for b in range(a + 1, len(POINTS))]).map(
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
    """Any parade: one to seven elements with any gaps, closing up or not."""
    count = draw(st.integers(1, MAX_ELEMENTS))
    ground = [
        {"id": f"e{i}", **draw(st.one_of(foot, vehicles)), **draw(gap), **draw(span)} for i in range(count)
    ]
    return scenario_dict(*ground, route={"stretches": draw(stretches)})


def free_speed_mps(element: dict) -> float:
    """Pace x cadence / 60 for a block, the set speed for vehicles."""
    if element["kind"] == "vehicle":
        return element["speed_kmh"] / 3.6
    return element["pace_m"] * element["cadence_spm"] / 60.0


def speed_mps(free_mps: float, limits: list[dict], at_m: float) -> float:
    """The free speed, or the lowest limit of a stretch that holds at_m (its start included)."""
    inside = [s["max_speed_kmh"] / 3.6 for s in limits if s["from_m"] <= at_m < s["to_m"]]
    return min([free_mps, *inside])


def seconds_from_anchor(free_mps: float, limits: list[dict], at_m: float) -> float:
    """Time a head needs from the anchor to at_m (negative before it), slowed on every limited stretch."""
    low, high = sorted((ANCHOR_M, at_m))
    cuts = sorted({low, high, *(b for s in limits for b in (s["from_m"], s["to_m"]) if low < b < high)})
    elapsed_s = sum((b - a) / speed_mps(free_mps, limits, (a + b) / 2) for a, b in pairwise(cuts))
    return elapsed_s if at_m >= ANCHOR_M else -elapsed_s


def clean_gap_s(leader: dict, follower: dict, limits: list[dict]) -> float:
    """The least gap at the anchor, leader's tail to follower's head, that keeps min_gap_m between them everywhere.

    The follower's head reaches x no earlier than the leader's tail reaches x + min_gap_m when the gap is
    at least leader(x + min_gap_m) - follower(x), times counted from the anchor. Both are piecewise linear,
    so the largest difference is at a stretch boundary of either or at an end. The ends reach past the last
    point by one min_gap_m per element, so that every element stays behind every one ahead, not only the next.
    """
    leader_mps, follower_mps = free_speed_mps(leader), free_speed_mps(follower)
    end_m = LAST_POINT_M + MIN_GAP_M * MAX_ELEMENTS
    bends = [b for s in limits for b in (s["from_m"], s["to_m"])]
    candidates = [0.0, end_m, *bends, *(b - MIN_GAP_M for b in bends)]
    return max(
        seconds_from_anchor(leader_mps, limits, x + MIN_GAP_M) - seconds_from_anchor(follower_mps, limits, x)
        for x in candidates
        if 0.0 <= x <= end_m
    )


@st.composite
def parades_with_clean_gaps(draw):
    """Two to seven elements, each following the one before at a gap no speed difference can close."""
    count = draw(st.integers(2, MAX_ELEMENTS))
    limits = draw(stretches)
    ground = [{"id": f"e{i}", **draw(st.one_of(foot, vehicles)), **draw(span)} for i in range(count)]
    for leader, follower in pairwise(ground):
        gap_s = clean_gap_s(leader, follower, limits) + draw(st.floats(0, 30))
        if draw(st.booleans()):
            follower["gap_before_s"] = gap_s
        else:
            follower["gap_before_m"] = gap_s * speed_mps(free_speed_mps(follower), limits, ANCHOR_M)
    return scenario_dict(*ground, route={"stretches": limits})


@settings(max_examples=100, deadline=None)
@given(parades_with_clean_gaps())
def test_heads_keep_their_order_when_no_gap_is_reported(data):
    plan = make_plan(parse_scenario(json.dumps(data)), vehicles={})
    if any(f.code == "gap-too-small" for f in plan.findings):
        event("not checked: a gap is reported")
        return
    event("checked")
    for j, follower in enumerate(plan.ground):
        for leader in plan.ground[:j]:
            for point in set(leader.times) & set(follower.times):
                assert follower.times[point][0] >= leader.times[point][1] - 1e-6, (leader.id, follower.id, point)


@settings(max_examples=40, deadline=None)
@given(parades_with_clean_gaps())
def test_no_gap_is_reported_where_the_gaps_leave_room_at_every_speed(data):
    plan = make_plan(parse_scenario(json.dumps(data)), vehicles={})
    assert [f.message for f in plan.findings if f.code == "gap-too-small"] == []


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
        yield (*prefix, key)
        if isinstance(value, dict | list):
            yield from _leaf_paths(value, (*prefix, key))
