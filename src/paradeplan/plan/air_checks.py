"""Checks of the air segment: what a flypast coordinator must fix (errors) and should look at (warnings)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import combinations, pairwise

import numpy as np

from ..model.air import After, AirSegment, Formation
from ..model.fields import seconds_of_day
from ..model.times import clock
from ..model.units import KT
from .air import Chain, FormationPlan
from .findings import Finding
from .flight import turn_radius_m
from .ground import GroundPlan

SEPARATION_M = 1000.0  # two formations' nearest aircraft closer than this ...
VERTICAL_SEPARATION_FT = 500.0  # ... at less than this height apart lose separation (issue 3)
MAX_CROSSWIND_KT = 25.0
LONG_HOLD_S = 20 * 60.0
SHARP_TURN_DEG = 90.0  # past this the wind's drift in the turn onto the run-in moves the IP time by seconds


def _path(formation_index: int, key: str = "") -> str:
    """Key path in the scenario file of a formation, or of one of its keys."""
    return f"air.formations[{formation_index}]{'.' + key if key else ''}"


def _ids(indices: Iterable[int], formations: Sequence[Formation]) -> str:
    """'a' -> 'b' -> 'a' for a chain of formation indices."""
    return " -> ".join(f"'{formations[i].id}'" for i in indices)


def unplanned_findings(air: AirSegment, chain: Chain, skipped: dict[int, str], planned: Sequence[FormationPlan],
                       ground_ids: set[str]) -> list[Finding]:
    """Why a formation could not be timed: unknown type, wind, a broken `after:` chain, a hold fix inside the turn."""
    formations = air.formations
    found = []
    for index, code in skipped.items():
        formation = formations[index]
        if code == "unknown-aircraft":
            found.append(Finding("error", code,
                f"'{formation.id}' names aircraft type '{formation.aircraft}', which is not in the catalogue "
                "(give a catalogue key, or an inline {category, min_kt, max_kt}).",
                (formation.id,), path=_path(index, "aircraft")))
        else:
            found.append(Finding("error", code,
                f"'{formation.id}' flies at {formation.tas_kt:g} kt TAS in a {air.wind.speed_kt:g} kt wind: "
                "it cannot hold every track it needs; fly faster or check the wind.",
                (formation.id,), path="air.wind.speed_kt"))
    for index, culprit in sorted(chain.unknown.items()):
        culprit_timing = formations[culprit].over_tribune
        assert isinstance(culprit_timing, After)  # only an `after:` can name an unknown formation
        formation, named = formations[index], culprit_timing.after
        if index == culprit:
            kind = "a ground element; `after:` names formations only" if named in ground_ids else "no formation"
            message = f"'{formation.id}' is timed after '{named}', which is {kind}."
        else:
            message = (f"'{formation.id}' cannot be timed: its `after:` chain reaches '{formations[culprit].id}', "
                       f"which is timed after '{named}', no formation.")
        found.append(Finding("error", "after-unknown", message, (formation.id,),
                             path=_path(index, "over_tribune.after")))
    for loop in dict.fromkeys(loop for _, loop in sorted(chain.loops.items())):
        members = tuple(formations[i].id for i in loop)
        found.append(Finding("error", "after-loop",
            f"`after:` chain loops: {_ids(loop + loop[:1], formations)}; give one of them a clock time.",
            members, path=_path(loop[0], "over_tribune")))
    for index, loop in sorted(chain.loops.items()):
        if index not in loop:
            found.append(Finding("error", "after-loop",
                f"'{formations[index].id}' cannot be timed: its `after:` chain runs into the loop "
                f"{_ids(loop + loop[:1], formations)}.", (formations[index].id,), path=_path(index, "over_tribune")))
    for plan in planned:
        if plan.formation.hold is not None and plan.hold is None:
            found.append(Finding("error", "hold-too-close",
                f"'{plan.id}''s hold fix lies inside its turn onto the run-in at the IP (radius "
                f"{turn_radius_m(plan.tas_kt * KT):,.0f} m at {plan.tas_kt:g} kt): move the fix away from the IP.",
                (plan.id,), path=_path(plan.index, "hold")))
    return found


def check_air(formations: Sequence[FormationPlan], air: AirSegment, ground: Sequence[GroundPlan],
              tribune: str) -> list[Finding]:
    """Every check of the timed formations."""
    return (envelope_findings(formations)
            + tribune_separation_findings(formations, air.min_separation_s)
            + loss_of_separation_findings(formations)
            + hold_findings(formations)
            + sharp_turn_findings(formations)
            + crosswind_findings(formations, air)
            + (over_ground_findings(formations, ground, tribune) if air.over_ground == "forbidden" else []))


def envelope_findings(formations: Sequence[FormationPlan]) -> list[Finding]:
    """A TAS outside the type's flypast envelope."""
    found = []
    for plan in formations:
        low, high = plan.aircraft.min_kt, plan.aircraft.max_kt
        if not low <= plan.tas_kt <= high:
            found.append(Finding("error", "tas-outside-envelope",
                f"'{plan.id}' is planned at {plan.tas_kt:g} kt TAS, outside the {plan.aircraft_name}'s flypast "
                f"envelope of {low:g}-{high:g} kt.", (plan.id,), path=_path(plan.index, "tas_kt")))
    return found


