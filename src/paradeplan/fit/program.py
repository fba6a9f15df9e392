"""The linear program of a fit, solved with scipy's HiGHS (`scipy.optimize.milp`).

Variables: every element's head time at the anchor h and pace p, each chained element's gap g (previous
tail to this head at the anchor), and the deviations the objective counts. Constraints: the chain
(h_k = h_{k-1} + L_{k-1} p_{k-1} + g_k), the times fixed in the file, the planner's exact road-gap check
(fit/chain.py), gaps no longer than `timing.long_gap_s` unless written longer, paces within their ranges,
and the goal. Objective: keep every gap, speed and moved time as written; the largest change of a gap
counts once per element on top of the sum, so a change is spread over many gaps rather than taken from
a few (a planner shortens every gap a little, not one by two minutes).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

from ..model.fields import seconds_of_day
from ..model.fit import FitGoals
from .chain import Chain, Reach

SPEED_WEIGHT = 2.0  # a second of march time changed by a speed counts as two seconds of gap: gaps change first
FIXED_WEIGHT = 4.0  # x elements: a second an anchor_time moves costs more than a second on every gap
START_WEIGHT = 8.0  # x elements: the parade's start at the anchor (timing.time) moves last of all
SEPARATION_MARGIN_S = 1e-3  # the road-gap rows hold by this much, so the planner's check never sees rounding
DURATION_TOLERANCE_S = 0.45  # whole-second gaps meet a duration to the second; 0.05 s kept for gaps in metres
Expression = dict[int, float]


@dataclass(frozen=True)
class Allowed:
    """What may change in one solve: speeds, the fixed times, and gaps past timing.long_gap_s."""

    speeds: bool
    move_fixed: bool
    long_gaps: bool = False


@dataclass
class Program:
    """One linear program over a chain, built row by row, then solved."""

    chain: Chain
    allowed: Allowed
    paces: Mapping[int, float] | None = None  # paces fixed for the integer stage
    # head times at the anchor held where they are (a live re-plan): a held element is no link of the chain to
    # choose (no gap, no fixed time of its own), and two held elements have no road gap left to keep
    heads: Mapping[int, float] | None = None
    whole_seconds: bool = False
    rows: list[tuple[Expression, float, float]] = field(default_factory=list)

    def __post_init__(self) -> None:
        n = len(self.chain.elements)
        self.held = set(self.heads or {})
        self.chained = [k for k, e in enumerate(self.chain.elements) if e.gap_s is not None and k not in self.held]
        self.n = n
        self.gap_var = {k: 2 * n + i for i, k in enumerate(self.chained)}
        base = 2 * n + len(self.chained)
        self.dev_gap = {k: base + i for i, k in enumerate(self.chained)}
        base += len(self.chained)
        self.dev_pace = {k: base + k for k in range(n)}
        self.dev_head = {k: base + n + k for k in range(n)}
        self.largest = base + 2 * n
        self.size = self.largest + 1
        self._structure()

    def h(self, k: int) -> int:
        return k

    def p(self, k: int) -> int:
        return self.n + k

    def row(self, terms: Expression, low: float, high: float) -> None:
        self.rows.append((terms, low, high))

    def time_at(self, k: int, reach: Reach, *, tail: bool = False) -> tuple[Expression, float]:
        """A head (or tail) time at a distance: (terms, constant)."""
        e = self.chain.elements[k]
        per_pace = reach.per_pace + (e.length_m if tail else 0.0)
        return {self.h(k): 1.0, self.p(k): per_pace}, reach.fixed_s

    def fixed_s(self, k: int) -> float | None:
        """The head time at the anchor the file fixes for element k; None for a chained or held element."""
        return None if k in self.held else self.chain.elements[k].fixed_s

    def first_last(self) -> tuple[int, int]:
        """The first and last elements (in order of march) that pass the anchor."""
        passing = [k for k, e in enumerate(self.chain.elements) if e.passes_anchor]
        return passing[0], passing[-1]

    def _structure(self) -> None:
        elements = self.chain.elements
        for k in self.chained:
            self.row({self.h(k): 1.0, self.h(k - 1): -1.0, self.p(k - 1): -elements[k - 1].length_m,
                      self.gap_var[k]: -1.0}, 0.0, 0.0)
            self.row({self.dev_gap[k]: 1.0, self.gap_var[k]: -1.0}, -elements[k].gap_s, np.inf)  # type: ignore[operator]
            self.row({self.dev_gap[k]: 1.0, self.gap_var[k]: 1.0}, elements[k].gap_s, np.inf)  # type: ignore[arg-type]
            self.row({self.largest: 1.0, self.dev_gap[k]: -1.0}, 0.0, np.inf)
        for k, e in enumerate(elements):
            weight = SPEED_WEIGHT * max(e.leaves_m - e.enters_m, 1.0)
            self.row({self.dev_pace[k]: 1.0, self.p(k): -weight}, -weight * e.pace, np.inf)
            self.row({self.dev_pace[k]: 1.0, self.p(k): weight}, weight * e.pace, np.inf)
            self.row({self.dev_head[k]: 1.0, self.h(k): -1.0}, -e.head_s, np.inf)
            self.row({self.dev_head[k]: 1.0, self.h(k): 1.0}, e.head_s, np.inf)
        for s in self.chain.separations:
            if s.leader in self.held and s.follower in self.held:
                continue
            follower, follower_s = self.time_at(s.follower, s.follower_reach)
            leader, leader_s = self.time_at(s.leader, s.leader_reach, tail=True)
            terms = dict(follower)
            for var, coef in leader.items():
                terms[var] = terms.get(var, 0.0) - coef
            self.row(terms, leader_s - follower_s + SEPARATION_MARGIN_S, np.inf)

    def bounds(self) -> Bounds:
        low, high = np.full(self.size, -np.inf), np.full(self.size, np.inf)
        for k, e in enumerate(self.chain.elements):
            fixed_s = self.fixed_s(k)
            if fixed_s is not None and not self.allowed.move_fixed:
                low[self.h(k)] = high[self.h(k)] = fixed_s
            if self.heads is not None and k in self.heads:
                low[self.h(k)] = high[self.h(k)] = self.heads[k]
            pace_low, pace_high = e.pace_range if self.allowed.speeds else (e.pace, e.pace)
            if self.paces is not None:
                pace_low = pace_high = self.paces.get(k, e.pace)
            low[self.p(k)], high[self.p(k)] = pace_low, pace_high
        for k in self.chained:
            gap_s = self.chain.elements[k].gap_s
            assert gap_s is not None
            low[self.gap_var[k]] = 0.0
            if not self.allowed.long_gaps:
                high[self.gap_var[k]] = max(self.chain.long_gap_s, gap_s)
        low[2 * self.n + len(self.chained):] = 0.0  # the deviations and the largest
        return Bounds(low, high)

    def goal(self, goals: FitGoals) -> None:
        """The slot: a duration at the anchor, a finish at the release point or a window at the anchor."""
        first, last = self.first_last()
        tail = self.chain.elements[last].length_m
        if goals.duration is not None:
            tolerance = DURATION_TOLERANCE_S if self.whole_seconds else 0.0
            self.row({self.h(last): 1.0, self.p(last): tail, self.h(first): -1.0},
                     goals.duration - tolerance, goals.duration + tolerance)
        if goals.finish_by is not None:
            finish_s = seconds_of_day(goals.finish_by)
            for k, e in enumerate(self.chain.elements):
                terms, constant = self.time_at(k, self.chain.reach(k, e.leaves_m), tail=True)
                self.row(terms, -np.inf, finish_s - constant)
        if goals.tribune_window is not None:
            self.row({self.h(first): 1.0}, seconds_of_day(goals.tribune_window.start), np.inf)
            self.row({self.h(last): 1.0, self.p(last): tail}, -np.inf, seconds_of_day(goals.tribune_window.end))

    def solve(self, objective: Expression | None = None, sense: float = 1.0) -> np.ndarray | None:
        """The values of every variable at the optimum; None when the constraints cannot all hold.
        Without an objective, the fit's own: keep everything as written."""
        cost = np.zeros(self.size)
        if objective is None:
            for k in self.chained:
                cost[self.dev_gap[k]] = 1.0
            for k in range(self.n):
                cost[self.dev_pace[k]] = 1.0
                if self.fixed_s(k) is not None:  # a time the file fixes moves only where the gaps cannot do it
                    cost[self.dev_head[k]] = (START_WEIGHT if k == 0 else FIXED_WEIGHT) * self.n
            cost[self.largest] = float(self.n)
        else:
            for var, coef in objective.items():
                cost[var] = sense * coef
        matrix = np.zeros((len(self.rows), self.size))
        low, high = np.empty(len(self.rows)), np.empty(len(self.rows))
        for r, (terms, row_low, row_high) in enumerate(self.rows):
            for var, coef in terms.items():
                matrix[r, var] += coef
            low[r], high[r] = row_low, row_high
        integrality = np.zeros(self.size)
        if self.whole_seconds:
            for k in self.chained:  # a gap written in whole seconds stays whole; one from gap_before_m need not
                gap_s = self.chain.elements[k].gap_s
                if gap_s is not None and abs(gap_s - round(gap_s)) < 1e-6:
                    integrality[self.gap_var[k]] = 1
            if self.allowed.move_fixed:
                for k in range(self.n):
                    if self.fixed_s(k) is not None:
                        integrality[self.h(k)] = 1
        result = milp(cost, constraints=LinearConstraint(matrix, low, high), bounds=self.bounds(),
                      integrality=integrality, options={"time_limit": 30.0})
        return result.x if result.status == 0 and result.x is not None else None
