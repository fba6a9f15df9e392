"""Rehearsal: the plan run thousands of times under the scenario's uncertainty, to measure how likely it holds.

Every run uses the planner's analytic model, vectorised over runs with numpy; nothing is
time-stepped. docs/rehearsal.md explains the model and the reasoning behind every default.

Ground. Each element steps off where it joins at its planned time plus a normal error, and keeps
one speed (its planned speed plus a normal spread from its cadence or its vehicles' speed); the
delays propagate down the column by the one rule of plan/propagation.py, so a late element holds
up every follower whose gap it eats. A gap "closes below min_gap_m" in a run when the follower had
to be held back by that leader.

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
from typing import NamedTuple

import numpy as np

from ..model.air import Wind
from ..model.scenario import MarchingBlock
from ..model.uncertainty import Uncertainty
from ..model.units import KMH, KT
from ..plan.air import FormationPlan
from ..plan.flight import track_of_deg, wind_triangle
from ..plan.planner import Plan
from ..plan.propagation import Column, column, propagate

DEFAULT_MAX_STEPS = 2_000_000_000  # grid points, about 30 s here: Astana's 10,000 runs evaluate 0.19e9 in 3 s
CHUNK_RUNS = 250  # runs drawn and computed together; fixed, so results never depend on the worker count
MIN_SPEED_FRACTION = 0.1  # a drawn speed never falls below this share of the planned one
OFF_TIME_S = 5.0  # a formation more than this off at the tribune is off time ("plus or minus five seconds")
CORRECT_ABOVE_S = 5.0  # crews correct whenever more than 5 s off (P-1217)
WIND_CAP = 0.9  # drawn wind stays below this share of the slowest TAS any crew may fly


# --- the model: the plan reduced to arrays, small enough to send to worker processes ---------------

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
    ground: Column
    speed_sd_mps: np.ndarray  # (N,) spread of each ground element's speed
    anchor_index: int  # the anchor among the column's named points
    flypasts: tuple[FlypastModel, ...]
    wind_from_deg: float
    wind_kt: float
    wind_cap_kt: float
    uncertainty: Uncertainty


def rehearsal_model(plan: Plan) -> RehearsalModel:
    """The plan and its scenario's uncertainty as arrays: what every rehearsal run starts from."""
    scenario = plan.scenario
    uncertainty = scenario.uncertainty
    flypasts = tuple(_flypast_model(f, plan.wind) for f in plan.air)
    slowest_kt = min((min(f.min_kt, f.tas_kt) for f in flypasts), default=np.inf)
    wind = plan.wind
    return RehearsalModel(
        ground=column(plan),
        speed_sd_mps=np.array([
            g.shape.speed_mps * uncertainty.cadence_sd_spm / g.element.cadence_spm
            if isinstance(g.element, MarchingBlock) else uncertainty.vehicle_speed_sd_kmh * KMH
            for g in plan.ground
        ]),
        anchor_index=plan.points.index(plan.anchor),
        flypasts=flypasts,
        wind_from_deg=wind.from_deg,
        wind_kt=wind.speed_kt,
        wind_cap_kt=WIND_CAP * slowest_kt,
        uncertainty=uncertainty,
    )


def _flypast_model(formation: FormationPlan, wind: Wind) -> FlypastModel:
    tas_mps = formation.tas_kt * KT
    leg_m: np.ndarray = np.zeros(0)
    leg_track: np.ndarray = np.zeros(0)
    if formation.hold is not None:
        pieces = np.diff(formation.hold.path_xy_m, axis=0)
        leg_m = np.asarray(np.hypot(pieces[:, 0], pieces[:, 1]))
        leg_track = np.asarray(track_of_deg(pieces))
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


def march_runs(model: RehearsalModel, step_off_error_s: np.ndarray, speed_mps: np.ndarray) -> GroundRuns:
    """Every element's deviation at the anchor in every run, held behind its leaders (plan/propagation.py)."""
    ground = model.ground
    runs = propagate(ground, step_off_error_s, speed_mps)
    late = runs.late_s(ground.planned_s)[:, :, model.anchor_index]
    return GroundRuns(late, runs.held, runs.step_off_s, runs.finish_s)


