"""Plan Astana (ground, air, findings) in-process, and the `paradeplan plan --json` command end to end.

Target (issue 4): in-process median under 50 ms. The command's wall time includes starting Python
and importing the package; it has no target and is printed for reference.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from _bench import ASTANA, ROOT, median, ms, report, s, wall_times_s

from paradeplan import load_scenario, make_plan

RUNS = 50
COMMAND_RUNS = 5
TARGET_S = 0.050


def main() -> None:
    scenario = load_scenario(ASTANA)
    plan = make_plan(scenario)
    times = wall_times_s(lambda: make_plan(scenario), RUNS)
    report(f"plan Astana in-process, median of {RUNS} ({len(plan.ground)} elements, {len(plan.air)} formations)",
           ms(median(times)), "target < 50 ms", median(times) < TARGET_S)
    report("  fastest / slowest", f"{ms(min(times))} / {ms(max(times))}")
    paradeplan = Path(sys.executable).with_name("paradeplan")
    command = [str(paradeplan), "plan", str(ASTANA.relative_to(ROOT)), "--json"]

    def run_command() -> None:
        subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, check=True)

    times = wall_times_s(run_command, COMMAND_RUNS)
    report(f"`paradeplan plan examples/astana-2025.yaml --json`, median of {COMMAND_RUNS}", s(median(times)))


if __name__ == "__main__":
    main()
