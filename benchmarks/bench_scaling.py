"""How planning and simulating grow with the parade: synthetic parades of 100, 1,000 and 10,000 elements.

Each synthetic parade repeats Astana's order of march (foot column, then the mechanized column) on
Astana's route until it has N elements, chained on gaps: 150 s before each mechanized column (in
place of Astana's fixed serial time) and 600 s before each new foot column, enough that the slow
band does not meet the fast column ahead of it. No air. The figures are medians of 3 runs (one at
10,000); the ratio is to the row above, for ten times the elements.
"""

from __future__ import annotations

import time

from _bench import ASTANA, median, s

from paradeplan import load_scenario, make_plan
from paradeplan.model.scenario import Scenario
from paradeplan.simulate.run import simulate

SIZES = (100, 1_000, 10_000)


def synthetic(astana: Scenario, elements: int) -> Scenario:
    """Astana's ground elements over and over, ids numbered by round, until there are `elements`."""
    order = astana.ground
    ground = []
    for k in range(elements):
        element = order[k % len(order)]
        change = {"id": f"{element.id}-{k // len(order) + 1}", "anchor_time": None}
        if element.anchor_time is not None:
            change["gap_before_s"] = 150.0
        if k and k % len(order) == 0:
            change["gap_before_s"] = 600.0
        ground.append(element.model_copy(update=change))
    return astana.model_copy(update={"ground": ground, "air": None, "name": f"synthetic parade of {elements}"})


def timed(run, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - started)
    return median(times), result


def main() -> None:
    astana = load_scenario(ASTANA)
    make_plan(astana)  # the catalogues load once
    print(f"  {'elements':>9} {'agents':>9} {'parade':>8} {'plan':>10} {'ratio':>6} {'simulate':>10} {'ratio':>6}"
          f" {'steps':>7}")
    previous = None
    for size in SIZES:
        scenario = synthetic(astana, size)
        runs = 1 if size >= 10_000 else 3
        plan_s, plan = timed(lambda scenario=scenario: make_plan(scenario), runs)
        # days of parade: past the default step limit
        sim_s, sim = timed(lambda plan=plan: simulate(plan, max_steps=None), runs)
        agents = sim.ground.agents
        hours = (sim.ground.end_s - float(agents.entry_s.min())) / 3600
        ratios = ("", "") if previous is None else (f"x{plan_s / previous[0]:.1f}", f"x{sim_s / previous[1]:.1f}")
        print(f"  {size:>9,} {len(agents):>9,} {hours:>6.1f} h {s(plan_s):>10} {ratios[0]:>6} {s(sim_s):>10}"
              f" {ratios[1]:>6} {sim.ground.steps:>7,}", flush=True)
        previous = (plan_s, sim_s)


if __name__ == "__main__":
    main()
