"""Drive a plan's vehicle column through SUMO, an independent traffic simulator, and compare.

The route becomes a SUMO network (plain XML through netconvert): one edge per piece between stretch
boundaries, shaped like the path, as many lanes as the widest row, each edge's speed its stretch
limit, with a lead-in before the start and a lead-out past the end. Each vehicle gets the type of
its element (length, acceleration, braking, Krauss with sigma="0", the same tau and minGap as ours),
maxSpeed the column's speed with speedFactor 1 and speedDev="0" (else SUMO spreads drivers'
speeds), and departs on its file's lane at the step on which our simulation puts it on the route,
at the same place: departPos is the front bumper. An instantInductionLoop on every lane at the
tribune writes the exact time each front and rear passes it (TraCI's detector times come a step
late). Only loopback or nothing: SUMO runs as a subprocess on files, from the eclipse-sumo wheel.

This module runs programs and writes files in the folder it is given: it is a shell, like the CLI.
"""

from __future__ import annotations

import math
import os
import subprocess
import time
import xml.etree.ElementTree as ET
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..load.catalogue import vehicle_types
from ..model.scenario import Scenario, Stretch
from ..plan.planner import Plan
from ..simulate.ground import GroundAgents, limit_at
from ..simulate.run import Simulation, simulate

LEAD_IN_M = 50.0  # network before the start: room to put a vehicle's front exactly where ours is
LEAD_OUT_M = 100.0  # network past the end of the path, so no vehicle leaves before its rear is clear
NO_LIMIT_MPS = 50.0  # edge speed where the route has no limit: above any parade speed


class SumoError(RuntimeError):
    """SUMO is missing or failed; the message says which program and why."""


@dataclass(frozen=True, slots=True)
class ElementAtTribune:
    id: str
    ours_head_s: float
    sumo_head_s: float
    ours_tail_s: float
    sumo_tail_s: float
    travel_s: float  # from the head's planned entry to its planned time at the tribune


@dataclass(frozen=True)
class SumoComparison:
    """Our simulation and SUMO's of the same column: head and tail times at the tribune, and wall times."""

    elements: list[ElementAtTribune]
    sumo_wall_s: float  # the sumo run alone
    netconvert_wall_s: float
    ours: Simulation

    @property
    def largest_difference_s(self) -> float:
        return max(max(abs(e.ours_head_s - e.sumo_head_s), abs(e.ours_tail_s - e.sumo_tail_s)) for e in self.elements)

    @property
    def largest_relative_difference(self) -> float:
        """Largest difference as a share of the element's travel time from its entry to the tribune."""
        return max(max(abs(e.ours_head_s - e.sumo_head_s), abs(e.ours_tail_s - e.sumo_tail_s)) / e.travel_s
                   for e in self.elements)


def column_ids(plan: Plan) -> list[str]:
    """The vehicle elements of a plan: its mechanized column."""
    return [g.id for g in plan.ground if g.element.kind == "vehicle"]


def with_stretch(scenario: Scenario, stretch: Stretch) -> Scenario:
    """The scenario with one more stretch on its route (a slow corner to compare at)."""
    route = scenario.route.model_copy(update={"stretches": [*scenario.route.stretches, stretch]})
    return scenario.model_copy(update={"route": route})


def sumo_binary(name: str) -> str:
    """Path of a SUMO program in the eclipse-sumo wheel."""
    try:
        import sumo
    except ImportError as exc:
        raise SumoError(f"SUMO is not installed ({exc}); install the extra: pip install -e '.[verify]'") from None
    path = Path(sumo.SUMO_HOME, "bin", name)
    if not path.exists():
        raise SumoError(f"no {name} program in the eclipse-sumo wheel (looked for {path})")
    return str(path)


