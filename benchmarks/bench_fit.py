"""Astana fitted to its slot: `fit` (both solves, the plan made again, the flypast lined up) for 24 and 30
minutes at the tribune, the same with speeds allowed, and an impossible goal explained.

    python benchmarks/bench_fit.py [--runs 5]

Prints the median wall time of each, and of `paradeplan fit examples/astana-2025.yaml --duration 24m`
end to end in a process of its own. There is no target in the issue; a planner waits for it as for a check.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

from _bench import ASTANA, median, report, s, wall_times_s

from paradeplan.fit.solve import fit
from paradeplan.load.scenario import load_scenario
from paradeplan.model.fit import FitGoals
from paradeplan.plan.planner import make_plan

CASES = [("24 min", FitGoals(duration=24 * 60)), ("30 min", FitGoals(duration=30 * 60)),
         ("20 min, speeds allowed", FitGoals(duration=20 * 60, speeds=True)),
         ("10 min: impossible, explained", FitGoals(duration=10 * 60))]


def command_s() -> float:
    script = Path(sys.executable).with_name("paradeplan")
    command = [str(script)] if script.exists() else [shutil.which("paradeplan") or "paradeplan"]
    started = time.perf_counter()
    subprocess.run([*command, "fit", str(ASTANA), "--duration", "24m"], check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    scenario = load_scenario(ASTANA)
    plan = make_plan(scenario)
    print(f"Astana fitted at the tribune (median of {runs}; the input's plan made once, outside the timing):")
    for name, goals in CASES:
        report(f"fit {name}", s(median(wall_times_s(lambda g=goals: fit(scenario, g, plan), runs))))
    report("paradeplan fit examples/astana-2025.yaml --duration 24m", s(median([command_s() for _ in range(3)])))


if __name__ == "__main__":
    main()
