"""Simulate a plan: the whole parade in motion, step by step, and how far it strays from the plan.

The plan moves every element at constant speeds that change at once at a stretch limit. The
simulation moves every rank, vehicle and aircraft with finite acceleration, car following and the
wind (simulate_ground.py, simulate_air.py), then compares: for each element and each named point
it passes, the simulated head and tail times against the planned ones (for a formation, its lead
at the IP and over the tribune). A difference beyond `timing.sim_tolerance_s` is a `sim-deviation`
warning: the plan holds together on paper, but the parade would not keep it. An element held up so
long that it has not passed a point an hour after the last planned time is an error.

Pure: a plan in, a Simulation out. trips.py turns the trajectories into files.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import Literal

import numpy as np

from ..model.catalogue import VehicleType
from ..model.times import clock
from ..plan.findings import Finding
from ..plan.planner import Plan, catalogue_vehicles
from .air import AirRun, air_agents, run_air
from .ground import GroundRun, ground_agents, run_ground

DEFAULT_STEP_S = 0.5
HELD_UP_S = 3600.0  # the simulation gives up on an element or formation this long after the last planned time
DEFAULT_MAX_STEPS = 200_000  # 27.8 h of parade at 0.5 s steps: a longer span is a typo in a time or a speed


@dataclass(frozen=True, slots=True)
class PointTimes:
    """One element at one named point: planned and simulated head and tail times (NaN: never got there)."""

    element: str
    segment: Literal["ground", "air"]
    point: str
    planned_head_s: float
    simulated_head_s: float
    planned_tail_s: float = math.nan  # NaN for a formation: its times are its lead's
    simulated_tail_s: float = math.nan

    @property
    def head_delta_s(self) -> float:
        return self.simulated_head_s - self.planned_head_s

    @property
    def tail_delta_s(self) -> float:
        return self.simulated_tail_s - self.planned_tail_s

    @property
    def reached(self) -> bool:
        tail_missing = self.segment == "ground" and math.isnan(self.simulated_tail_s)
        return not (math.isnan(self.simulated_head_s) or tail_missing)

    @property
    def worst_delta_s(self) -> float:
        """The larger of the head and tail differences, signed; NaN when it never got there."""
        if not self.reached:
            return math.nan
        if self.segment == "air":
            return self.head_delta_s
        return max(self.head_delta_s, self.tail_delta_s, key=abs)


@dataclass(frozen=True)
class Simulation:
    """A plan simulated: trajectories of every agent, times at every point, and the findings."""

    plan: Plan
    step_s: float
    ground: GroundRun
    air: AirRun
    comparison: list[PointTimes]
    findings: list[Finding]


class SimulationTooLong(ValueError):
    """A simulation past its step limit, refused before it starts; the message gives the figures."""


@dataclass(frozen=True)
class SimulationSize:
    """How much parade a simulation covers, worked out from the plan before anything is laid out."""

    first_s: float  # the first planned step-off or hold exit
    last_s: float  # the last planned tail clear or lead past the tribune
    step_s: float

    @property
    def steps(self) -> int:
        """Time steps from the first planned movement to the last, at most (quiet stretches are skipped)."""
        return max(0, math.ceil((self.last_s - self.first_s) / self.step_s))


def simulation_size(plan: Plan, step_s: float, only: Collection[str] | None = None) -> SimulationSize:
    """The span a simulation of the plan (or of the ids in `only`) steps through."""
    ground = [g for g in plan.ground if only is None or g.id in only]
    air = [f for f in plan.air if only is None or f.id in only]
    times = [t for g in ground for head_tail in g.times.values() for t in head_tail]
    times += [float(t) for f in air for t in (f.track.times_s[0], f.track.times_s[-1])]
    return SimulationSize(min(times, default=0.0), max(times, default=0.0), float(step_s))


def simulate(
    plan: Plan,
    *,
    step_s: float = DEFAULT_STEP_S,
    vehicles: dict[str, VehicleType] | None = None,
    only: Collection[str] | None = None,
    max_steps: int | None = DEFAULT_MAX_STEPS,
    progress: Callable[[float], None] | None = None,
) -> Simulation:
    """Simulate the plan's ground elements and formations (or only those with ids in `only`).

    Refused with SimulationTooLong when the plan spans more than `max_steps` steps (None: no limit);
    `progress` hears the share of the ground's planned span simulated so far, 0 to 1.
    """
    size = simulation_size(plan, step_s, only)
    if max_steps is not None and size.steps > max_steps:
        hours = (size.last_s - size.first_s) / 3600
        raise SimulationTooLong(
            f"the plan spans {hours:,.1f} h: {size.steps:,} steps of {step_s:g} s, more than the limit of "
            f"{max_steps:,} (--max-steps); check the scenario's times and speeds, or give a longer --step "
            "or a higher --max-steps")
    if vehicles is None:
        vehicles = catalogue_vehicles(g.element for g in plan.ground)
    points = plan.geometry.points_in_order()
    agents = ground_agents(plan, vehicles, only)
    last_planned_s = max((tail for g in agents.elements for _, tail in g.times.values()), default=0.0)
    ground = run_ground(agents, np.array([p.at_m for p in points]), plan.geometry.speed_limits(), step_s,
                        last_planned_s + HELD_UP_S, progress=_share_of(size, progress))
    formations = [f for f in plan.air if only is None or f.id in only]
    last_over_s = max((f.track.times_s[-1] for f in formations), default=0.0)
    air = run_air(air_agents(formations, plan.wind.from_deg, plan.wind.speed_kt), step_s, last_over_s + HELD_UP_S)
    comparison = _ground_times(plan, ground) + _air_times(plan, air)
    findings = deviation_findings(plan, comparison, plan.scenario.timing.sim_tolerance_s)
    return Simulation(plan, float(step_s), ground, air, comparison, findings)


def _share_of(size: SimulationSize, progress: Callable[[float], None] | None) -> Callable[[float], None] | None:
    """A callback taking the simulated time of day, reporting the share of the planned span to `progress`."""
    if progress is None:
        return None
    span_s = max(size.last_s - size.first_s, 1e-9)
    report = progress
    return lambda time_s: report(min(1.0, max(0.0, (time_s - size.first_s) / span_s)))


def _ground_times(plan: Plan, run: GroundRun) -> list[PointTimes]:
    names = [p.name for p in plan.geometry.points_in_order()]
    elements = run.agents.elements
    if not elements:
        return []
    starts = np.searchsorted(run.agents.element, np.arange(len(elements)))  # each element's agents are together
    heads = np.fmin.reduceat(run.front_s, starts)  # the first front there; NaN if none got there
    tails = np.maximum.reduceat(run.tail_s, starts)  # NaN if any of its agents did not get there
    rows = []
    for index, g in enumerate(elements):
        for p, name in enumerate(names):
            if name in g.times:
                head, tail = g.times[name]
                rows.append(PointTimes(g.id, "ground", name, head, float(heads[index, p]), tail,
                                       float(tails[index, p])))
    return rows


def _air_times(plan: Plan, run: AirRun) -> list[PointTimes]:
    rows = []
    for i, f in enumerate(run.agents.formations):
        times = f.track.times_s
        marks = ([("ip", f.ip_s)] if f.hold is not None else []) + [(plan.tribune, f.over_tribune_s)]
        for name, planned in marks:
            k = int(np.argmin(np.abs(times - planned)))
            rows.append(PointTimes(f.id, "air", name, planned, float(run.passed_s[i, k])))
    return rows


def deviation_findings(plan: Plan, comparison: list[PointTimes], tolerance_s: float) -> list[Finding]:
    """One finding per element whose simulated times stray beyond the tolerance, at its worst point."""
    paths = {g.id: f"ground[{g.index}]" for g in plan.ground} | {f.id: f"air.formations[{f.index}]" for f in plan.air}
    at_m = {p.name: p.at_m for p in plan.geometry.points_in_order()}
    by_element: dict[str, list[PointTimes]] = {}
    for row in comparison:
        by_element.setdefault(row.element, []).append(row)
    found = []
    for element, rows in by_element.items():
        missed = [r for r in rows if not r.reached]
        if missed:
            first = missed[0]
            why = "something ahead holds it up" if first.segment == "ground" else "its lead never gets there"
            found.append(Finding("error", "sim-deviation",
                f"'{element}' has not passed '{first.point}' (planned {clock(first.planned_head_s)}) in the simulation "
                f"{HELD_UP_S / 3600:g} h after the last planned time: {why}.", (element,),
                at_m=at_m.get(first.point) if first.segment == "ground" else None,
                time_s=first.planned_head_s, path=paths.get(element)))
            continue
        worst = max(rows, key=lambda r: abs(r.worst_delta_s))
        delta = worst.worst_delta_s
        if abs(delta) <= tolerance_s:
            continue
        end = "head" if worst.segment == "air" or abs(worst.head_delta_s) >= abs(worst.tail_delta_s) else "tail"
        planned = worst.planned_head_s if end == "head" else worst.planned_tail_s
        simulated = worst.simulated_head_s if end == "head" else worst.simulated_tail_s
        who = "lead" if worst.segment == "air" else end
        found.append(Finding("warning", "sim-deviation",
            f"'{element}' passes '{worst.point}' {abs(delta):.1f} s {'late' if delta > 0 else 'early'} "
            "in the simulation "
            f"({who} {clock(simulated)} against {clock(planned)} planned), more than timing.sim_tolerance_s "
            f"({tolerance_s:g} s).", (element,), at_m=at_m.get(worst.point) if worst.segment == "ground" else None,
            time_s=planned, path=paths.get(element)))
    return found
