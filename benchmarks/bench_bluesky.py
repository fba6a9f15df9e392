"""Side by side with BlueSky: the Astana air segment flown by both.

BlueSky (headless, fast time, in a child process) flies the air segment's own export
(paradeplan.views.bluesky: each formation's lead from its hold exit, at its CAS, by waypoints, in the
wind); we simulate every aircraft of every formation. Printed: the largest difference between the two
in the leads' times over the tribune, and the wall times: BlueSky stepping through the segment (and
with its start-up), ours simulating the air segment (median of ten).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from _bench import ASTANA, median, ms, report, s, wall_times_s

AFTER_LAST_S = 30.0  # BlueSky flies on this long past the last planned tribune time
OUR_RUNS = 10


def fly(scn_path: Path, workdir: Path, until_s: float, out: Path) -> None:
    """In the child: start BlueSky headless, load the scenario, step in fast time, record the leads."""
    started = time.perf_counter()
    import bluesky as bs

    workdir.mkdir(parents=True, exist_ok=True)
    bs.init(mode="sim", detached=True, workdir=str(workdir))
    bs.stack.stack(f"IC {scn_path}")
    ready = time.perf_counter()
    times, names, lats, lons = [], [], [], []
    while bs.sim.simt < until_s:
        bs.sim.step()
        times.append(np.full(bs.traf.ntraf, bs.sim.simt))
        names.extend(bs.traf.id)
        lats.append(np.array(bs.traf.lat))
        lons.append(np.array(bs.traf.lon))
    flown = time.perf_counter()
    np.savez(out, time_s=np.concatenate(times), acid=np.array(names), lat=np.concatenate(lats),
             lon=np.concatenate(lons), start_up_s=ready - started, fly_s=flown - ready)


def over_tribune_s(plan, start_s: float, flown) -> dict[str, float]:
    """Each lead's local time crossing the line through the tribune square to its run-in track."""
    from paradeplan.plan.flight import unit_vector
    from paradeplan.plan.route import local_projection

    to_local, _ = local_projection(*plan.geometry.origin)
    crossed = {}
    for formation in plan.air:
        mine = flown["acid"] == formation.id.upper()
        x, y = to_local.transform(flown["lon"][mine], flown["lat"][mine])
        along = (np.column_stack([x, y]) - to_local.transform(*formation.tribune_lonlat)) @ unit_vector(formation.track_deg)
        passed = np.flatnonzero((along[:-1] < 0) & (along[1:] >= 0))
        if len(passed):
            i, times = passed[0], flown["time_s"][mine]
            crossed[formation.id] = start_s + times[i] - along[i] / (along[i + 1] - along[i]) * (times[i + 1] - times[i])
    return crossed


def main() -> None:
    from paradeplan import load_scenario, make_plan
    from paradeplan.views.bluesky import bluesky_scenario
    from paradeplan.simulate.run import simulate

    plan = make_plan(load_scenario(ASTANA))
    scn = bluesky_scenario(plan)
    with tempfile.TemporaryDirectory() as folder:
        scn_path, out = Path(folder, "astana.scn"), Path(folder, "flown.npz")
        scn_path.write_text(scn.text, encoding="utf-8")
        until_s = max(f.over_tribune_s for f in plan.air) + AFTER_LAST_S - scn.start_s
        started = time.perf_counter()
        child = subprocess.run([sys.executable, __file__, str(scn_path), str(Path(folder, "work")), str(until_s), str(out)],
                               capture_output=True, text=True)
        child_s = time.perf_counter() - started
        if child.returncode != 0:
            sys.exit(f"BlueSky could not fly the Astana air segment:\n{child.stderr[-2000:]}")
        with np.load(out) as flown:
            theirs = over_tribune_s(plan, scn.start_s, flown)
            fly_s, start_up_s = float(flown["fly_s"]), float(flown["start_up_s"])
    formations = [f.id for f in plan.air]
    ours = {r.element: r.simulated_head_s for r in simulate(plan, only=formations).comparison if r.point == "tribune"}
    apart = {ident: abs(ours[ident] - theirs[ident]) for ident in theirs}
    print(f"  {len(formations)} formations, {sum(f.count for f in plan.air)} aircraft; BlueSky flies the leads, "
          f"{len(theirs)} crossed the tribune", flush=True)
    report("largest difference over the tribune, ours against BlueSky", f"{max(apart.values()):.2f} s")
    our_s = median(wall_times_s(lambda: simulate(plan, only=formations), OUR_RUNS))
    report(f"wall time: ours (simulate the air segment), median of {OUR_RUNS}", ms(our_s))
    report("wall time: BlueSky stepping through the segment", s(fly_s))
    report("wall time: BlueSky start-up (import, init, load the scenario)", s(start_up_s))
    report("wall time: BlueSky's child process in all", s(child_s))
    report("BlueSky stepping / ours", f"x{fly_s / our_s:.0f}")


if __name__ == "__main__":
    if len(sys.argv) == 5:
        fly(Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3]), Path(sys.argv[4]))
    else:
        main()
