"""A simulation as JSON: simulated against planned times at every point, and the findings."""

from __future__ import annotations

import math

from ..simulate.run import Simulation
from .plan_json import JSON, finding_dict


def simulation_dict(sim: Simulation) -> JSON:
    """The comparison and findings as JSON-ready data; times ISO 8601 with the scenario's offset."""
    scenario = sim.plan.scenario
    iso = scenario.day.iso_or_none

    def seconds(value: float) -> float | None:
        return None if math.isnan(value) else round(value, 2)

    return {
        "name": scenario.name,
        "step_s": sim.step_s,
        "tolerance_s": scenario.timing.sim_tolerance_s,
        "comparison": [
            {
                "element": r.element,
                "segment": r.segment,
                "point": r.point,
                "planned_head": iso(r.planned_head_s),
                "simulated_head": iso(r.simulated_head_s),
                "head_delta_s": seconds(r.head_delta_s),
                "planned_tail": iso(r.planned_tail_s),
                "simulated_tail": iso(r.simulated_tail_s),
                "tail_delta_s": seconds(r.tail_delta_s),
            }
            for r in sim.comparison
        ],
        "findings": [finding_dict(scenario.day, f) for f in sim.findings],
    }
