"""Trajectories as files: a long table (Parquet) and the compact JSON trips the web viewer plays.

Both hold every agent's path as samples where its motion changes (a straight line between two
samples is within 5 cm of the simulated path on the ground, 1 m in the air) and where the route
bends. Agents: each rank of a marching block (its marchers abreast across `width_m`, one per
file), each vehicle, each aircraft. The format is documented in docs/simulation.md.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .simulate import Simulation
from .times import iso_time

FORMAT = "paradeplan-trips"
FORMAT_VERSION = 1
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
    ids, element, kind, width, length, files = [], [], [], [], [], []
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


def trips_json(sim: Simulation, paths: Trips | None = None) -> dict:
    """The compact trips format: per agent its path [[lon, lat, alt], ...] and timestamps (docs/simulation.md)."""
    paths = trips(sim) if paths is None else paths
    scenario = sim.plan.scenario
    lon, lat = np.round(paths.lon, 6), np.round(paths.lat, 6)
    alt, stamps = np.round(paths.alt_m, 1), np.round(paths.time_s, 2)
    agents = []
    for k, ident in enumerate(paths.ids):
        lo, hi = int(paths.start[k]), int(paths.start[k + 1])
        agent = {"id": ident, "element": paths.element[k], "kind": paths.kind[k],
                 "width_m": round(float(paths.width_m[k]), 2), "length_m": round(float(paths.length_m[k]), 2)}
        if paths.kind[k] in ("foot", "band", "mounted"):
            agent["files"] = int(paths.files[k])
        agent["path"] = np.column_stack([lon[lo:hi], lat[lo:hi], alt[lo:hi]]).tolist()
        agent["timestamps"] = stamps[lo:hi].tolist()
        agents.append(agent)
    finite = paths.time_s[np.isfinite(paths.time_s)]
    return {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "name": scenario.name,
        "date": scenario.date.isoformat(),
        "timezone": scenario.timezone,
        "midnight": iso_time(scenario.date, scenario.tz, 0.0),
        "step_s": sim.step_s,
        "start_s": round(float(finite.min()), 2) if len(finite) else None,
        "end_s": round(float(finite.max()), 2) if len(finite) else None,
        "agents": agents,
    }


def trips_table(sim: Simulation, paths: Trips | None = None):
    """One row per sample: agent, element, kind, time_s, lon, lat, alt_m, width_m, length_m (a pyarrow Table)."""
    import pyarrow as pa

    paths = trips(sim) if paths is None else paths
    counts = np.diff(paths.start)
    index = np.repeat(np.arange(len(paths.ids)), counts).astype(np.int32)

    def labels(values: list[str]):
        names, code = np.unique(np.array(values, dtype=object), return_inverse=True)
        return pa.DictionaryArray.from_arrays(pa.array(code.astype(np.int32)[index]), pa.array(names.tolist(), pa.string()))

    scenario = sim.plan.scenario
    metadata = {"format": FORMAT, "version": str(FORMAT_VERSION), "name": scenario.name,
                "date": scenario.date.isoformat(), "timezone": scenario.timezone, "step_s": f"{sim.step_s:g}",
                "time_s": "seconds after local midnight of the parade day"}
    return pa.table({
        "agent": labels(paths.ids),
        "element": labels(paths.element),
        "kind": labels(paths.kind),
        "time_s": pa.array(paths.time_s, pa.float64()),
        "lon": pa.array(paths.lon, pa.float64()),
        "lat": pa.array(paths.lat, pa.float64()),
        "alt_m": pa.array(paths.alt_m, pa.float32()),
        "width_m": pa.array(paths.width_m[index], pa.float32()),
        "length_m": pa.array(paths.length_m[index], pa.float32()),
    }).replace_schema_metadata(metadata)


def write_parquet(sim: Simulation, path: Path, paths: Trips | None = None) -> None:
    import pyarrow.parquet as pq

    pq.write_table(trips_table(sim, paths), path)


def write_trips_json(sim: Simulation, path: Path, paths: Trips | None = None) -> None:
    path.write_text(json.dumps(trips_json(sim, paths), separators=(",", ":"), allow_nan=False), encoding="utf-8")
