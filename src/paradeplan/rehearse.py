"""Rehearsal: the plan run thousands of times under the scenario's uncertainty, to measure how likely it holds.

Every run uses the planner's analytic model, vectorised over runs with numpy; nothing is
time-stepped. docs/rehearsal.md explains the model and the reasoning behind every default.

Ground. Each element steps off where it joins at its planned time plus a normal error, and keeps
one speed (its planned speed plus a normal spread from its cadence or its vehicles' speed), slowed
on stretches with a speed limit as in the plan. Free, its head reaches distance x at
elapsed(x) + offset. A follower cannot run into its leader: its head reaches x no earlier than the
leader's tail reaches x + min_gap_m, and once let go it goes on at its own speed, so

    head(x) = elapsed(x) + max(free offset, max over x' <= x of [leader's tail(x' + min_gap_m) - elapsed(x')])

a running maximum along the route. It is evaluated on one grid of distances (every named point,
stretch boundary, join and leave point, each also min_gap_m earlier, and every GRID_STEP_M
between) for all runs at once, element by element down the order of march, so a late element
holds up every follower whose gap it eats. A follower's leaders are found as the planner's gap
check finds them: the nearest element ahead on every part of the route they share. A gap "closes
below min_gap_m" in a run when the follower had to be held back by that leader.

Air. One wind a run for all formations (speed and direction spread around the scenario's). Each
lead leaves its hold with a normal error and flies the planned TAS to the IP, where the wind
changes its time along the hold-exit leg; from the IP it flies the run-in. Uncorrected, it keeps
the planned TAS. Corrected, the crew follows the primer's rule: whenever more than 5 s off its
planned time at its position, it changes TAS by 1 kt per second off (within the type's envelope)
and holds that for as many minutes as the ground speed in NM a minute (GS in kt, as seconds),
then checks again; in between it flies the planned TAS until it drifts 5 s off.

Runs go in chunks of CHUNK_RUNS; chunk k draws from SeedSequence(seed, spawn_key=(k,)), so the
numbers depend on the seed alone, not on how many workers ran the chunks or in what order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import NamedTuple

import numpy as np

from .air import FormationPlan, track_of_deg, wind_triangle
from .findings import leaders_ahead
from .ground import SpeedField
from .planner import Plan
from .scenario import MarchingBlock, Scenario
from .times import iso_time_or_none
from .uncertainty import Uncertainty
from .units import KMH, KT

CHUNK_RUNS = 250  # runs drawn and computed together; fixed, so results never depend on the worker count
GRID_STEP_M = 5.0  # spacing of the distance grid between the points where trajectories bend
MIN_SPEED_FRACTION = 0.1  # a drawn speed never falls below this share of the planned one
OFF_TIME_S = 5.0  # a formation more than this off at the tribune is off time ("plus or minus five seconds")
CORRECT_ABOVE_S = 5.0  # crews correct whenever more than 5 s off (P-1217)
WIND_CAP = 0.9  # drawn wind stays below this share of the slowest TAS any crew may fly
HELD_TOLERANCE_S = 1e-6  # a follower delayed less than this by its leader was not held


# --- the model: the plan reduced to arrays, small enough to send to worker processes ---------------

class _Pair(NamedTuple):
    """A leader and a follower on a shared stretch, as grid lookups."""

    leader: int
    follower: int
    first: int  # grid rows first..stop-1: where the follower's head is on the shared stretch
    stop: int
    below: np.ndarray  # for each of those rows, the grid row at or below its distance + min_gap_m
    share: np.ndarray  # how far that distance lies towards the next grid row, 0..1


@dataclass(frozen=True)
class GroundModel:
    """Ground elements in order of march, planned values and the grid their runs are evaluated on."""

    ids: tuple[str, ...]
    names: tuple[str, ...]
    speed_mps: np.ndarray  # (N,) planned free speed
    speed_sd_mps: np.ndarray  # (N,) spread of that speed
    length_m: np.ndarray  # (N,)
    step_off_s: np.ndarray  # (N,) planned head time where each joins
    at_anchor_s: np.ndarray  # (N,) planned head time at the anchor; NaN for one that does not pass it
    breaks_m: np.ndarray
    limits_mps: np.ndarray
    grid_m: np.ndarray  # (G,)
    enters_row: np.ndarray  # (N,) grid row of each join point: the first row computed for the element
    leaves_row: np.ndarray  # (N,) grid row of each leave point
    stop_row: np.ndarray  # (N,) one past the last row computed: its leave point, or what its followers look up
    anchor_row: int
    pairs: tuple[_Pair, ...]  # ordered by follower
    planned_step_off_s: float
    planned_finish_s: float


@dataclass(frozen=True)
class FlypastModel:
    """One formation lead's planned run: hold-exit leg, IP, run-in and envelope."""

    id: str
    name: str
    tas_kt: float
    min_kt: float
    max_kt: float
    track_deg: float  # run-in track
    ip_distance_m: float
    ground_speed_mps: float  # planned, on the run-in
    ip_s: float
    over_tribune_s: float
    leg_m: np.ndarray  # straight pieces from the hold fix to the IP (none without a hold)
    leg_track_deg: np.ndarray
    leg_s: float  # planned time along them, in the scenario's wind


