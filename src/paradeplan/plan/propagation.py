"""Delay propagation: given each element's own delay, when it really passes each point behind the ones ahead.

One rule, used by the rehearsal (thousands of runs at once) and by the live forecast (one run from
what has happened). Each element steps off where it joins at its planned time plus its own delay,
and keeps one speed (slowed on stretches with a speed limit, as in the plan). Free, its head
reaches distance x at elapsed(x) + offset. A follower cannot run into its leader: its head reaches
x no earlier than the leader's tail reaches x + min_gap_m, and once let go it goes on at its own
speed, so

    head(x) = elapsed(x) + max(free offset, max over x' <= x of [leader's tail(x' + min_gap_m) - elapsed(x')])

a running maximum along the route. It is evaluated on one grid of distances (every named point,
stretch boundary, join and leave point, each also min_gap_m earlier, and every GRID_STEP_M
between) for all runs at once, element by element down the order of march, so a late element
holds up every follower whose gap it eats. A follower's leaders are found as the planner's gap
check finds them: the nearest element ahead on every part of the route they share. A follower
"was held" when it had to be held back by that leader: its gap closed to min_gap_m.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .arrays import FloatArray
from .ground import GroundPlan, SpeedField
from .ground_checks import leaders_ahead
from .planner import Plan

GRID_STEP_M = 5.0  # spacing of the distance grid between the points where trajectories bend
HELD_TOLERANCE_S = 1e-6  # a follower delayed less than this by its leader was not held


class Pair(NamedTuple):
    """A leader and a follower on a shared stretch, as grid lookups."""

    leader: int
    follower: int
    first: int  # grid rows first..stop-1: where the follower's head is on the shared stretch
    stop: int
    below: np.ndarray  # for each of those rows, the grid row at or below its distance + min_gap_m
    share: np.ndarray  # how far that distance lies towards the next grid row, 0..1


@dataclass(frozen=True)
class Column:
    """The ground elements in order of march, their planned values and the grid delays are propagated on.

    Small and picklable: the rehearsal sends it to worker processes.
    """

    ids: tuple[str, ...]
    names: tuple[str, ...]
    speed_mps: np.ndarray  # (N,) planned free speed
    length_m: np.ndarray  # (N,)
    step_off_s: np.ndarray  # (N,) planned head time where each joins
    point_names: tuple[str, ...]  # named points in route order
    planned_s: np.ndarray  # (N, P) planned head time at each named point; NaN where the element does not pass it
    breaks_m: np.ndarray
    limits_mps: np.ndarray
    grid_m: np.ndarray  # (G,)
    point_row: np.ndarray  # (P,) grid row of each named point; -1 for one no element reaches
    enters_row: np.ndarray  # (N,) grid row of each join point: the first row computed for the element
    leaves_row: np.ndarray  # (N,) grid row of each leave point
    stop_row: np.ndarray  # (N,) one past the last row computed: its leave point, or what its followers look up
    pairs: tuple[Pair, ...]  # ordered by follower
    planned_step_off_s: float
    planned_finish_s: float


def column(plan: Plan) -> Column:
    """The plan's ground elements as a Column."""
    ground, march = plan.ground, plan.march
    gap_m = plan.scenario.timing.min_gap_m
    breaks_m, limits_mps = plan.geometry.speed_limits()
    points = plan.geometry.points_in_order()
    point_m = np.array([p.at_m for p in points])
    enters = np.array([g.enters_m for g in ground])
    leaves = np.array([g.leaves_m for g in ground])
    anchor_m = plan.geometry.points[plan.anchor].at_m
    bends = np.concatenate([enters, leaves, [anchor_m], point_m, breaks_m])
    low, high = enters.min(initial=anchor_m), leaves.max(initial=anchor_m) + gap_m
    grid = np.concatenate([bends, bends - gap_m, np.arange(low, high, GRID_STEP_M), [high]])
    grid = np.unique(grid[(grid >= low) & (grid <= high)])
    row = {float(x): k for k, x in enumerate(grid)}
    pairs = []
    for j in range(len(ground)):
        for lo, hi, leader in _leaders(ground, j):
            first, stop = row[float(lo)], row[float(hi)] + 1
            ahead = grid[first:stop] + gap_m
            below = np.clip(np.searchsorted(grid, ahead, side="right") - 1, 0, len(grid) - 2)
            share = np.clip((ahead - grid[below]) / (grid[below + 1] - grid[below]), 0.0, 1.0)
            pairs.append(Pair(leader, j, first, stop, below, share))
    leaves_row = np.array([row[float(x)] for x in leaves], dtype=int)
    looked_up = [max((int(p.below.max()) + 1 for p in pairs if p.leader == i), default=0) for i in range(len(ground))]
    planned = np.array([[g.times[p.name][0] if p.name in g.times else np.nan for p in points] for g in ground],
                       dtype=float).reshape(len(ground), len(points))
    summary = plan.summary()
    return Column(
        ids=tuple(g.id for g in ground), names=tuple(g.name for g in ground),
        speed_mps=np.array([g.shape.speed_mps for g in ground]), length_m=np.array([g.shape.length_m for g in ground]),
        step_off_s=np.array([float(march.head_at(g.row, g.enters_m)) for g in ground]),
        point_names=tuple(p.name for p in points), planned_s=planned,
        breaks_m=breaks_m, limits_mps=limits_mps, grid_m=grid,
        point_row=np.array([row.get(float(m), -1) for m in point_m], dtype=int),
        enters_row=np.array([row[float(x)] for x in enters], dtype=int), leaves_row=leaves_row,
        stop_row=np.maximum(leaves_row, looked_up) + 1, pairs=tuple(pairs),
        planned_step_off_s=summary.step_off_s if summary.step_off_s is not None else np.nan,
        planned_finish_s=summary.completion_s if summary.completion_s is not None else np.nan,
    )


