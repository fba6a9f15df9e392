"""Simulate the whole Astana parade at 0.5 s steps: every rank, vehicle and aircraft.

Target (issue 4): under 2 s. Also printed: the ground and air parts, the same ground run stepping
every step (no jumps over quiet steps), writing the trips, and a control-room style re-forecast: the
ground simulated again after the mechanized column steps off 60 s late.
"""

from __future__ import annotations

import dataclasses
import math
import tempfile
from pathlib import Path

import numpy as np
from _bench import ASTANA, median, ms, report, s, wall_times_s

from paradeplan import load_scenario, make_plan
from paradeplan.load.catalogue import vehicle_types
from paradeplan.simulate.air import air_agents, run_air
from paradeplan.simulate.ground import ground_agents, run_ground
from paradeplan.simulate.run import HELD_UP_S, simulate
from paradeplan.simulate.trips import trips
from paradeplan.views.trips import write_parquet, write_trips_json

RUNS = 10
STEP_S = 0.5
TARGET_S = 2.0


def main() -> None:
    plan = make_plan(load_scenario(ASTANA))
    sim = simulate(plan, step_s=STEP_S)
    times = wall_times_s(lambda: simulate(plan, step_s=STEP_S), RUNS)
    agents = sim.ground.agents
    marching = [g for g in agents.elements if g.element.kind != "vehicle"]
    ranks = int(sum(g.element.ranks for g in marching))
    marchers = int(sum(g.element.ranks * g.element.files for g in marching))
    aircraft = sum(f.count for f in plan.air)
    report(f"simulate Astana at {STEP_S} s steps, median of {RUNS}", s(median(times)), "target < 2 s",
           median(times) < TARGET_S)
    report(f"  agents: {ranks} ranks ({marchers:,} marchers), {len(agents) - ranks} vehicles, {aircraft} aircraft", "")
    span_s = sim.ground.end_s - float(agents.entry_s.min())
    report(f"  ground: {sim.ground.steps} steps computed of {math.ceil(span_s / STEP_S):,} in {span_s / 60:.0f} min",
           "")
    report(f"  air: {sim.air.steps:,} steps of its leads", "")

    points = np.array([p.at_m for p in plan.geometry.points_in_order()])
    limits = plan.geometry.speed_limits()
    until_s = max(t for g in plan.ground for _, t in g.times.values()) + HELD_UP_S
    layout = ground_agents(plan, vehicle_types())
    ground_s = median(wall_times_s(lambda: run_ground(layout, points, limits, STEP_S, until_s), RUNS))
    report("  ground alone, median", ms(ground_s))
    wind = plan.scenario.air.wind
    flying = air_agents(plan.air, wind.from_deg, wind.speed_kt)
    air_until_s = max(f.track.times_s[-1] for f in plan.air) + HELD_UP_S
    report("  air alone, median", ms(median(wall_times_s(lambda: run_air(flying, STEP_S, air_until_s), RUNS))))
    every = run_ground(layout, points, limits, STEP_S, until_s, skip_quiet=False)
    every_s = median(wall_times_s(lambda: run_ground(layout, points, limits, STEP_S, until_s, skip_quiet=False), 3))
    report(f"  ground stepping every step ({every.steps:,} steps), median of 3", ms(every_s))

    late = dataclasses.replace(layout, entry_s=np.where(layout.element >= _first_vehicle(layout), layout.entry_s + 60.0,
                                                        layout.entry_s))
    again_s = median(wall_times_s(lambda: run_ground(late, points, limits, STEP_S, until_s + 60.0), RUNS))
    report("re-forecast: the ground again, the column stepping off 60 s late", ms(again_s))

    with tempfile.TemporaryDirectory() as folder:
        started = wall_times_s(lambda: trips(sim), 3)
        paths = trips(sim)
        report(f"trips: {len(paths.ids)} agents, {len(paths.time_s):,} samples, median of 3", ms(median(started)))
        json_path, parquet_path = Path(folder, "trips.json"), Path(folder, "trips.parquet")
        json_s = median(wall_times_s(lambda: write_trips_json(sim, json_path, paths), 3))
        parquet_s = median(wall_times_s(lambda: write_parquet(sim, parquet_path, paths), 3))
        report("  write the JSON trips", ms(json_s))
        report("  write the Parquet trips", ms(parquet_s))
        sizes_kb = (json_path.stat().st_size / 1e3, parquet_path.stat().st_size / 1e3)
        report("  sizes: JSON / Parquet", f"{sizes_kb[0]:,.0f} / {sizes_kb[1]:,.0f} kB")


def _first_vehicle(layout) -> int:
    return next(i for i, g in enumerate(layout.elements) if g.element.kind == "vehicle")


if __name__ == "__main__":
    main()