def tribune_separation_findings(formations: Sequence[FormationPlan], min_separation_s: float) -> list[Finding]:
    """Two leads over the tribune closer in time than min_separation_s."""
    ordered = sorted(formations, key=lambda p: (p.over_tribune_s, p.index))
    found = []
    for ahead, behind in pairwise(ordered):
        gap_s = behind.over_tribune_s - ahead.over_tribune_s
        if gap_s < min_separation_s - 1e-6:
            found.append(Finding("error", "tribune-separation",
                f"'{behind.id}' crosses the tribune {gap_s:.1f} s after '{ahead.id}' "
                f"({clock(behind.over_tribune_s)} after {clock(ahead.over_tribune_s)}); "
                f"the least is {min_separation_s:g} s (air.min_separation_s).",
                (ahead.id, behind.id), time_s=behind.over_tribune_s, path=_path(behind.index, "over_tribune")))
    return found


def loss_of_separation_findings(formations: Sequence[FormationPlan]) -> list[Finding]:
    """Two formations within 500 ft of height whose nearest aircraft come within 1 km, anywhere on their paths."""
    found = []
    for first, second in combinations(formations, 2):
        if abs(first.altitude_ft - second.altitude_ft) >= VERTICAL_SEPARATION_FT:
            continue
        closest = closest_approach(first, second)
        if closest is not None and closest[0] < SEPARATION_M:
            distance_m, time_s = closest
            tribune_m = float(np.hypot(*np.diff(second.track.position_at([time_s, second.over_tribune_s]), axis=0)[0]))
            found.append(Finding("error", "loss-of-separation",
                f"'{first.id}' and '{second.id}' come within {distance_m:,.0f} m of each other at {clock(time_s)}, "
                f"{tribune_m / 1000:.1f} km from the tribune, {abs(first.altitude_ft - second.altitude_ft):g} ft apart "
                f"in height (least {SEPARATION_M:,.0f} m within {VERTICAL_SEPARATION_FT:g} ft): "
                "change a time, a run-in or a height.",
                (first.id, second.id), time_s=time_s, path=_path(second.index)))
    return found


def closest_approach(first: FormationPlan, second: FormationPlan) -> tuple[float, float] | None:
    """Least distance between any aircraft of two formations while both fly their paths, and when.

    Both leads move straight between the merged breakpoints of their paths, with their wingmen set
    by each lead's direction of travel there, so the closest point of each interval is exact.
    The leads alone are checked first: only intervals where they come within reach of each other
    (1 km plus both formations' size) are checked aircraft by aircraft.
    """
    start = max(first.track.times_s[0], second.track.times_s[0])
    end = min(first.track.times_s[-1], second.track.times_s[-1])
    if end < start:
        return None
    times = np.concatenate([first.track.times_s, second.track.times_s, [start, end]])
    times = np.unique(times[(times >= start) & (times <= end)])
    if len(times) == 1:
        times = np.array([start, end])
    ends = [(first, first.track.position_at(times)), (second, second.track.position_at(times))]
    lead_gap = ends[1][1] - ends[0][1]
    reach = SEPARATION_M + _size_m(first) + _size_m(second)
    lead_m, _ = _closest_on_intervals(lead_gap[:-1], lead_gap[1:])
    near = np.flatnonzero(lead_m < reach)
    if len(near) == 0:
        return None
    places = []
    for plan, positions in ends:
        direction = positions[near + 1] - positions[near]
        direction /= np.maximum(np.hypot(direction[:, 0], direction[:, 1]), 1e-9)[:, None]
        right = np.column_stack([direction[:, 1], -direction[:, 0]])
        offsets = (plan.offsets_m[None, :, 0, None] * right[:, None, :]
                   + plan.offsets_m[None, :, 1, None] * direction[:, None, :])  # (intervals, aircraft, 2)
        places.append((positions[near][:, None, :] + offsets, positions[near + 1][:, None, :] + offsets))
    (first_from, first_to), (second_from, second_to) = places
    gap_from = second_from[:, :, None, :] - first_from[:, None, :, :]
    gap_to = second_to[:, :, None, :] - first_to[:, None, :, :]
    distance_m, fraction = _closest_on_intervals(gap_from, gap_to)
    worst = np.unravel_index(np.argmin(distance_m), distance_m.shape)
    interval = near[worst[0]]
    time_s = times[interval] + fraction[worst] * (times[interval + 1] - times[interval])
    return float(distance_m[worst]), float(time_s)


