"""BlueSky side by side: the air segment's own BlueSky export flown in headless BlueSky, and where the leads went.

BlueSky runs in a child process (`python -m paradeplan.verify.bluesky`): it keeps global state and
prints as it loads, and its dependencies raise warnings. The child steps in fast time and records
every aircraft's position at every step; the parent reads when and how far abeam each lead
crossed the line through the tribune square to its run-in track. Needs the verify extra.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..plan.flight import unit_vector
from ..plan.planner import Plan
from ..views.bluesky import BlueSkyScenario, bluesky_scenario

AFTER_LAST_S = 30.0  # fly on this long past the last planned tribune time
TIMEOUT_S = 600.0


class BlueSkyFailed(Exception):
    """BlueSky could not fly the scenario; the message carries the end of its error output."""


@dataclass(frozen=True)
class Flown:
    """Every aircraft's position at every BlueSky step, and what the child process spent."""

    scenario: BlueSkyScenario
    time_s: np.ndarray  # simulation time, from the scenario's start
    acid: np.ndarray  # aircraft id at each sample
    lat: np.ndarray
    lon: np.ndarray
    start_up_s: float  # import, init, load the scenario
    fly_s: float  # stepping through it
    child_s: float  # the whole child process


@dataclass(frozen=True)
class Crossing:
    """When a lead crossed the tribune line (seconds after local midnight), and how far beside the tribune."""

    time_s: float
    abeam_m: float


def fly(plan: Plan, *, timeout_s: float = TIMEOUT_S) -> Flown:
    """Fly the plan's formations in BlueSky; raises BlueSkyFailed when BlueSky cannot run or finish."""
    scn = bluesky_scenario(plan)
    until_s = max(f.over_tribune_s for f in plan.air) + AFTER_LAST_S - scn.start_s
    with tempfile.TemporaryDirectory(prefix="paradeplan-bluesky-") as folder:
        scn_path, out = Path(folder, "plan.scn"), Path(folder, "flown.npz")
        scn_path.write_text(scn.text, encoding="utf-8")
        started = time.perf_counter()
        try:
            child = subprocess.run([sys.executable, "-m", __name__, str(scn_path), str(Path(folder, "work")),
                                    str(until_s), str(out)], capture_output=True, text=True, timeout=timeout_s)
        except subprocess.TimeoutExpired:
            raise BlueSkyFailed(f"BlueSky did not finish within {timeout_s:g} s") from None
        child_s = time.perf_counter() - started
        if child.returncode != 0:
            raise BlueSkyFailed("BlueSky could not fly the air segment (install it with pip install -e '.[verify]'):\n"
                                + child.stderr[-3000:])
        with np.load(out) as data:
            return Flown(scn, data["time_s"], data["acid"], data["lat"], data["lon"], float(data["start_up_s"]),
                         float(data["fly_s"]), child_s)


def tribune_crossings(plan: Plan, flown: Flown) -> dict[str, Crossing]:
    """Each lead's first crossing of the line through the tribune square to its run-in track."""
    to_local = plan.geometry.to_local
    crossings = {}
    for formation in plan.air:
        mine = flown.acid == formation.id.upper()
        x, y = to_local.transform(flown.lon[mine], flown.lat[mine])
        relative = np.column_stack([x, y]) - np.array(to_local.transform(*formation.tribune_lonlat))
        along = relative @ unit_vector(formation.track_deg)
        passed = np.flatnonzero((along[:-1] < 0) & (along[1:] >= 0))
        if len(passed) == 0:
            continue
        i = int(passed[0])
        fraction = -along[i] / (along[i + 1] - along[i])
        times = flown.time_s[mine]
        time_s = times[i] + fraction * (times[i + 1] - times[i])
        abeam = relative[i] + fraction * (relative[i + 1] - relative[i])
        right = unit_vector(formation.track_deg + 90)
        crossings[formation.id] = Crossing(flown.scenario.start_s + float(time_s), float(abs(abeam @ right)))
    return crossings


def _fly_in_child(scn_path: Path, workdir: Path, until_s: float, out: Path) -> None:
    """In the child: start BlueSky headless, load the scenario, step in fast time, record every aircraft."""
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


if __name__ == "__main__":
    _fly_in_child(Path(sys.argv[1]), Path(sys.argv[2]), float(sys.argv[3]), Path(sys.argv[4]))
