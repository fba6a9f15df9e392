"""Trajectories of every agent, sampled where its motion changes: what the trip files are made of (views/trips.py).

Both hold every agent's path as samples where its motion changes (a straight line between two
samples is within 5 cm of the simulated path on the ground, 1 m in the air) and where the route
bends. Agents: each rank of a marching block (its marchers abreast across `width_m`, one per
file), each vehicle, each aircraft. The format is documented in docs/simulation.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .run import Simulation

INLINE_AIRCRAFT_M = 15.0  # footprint of an inline aircraft type, which gives no sizes


@dataclass(frozen=True)
class Trips:
    """Every agent's path: who it is, and its samples in time order (agent k's are start[k]:start[k+1])."""

    ids: list[str]
    element: list[str]
    kind: list[str]  # foot, band, mounted, vehicle, fixed-wing or helicopter
    width_m: np.ndarray
    length_m: np.ndarray
    files: np.ndarray  # marchers abreast in a rank; 1 for a vehicle or an aircraft
    start: np.ndarray  # (A + 1,)
    time_s: np.ndarray  # seconds after local midnight
    lon: np.ndarray
    lat: np.ndarray
    alt_m: np.ndarray  # above the ground at the tribune


def trips(sim: Simulation) -> Trips:
    """The ground agents' paths, then the aircraft's, with longitudes and latitudes."""
    ground, air = _ground_trips(sim), _air_trips(sim)
    return Trips(
        ground.ids + air.ids,
        ground.element + air.element,
        ground.kind + air.kind,
        np.concatenate([ground.width_m, air.width_m]),
        np.concatenate([ground.length_m, air.length_m]),
        np.concatenate([ground.files, air.files]),
        np.concatenate([ground.start[:-1], ground.start[-1] + air.start]),
        *(np.concatenate([getattr(ground, name), getattr(air, name)]) for name in ("time_s", "lon", "lat", "alt_m")),
    )


def _ground_trips(sim: Simulation) -> Trips:
    run, line = sim.ground, sim.plan.geometry
    agents, vertex_m = run.agents, line.vertex_m
    agent, time_s, along_m = run.sample_agent, run.sample_s, run.sample_m
    same = agent[1:] == agent[:-1]
    parts = [(agent, time_s, along_m)]
    for bend_m in vertex_m[1:-1]:  # where the route bends between two samples, a sample on the bend
        k = np.flatnonzero(same & (along_m[:-1] < bend_m) & (along_m[1:] > bend_m))
        share = (bend_m - along_m[k]) / (along_m[k + 1] - along_m[k])
        parts.append((agent[k], time_s[k] + share * (time_s[k + 1] - time_s[k]), np.full(len(k), bend_m)))
    agent, time_s, along_m = (np.concatenate([p[i] for p in parts]) for i in range(3))
    order = np.lexsort((along_m, time_s, agent))
    agent, time_s, along_m = agent[order], time_s[order], along_m[order]
    keep = np.concatenate([[True], (agent[1:] != agent[:-1]) | (time_s[1:] != time_s[:-1])])[: len(agent)]
    agent, time_s, along_m = agent[keep], time_s[keep], along_m[keep]

    normal = np.column_stack([line.tangent[:, 1], -line.tangent[:, 0]])  # right of the direction of march
    both = normal[line.segment(along_m, "left")] + normal[line.segment(along_m)]
    miter = 2 * both / np.einsum("ij,ij->i", both, both)[:, None]  # on a bend, the offset keeps its distance
    xy = line.xy_at(along_m) + miter * agents.lateral_m[agent][:, None]
    lon, lat = sim.plan.geometry.to_lonlat.transform(xy[:, 0], xy[:, 1])

    elements = agents.elements
    files = np.array([getattr(g.element, "files", 1) for g in elements], dtype=np.int64)
    ids = []
    for i in range(len(agents)):
        g = elements[agents.element[i]]
        ids.append(f"{g.id}/rank-{agents.rank[i] + 1}" if g.element.kind != "vehicle" else
                   f"{g.id}/vehicle-{agents.rank[i] * g.element.abreast + agents.file[i] + 1}")
    start = np.searchsorted(agent, np.arange(len(agents) + 1))
    return Trips(ids, [elements[e].id for e in agents.element], [elements[e].element.kind for e in agents.element],
                 agents.width_m, agents.length_m, files[agents.element], start, time_s, np.asarray(lon),
                 np.asarray(lat), np.zeros(len(time_s)))


def _air_trips(sim: Simulation) -> Trips:
    run = sim.air
    formations = run.agents.formations
    ids: list[str] = []
    element: list[str] = []
    kind: list[str] = []
    width: list[float] = []
    length: list[float] = []
    files: list[int] = []
    starts, times, xs, ys, alts = [0], [], [], [], []
    for f, formation in enumerate(formations):
        mine = run.sample_formation == f
        lead_xy, heading = run.sample_xy_m[mine], np.radians(run.sample_heading_deg[mine])
        ahead_u = np.column_stack([np.sin(heading), np.cos(heading)])
        right_u = np.column_stack([np.cos(heading), -np.sin(heading)])
        aircraft = formation.aircraft
        span = getattr(aircraft, "wingspan_m", None) or getattr(aircraft, "rotor_diameter_m", None) or INLINE_AIRCRAFT_M
        for k, (right_m, ahead_m) in enumerate(formation.offsets_m):
            xy = lead_xy + right_u * right_m + ahead_u * ahead_m
            ids.append(f"{formation.id}/aircraft-{k + 1}")
            element.append(formation.id)
            kind.append(aircraft.category)
            width.append(span)
            length.append(getattr(aircraft, "length_m", None) or INLINE_AIRCRAFT_M)
            files.append(1)
            times.append(run.sample_s[mine])
            xs.append(xy[:, 0])
            ys.append(xy[:, 1])
            alts.append(np.full(len(xy), run.agents.altitude_m[f]))
            starts.append(starts[-1] + len(xy))
    if not ids:
        empty = np.zeros(0)
        return Trips([], [], [], empty, empty, np.zeros(0, dtype=np.int64), np.zeros(1, dtype=np.int64), empty,
                     empty, empty, empty)
    lon, lat = sim.plan.geometry.to_lonlat.transform(np.concatenate(xs), np.concatenate(ys))
    return Trips(ids, element, kind, np.array(width, dtype=float), np.array(length, dtype=float),
                 np.array(files, dtype=np.int64), np.array(starts), np.concatenate(times), np.asarray(lon),
                 np.asarray(lat), np.concatenate(alts))