def compare_with_sumo(plan: Plan, workdir: Path, *, step_s: float = 0.5, only: Collection[str] | None = None,
                      point: str | None = None) -> SumoComparison:
    """Simulate the column (default: every vehicle element) ourselves and in SUMO; times at `point` (the anchor)."""
    ids = list(only) if only is not None else column_ids(plan)
    point = point or plan.anchor
    ours = simulate(plan, step_s=step_s, vehicles=vehicle_types(), only=ids)
    agents = ours.ground.agents
    workdir.mkdir(parents=True, exist_ok=True)
    origin_s = float(agents.entry_s.min())  # SUMO's time 0 is our first step
    network, edges, lanes, at = _write_network(plan, workdir, int(agents.file.max()) + 1, point)
    started = time.perf_counter()
    _run([sumo_binary("netconvert"), "--node-files", "nodes.nod.xml", "--edge-files", "edges.edg.xml",
          "--no-internal-links", "true", "--no-turnarounds", "true", "--output-file", network.name], workdir)
    netconvert_wall_s = time.perf_counter() - started
    _write_routes(agents, workdir / "column.rou.xml", edges, origin_s, step_s)
    _write_detectors(workdir / "tribune.add.xml", lanes, at)
    end_s = ours.ground.end_s - origin_s + 60.0
    started = time.perf_counter()
    _run([sumo_binary("sumo"), "--net-file", network.name, "--route-files", "column.rou.xml",
          "--additional-files", "tribune.add.xml", "--step-length", f"{step_s}", "--begin", "0",
          "--end", f"{end_s:.1f}", "--no-step-log", "true", "--no-warnings", "true",
          "--collision.action", "none", "--time-to-teleport", "-1"], workdir)
    sumo_wall_s = time.perf_counter() - started
    passed = _read_detector(workdir / "tribune.xml", origin_s)
    p = [q.name for q in plan.geometry.points_in_order()].index(point)
    rows = []
    for index, g in enumerate(agents.elements):
        mine = np.flatnonzero(agents.element == index)
        names = [_vehicle_id(agents, int(i)) for i in mine]
        if any(name not in passed for name in names):
            missing = [name for name in names if name not in passed]
            raise SumoError(f"SUMO never drove {', '.join(missing[:3])} past '{point}'")
        rows.append(ElementAtTribune(
            g.id,
            float(ours.ground.front_s[mine, p].min()),
            min(passed[name][0] for name in names),
            float(ours.ground.tail_s[mine, p].max()),
            max(passed[name][1] for name in names),
            g.times[point][0] - float(agents.entry_s[mine].min()),
        ))
    return SumoComparison(rows, sumo_wall_s, netconvert_wall_s, ours)


def _run(command: list[str], workdir: Path) -> None:
    """Run a SUMO program in the work folder, with SUMO_HOME pointing into its wheel."""
    sumo_home = str(Path(command[0]).parent.parent)
    try:
        done = subprocess.run(command, cwd=workdir, capture_output=True, text=True, timeout=600,
                              env={**os.environ, "SUMO_HOME": sumo_home})
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SumoError(f"{Path(command[0]).name} could not run: {exc}") from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout)[-2000:]
        raise SumoError(f"{Path(command[0]).name} failed (exit {done.returncode}):\n{said}")


def _write_network(plan: Plan, workdir: Path, lanes: int, point: str) -> tuple[Path, int, list[str], float]:
    """Nodes and edges of the route; returns the network file, the number of edges, the lanes at the point
    and where on them."""
    geometry = plan.geometry
    line = geometry
    breaks, limits = geometry.speed_limits()
    cuts = np.unique(np.concatenate([[-LEAD_IN_M], breaks[(breaks > 0) & (breaks < geometry.length_m)],
                                     [geometry.length_m + LEAD_OUT_M]]))
    nodes, edges = ET.Element("nodes"), ET.Element("edges")
    for k, at_m in enumerate(cuts):
        x, y = line.xy_at(at_m)[0]
        ET.SubElement(nodes, "node", id=f"n{k}", x=f"{x:.3f}", y=f"{y:.3f}", type="priority")
    point_m = geometry.points[point].at_m
    tribune_edge, tribune_pos = 0, 0.0
    for k in range(len(cuts) - 1):
        lo, hi = cuts[k], cuts[k + 1]
        inside = line.vertex_m[(line.vertex_m > lo) & (line.vertex_m < hi)]
        shape = " ".join(f"{x:.3f},{y:.3f}" for x, y in line.xy_at(np.array([lo, *inside, hi])))
        limit = float(limit_at(breaks, limits, (lo + hi) / 2))
        ET.SubElement(edges, "edge", id=f"e{k}", attrib={"from": f"n{k}", "to": f"n{k + 1}"}, numLanes=str(lanes),
                      speed=f"{min(limit, NO_LIMIT_MPS):.4f}", length=f"{hi - lo:.4f}", shape=shape, priority="1")
        if lo <= point_m < hi:
            tribune_edge, tribune_pos = k, point_m - lo
    ET.ElementTree(nodes).write(workdir / "nodes.nod.xml")
    ET.ElementTree(edges).write(workdir / "edges.edg.xml")
    return workdir / "route.net.xml", len(cuts) - 1, [f"e{tribune_edge}_{lane}" for lane in range(lanes)], tribune_pos