@dataclass(frozen=True)
class RehearsalModel:
    ground: GroundModel
    flypasts: tuple[FlypastModel, ...]
    wind_from_deg: float
    wind_kt: float
    wind_cap_kt: float
    uncertainty: Uncertainty


def rehearsal_model(plan: Plan) -> RehearsalModel:
    """The plan and its scenario's uncertainty as arrays: what every rehearsal run starts from."""
    scenario = plan.scenario
    uncertainty = scenario.uncertainty
    flypasts = tuple(_flypast_model(f, scenario) for f in plan.air)
    slowest_kt = min((min(f.min_kt, f.tas_kt) for f in flypasts), default=np.inf)
    wind = scenario.air.wind if scenario.air is not None else None
    return RehearsalModel(
        ground=_ground_model(plan, uncertainty),
        flypasts=flypasts,
        wind_from_deg=wind.from_deg if wind else 0.0,
        wind_kt=wind.speed_kt if wind else 0.0,
        wind_cap_kt=WIND_CAP * slowest_kt,
        uncertainty=uncertainty,
    )


def _ground_model(plan: Plan, uncertainty: Uncertainty) -> GroundModel:
    ground, march = plan.ground, plan.march
    anchor_m = plan.geometry.points[plan.anchor].at_m
    gap_m = plan.scenario.timing.min_gap_m
    breaks_m, limits_mps = plan.geometry.speed_limits()
    enters = np.array([g.enters_m for g in ground])
    leaves = np.array([g.leaves_m for g in ground])
    speed = np.array([g.shape.speed_mps for g in ground])
    spread = np.array([
        g.shape.speed_mps * uncertainty.cadence_sd_spm / g.element.cadence_spm if isinstance(g.element, MarchingBlock)
        else uncertainty.vehicle_speed_sd_kmh * KMH
        for g in ground
    ])
    bends = np.concatenate([enters, leaves, [anchor_m], [p.at_m for p in plan.geometry.points.values()], breaks_m])
    low, high = enters.min(initial=anchor_m), leaves.max(initial=anchor_m) + gap_m
    grid = np.concatenate([bends, bends - gap_m, np.arange(low, high, GRID_STEP_M), [high]])
    grid = np.unique(grid[(grid >= low) & (grid <= high)])
    row = {float(x): k for k, x in enumerate(grid)}
    pairs = []
    for j in range(len(ground)):
        for lo, hi, leader in _leaders(ground, j):
            first, stop = row[float(lo)], row[float(hi)] + 1
            ahead = grid[first:stop] + gap_m
            below = np.clip(np.searchsorted(grid, ahead, side="right") - 1, 0, len(grid) - 2)
            share = np.clip((ahead - grid[below]) / (grid[below + 1] - grid[below]), 0.0, 1.0)
            pairs.append(_Pair(leader, j, first, stop, below, share))
    leaves_row = np.array([row[float(x)] for x in leaves], dtype=int)
    looked_up = [max((int(p.below.max()) + 1 for p in pairs if p.leader == i), default=0) for i in range(len(ground))]
    at_anchor = [g.times[plan.anchor][0] if plan.anchor in g.times else np.nan for g in ground]
    summary = plan.summary()
    return GroundModel(
        ids=tuple(g.id for g in ground), names=tuple(g.name for g in ground),
        speed_mps=speed, speed_sd_mps=spread, length_m=np.array([g.shape.length_m for g in ground]),
        step_off_s=np.array([float(march.head_at(g.row, g.enters_m)) for g in ground]),
        at_anchor_s=np.array(at_anchor, dtype=float), breaks_m=breaks_m, limits_mps=limits_mps, grid_m=grid,
        enters_row=np.array([row[float(x)] for x in enters], dtype=int), leaves_row=leaves_row,
        stop_row=np.maximum(leaves_row, looked_up) + 1, anchor_row=row[float(anchor_m)], pairs=tuple(pairs),
        planned_step_off_s=summary["step_off_s"] if ground else np.nan,
        planned_finish_s=summary["completion_s"] if ground else np.nan,
    )


