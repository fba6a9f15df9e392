"""A rehearsal as JSON: each element's deviation at the anchor, gap risks, formations off time, the whole parade."""

from __future__ import annotations

import numpy as np

from ..model.scenario import Scenario
from ..rehearse.runs import OFF_TIME_S, Rehearsal
from .plan_json import JSON


def rehearsal_dict(rehearsal: Rehearsal, scenario: Scenario) -> JSON:
    """The rehearsal as JSON-ready data: times of day as ISO 8601, seconds and probabilities rounded."""
    iso = scenario.day.iso_or_none

    def s(value: float) -> float | None:
        return None if np.isnan(value) else round(value, 1)

    r = rehearsal
    return {
        "name": scenario.name,
        "runs": r.runs,
        "seed": r.seed,
        "uncertainty": r.uncertainty.model_dump(),
        "min_gap_m": scenario.timing.min_gap_m,
        "ground": [{"id": e.id, "name": e.name, "planned_at_anchor": iso(e.planned_s),
                    "deviation_s": {"p5": s(e.p5_s), "p50": s(e.p50_s), "p95": s(e.p95_s)}} for e in r.elements],
        "gaps": [{"leader": g.leader, "follower": g.follower, "p_below_min_gap": round(g.probability, 4)}
                 for g in r.gaps],
        "air": [{"id": f.id, "name": f.name, "planned_over_tribune": iso(f.planned_s), "off_time_s": OFF_TIME_S,
                 "p_off_uncorrected": round(f.p_off_uncorrected, 4), "p_off_corrected": round(f.p_off_corrected, 4),
                 "p95_off_s": {"uncorrected": s(f.p95_off_uncorrected_s), "corrected": s(f.p95_off_corrected_s)}}
                for f in r.flypasts],
        "duration_s": {"planned": s(r.planned_duration_s), "p50": s(r.duration_p50_s), "p95": s(r.duration_p95_s)},
        "finish": {"planned": iso(r.planned_finish_s), "p50": iso(r.finish_p50_s), "p95": iso(r.finish_p95_s)},
    }
