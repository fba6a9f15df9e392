"""Side by side with SUMO: the Astana mechanized column driven through both simulators.

Same route, vehicle types, speeds and spacing, Krauss car following with sigma 0 in both
(paradeplan.verify.sumo). Printed: the largest difference in head and tail times at the tribune,
and the wall times, at constant speed and with a 6 km/h corner 600-700 m along the route.
Targets (issue 4): within 1 s at constant speed, within 2 % (of each element's travel time to the
tribune) with the slow stretch, ours at least 10 times faster. SUMO's time is its `sumo` run alone
(netconvert, run once per network, is printed apart), median of three; ours is `simulate` of the
column, median of ten.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from _bench import ASTANA, median, ms, report, wall_times_s

from paradeplan import load_scenario, make_plan
from paradeplan.model.scenario import Stretch
from paradeplan.simulate.run import simulate
from paradeplan.verify.sumo import compare_with_sumo, with_stretch

RUNS = 3
OUR_RUNS = 10
SLOW_CORNER = Stretch(from_m=600, to_m=700, max_speed_kmh=6, note="slow corner for the comparison")


def main() -> None:
    astana = load_scenario(ASTANA)
    cases = (("constant speed", astana, "within 1 s"), ("6 km/h corner at 600-700 m", with_stretch(astana, SLOW_CORNER),
                                                        "within 2 %"))
    for name, scenario, target in cases:
        plan = make_plan(scenario)
        with tempfile.TemporaryDirectory() as folder:
            runs = [compare_with_sumo(plan, Path(folder, str(k))) for k in range(RUNS)]
        first = runs[0]
        vehicles = len(first.ours.ground.agents)
        print(f"  {name}: {len(first.elements)} elements, {vehicles} vehicles", flush=True)
        if target == "within 1 s":
            report("  largest head or tail difference at the tribune", f"{first.largest_difference_s:.3f} s",
                   "target <= 1 s", first.largest_difference_s <= 1.0)
        else:
            report("  largest head or tail difference at the tribune", f"{first.largest_difference_s:.3f} s")
            report("  the same, of the element's travel time to the tribune",
                   f"{first.largest_relative_difference * 100:.3f} %", "target <= 2 %",
                   first.largest_relative_difference <= 0.02)
        column = [e.id for e in first.elements]
        ours = median(wall_times_s(lambda plan=plan, column=column: simulate(plan, only=column), OUR_RUNS))
        sumo = median([r.sumo_wall_s for r in runs])
        report(f"  wall time: ours (simulate the column), median of {OUR_RUNS}", ms(ours))
        report(f"  wall time: SUMO (sumo run), median of {RUNS}", ms(sumo))
        report("  wall time: SUMO's netconvert (network, once)", ms(median([r.netconvert_wall_s for r in runs])))
        report("  SUMO / ours", f"x{sumo / ours:.1f}", "target >= x10", sumo / ours >= 10)


if __name__ == "__main__":
    main()