def _leaders(ground, j: int) -> list[tuple[float, float, int]]:
    """(from_m, to_m, leader row): the nearest element ahead of element j on each part of its stretch."""
    found = []
    for leader, shared in leaders_ahead(ground, j):
        found += [(lo, hi, leader.row) for lo, hi in shared  # a junction point counts, unless a nearer leader has it
                  if hi > lo or not any(a <= lo <= b for a, b, _ in found)]
    return found


def _flypast_model(formation: FormationPlan, scenario: Scenario) -> FlypastModel:
    wind = scenario.air.wind
    tas_mps = formation.tas_kt * KT
    if formation.hold is None:
        leg_m, leg_track = np.zeros(0), np.zeros(0)
    else:
        pieces = np.diff(formation.hold.path_xy_m, axis=0)
        leg_m = np.hypot(pieces[:, 0], pieces[:, 1])
        leg_track = track_of_deg(pieces)
    leg_s = float(np.sum(leg_m / wind_triangle(tas_mps, leg_track, wind.from_deg, wind.speed_kt * KT).ground_speed_mps))
    return FlypastModel(
        id=formation.id, name=formation.name, tas_kt=formation.tas_kt,
        min_kt=formation.aircraft.min_kt, max_kt=formation.aircraft.max_kt, track_deg=formation.track_deg,
        ip_distance_m=formation.ip_distance_m, ground_speed_mps=float(formation.triangle.ground_speed_mps),
        ip_s=formation.ip_s, over_tribune_s=formation.over_tribune_s, leg_m=leg_m, leg_track_deg=leg_track, leg_s=leg_s,
    )


# --- one batch of runs -----------------------------------------------------------------------------

class GroundRuns(NamedTuple):
    deviation_s: np.ndarray  # (R, N) head at the anchor minus the plan, late positive; NaN where it does not pass
    held: np.ndarray  # (R, P) the follower of each pair was held back by its leader
    step_off_s: np.ndarray  # (R,) the first head to move
    finish_s: np.ndarray  # (R,) the last tail clear of its leave point: completion


