"""What the forecast needs of a plan, worked out once per plan, and one element's forecast.

The gap slacks are the planner's gap check in time: for a follower and each nearest leader on the
stretch they share, the least of (follower head time at x) - (leader tail time at x + min_gap_m).
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..fit.chain import Chain, chain
from ..plan.findings import Finding
from ..plan.ground_checks import leaders_ahead
from ..plan.planner import Plan
from .records import HOLD_EXIT, IP, TRIBUNE, Edge

# run again on the forecast, or replaced by what is: road gaps are kept by the forecast's own rule
TIME_CODES = frozenset({"gap-too-small", "tribune-separation", "loss-of-separation", "air-over-ground"})
BASELINES_KEPT = 8

Times = dict[str, dict[Edge, float]]  # point -> edge -> seconds after midnight


@dataclass(frozen=True)
class ElementForecast:
    """One element's delays, and its planned, recorded and forecast times at each of its points."""

    id: str
    air: bool
    own_delay_s: float  # d
    delay_s: float  # D
    held_by: str | None  # the element ahead whose delay set D, None when D is its own
    furthest: tuple[str, Edge] | None  # the furthest-along record's point and edge
    planned_s: Times
    recorded_s: Times
    forecast_s: Times

    def at(self, point: str, edge: Edge = "head") -> float:
        return self.forecast_s[point][edge]

    def recorded_off_s(self) -> Times:
        """Each record in force less the planned time at its point and edge: late positive."""
        return {point: {edge: time_s - self.planned_s[point][edge] for edge, time_s in edges.items()}
                for point, edges in self.recorded_s.items()}


@dataclass(frozen=True)
class Baseline:
    """What the forecast needs of a plan, worked out once per plan: points, planned times, gap slacks."""

    plan: Plan
    point_m: dict[str, float]
    planned: dict[str, Times]  # ground and air
    pairs: tuple[tuple[int, int, float], ...]  # (leader row, follower row, slack s) by follower
    formation_order: tuple[int, ...]  # formations by planned tribune time
    clear_before: dict[str, tuple[str, ...]]  # formation -> the ground elements planned to clear the tribune first
    names: dict[str, str]  # every element's name as the staff call it (its id when it has none), by id
    static_findings: tuple[Finding, ...]

    @cached_property
    def fit_chain(self) -> Chain:
        """The plan as the fit's linear program sees it (fit/chain.py), for the live re-plan; made when first
        asked, since a day that never re-plans never needs it."""
        return chain(self.plan)

    @classmethod
    def of(cls, plan: Plan) -> Baseline:
        point_m = {p.name: p.at_m for p in plan.geometry.points_in_order()}
        planned: dict[str, Times] = {g.id: {p: {"head": h, "tail": t} for p, (h, t) in g.times.items()}
                                     for g in plan.ground}
        for f in plan.air:
            times: Times = {HOLD_EXIT: {"head": f.hold_exit_s}} if f.hold_exit_s is not None else {}
            planned[f.id] = {**times, IP: {"head": f.ip_s}, TRIBUNE: {"head": f.over_tribune_s}}
        order = tuple(sorted(range(len(plan.air)), key=lambda k: (plan.air[k].over_tribune_s, plan.air[k].index)))
        tribune = plan.tribune
        clear_before = {f.id: tuple(g.id for g in plan.ground
                                    if tribune in g.times and g.times[tribune][1] <= f.over_tribune_s)
                        for f in plan.air}
        names = {g.id: g.name for g in plan.ground} | {f.id: f.name for f in plan.air}
        return cls(plan, point_m, planned, _pairs(plan), order, clear_before, names,
                   tuple(f for f in plan.findings if f.code not in TIME_CODES))


_baselines: OrderedDict[int, Baseline] = OrderedDict()


def baseline(plan: Plan) -> Baseline:
    """Baseline.of(plan), kept for the last few plans (a day re-forecasts one plan on every record)."""
    found = _baselines.get(id(plan))
    if found is None or found.plan is not plan:
        found = _baselines[id(plan)] = Baseline.of(plan)
        while len(_baselines) > BASELINES_KEPT:
            _baselines.popitem(last=False)
    _baselines.move_to_end(id(plan))
    return found


def _pairs(plan: Plan) -> tuple[tuple[int, int, float], ...]:
    """Each follower's nearest leaders and the least time slack over their shared stretch: follower head at x
    minus leader tail at x + min_gap_m, both piecewise linear in x, so exact at the ends and the bends."""
    march, gap_m = plan.march, plan.scenario.timing.min_gap_m
    found = []
    for j, follower in enumerate(plan.ground):
        for leader, shared in leaders_ahead(plan.ground, j):
            slacks = []
            for lo, hi in shared:
                bends = np.concatenate([march.xs_m, march.xs_m - gap_m])
                at_m = np.unique(np.concatenate([[lo, hi], bends[(bends > lo) & (bends < hi)]]))
                head_s = march.head_at(follower.row, at_m)
                tail_s = march.head_at(leader.row, at_m + gap_m) + march.pass_time_s[leader.row]
                slacks.append(float(np.min(head_s - tail_s)))
            if slacks:
                found.append((leader.row, follower.row, min(slacks)))
    return tuple(found)


def ground_clear_of_tribune_s(base: Baseline, elements: dict[str, ElementForecast], formation: str) -> float | None:
    """When the last ground element planned to clear the tribune before the formation clears it, as forecast."""
    tribune = base.plan.tribune
    return max((elements[g].at(tribune, "tail") for g in base.clear_before[formation]), default=None)
