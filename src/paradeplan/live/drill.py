"""A drill: one rehearsal run played as the records its checkpoints would send, for a control room to train on.

The run is the one `paradeplan rehearse --runs 1 --seed S` draws (rehearse/runs.py: late step-offs,
speed scatter, one wind): every ground element's head at every named point it passes, held behind
the elements ahead by plan/propagation.py, and its tail one pass time (length / its drawn speed)
later; every formation's lead leaving its hold (when it holds), at its IP, and over the tribune with
the crew correcting by the primer's rule. Pure: no clock, no network (drill_cli.py sends them).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..plan.planner import Plan
from ..plan.propagation import propagate
from ..rehearse.runs import Chunk, Draws, RehearsalModel, draw_chunk, flypast_runs, ip_times_s, rehearsal_model
from .records import HOLD_EXIT, IP, TRIBUNE, Edge


@dataclass(frozen=True)
class DrillRecord:
    """A passing as a marshal would record it: seconds after local midnight on the parade day."""

    element: str
    point: str
    edge: Edge
    time_s: float


def drill_records(plan: Plan, seed: int) -> list[DrillRecord]:
    """Every passing of the rehearsal's run with this seed, in time order (ties: order of march, then route)."""
    model = rehearsal_model(plan)
    draws = draw_chunk(model, Chunk(0, seed, 1))  # the first (and only) chunk of a one-run rehearsal
    records = _ground(model, draws) + _air(plan, model, draws)
    return sorted(records, key=lambda r: r.time_s)  # a stable sort keeps the order made for equal times


def _ground(model: RehearsalModel, draws: Draws) -> list[DrillRecord]:
    column = model.ground
    head_s = propagate(column, draws.step_off_error_s, draws.speed_mps).head_s[0]
    pass_time_s = column.length_m / draws.speed_mps[0]
    records = []
    for i, element in enumerate(column.ids):
        for p, point in enumerate(column.point_names):
            if np.isnan(column.planned_s[i, p]):
                continue
            head = float(head_s[i, p])
            records += [DrillRecord(element, point, "head", head),
                        DrillRecord(element, point, "tail", head + float(pass_time_s[i]))]
    return records


def _air(plan: Plan, model: RehearsalModel, draws: Draws) -> list[DrillRecord]:
    records = []
    for k, (formation, flypast) in enumerate(zip(plan.air, model.flypasts, strict=True)):
        exit_error_s = draws.exit_error_s[:, k]
        if formation.hold_exit_s is not None:
            records.append(DrillRecord(formation.id, HOLD_EXIT, "head", formation.hold_exit_s + float(exit_error_s[0])))
        at_ip_s = ip_times_s(flypast, exit_error_s, draws.wind_from_deg, draws.wind_kt)
        _, corrected_s = flypast_runs(flypast, exit_error_s, draws.wind_from_deg, draws.wind_kt)
        records += [DrillRecord(formation.id, IP, "head", float(at_ip_s[0])),
                    DrillRecord(formation.id, TRIBUNE, "head", flypast.over_tribune_s + float(corrected_s[0]))]
    return records
