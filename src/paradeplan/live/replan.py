"""The live re-plan: new step-off times and gaps for the elements not yet stepped off (issue 14).

The fit's own linear program (fit/chain.py, fit/program.py), solved on the day: every element that has
stepped off (a record in force; "not yet stepped off" means "no record yet") is held at its forecast head
time at the anchor, and the others are placed as close as they can be to their published head times
there, the sum of their differences the objective. The program keeps what the fit keeps: every road gap
at or above `timing.min_gap_m` wherever two elements share the route (the planner's exact check), every
gap no longer than `timing.long_gap_s` unless written longer, the order of march and every speed as
planned, so a block steps off earlier or later and nothing else changes. Gaps come out in whole seconds,
as a planner reads them out, where they were written so.

With speeds as planned, an element that moves at all moves uniformly, so its step-off time moves by as
much as its head at the anchor. Two elements that have both stepped off are where they are: the rows
between them (their gap, their road gap) are left out (fit/program.py's `heads`), since records are not re-planned.

An element that stepped off is held a whole number of seconds off the plan, the next whole second at or
after its forecast (at most 1 s later): then an element behind it can keep its published time with a
whole-second gap, and the integer program solves in milliseconds. Held at the forecast's fraction
itself, every element behind would inherit that fraction (no whole-second gap gets back to a published
time), and HiGHS took up to half a second to prove which way to round each. The road gap behind a held
element is kept against the later time, so against the forecast too.

What it reads out: for each element not yet stepped off, its new step-off time, the gap before it and
its head at the anchor, each beside the published one and the forecast's; and how much of the delay the
column carries into it (the delay of the element that stepped off last ahead of it) the gaps absorb
before the anchor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..fit.chain import Chain
from ..fit.program import Allowed, Program
from ..plan.planner import Plan
from .baseline import baseline
from .forecast import Forecast

OFF_S = 2.0  # an element that stepped off no more than this off the plan at the anchor asks for no re-plan
MOVED_S = 0.5  # a step-off or gap re-planned by less than this is read out as unchanged


@dataclass(frozen=True)
class ReplanRow:
    """One element not yet stepped off: its step-off, gap before and head at the anchor, re-planned and as
    published; the forecast's (published + its forecast delay) beside them. Seconds after local midnight."""

    id: str
    name: str
    step_off_s: float
    published_step_off_s: float
    forecast_step_off_s: float
    gap_s: float | None  # the previous element's tail to this head at the anchor; None for the first
    planned_gap_s: float | None
    at_anchor_s: float | None  # the head at the anchor; None for an element that does not pass it
    published_at_anchor_s: float | None
    forecast_at_anchor_s: float | None

    @property
    def moved_s(self) -> float:
        """How far the re-plan moves the element from its published times: late positive."""
        return self.step_off_s - self.published_step_off_s

    @property
    def moved(self) -> bool:
        """Whether the re-plan changes its step-off or the gap before it."""
        gap_changed = (self.gap_s is not None and self.planned_gap_s is not None
                       and abs(self.gap_s - self.planned_gap_s) >= MOVED_S)
        return abs(self.moved_s) >= MOVED_S or gap_changed


@dataclass(frozen=True)
class Replan:
    """The re-plan of the elements not yet stepped off, in order of march, and what it absorbs before the anchor."""

    rows: list[ReplanRow]
    anchor: str
    delay_s: float  # the delay the column carries into the elements not yet stepped off (early: negative)
    carried_by: str  # the element that stepped off whose delay that is
    remaining_s: float  # what is left of it at the anchor for the last element not yet stepped off
    whole_seconds: bool  # False when whole-second gaps could not all hold and the gaps are read to the tenth

    @property
    def absorbed_s(self) -> float:
        """How much of the delay the gaps take up before the anchor."""
        return self.delay_s - self.remaining_s


def replan(plan: Plan, day: Forecast) -> Replan | None:
    """The re-plan for the elements not yet stepped off; None when every element has stepped off, when none
    that has is more than OFF_S off the plan at the anchor, or when no re-plan keeps every road gap."""
    whole = baseline(plan).fit_chain
    elements = whole.elements
    delays = [day.elements[e.id].delay_s for e in elements]
    stepped = [day.elements[e.id].furthest is not None for e in elements]
    if all(stepped) or not any(stepped):
        return None
    forecast_head = [e.head_s + float(d) for e, d in zip(elements, delays, strict=True)]
    for k, e in enumerate(elements):
        at = day.elements[e.id].forecast_s.get(plan.anchor)
        if stepped[k] and at is not None:
            forecast_head[k] = float(at["head"])  # a record at the anchor stands for itself
    if all(abs(forecast_head[k] - e.head_s) <= OFF_S for k, e in enumerate(elements) if stepped[k]):
        return None
    # held a whole number of seconds off the plan, the next whole second after the forecast: see the docstring
    heads = {k: e.head_s + math.ceil(forecast_head[k] - e.head_s - 1e-6) for k, e in enumerate(elements) if stepped[k]}
    solved = _solve(whole, heads)
    if solved is None:
        return None
    x, program, whole_seconds = solved
    head = [float(x[program.h(k)]) for k in range(len(elements))]
    rows = [_row(whole, k, head, forecast_head[k]) for k in range(len(elements)) if not stepped[k]]
    first = next(k for k in range(len(elements)) if not stepped[k])
    ahead = [k for k in range(first) if stepped[k]]
    carrier = ahead[-1] if ahead else max(heads, key=lambda k: abs(forecast_head[k] - elements[k].head_s))
    last = rows[-1]
    return Replan(rows, plan.anchor, forecast_head[carrier] - elements[carrier].head_s, elements[carrier].id,
                  last.moved_s, whole_seconds)


def _solve(whole: Chain, heads: dict[int, float]) -> tuple[np.ndarray, Program, bool] | None:
    """Whole-second gaps within timing.long_gap_s; else longer gaps; else gaps to the tenth, as a last try
    (an element not yet stepped off between two that have may have no whole-second gap that fits)."""
    for whole_seconds, long_gaps in ((True, False), (True, True), (False, True)):
        program = Program(whole, Allowed(speeds=False, move_fixed=True, long_gaps=long_gaps), heads=heads,
                          whole_seconds=whole_seconds)
        x = program.solve({program.dev_head[k]: 1.0 for k in range(program.n) if k not in heads})
        if x is not None:
            return x, program, whole_seconds
    return None


def _row(whole: Chain, k: int, head: list[float], forecast_head_s: float) -> ReplanRow:
    e = whole.elements[k]
    reach = whole.reach(k, e.enters_m)
    to_step_off_s = reach.per_pace * e.pace + reach.fixed_s  # from the head at the anchor, at its own pace
    published_s = e.head_s + to_step_off_s
    gap_s = planned_gap_s = None
    if k > 0:
        ahead = whole.elements[k - 1]
        gap_s = head[k] - head[k - 1] - ahead.length_m * ahead.pace
        planned_gap_s = e.head_s - ahead.head_s - ahead.length_m * ahead.pace
    anchor = e.passes_anchor
    return ReplanRow(e.id, e.name, head[k] + to_step_off_s, published_s, forecast_head_s + to_step_off_s,
                     gap_s, planned_gap_s, head[k] if anchor else None, e.head_s if anchor else None,
                     forecast_head_s if anchor else None)