def _leaders(ground: Sequence[GroundPlan], j: int) -> list[tuple[float, float, int]]:
    """(from_m, to_m, leader row): the nearest element ahead of element j on each part of its stretch."""
    found: list[tuple[float, float, int]] = []
    for leader, shared in leaders_ahead(ground, j):
        found += [(lo, hi, leader.row) for lo, hi in shared  # a junction point counts, unless a nearer leader has it
                  if hi > lo or not any(a <= lo <= b for a, b, _ in found)]
    return found


class Propagated(NamedTuple):
    """Every element's head at every named point in every run, behind the elements ahead of it."""

    head_s: np.ndarray  # (R, N, P) head time at each named point; NaN where the element does not pass it
    held: np.ndarray  # (R, pairs) the follower of each pair was held back by its leader
    step_off_s: np.ndarray  # (R,) the first head to move
    finish_s: np.ndarray  # (R,) the last tail clear of its leave point: completion

    def late_s(self, planned_s: np.ndarray) -> np.ndarray:
        """(R, N, P) how late each head passes each point against `planned_s` (N, P); early is negative."""
        late_s: FloatArray = self.head_s - planned_s[None, :, :]
        return late_s


def propagate(col: Column, step_off_delay_s: np.ndarray, speed_mps: np.ndarray) -> Propagated:
    """Head times of every element in every run, each held behind its leaders: see the module docstring.

    `step_off_delay_s` and `speed_mps` are (runs, elements): each element's own step-off delay (late
    positive) and speed. Arrays along the route are laid out (grid rows, runs), so the running
    maximum runs down rows.
    """
    runs, count = speed_mps.shape
    pairs = col.pairs
    last_use = {p.leader: p.follower for p in pairs}  # pairs run by follower, so the last one wins
    heads: dict[int, np.ndarray] = {}
    held = np.zeros((runs, len(pairs)), dtype=bool)
    at_points = np.full((runs, count, len(col.point_names)), np.nan)
    step_off = np.full(runs, np.inf)
    finish = np.full(runs, -np.inf)
    pass_time_s = col.length_m / speed_mps
    for i in range(count):
        first = col.enters_row[i]
        field = SpeedField.build(speed_mps[:, i], col.breaks_m, col.limits_mps)
        elapsed = _elapsed_rows(field, col.grid_m[first:col.stop_row[i]])
        free = col.step_off_s[i] + step_off_delay_s[:, i] - elapsed[0]
        earliest = np.full(elapsed.shape, -np.inf)  # least offset each row allows
        earliest[0] = free
        bounds = []
        for k, pair in enumerate(pairs):
            if pair.follower != i:
                continue
            lead = heads[pair.leader]
            below = pair.below - col.enters_row[pair.leader]
            share = pair.share[:, None]
            rows = slice(pair.first - first, pair.stop - first)
            tail_ahead = lead[below] * (1.0 - share) + lead[below + 1] * share + pass_time_s[:, pair.leader]
            bound = tail_ahead - elapsed[rows]
            np.maximum(earliest[rows], bound, out=earliest[rows])
            bounds.append((k, rows, bound))
        offset = np.maximum.accumulate(earliest, axis=0)
        head = elapsed
        head += offset
        for k, rows, bound in bounds:
            binding = (bound >= offset[rows] - HELD_TOLERANCE_S) & (bound > free + HELD_TOLERANCE_S)
            held[:, k] = binding.any(axis=0)
        passes = ~np.isnan(col.planned_s[i])
        at_points[:, i, passes] = head[col.point_row[passes] - first].T
        step_off = np.minimum(step_off, head[0])
        finish = np.maximum(finish, head[col.leaves_row[i] - first] + pass_time_s[:, i])
        if i in last_use:
            heads[i] = head
        for leader in [lead for lead, last in last_use.items() if last == i]:
            del heads[leader]
    return Propagated(at_points, held, step_off, finish)


def _elapsed_rows(field: SpeedField, at_m: np.ndarray) -> np.ndarray:
    """SpeedField.elapsed_at laid out (distances, runs): time from distance 0 at each speed."""
    segment = field.segment(at_m)
    elapsed = np.ascontiguousarray(field.elapsed_s.T)[segment]
    speed_mps = np.ascontiguousarray(field.speed_mps.T)[segment]
    elapsed_s: FloatArray = elapsed + (at_m - field.xs_m[segment])[:, None] / speed_mps
    return elapsed_s