def _closest_on_intervals(gap_from: np.ndarray, gap_to: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Least length of a vector moving straight from gap_from to gap_to (last axis x, y), and where (0-1)."""
    change = gap_to - gap_from
    squared = np.sum(change * change, axis=-1)
    fraction = np.clip(-np.sum(gap_from * change, axis=-1) / np.where(squared > 0, squared, 1.0), 0.0, 1.0)
    nearest = gap_from + fraction[..., None] * change
    return np.hypot(nearest[..., 0], nearest[..., 1]), fraction


def _size_m(plan: FormationPlan) -> float:
    """Farthest any aircraft flies from its lead."""
    return float(np.hypot(plan.offsets_m[:, 0], plan.offsets_m[:, 1]).max())


def hold_findings(formations: Sequence[FormationPlan]) -> list[Finding]:
    """A hold exit before the formation is in the hold (error), or more than 20 minutes in it (warning)."""
    found = []
    for plan in formations:
        hold, exit_s = plan.formation.hold, plan.hold_exit_s
        if hold is None or hold.entry_time is None or exit_s is None:  # no exit time: no hold leg was planned
            continue
        entry_s = seconds_of_day(hold.entry_time)
        path = _path(plan.index, "hold.entry_time")
        if exit_s < entry_s:
            found.append(Finding("error", "hold-exit-before-entry",
                f"'{plan.id}' must leave its hold at {clock(exit_s)} to be over the tribune at "
                f"{clock(plan.over_tribune_s)}, but reaches the hold only at {clock(entry_s)}.",
                (plan.id,), time_s=exit_s, path=path))
        elif exit_s - entry_s > LONG_HOLD_S:
            found.append(Finding("warning", "long-hold",
                f"'{plan.id}' holds for {(exit_s - entry_s) / 60:.0f} min ({clock(entry_s)} to {clock(exit_s)}), "
                f"more than {LONG_HOLD_S / 60:.0f} min.", (plan.id,), time_s=entry_s, path=path))
    return found


def sharp_turn_findings(formations: Sequence[FormationPlan]) -> list[Finding]:
    """A turn of more than 90 deg from the hold onto the run-in, whose timing the wind makes uncertain."""
    found = []
    for plan in formations:
        if plan.hold is not None and abs(plan.hold.turn_deg) > SHARP_TURN_DEG:
            found.append(Finding("warning", "sharp-turn-onto-run-in",
                f"'{plan.id}' turns {abs(plan.hold.turn_deg):.0f} deg from its hold onto the run-in at the IP "
                f"(more than {SHARP_TURN_DEG:g}): the wind drifts it in the turn, so place the hold nearer the "
                "extended run-in for a time that holds.", (plan.id,), path=_path(plan.index, "hold")))
    return found


def crosswind_findings(formations: Sequence[FormationPlan], air: AirSegment) -> list[Finding]:
    """A crosswind above 25 kt on a run-in."""
    found = []
    for plan in formations:
        if abs(plan.crosswind_kt) > MAX_CROSSWIND_KT:
            found.append(Finding("warning", "strong-crosswind",
                f"'{plan.id}' has a {abs(plan.crosswind_kt):.0f} kt crosswind on its run-in (track "
                f"{plan.track_deg:g}, wind from {air.wind.from_deg:g} at {air.wind.speed_kt:g} kt), "
                f"more than {MAX_CROSSWIND_KT:g} kt.", (plan.id,), path=_path(plan.index, "run_in.heading_deg")))
    return found


def over_ground_findings(formations: Sequence[FormationPlan], ground: Sequence[GroundPlan],
                         tribune: str) -> list[Finding]:
    """A formation over the tribune while a ground element passes it, where air.over_ground is forbidden."""
    found = []
    for plan in formations:
        over_from = plan.over_tribune_s
        over_to = over_from + plan.depth_m / (plan.ground_speed_kt * KT)
        for element in ground:
            head_tail = element.times.get(tribune)
            if head_tail is not None and head_tail[0] <= over_to and head_tail[1] >= over_from:
                found.append(Finding("warning", "air-over-ground",
                    f"'{plan.id}' crosses the tribune at {clock(over_from)} while '{element.id}' passes it "
                    f"({clock(head_tail[0])} - {clock(head_tail[1])}), and air.over_ground is forbidden.",
                    (plan.id, element.id), time_s=over_from, path=_path(plan.index, "over_tribune")))
    return found
