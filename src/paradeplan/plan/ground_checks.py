"""Checks run on every plan: what a planner must fix (errors) and should look at (warnings)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from ..model.times import clock
from ..model.units import mps_to_kmh
from .findings import Finding
from .ground import GapShortfall, GroundPlan, MarchTimes, gap_shortfall
from .route import RouteGeometry

CADENCE_RANGE_SPM = (100.0, 140.0)  # pipe bands 110, rifle regiments 140 (primer)
WIDTH_MARGIN_M = 1.0  # less than this each side of a block draws a warning


def _m(value: float) -> str:
    return f"{value:,.0f} m" if abs(value) >= 100 else f"{value:.1f} m"


def point_findings(geometry: RouteGeometry, tolerance_m: float) -> list[Finding]:
    """Named points beyond the path's ends, or given by lon/lat too far from it."""
    found = []
    for point in geometry.points.values():
        path = f"route.points.{point.name}"
        if point.at_m < 0 or point.at_m > geometry.length_m:
            found.append(Finding("error", "point-off-path",
                f"Point '{point.name}' at {_m(point.at_m)} lies beyond the path, "
                f"which is {_m(geometry.length_m)} long.",
                at_m=point.at_m, path=path))
        elif point.offset_m > tolerance_m:
            found.append(Finding("error", "point-off-path",
                f"Point '{point.name}' lies {_m(point.offset_m)} from the path (more than {_m(tolerance_m)}); "
                f"it would snap to {_m(point.at_m)} along it.", at_m=point.at_m, path=path))
    for index, stretch in enumerate(geometry.stretches):
        if stretch.to_m > geometry.length_m:
            found.append(Finding("error", "stretch-off-path",
                f"Stretch {_m(stretch.from_m)}-{_m(stretch.to_m)} runs past the end of the path "
                f"({_m(geometry.length_m)}).",
                at_m=stretch.from_m, path=f"route.stretches[{index}]"))
    return found


def duplicate_id_findings(ids_with_paths: Iterable[tuple[str, str]]) -> list[Finding]:
    pairs = list(ids_with_paths)
    counts = Counter(ident for ident, _ in pairs)
    found, reported = [], set()
    for ident, path in pairs:
        if counts[ident] > 1 and ident not in reported:
            reported.add(ident)
            found.append(Finding("error", "duplicate-id",
                f"Id '{ident}' is used {counts[ident]} times; ids must be unique among ground elements and formations.",
                (ident,), path=path))
    return found


def width_findings(plans: Sequence[GroundPlan], geometry: RouteGeometry) -> list[Finding]:
    """Elements wider than the route or a stretch they pass (error), or with under 1 m each side (warning)."""
    found = []
    for plan in plans:
        width = plan.shape.width_m
        usable, where = geometry.width_between(plan.enters_m, plan.leaves_m)
        if width > usable:
            found.append(Finding("error", "too-wide",
                f"'{plan.id}' is {width:.1f} m wide but the route is {usable:.1f} m wide at {_m(where)}.",
                (plan.id,), at_m=where, path=f"ground[{plan.index}]"))
        elif width > usable - 2 * WIDTH_MARGIN_M:
            found.append(Finding("warning", "narrow-margin",
                f"'{plan.id}' is {width:.1f} m wide on a {usable:.1f} m route at {_m(where)}: "
                f"less than {WIDTH_MARGIN_M:.0f} m each side.", (plan.id,), at_m=where, path=f"ground[{plan.index}]"))
    return found


def speed_findings(plans: Sequence[GroundPlan]) -> list[Finding]:
    """Vehicles driven faster than their type's parade maximum."""
    found = []
    for plan in plans:
        limit = plan.shape.max_speed_mps
        if limit is not None and plan.shape.speed_mps > limit + 1e-9:
            found.append(Finding("error", "vehicle-too-fast",
                f"'{plan.id}' is planned at {mps_to_kmh(plan.shape.speed_mps):.1f} km/h, above its type's parade "
                f"maximum of {mps_to_kmh(limit):.0f} km/h.", (plan.id,), path=f"ground[{plan.index}].speed_kmh"))
    return found


