"""Rehearse Astana, 10,000 runs: in one process, on two worker processes, and the command end to end.

Target (issue 4): under 10 s on this 2-core machine. Each figure is printed with its ratio to the
target (under 1 meets it). The worker-process figure includes spawning the two workers; the
command's includes starting Python, loading and planning the scenario, and printing the JSON.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from _bench import ASTANA, ROOT, median, report, s, wall_times_s

from paradeplan import load_scenario, make_plan
from paradeplan.rehearse.runners import process_runner
from paradeplan.rehearse.runs import in_process, rehearse

RUNS = 10_000
SEED = 0
REPEATS = 3
TARGET_S = 10.0


def main() -> None:
    plan = make_plan(load_scenario(ASTANA))
    report("Astana: ground elements / formations", f"{len(plan.ground)} / {len(plan.air)}")
    for label, runner in (("in one process", in_process), ("on 2 worker processes", process_runner(2))):
        took = median(wall_times_s(lambda runner=runner: rehearse(plan, RUNS, SEED, runner=runner), REPEATS))
        report(f"rehearse Astana {RUNS:,} runs {label}, median of {REPEATS}", s(took),
               f"{took / TARGET_S:.2f} x target 10 s", took < TARGET_S)
    paradeplan = Path(sys.executable).with_name("paradeplan")
    command = [str(paradeplan), "rehearse", str(ASTANA.relative_to(ROOT)), "--runs", str(RUNS), "--seed", str(SEED),
               "--workers", "2", "--json"]
    took = median(wall_times_s(lambda: subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, check=True), 1))
    report(f"`paradeplan rehearse ... --runs {RUNS} --workers 2 --json`", s(took),
           f"{took / TARGET_S:.2f} x target 10 s", took < TARGET_S)

if __name__ == "__main__":
    main()
