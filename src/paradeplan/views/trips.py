"""Trajectories as files: a long table (Parquet) and the compact JSON trips the web viewer plays.

The format is documented in docs/simulation.md.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from ..simulate.run import Simulation
from ..simulate.trips import Trips, trips

FORMAT = "paradeplan-trips"
FORMAT_VERSION = 1


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
        "midnight": scenario.day.iso(0.0),
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
        codes = pa.array(code.astype(np.int32)[index])
        return pa.DictionaryArray.from_arrays(codes, pa.array(names.tolist(), pa.string()))

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
