"""The order of march as a linear program sees it: every time a linear function of head times and paces.

With the order of march fixed, an element's head reaches distance x at h + a(x) p + b(x), where h is its
head time at the anchor, p its pace (s/m, the inverse of its free speed), a(x) the distance from the anchor
to x it covers at its own speed and b(x) the time it spends on the slower stretches (planner: every part of
an element slows to a stretch's limit). That is linear in (h, p) as long as the pace stays on the same side
of every stretch's limit pace, so a fitted speed never crosses a stretch's limit (docs/fit.md). The tail
passes every point L p after the head.

The road gap is the planner's exact check as constraints: where the follower's head reaches x, the leader's
tail must already have passed x + min_gap_m. Both sides are piecewise linear in x with bends only at stretch
boundaries, so asking it at the ends of the shared stretch and at every boundary (and boundary less the
minimum gap) between them is exact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..model.fields import seconds_of_day
from ..model.scenario import MarchingBlock
from ..model.units import kmh_to_mps
from ..plan.ground import FAR_M, GroundPlan, SpeedField
from ..plan.ground_checks import leaders_ahead
from ..plan.planner import Plan

MIN_VEHICLE_KMH = 5.0  # a column slower than this does not drive steadily (walking pace)


@dataclass(frozen=True)
class Reach:
    """Where an element's head is at x: h + per_pace * p + fixed_s, seconds after local midnight."""

    per_pace: float  # m covered at the element's own speed between the anchor and x (negative before it)
    fixed_s: float  # s spent on limited stretches between the anchor and x


@dataclass(frozen=True)
class Element:
    """One ground element as the program sees it: what may change, and what it was."""

    id: str
    name: str
    index: int  # in the scenario's ground list
    length_m: float
    pace: float  # s/m as written
    pace_range: tuple[float, float]  # the paces it may take (the written one when its speed may not change)
    speed_field: str | None  # "cadence_spm" or "speed_kmh": what a changed speed is written as
    pace_m: float  # a marching block's pace length, m (0 for vehicles)
    head_s: float  # head at the anchor as planned
    gap_s: float | None  # planned gap after the element before, at the anchor; None: first, or a fixed time
    fixed_s: float | None  # a head time at the anchor set in the file (timing.time for the first, anchor_time)
    passes_anchor: bool
    enters_m: float
    leaves_m: float
    gap_key: str | None  # "gap_before_s", "gap_before_m" or None: how its gap is written

    def reach(self, breaks_m: np.ndarray, limits_mps: np.ndarray, at_m: float, anchor_m: float) -> Reach:
        """The head's time at `at_m` as a linear function of (h, p), in this element's regime of limits."""
        there, here = _split(breaks_m, limits_mps, at_m, self.pace), _split(breaks_m, limits_mps, anchor_m, self.pace)
        return Reach(there[0] - here[0], there[1] - here[1])


@dataclass(frozen=True)
class Separation:
    """follower's head at x no earlier than the leader's tail at x + min gap:
    h_f + a_f p_f + b_f >= h_l + (a_l + L_l) p_l + b_l, at one distance x."""

    leader: int
    follower: int
    at_m: float
    follower_reach: Reach
    leader_reach: Reach  # at x + min_gap_m


@dataclass(frozen=True)
class Chain:
    """The whole ground segment for the program."""

    elements: list[Element]
    anchor_m: float
    breaks_m: np.ndarray
    limits_mps: np.ndarray
    separations: list[Separation]
    long_gap_s: float

    def reach(self, k: int, at_m: float) -> Reach:
        return self.elements[k].reach(self.breaks_m, self.limits_mps, at_m, self.anchor_m)

    def speed_at_anchor_mps(self, pace: float) -> float:
        """An element's speed at the anchor at this pace (a stretch there may slow it): how a gap written in
        metres becomes seconds (planner: gap_before_m / speed at the anchor)."""
        field = SpeedField.build(np.array([1.0 / pace]), self.breaks_m, self.limits_mps)
        return float(field.speed_at(self.anchor_m)[0])


def _split(breaks_m: np.ndarray, limits_mps: np.ndarray, at_m: float, pace: float) -> tuple[float, float]:
    """(m at own speed, s on limited stretches) between distance 0 and at_m (negative before 0), at this pace."""
    xs = np.concatenate([[breaks_m[0] - FAR_M], breaks_m, [breaks_m[-1] + FAR_M]])
    limits = np.concatenate([[np.inf], limits_mps, [np.inf]])
    lo, hi = (0.0, at_m) if at_m >= 0 else (at_m, 0.0)
    overlap = np.clip(np.minimum(xs[1:], hi) - np.maximum(xs[:-1], lo), 0.0, None)
    sign = 1.0 if at_m >= 0 else -1.0
    limited = 1.0 / limits > pace  # the limit is slower than the element: it slows to the limit there
    return sign * float(overlap[~limited].sum()), sign * float((overlap[limited] / limits[limited]).sum())


