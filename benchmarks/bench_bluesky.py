"""Side by side with BlueSky: the Astana air segment flown by both.

BlueSky (headless, fast time, in a child process) flies the air segment's own export
(paradeplan.views.bluesky: each formation's lead from its hold exit, at its CAS, by waypoints, in the
wind); we simulate every aircraft of every formation. Printed: the largest difference between the two
in the leads' times over the tribune, and the wall times: BlueSky stepping through the segment (and
with its start-up), ours simulating the air segment (median of ten).
"""

from __future__ import annotations

import sys

from _bench import ASTANA, median, ms, report, s, wall_times_s

OUR_RUNS = 10


def main() -> None:
    from paradeplan import load_scenario, make_plan
    from paradeplan.simulate.run import simulate
    from paradeplan.verify.bluesky import BlueSkyFailed, fly, tribune_crossings

    plan = make_plan(load_scenario(ASTANA))
    try:
        flown = fly(plan)
    except BlueSkyFailed as exc:
        sys.exit(str(exc))
    theirs = {ident: crossing.time_s for ident, crossing in tribune_crossings(plan, flown).items()}
    formations = [f.id for f in plan.air]
    ours = {r.element: r.simulated_head_s for r in simulate(plan, only=formations).comparison if r.point == "tribune"}
    apart = {ident: abs(ours[ident] - theirs[ident]) for ident in theirs}
    print(f"  {len(formations)} formations, {sum(f.count for f in plan.air)} aircraft; BlueSky flies the leads, "
          f"{len(theirs)} crossed the tribune", flush=True)
    report("largest difference over the tribune, ours against BlueSky", f"{max(apart.values()):.2f} s")
    our_s = median(wall_times_s(lambda: simulate(plan, only=formations), OUR_RUNS))
    report(f"wall time: ours (simulate the air segment), median of {OUR_RUNS}", ms(our_s))
    report("wall time: BlueSky stepping through the segment", s(flown.fly_s))
    report("wall time: BlueSky start-up (import, init, load the scenario)", s(flown.start_up_s))
    report("wall time: BlueSky's child process in all", s(flown.child_s))
    report("BlueSky stepping / ours", f"x{flown.fly_s / our_s:.0f}")


if __name__ == "__main__":
    main()