def _vehicle_id(agents: GroundAgents, i: int) -> str:
    g = agents.elements[agents.element[i]]
    return f"{g.id}.{i - int(np.flatnonzero(agents.element == agents.element[i])[0]) + 1}"


def _write_routes(agents: GroundAgents, path: Path, edges: int, origin_s: float, step_s: float) -> None:
    """One type per element and one vehicle per agent, departing where and when ours enters."""
    root = ET.Element("routes")
    ET.SubElement(root, "route", id="parade", edges=" ".join(f"e{k}" for k in range(edges)))
    for index, g in enumerate(agents.elements):
        first = int(np.flatnonzero(agents.element == index)[0])
        ET.SubElement(root, "vType", id=f"t-{g.id}", carFollowModel="Krauss", sigma="0", speedDev="0",
                      speedFactor="1", length=f"{agents.length_m[first]:.3f}",
                      width=f"{min(agents.width_m[first], 3.0):.2f}",
                      minGap=f"{agents.min_gap_m[first]:.3f}", tau=f"{agents.tau_s[first]:.3f}",
                      accel=f"{agents.accel_mps2[first]:.3f}", decel=f"{agents.decel_mps2[first]:.3f}",
                      emergencyDecel=f"{agents.decel_mps2[first]:.3f}", apparentDecel=f"{agents.decel_mps2[first]:.3f}",
                      maxSpeed=f"{agents.free_mps[first]:.6f}", desiredMaxSpeed=f"{agents.free_mps[first]:.6f}",
                      lcStrategic="-1", lcCooperative="0", lcSpeedGain="0", lcKeepRight="0")
    order = np.argsort(agents.entry_s, kind="stable")
    for i in order:
        step = math.ceil((agents.entry_s[i] - origin_s) / step_s - 1e-9)
        depart_s = step * step_s
        front_m = agents.enters_m[i] + agents.entry_mps[i] * (origin_s + depart_s - agents.entry_s[i])
        g = agents.elements[agents.element[i]]
        ET.SubElement(root, "vehicle", id=_vehicle_id(agents, i), type=f"t-{g.id}", route="parade",
                      depart=f"{depart_s:.2f}", departPos=f"{front_m + LEAD_IN_M:.4f}",
                      departSpeed=f"{agents.entry_mps[i]:.6f}", departLane=str(int(agents.file[i])),
                      arrivalPos="max")
    ET.ElementTree(root).write(path)


def _write_detectors(path: Path, lanes: list[str], at_m: float) -> None:
    root = ET.Element("additional")
    for lane in lanes:
        ET.SubElement(root, "instantInductionLoop", id=f"tribune-{lane}", lane=lane, pos=f"{at_m:.4f}",
                      file="tribune.xml")
    ET.ElementTree(root).write(path)


def _read_detector(path: Path, origin_s: float) -> dict[str, tuple[float, float]]:
    """Each vehicle's front (enter) and rear (leave) time at the loop, seconds after local midnight."""
    passed: dict[str, list[float]] = {}
    for event in ET.parse(path).getroot():
        times = passed.setdefault(event.get("vehID", ""), [math.nan, math.nan])
        times[0 if event.get("state") == "enter" else 1] = origin_s + float(event.get("time", "nan"))
    return {name: (t[0], t[1]) for name, t in passed.items() if not math.isnan(t[0]) and not math.isnan(t[1])}