def regime(limits_mps: np.ndarray, pace: float) -> tuple[float, float]:
    """The paces on the same side of every stretch's limit pace as `pace` (s/m): (lowest, highest)."""
    limit_paces = [1.0 / v for v in limits_mps if math.isfinite(v)]
    low = max((q for q in limit_paces if q <= pace), default=0.0)
    high = min((q for q in limit_paces if q > pace), default=math.inf)
    return low, high


def _pace_range(g: GroundPlan, limits_mps: np.ndarray, speeds: bool, cadence_spm: tuple[float, float]
                ) -> tuple[tuple[float, float], str | None, float]:
    """The paces an element may take when speeds may change, within its regime; (range, field, pace length)."""
    pace = 1.0 / g.shape.speed_mps
    element = g.element
    if isinstance(element, MarchingBlock):
        if not speeds or element.kind == "mounted":  # horses keep their gait
            return (pace, pace), None, element.pace_m
        fastest = element.pace_m * cadence_spm[1] / 60.0
        slowest = element.pace_m * cadence_spm[0] / 60.0
        field, pace_m = "cadence_spm", element.pace_m
    else:
        if not speeds:
            return (pace, pace), None, 0.0
        fastest = g.shape.max_speed_mps if g.shape.max_speed_mps is not None else g.shape.speed_mps
        slowest = min(kmh_to_mps(MIN_VEHICLE_KMH), g.shape.speed_mps)
        field, pace_m = "speed_kmh", 0.0
    low, high = regime(limits_mps, pace)
    # the written speed always stays allowed, even outside the range (a block written at 130 may only slow)
    return (max(low, min(1.0 / fastest, pace)), min(high, max(1.0 / slowest, pace))), field, pace_m


def chain(plan: Plan, *, speeds: bool = False, cadence_spm: tuple[float, float] = (110.0, 120.0)) -> Chain:
    """The plan's ground segment as linear pieces: elements, their ranges and every road-gap constraint."""
    timing = plan.scenario.timing
    anchor_m = plan.geometry.points[timing.anchor].at_m
    breaks_m, limits_mps = plan.geometry.speed_limits()
    elements = []
    for row, g in enumerate(plan.ground):
        element = g.element
        pace_range, field, pace_m = _pace_range(g, limits_mps, speeds, cadence_spm)
        fixed = (seconds_of_day(element.anchor_time) if element.anchor_time
                 else seconds_of_day(timing.time) if row == 0 else None)
        gap_key = ("gap_before_s" if element.gap_before_s is not None
                   else "gap_before_m" if element.gap_before_m is not None else None)
        elements.append(Element(
            id=g.id, name=g.name, index=g.index, length_m=g.shape.length_m, pace=1.0 / g.shape.speed_mps,
            pace_range=pace_range, speed_field=field, pace_m=pace_m, head_s=g.head_at_anchor_s,
            gap_s=None if fixed is not None else g.gap_s, fixed_s=fixed,
            passes_anchor=timing.anchor in g.times, enters_m=g.enters_m, leaves_m=g.leaves_m, gap_key=gap_key))
    separations = []
    for j in range(len(plan.ground)):
        for leader, shared in leaders_ahead(plan.ground, j):
            for lo, hi in shared:
                for at_m in _candidates(breaks_m, lo, hi, timing.min_gap_m):
                    separations.append(Separation(
                        leader.row, j, at_m, elements[j].reach(breaks_m, limits_mps, at_m, anchor_m),
                        elements[leader.row].reach(breaks_m, limits_mps, at_m + timing.min_gap_m, anchor_m)))
    return Chain(elements, anchor_m, breaks_m, limits_mps, separations, timing.long_gap_s)


def _candidates(breaks_m: np.ndarray, lo: float, hi: float, min_gap_m: float) -> list[float]:
    """The distances where the road gap over [lo, hi] can be least: its ends and the stretch boundaries."""
    inside = [float(x) for x in np.concatenate([breaks_m, breaks_m - min_gap_m]) if lo < x < hi]
    return sorted({lo, hi, *inside})
