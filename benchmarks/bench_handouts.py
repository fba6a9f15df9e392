"""The handouts of Astana: each one built in process from its plan, and `paradeplan export run-sheet` end to end.

    python benchmarks/bench_handouts.py [--runs 3]

Prints the median build time of every handout of export/handouts.py (the plan made once, outside the
timing), its size, and the wall time of the command a planner types, `paradeplan export run-sheet
examples/astana-2025.yaml -o run-sheet.pdf`, from starting Python to the file written: load, plan, draw
and print. Target (issue 13): the command under 5 s.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _bench import ASTANA, median, report, s, wall_times_s

from paradeplan.export.handouts import HANDOUTS
from paradeplan.load.scenario import load_scenario
from paradeplan.plan.planner import make_plan

TARGET_S = 5.0


def command_s(output: Path) -> float:
    """Wall time of `paradeplan export run-sheet` on Astana, a process of its own."""
    script = Path(sys.executable).with_name("paradeplan")
    command = [str(script)] if script.exists() else [shutil.which("paradeplan") or "paradeplan"]
    started = time.perf_counter()
    subprocess.run([*command, "export", "run-sheet", str(ASTANA), "-o", str(output)], check=True,
                   capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    runs = parser.parse_args().runs
    plan = make_plan(load_scenario(ASTANA))
    print(f"Astana's handouts, built in process from its plan (median of {runs}):")
    for handout in HANDOUTS:
        size_kb = len(handout.build(plan, None)) / 1024
        took = median(wall_times_s(lambda h=handout: h.build(plan, None), runs))
        report(f"{handout.file} ({size_kb:,.0f} kB)", s(took))
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "run-sheet.pdf"
        times = [command_s(output) for _ in range(runs)]
    report("paradeplan export run-sheet examples/astana-2025.yaml", s(median(times)), f"< {TARGET_S:g} s",
           median(times) < TARGET_S)


if __name__ == "__main__":
    main()