def flypast_runs(
    flypast: FlypastModel, exit_error_s: np.ndarray, wind_from_deg: np.ndarray, wind_kt: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """How late (negative: early) the lead crosses the tribune in each run, without and with the crew's corrections."""
    wind_mps = wind_kt * KT
    at_ip_s = ip_times_s(flypast, exit_error_s, wind_from_deg, wind_kt)
    ground_speed = wind_triangle(flypast.tas_kt * KT, flypast.track_deg, wind_from_deg, wind_mps).ground_speed_mps
    uncorrected = at_ip_s + flypast.ip_distance_m / ground_speed - flypast.over_tribune_s
    corrected = _corrected_crossing_s(flypast, at_ip_s, wind_from_deg, wind_mps) - flypast.over_tribune_s
    return uncorrected, corrected


def ip_times_s(
    flypast: FlypastModel, exit_error_s: np.ndarray, wind_from_deg: np.ndarray, wind_kt: np.ndarray
) -> np.ndarray:
    """When the lead reaches the IP in each run: its hold exit error, then the leg at planned TAS in the drawn wind."""
    leg = wind_triangle(flypast.tas_kt * KT, flypast.leg_track_deg[None, :], wind_from_deg[:, None],
                        wind_kt[:, None] * KT)
    return flypast.ip_s + exit_error_s + (flypast.leg_m / leg.ground_speed_mps).sum(axis=1) - flypast.leg_s


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
    number: int  # its place among the chunks: its seed's spawn key
    seed: int
    runs: int


class ChunkResult(NamedTuple):
    number: int
    ground: GroundRuns
    uncorrected_s: np.ndarray  # (R, F)
    corrected_s: np.ndarray  # (R, F)


def chunks(runs: int, seed: int) -> list[Chunk]:
    """The runs cut into chunks of CHUNK_RUNS (the last one shorter)."""
    return [Chunk(k, seed, min(CHUNK_RUNS, runs - start)) for k, start in enumerate(range(0, runs, CHUNK_RUNS))]


class Draws(NamedTuple):
    """One chunk's random numbers: what makes each of its runs differ from the plan."""

    step_off_error_s: np.ndarray  # (R, N) each ground element's step-off, late positive
    speed_mps: np.ndarray  # (R, N) each ground element's speed for the whole march
    wind_kt: np.ndarray  # (R,) one wind a run for every formation
    wind_from_deg: np.ndarray  # (R,)
    exit_error_s: np.ndarray  # (R, F) each lead's hold exit (without a hold: its IP), late positive


def draw_chunk(model: RehearsalModel, chunk: Chunk) -> Draws:
    """One chunk's draws from its own seed: the same chunk draws the same numbers anywhere."""
    rng = np.random.default_rng(np.random.SeedSequence(chunk.seed, spawn_key=(chunk.number,)))
    ground, spread = model.ground, model.uncertainty
    runs, count, formations = chunk.runs, len(ground.ids), len(model.flypasts)
    step_off_error = rng.normal(0.0, spread.step_off_sd_s, (runs, count))
    speed = np.maximum(ground.speed_mps + rng.standard_normal((runs, count)) * model.speed_sd_mps,
                       MIN_SPEED_FRACTION * ground.speed_mps)
    wind_kt = np.clip(model.wind_kt + spread.wind_speed_sd_kt * rng.standard_normal(runs), 0.0, model.wind_cap_kt)
    wind_from = (model.wind_from_deg + spread.wind_direction_sd_deg * rng.standard_normal(runs)) % 360.0
    exit_error = rng.normal(0.0, spread.hold_exit_sd_s, (runs, formations))
    return Draws(step_off_error, speed, wind_kt, wind_from, exit_error)


def run_chunk(model: RehearsalModel, chunk: Chunk) -> ChunkResult:
    """Draw one chunk's runs from its own seed and compute them: the same chunk gives the same numbers anywhere."""
    draws = draw_chunk(model, chunk)
    runs, formations = chunk.runs, len(model.flypasts)
    uncorrected, corrected = np.zeros((runs, formations)), np.zeros((runs, formations))
    for k, flypast in enumerate(model.flypasts):
        uncorrected[:, k], corrected[:, k] = flypast_runs(flypast, draws.exit_error_s[:, k], draws.wind_from_deg,
                                                          draws.wind_kt)
    return ChunkResult(chunk.number, march_runs(model, draws.step_off_error_s, draws.speed_mps), uncorrected, corrected)


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


class RehearsalTooBig(ValueError):
    """A rehearsal past its step limit, refused before it starts; the message gives the figures."""


def rehearsal_steps(model: RehearsalModel, runs: int) -> int:
    """Grid points evaluated in all: each run walks every ground element down its part of the route grid."""
    rows = int(np.sum(model.ground.stop_row - model.ground.enters_row))
    return runs * (rows + len(model.flypasts))


def rehearse(
    plan: Plan, runs: int, seed: int, *, runner: Runner = in_process, progress: Callable[[int], None] | None = None,
    max_steps: int | None = DEFAULT_MAX_STEPS,
) -> Rehearsal:
    """Run the plan `runs` times from `seed`; `progress` hears the runs done after each chunk.

    Refused with RehearsalTooBig when the runs would evaluate more than `max_steps` grid points (None: no limit).
    """
    model = rehearsal_model(plan)
    steps = rehearsal_steps(model, runs)
    if max_steps is not None and steps > max_steps:
        raise RehearsalTooBig(
            f"{runs:,} runs would evaluate {steps:,} points of the route grid, more than the limit of {max_steps:,} "
            "(--max-steps); give fewer --runs, check the route's length, or a higher --max-steps")
    results = []
    for result in runner(model, chunks(runs, seed)):
        results.append(result)
        if progress is not None:
            progress(len(result.ground.finish_s))
    return summarise(model, sorted(results, key=lambda r: r.number), seed)


def summarise(model: RehearsalModel, results: Sequence[ChunkResult], seed: int) -> Rehearsal:
    """Percentiles and probabilities over all runs, the chunks in index order."""
    ground = model.ground
    deviation = np.concatenate([r.ground.deviation_s for r in results])
    held = np.concatenate([r.ground.held for r in results])
    finish = np.concatenate([r.ground.finish_s for r in results])
    duration = finish - np.concatenate([r.ground.step_off_s for r in results])
    uncorrected = np.abs(np.concatenate([r.uncorrected_s for r in results]))
    corrected = np.abs(np.concatenate([r.corrected_s for r in results]))
    at_anchor_s = ground.planned_s[:, model.anchor_index]
    passing = np.flatnonzero(~np.isnan(at_anchor_s))
    p5, p50, p95 = np.percentile(deviation[:, passing], [5, 50, 95], axis=0) if len(passing) else np.zeros((3, 0))
    has_ground = len(ground.ids) > 0
    return Rehearsal(
        runs=len(finish), seed=seed, uncertainty=model.uncertainty,
        elements=[ElementRisk(ground.ids[i], ground.names[i], float(at_anchor_s[i]),
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