def march_runs(ground: GroundModel, step_off_error_s: np.ndarray, speed_mps: np.ndarray) -> GroundRuns:
    """Head times of every element in every run, each held behind its leaders: see the module docstring.

    `step_off_error_s` and `speed_mps` are (runs, elements): each element's step-off error and speed.
    Arrays along the route are laid out (grid rows, runs), so the running maximum runs down rows.
    """
    runs, count = speed_mps.shape
    pairs = ground.pairs
    last_use = {p.leader: p.follower for p in pairs}  # pairs run by follower, so the last one wins
    heads: dict[int, np.ndarray] = {}
    held = np.zeros((runs, len(pairs)), dtype=bool)
    deviation = np.full((runs, count), np.nan)
    step_off = np.full(runs, np.inf)
    finish = np.full(runs, -np.inf)
    pass_time_s = ground.length_m / speed_mps
    for i in range(count):
        first = ground.enters_row[i]
        field = SpeedField.build(speed_mps[:, i], ground.breaks_m, ground.limits_mps)
        elapsed = _elapsed_rows(field, ground.grid_m[first:ground.stop_row[i]])
        free = ground.step_off_s[i] + step_off_error_s[:, i] - elapsed[0]
        earliest = np.full(elapsed.shape, -np.inf)  # least offset each row allows
        earliest[0] = free
        bounds = []
        for k, pair in enumerate(pairs):
            if pair.follower != i:
                continue
            lead = heads[pair.leader]
            below = pair.below - ground.enters_row[pair.leader]
            share = pair.share[:, None]
            rows = slice(pair.first - first, pair.stop - first)
            tail_ahead = lead[below] * (1.0 - share) + lead[below + 1] * share + pass_time_s[:, pair.leader]
            bound = tail_ahead - elapsed[rows]
            np.maximum(earliest[rows], bound, out=earliest[rows])
            bounds.append((k, rows, bound))
        offset = np.maximum.accumulate(earliest, axis=0)
        head = elapsed
        head += offset
        for k, rows, bound in bounds:
            binding = (bound >= offset[rows] - HELD_TOLERANCE_S) & (bound > free + HELD_TOLERANCE_S)
            held[:, k] = binding.any(axis=0)
        if not np.isnan(ground.at_anchor_s[i]):
            deviation[:, i] = head[ground.anchor_row - first] - ground.at_anchor_s[i]
        step_off = np.minimum(step_off, head[0])
        finish = np.maximum(finish, head[ground.leaves_row[i] - first] + pass_time_s[:, i])
        if i in last_use:
            heads[i] = head
        for leader in [lead for lead, last in last_use.items() if last == i]:
            del heads[leader]
    return GroundRuns(deviation, held, step_off, finish)


def _elapsed_rows(field: SpeedField, at_m: np.ndarray) -> np.ndarray:
    """SpeedField.elapsed_at laid out (distances, runs): time from distance 0 at each speed."""
    segment = field.segment(at_m)
    elapsed = np.ascontiguousarray(field.elapsed_s.T)[segment]
    return elapsed + (at_m - field.xs_m[segment])[:, None] / np.ascontiguousarray(field.speed_mps.T)[segment]


