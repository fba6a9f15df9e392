"""Why a fit cannot be done, in the planner's words: what the goal conflicts with, the closest the fit can
do ("the shortest possible duration with every gap at its minimum is 24 min 10 s"), and what it would take
(speeds allowed, fixed times moved, longer gaps), each found by solving the program again."""

from __future__ import annotations

from ..model.fields import seconds_of_day
from ..model.fit import FitGoals
from ..model.times import clock, duration
from ..plan.planner import Plan
from .chain import Chain
from .program import Allowed, Expression, Program


def explain(plan: Plan, whole: Chain, goals: FitGoals, allowed: Allowed) -> list[str]:
    """One sentence on the goal and the closest it can do, then one per change that would meet it."""
    if Program(whole, allowed).solve() is None:
        sentences = [f"Whatever the goal, no gaps keep every element {plan.scenario.timing.min_gap_m:g} m behind the "
                     "one ahead all along the route (timing.min_gap_m) with no gap over timing.long_gap_s "
                     f"({whole.long_gap_s:g} s){_fixed(allowed)}: see `paradeplan check` for the gaps too small."]
    else:
        sentences = [_closest(plan, whole, goals, allowed)]
    for relaxed, words in _relaxations(plan, goals, allowed):
        program = Program(whole, relaxed, whole_seconds=False)
        program.goal(goals)
        if program.solve() is not None:
            sentences.append(words)
    if len(sentences) == 1:
        sentences.append("Nothing the fit may change meets it.")
    return sentences


def _relaxations(plan: Plan, goals: FitGoals, allowed: Allowed) -> list[tuple[Allowed, str]]:
    low, high = goals.cadence_spm
    found = []
    if not allowed.speeds:
        found.append((Allowed(True, allowed.move_fixed, allowed.long_gaps),
                      f"Allowing speeds to change meets it (--speeds: marching blocks at {low:g}-{high:g} paces a "
                      "minute, vehicles up to their type's parade maximum)."))
    if not allowed.move_fixed:
        found.append((Allowed(allowed.speeds, True, allowed.long_gaps),
                      "Letting the fixed times move meets it (--move-fixed: timing.time and every anchor_time)."))
    found.append((Allowed(allowed.speeds, allowed.move_fixed, True),
                  f"Gaps longer than timing.long_gap_s ({plan.scenario.timing.long_gap_s:g} s) would meet it: raise "
                  "it if the audience may see an empty road that long."))
    return found


def _clause(allowed: Allowed) -> str:
    return " and every element at its fastest allowed speed" if allowed.speeds else " at the written speeds"


def _closest(plan: Plan, whole: Chain, goals: FitGoals, allowed: Allowed) -> str:
    """What the goal conflicts with, and the nearest value the fit can reach."""
    program = Program(whole, allowed)
    first, last = program.first_last()
    tail_m = whole.elements[last].length_m
    anchor = plan.geometry.points[plan.anchor].label
    span: Expression = {program.h(last): 1.0, program.p(last): tail_m, program.h(first): -1.0}
    if goals.duration is not None:
        shortest, longest = _optimum(program, span, 1.0), _optimum(program, span, -1.0)
        asked = duration(goals.duration)
        if shortest is not None and goals.duration < shortest:
            return (f"A duration of {asked} at {anchor} is shorter than possible: the shortest possible duration "
                    f"with every gap at its minimum{_clause(allowed)} is {duration(shortest)}.")
        if longest is not None:
            return (f"A duration of {asked} at {anchor} is longer than possible: the longest possible duration "
                    f"with no gap over timing.long_gap_s ({whole.long_gap_s:g} s){_fixed(allowed)} is "
                    f"{duration(longest)}.")
        return f"A duration of {asked} at {anchor} cannot be met{_fixed(allowed)}."
    if goals.finish_by is not None:
        last_out = max(range(len(plan.ground)), key=lambda k: max((t for _, t in plan.ground[k].times.values()),
                                                                  default=float("-inf")))
        terms, constant = program.time_at(last_out, whole.reach(last_out, whole.elements[last_out].leaves_m),
                                          tail=True)
        earliest = _optimum(program, terms, 1.0)
        when = "" if earliest is None else f": the earliest it can is {clock(earliest + constant)}"
        return (f"The last tail cannot clear its release point by {goals.finish_by}{when}, with every gap at its "
                f"minimum{_clause(allowed)}.")
    assert goals.tribune_window is not None
    start_s, end_s = (seconds_of_day(goals.tribune_window.start), seconds_of_day(goals.tribune_window.end))
    fixed = whole.elements[first].fixed_s
    if not allowed.move_fixed and fixed is not None and fixed < start_s:
        return (f"The first head is fixed at {anchor} at {clock(fixed)} (timing.time or its anchor_time), before "
                f"the window opens at {goals.tribune_window.start}.")
    program.row({program.h(first): 1.0}, start_s, float("inf"))
    earliest = _optimum(program, {program.h(last): 1.0, program.p(last): tail_m}, 1.0)
    when = "" if earliest is None else f"; the earliest it can is {clock(earliest)}"
    return (f"The last tail cannot clear {anchor} by {goals.tribune_window.end} "
            f"({clock(end_s)}){when}, with every gap at its minimum{_clause(allowed)}.")


def _fixed(allowed: Allowed) -> str:
    return "" if allowed.move_fixed else " and the fixed times where they are"


def _optimum(program: Program, objective: Expression, sense: float) -> float | None:
    """The least (sense 1) or greatest (sense -1) value of a linear expression the constraints allow."""
    x = program.solve(objective, sense)
    return None if x is None else float(sum(coef * x[var] for var, coef in objective.items()))