def drill_findings(plans: Sequence[GroundPlan]) -> list[Finding]:
    """Marching blocks at a cadence drill does not use."""
    low, high = CADENCE_RANGE_SPM
    found = []
    for plan in plans:
        element = plan.element
        if element.kind in ("foot", "band") and not low <= element.cadence_spm <= high:
            found.append(Finding("warning", "unusual-cadence",
                f"'{plan.id}' marches at {element.cadence_spm:g} paces a minute, outside the usual "
                f"{low:.0f}-{high:.0f} (quick time is 120).", (plan.id,), path=f"ground[{plan.index}].cadence_spm"))
    return found


def long_gap_findings(plans: Sequence[GroundPlan], long_gap_s: float) -> list[Finding]:
    """Time gaps at the anchor long enough that the audience sees an empty road."""
    found = []
    for plan in plans:
        if plan.element.anchor_time is None and plan.gap_s > long_gap_s:
            found.append(Finding("warning", "long-gap",
                f"'{plan.id}' follows {plan.gap_s:.0f} s after the element before it at the anchor "
                f"(more than {long_gap_s:.0f} s).", (plan.id,), time_s=plan.head_at_anchor_s,
                path=f"ground[{plan.index}]"))
    return found


def gap_findings(plans: Sequence[GroundPlan], times: MarchTimes, min_gap_m: float) -> list[Finding]:
    """Road gaps below the minimum anywhere two elements share the route.

    Each element is checked against the nearest element ahead of it on every part of its own
    stretch: usually the one before it, but past a point where that one turned off, the one before.
    """
    found = []
    for j, follower in enumerate(plans):
        for leader, shared in leaders_ahead(plans, j):
            checked = [gap_shortfall(times, leader.row, follower.row, lo, hi, min_gap_m) for lo, hi in shared]
            shortfalls = [s for s in checked if s is not None]
            if shortfalls:
                worst = min(shortfalls, key=lambda s: s.least_m)
                found.append(_gap_finding(leader, follower, worst, min_gap_m))
    return found


def leaders_ahead(plans: Sequence[GroundPlan], j: int) -> Iterator[tuple[GroundPlan, list[tuple[float, float]]]]:
    """Each element ahead of element j, nearest first, with the parts (from_m, to_m) of j's stretch where it is
    the nearest one ahead; a part may be a single junction point. Stops once j's stretch is all covered."""
    follower = plans[j]
    uncovered = [(follower.enters_m, follower.leaves_m)]
    for leader in reversed(plans[:j]):
        shared = [(max(lo, leader.enters_m), min(hi, leader.leaves_m)) for lo, hi in uncovered]
        yield leader, [(lo, hi) for lo, hi in shared if hi >= lo]  # a junction point counts
        uncovered = _subtract(uncovered, leader.enters_m, leader.leaves_m)
        if not uncovered:
            break


def _gap_finding(leader: GroundPlan, follower: GroundPlan, shortfall: GapShortfall, min_gap_m: float) -> Finding:
    v_leader, v_follower = leader.shape.speed_mps, follower.shape.speed_mps
    speeds = f"{mps_to_kmh(v_follower):.1f} against {mps_to_kmh(v_leader):.1f} km/h"
    if math.isclose(v_follower, v_leader, rel_tol=1e-9):  # 5.4 km/h and 120 paces of 0.75 m: 1.5 m/s both
        why = "the gap set at the anchor is too short"
    elif v_follower > v_leader:
        why = f"the follower is faster ({speeds}) and closes up after the anchor"
    else:
        why = f"the follower is slower ({speeds}), so the gap is shorter before the anchor"
    worst = (f"runs {-shortfall.least_m:.1f} m into it" if shortfall.least_m < 0
             else f"is {shortfall.least_m:.1f} m behind it")
    return Finding("error", "gap-too-small",
        f"'{follower.id}' comes within {min_gap_m:g} m of '{leader.id}' at {_m(shortfall.first_at_m)} along the route "
        f"at {clock(shortfall.first_time_s)} and {worst} at {_m(shortfall.least_at_m)}: {why}.",
        (leader.id, follower.id), at_m=shortfall.first_at_m, time_s=shortfall.first_time_s,
        path=f"ground[{follower.index}]")


def _subtract(intervals: list[tuple[float, float]], lo: float, hi: float) -> list[tuple[float, float]]:
    left = [(a, min(b, lo)) for a, b in intervals if a < lo]
    right = [(max(a, hi), b) for a, b in intervals if b > hi]
    return [(a, b) for a, b in left + right if b > a]