def flypast_runs(
    flypast: FlypastModel, exit_error_s: np.ndarray, wind_from_deg: np.ndarray, wind_kt: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """How late (negative: early) the lead crosses the tribune in each run, without and with the crew's corrections."""
    wind_mps = wind_kt * KT
    tas_mps = flypast.tas_kt * KT
    leg = wind_triangle(tas_mps, flypast.leg_track_deg[None, :], wind_from_deg[:, None], wind_mps[:, None])
    at_ip_s = flypast.ip_s + exit_error_s + (flypast.leg_m / leg.ground_speed_mps).sum(axis=1) - flypast.leg_s
    ground_speed = wind_triangle(tas_mps, flypast.track_deg, wind_from_deg, wind_mps).ground_speed_mps
    uncorrected = at_ip_s + flypast.ip_distance_m / ground_speed - flypast.over_tribune_s
    corrected = _corrected_crossing_s(flypast, at_ip_s, wind_from_deg, wind_mps) - flypast.over_tribune_s
    return uncorrected, corrected


def _corrected_crossing_s(
    f: FlypastModel, at_ip_s: np.ndarray, wind_from_deg: np.ndarray, wind_mps: np.ndarray
) -> np.ndarray:
    """Tribune time when the crew corrects by the primer's rule from the IP on, phase by phase for all runs at once."""
    hold_s = f.ground_speed_mps / KT  # GS in NM a minute, as minutes, is GS in kt, as seconds
    low, high = min(f.min_kt, f.tas_kt), max(f.max_kt, f.tas_kt)
    time_s, flown_m = at_ip_s.copy(), np.zeros_like(at_ip_s)
    off_s = time_s - f.ip_s
    correcting = np.abs(off_s) > CORRECT_ABOVE_S
    crossing = np.full_like(at_ip_s, np.nan)
    active = np.ones(len(at_ip_s), dtype=bool)
    while active.any():
        tas_kt = np.where(correcting, np.clip(f.tas_kt + off_s, low, high), f.tas_kt)
        ground_speed = wind_triangle(tas_kt * KT, f.track_deg, wind_from_deg, wind_mps).ground_speed_mps
        drift = 1.0 - ground_speed / f.ground_speed_mps  # seconds off gained per second flown
        limit = np.where(drift > 0, CORRECT_ABOVE_S, -CORRECT_ABOVE_S)
        with np.errstate(divide="ignore"):
            to_limit_s = np.where(drift != 0, (limit - off_s) / drift, np.inf)
        phase_s = np.where(correcting, hold_s, np.maximum(to_limit_s, 0.0))
        left_m = f.ip_distance_m - flown_m
        arrives = active & (ground_speed * phase_s >= left_m)
        crossing[arrives] = (time_s + left_m / ground_speed)[arrives]
        active &= ~arrives
        phase_s = np.where(active, phase_s, 0.0)
        time_s, flown_m = time_s + phase_s, flown_m + ground_speed * phase_s
        off_s = time_s - f.ip_s - flown_m / f.ground_speed_mps
        correcting = ~correcting | (np.abs(off_s) > CORRECT_ABOVE_S)
    return crossing


class Chunk(NamedTuple):
    index: int
    seed: int
    runs: int


class ChunkResult(NamedTuple):
    index: int
    ground: GroundRuns
    uncorrected_s: np.ndarray  # (R, F)
    corrected_s: np.ndarray  # (R, F)


def chunks(runs: int, seed: int) -> list[Chunk]:
    """The runs cut into chunks of CHUNK_RUNS (the last one shorter)."""
    return [Chunk(k, seed, min(CHUNK_RUNS, runs - start)) for k, start in enumerate(range(0, runs, CHUNK_RUNS))]


def run_chunk(model: RehearsalModel, chunk: Chunk) -> ChunkResult:
    """Draw one chunk's runs from its own seed and compute them: the same chunk gives the same numbers anywhere."""
    rng = np.random.default_rng(np.random.SeedSequence(chunk.seed, spawn_key=(chunk.index,)))
    ground, spread = model.ground, model.uncertainty
    runs, count, formations = chunk.runs, len(ground.ids), len(model.flypasts)
    step_off_error = rng.normal(0.0, spread.step_off_sd_s, (runs, count))
    speed = np.maximum(ground.speed_mps + rng.standard_normal((runs, count)) * ground.speed_sd_mps,
                       MIN_SPEED_FRACTION * ground.speed_mps)
    wind_kt = np.clip(model.wind_kt + spread.wind_speed_sd_kt * rng.standard_normal(runs), 0.0, model.wind_cap_kt)
    wind_from = (model.wind_from_deg + spread.wind_direction_sd_deg * rng.standard_normal(runs)) % 360.0
    exit_error = rng.normal(0.0, spread.hold_exit_sd_s, (runs, formations))
    uncorrected, corrected = np.zeros((runs, formations)), np.zeros((runs, formations))
    for k, flypast in enumerate(model.flypasts):
        uncorrected[:, k], corrected[:, k] = flypast_runs(flypast, exit_error[:, k], wind_from, wind_kt)
    return ChunkResult(chunk.index, march_runs(ground, step_off_error, speed), uncorrected, corrected)


# --- the whole rehearsal ---------------------------------------------------------------------------

Runner = Callable[[RehearsalModel, Sequence[Chunk]], Iterable[ChunkResult]]


def in_process(model: RehearsalModel, work: Sequence[Chunk]) -> Iterable[ChunkResult]:
    """Run the chunks one after another here; the CLI swaps in worker processes or a Dask cluster."""
    return (run_chunk(model, chunk) for chunk in work)


@dataclass(frozen=True)
class ElementRisk:
    id: str
    name: str
    planned_s: float  # head at the anchor
    p5_s: float  # deviation of the head at the anchor, late positive
    p50_s: float
    p95_s: float


@dataclass(frozen=True)
class GapRisk:
    leader: str
    follower: str
    probability: float  # that the follower is held back by the leader: its gap closes below min_gap_m


@dataclass(frozen=True)
class FlypastRisk:
    id: str
    name: str
    planned_s: float  # lead over the tribune
    p_off_uncorrected: float  # crossing more than OFF_TIME_S early or late
    p_off_corrected: float
    p95_off_uncorrected_s: float  # 95th percentile of how far off, either way
    p95_off_corrected_s: float


@dataclass(frozen=True)
class Rehearsal:
    """Risk figures from many runs, and the per-run numbers the plots draw."""

    runs: int
    seed: int
    uncertainty: Uncertainty
    elements: list[ElementRisk]  # those that pass the anchor, in order of march
    gaps: list[GapRisk]
    flypasts: list[FlypastRisk]
    planned_duration_s: float  # first step-off to completion
    duration_p50_s: float
    duration_p95_s: float
    planned_finish_s: float
    finish_p50_s: float
    finish_p95_s: float
    deviation_s: np.ndarray  # (runs, elements) for the elements listed
    finish_s: np.ndarray  # (runs,)


def rehearse(
    plan: Plan, runs: int, seed: int, *, runner: Runner = in_process, progress: Callable[[int], None] | None = None
) -> Rehearsal:
    """Run the plan `runs` times from `seed`; `progress` hears the runs done after each chunk."""
    model = rehearsal_model(plan)
    results = []
    for result in runner(model, chunks(runs, seed)):
        results.append(result)
        if progress is not None:
            progress(len(result.ground.finish_s))
    return summarise(model, sorted(results, key=lambda r: r.index), seed)


def summarise(model: RehearsalModel, results: Sequence[ChunkResult], seed: int) -> Rehearsal:
    """Percentiles and probabilities over all runs, the chunks in index order."""
    ground = model.ground
    deviation = np.concatenate([r.ground.deviation_s for r in results])
    held = np.concatenate([r.ground.held for r in results])
    finish = np.concatenate([r.ground.finish_s for r in results])
    duration = finish - np.concatenate([r.ground.step_off_s for r in results])
    uncorrected = np.abs(np.concatenate([r.uncorrected_s for r in results]))
    corrected = np.abs(np.concatenate([r.corrected_s for r in results]))
    passing = np.flatnonzero(~np.isnan(ground.at_anchor_s))
    p5, p50, p95 = np.percentile(deviation[:, passing], [5, 50, 95], axis=0) if len(passing) else np.zeros((3, 0))
    has_ground = len(ground.ids) > 0
    return Rehearsal(
        runs=len(finish), seed=seed, uncertainty=model.uncertainty,
        elements=[ElementRisk(ground.ids[i], ground.names[i], float(ground.at_anchor_s[i]),
                              float(p5[k]), float(p50[k]), float(p95[k])) for k, i in enumerate(passing)],
        gaps=[GapRisk(ground.ids[p.leader], ground.ids[p.follower], float(held[:, k].mean()))
              for k, p in enumerate(ground.pairs)],
        flypasts=[FlypastRisk(f.id, f.name, f.over_tribune_s,
                              float(np.mean(uncorrected[:, k] > OFF_TIME_S)),
                              float(np.mean(corrected[:, k] > OFF_TIME_S)),
                              float(np.percentile(uncorrected[:, k], 95)), float(np.percentile(corrected[:, k], 95)))
                  for k, f in enumerate(model.flypasts)],
        planned_duration_s=ground.planned_finish_s - ground.planned_step_off_s,
        duration_p50_s=float(np.percentile(duration, 50)) if has_ground else np.nan,
        duration_p95_s=float(np.percentile(duration, 95)) if has_ground else np.nan,
        planned_finish_s=ground.planned_finish_s,
        finish_p50_s=float(np.percentile(finish, 50)) if has_ground else np.nan,
        finish_p95_s=float(np.percentile(finish, 95)) if has_ground else np.nan,
        deviation_s=deviation[:, passing], finish_s=finish,
    )


def rehearsal_dict(rehearsal: Rehearsal, scenario: Scenario) -> dict:
    """The rehearsal as JSON-ready data: times of day as ISO 8601, seconds and probabilities rounded."""

    iso = partial(iso_time_or_none, scenario.date, scenario.tz)

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
