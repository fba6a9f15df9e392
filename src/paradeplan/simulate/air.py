"""Air simulation: each formation's lead flown in 3D with the wind, its wingmen keeping station on it.

A lead appears at the start of its planned track (the hold fix at the hold exit time, or the IP at
the IP time) and flies the track's points in turn: the straight leg out of the hold, the turn onto
the run-in (the plan keeps it as short chords), the IP, the tribune and the point past it. It holds
its true airspeed; its velocity over the ground is its heading at that airspeed plus the wind.
Each step it steers for the track it should make good: the leg's track, corrected for the distance
off the leg over GUIDANCE_LOOKAHEAD_S of flight, plus the wind correction angle of the wind
triangle; its heading turns no faster than a turn at AUTOPILOT_MAX_BANK_DEG allows (omega = g tan(bank) / V).
Height is the planned height above the ground at the tribune, held throughout.

When every lead flying is steady on a straight leg, the steps to the first leg end are flown at once.

Wingmen keep their planned place ([right, ahead] of the lead, along its heading), as formation
pilots do; their paths come from the lead's when trajectories are written.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from ..model.units import FT, KT, G
from ..plan.air import FormationPlan
from ..plan.flight import wind_triangle

GUIDANCE_LOOKAHEAD_S = 4.0  # a lead takes out a cross-track error over about this much flight
AUTOPILOT_MAX_BANK_DEG = 30.0  # bank the autopilot may use: room above the planned 25 deg for the wind in a turn
SAMPLE_TOLERANCE_M = 1.0  # trajectories keep a sample wherever a straight line would be off by more
# every lead steady on its leg (heading and cross-track error this small): fly straight to the first leg end
STEADY_TURN_RAD = 1e-7
STEADY_OFF_M = 1e-3
_EPS_S = 1e-9


@dataclass(frozen=True)
class AirAgents:
    """Every formation lead to fly: its planned points, speed, height and turn rate."""

    formations: list[FormationPlan]
    points_xy_m: np.ndarray  # (F, M, 2) planned track points, padded with the last
    point_count: np.ndarray  # (F,) track points of each
    leg_u: np.ndarray  # (F, M, 2) unit vector of the leg ending at each point (row 0 unused)
    leg_m: np.ndarray  # (F, M) its length
    leg_track_rad: np.ndarray  # (F, M) its track
    start_s: np.ndarray  # (F,) planned time at the first point
    tas_mps: np.ndarray
    altitude_m: np.ndarray  # above the ground at the tribune
    max_turn_rad_s: np.ndarray
    wind_mps: np.ndarray  # (2,) east, north: where the air moves to
    wind_from_deg: float
    wind_speed_mps: float

    def __len__(self) -> int:
        return len(self.formations)


def air_agents(formations: list[FormationPlan], wind_from_deg: float, wind_speed_kt: float) -> AirAgents:
    """The leads of the planned formations, ready to fly in this wind."""
    count = np.array([len(f.track.times_s) for f in formations], dtype=np.int64)
    width = int(count.max()) if len(count) else 1
    points = np.zeros((len(formations), width, 2))
    for i, f in enumerate(formations):
        points[i, : count[i]] = f.track.xy_m
        points[i, count[i]:] = f.track.xy_m[-1]
    tas = np.array([f.tas_kt * KT for f in formations])
    legs = np.diff(points, axis=1, prepend=points[:, :1])
    leg_m = np.hypot(legs[..., 0], legs[..., 1])
    leg_u = np.where(leg_m[..., None] > 0, legs / np.where(leg_m > 0, leg_m, 1.0)[..., None], 0.0)
    wind_mps = wind_speed_kt * KT
    to = math.radians(wind_from_deg + 180.0)
    return AirAgents(
        formations=formations,
        points_xy_m=points,
        point_count=count,
        leg_u=leg_u,
        leg_m=leg_m,
        leg_track_rad=np.arctan2(leg_u[..., 0], leg_u[..., 1]),
        start_s=np.array([f.track.times_s[0] for f in formations]),
        tas_mps=tas,
        altitude_m=np.array([f.altitude_ft * FT for f in formations]),
        max_turn_rad_s=G * math.tan(math.radians(AUTOPILOT_MAX_BANK_DEG)) / np.maximum(tas, 1e-9),
        wind_mps=np.array([wind_mps * math.sin(to), wind_mps * math.cos(to)]),
        wind_from_deg=wind_from_deg,
        wind_speed_mps=wind_mps,
    )


@dataclass(frozen=True)
class AirRun:
    """What the air simulation produced: samples of every lead's path and when it passed each point."""

    agents: AirAgents
    sample_formation: np.ndarray  # (S,) sorted by formation then time
    sample_s: np.ndarray
    sample_xy_m: np.ndarray  # (S, 2)
    sample_heading_deg: np.ndarray  # (S,)
    passed_s: np.ndarray  # (F, M) when the lead passed each planned track point (abeam it), NaN if never
    steps: int


def run_air(agents: AirAgents, step_s: float, until_s: float) -> AirRun:
    """Fly every lead from its start until it has passed its last track point, or until `until_s` (one that
    cannot find its way)."""
    n = len(agents)
    passed = np.full(agents.points_xy_m.shape[:2], np.nan)
    if n == 0:
        return AirRun(agents, np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros((0, 2)), np.zeros(0), passed, 0)
    dt = float(step_s)
    xy = agents.points_xy_m[:, 0].copy()
    heading = np.zeros(n)  # radians
    leg = np.ones(n, dtype=np.int64)  # index of the point being flown to
    state = np.zeros(n, dtype=np.int8)  # 0 waiting, 1 flying, 2 done
    passed[:, 0] = agents.start_s
    keep_s, keep_xy, keep_v = np.zeros(n), np.zeros((n, 2)), np.zeros((n, 2))
    samples: list[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = []
    t = float(agents.start_s.min())
    steps = 0
    while (state < 2).any() and t <= until_s:
        waiting = state == 0
        starting = waiting & (agents.start_s <= t + _EPS_S)
        if starting.any():
            _start(agents, starting, t, xy, heading)
            state[starting] = 1
            i = np.flatnonzero(starting)
            samples.append((i, agents.start_s[i], agents.points_xy_m[i, 0], np.degrees(heading[i])))
            keep_s[i], keep_xy[i] = agents.start_s[i], agents.points_xy_m[i, 0]
            keep_v[i] = _velocity(agents, i, heading[i])
        flying = np.flatnonzero(state == 1)
        if len(flying) == 0:
            t += max(1, math.ceil((agents.start_s[waiting].min() - t) / dt - _EPS_S)) * dt
            continue
        steps += 1
        f = flying
        k = leg[f]
        along_u = agents.leg_u[f, k]
        relative = xy[f] - agents.points_xy_m[f, k - 1]
        off_m = relative[:, 0] * along_u[:, 1] - relative[:, 1] * along_u[:, 0]  # right of the leg
        wanted_track = agents.leg_track_rad[f, k] - np.arctan(off_m / (agents.tas_mps[f] * GUIDANCE_LOOKAHEAD_S))
        wanted = wind_triangle(agents.tas_mps[f], np.degrees(wanted_track), agents.wind_from_deg, agents.wind_speed_mps)
        wanted_heading = wanted_track + np.radians(wanted.wind_correction_deg)
        turn = (wanted_heading - heading[f] + math.pi) % (2 * math.pi) - math.pi
        limit = agents.max_turn_rad_s[f] * dt
        heading[f] += np.clip(turn, -limit, limit)
        velocity = _velocity(agents, f, heading[f])
        span = dt
        if (np.abs(turn) < STEADY_TURN_RAD).all() and (np.abs(off_m) < STEADY_OFF_M).all():
            span = dt * _steady_steps(agents, f, leg, xy, velocity, t, dt, waiting)
        old = xy[f].copy()
        new = old + velocity * span
        xy[f] = new
        t_new = t + span
        _pass_points(agents, f, leg, old, new, t, span, passed, state)
        drift = np.linalg.norm(new - keep_xy[f] - keep_v[f] * (t_new - keep_s[f])[:, None], axis=1) > SAMPLE_TOLERANCE_M
        done = state[f] == 2
        keep = f[drift & ~done]
        if len(keep):
            samples.append((keep, np.full(len(keep), t), old[drift & ~done], np.degrees(heading[keep])))
            keep_s[keep], keep_xy[keep], keep_v[keep] = t, old[drift & ~done], velocity[drift & ~done]
        if done.any():
            samples.append((f[done], np.full(int(done.sum()), t_new), new[done], np.degrees(heading[f[done]])))
        t = t_new
    lost = np.flatnonzero(state == 1)
    samples.append((lost, np.full(len(lost), t), xy[lost], np.degrees(heading[lost])))
    order_keys = np.concatenate([s[0] for s in samples]), np.concatenate([s[1] for s in samples])
    order = np.lexsort((order_keys[1], order_keys[0]))
    return AirRun(
        agents,
        order_keys[0][order],
        order_keys[1][order],
        np.concatenate([s[2] for s in samples])[order],
        np.concatenate([s[3] for s in samples])[order] % 360.0,
        passed,
        steps,
    )


def _steady_steps(agents: AirAgents, f: np.ndarray, leg: np.ndarray, xy: np.ndarray, velocity: np.ndarray,
                  t: float, dt: float, waiting: np.ndarray) -> int:
    """Steps until the first steady lead reaches the end of its leg, or the next one starts: flown at once.

    Held straight, a lead steady within STEADY_OFF_M and STEADY_TURN_RAD strays no more than a few
    centimetres over a leg of tens of kilometres from where one step at a time would take it.
    """
    k = leg[f]
    along_u = agents.leg_u[f, k]
    to_go = np.einsum("ij,ij->i", agents.points_xy_m[f, k] - xy[f], along_u)
    speed = np.einsum("ij,ij->i", velocity, along_u)
    steps = int(np.floor(to_go / (speed * dt)).min())
    if waiting.any():
        steps = min(steps, math.ceil((agents.start_s[waiting].min() - t) / dt - _EPS_S))
    return max(1, steps)


def _velocity(agents: AirAgents, f: np.ndarray, heading_rad: np.ndarray) -> np.ndarray:
    """Velocity over the ground: true airspeed along the heading plus the wind."""
    tas = agents.tas_mps[f]
    return np.column_stack([tas * np.sin(heading_rad), tas * np.cos(heading_rad)]) + agents.wind_mps


def _start(agents: AirAgents, starting: np.ndarray, t: float, xy: np.ndarray, heading: np.ndarray) -> None:
    """Place leads on their first leg where they would be at time t, heading to make good its track."""
    i = np.flatnonzero(starting)
    a, b = agents.points_xy_m[i, 0], agents.points_xy_m[i, 1]
    along_u = (b - a) / np.linalg.norm(b - a, axis=1)[:, None]
    track = np.degrees(np.arctan2(along_u[:, 0], along_u[:, 1]))
    triangle = wind_triangle(agents.tas_mps[i], track, agents.wind_from_deg, agents.wind_speed_mps)
    heading[i] = np.radians(track + triangle.wind_correction_deg)
    xy[i] = a + along_u * (triangle.ground_speed_mps * (t - agents.start_s[i]))[:, None]


def _pass_points(agents: AirAgents, f: np.ndarray, leg: np.ndarray, old: np.ndarray, new: np.ndarray,
                 t: float, dt: float, passed: np.ndarray, state: np.ndarray) -> None:
    """Move each lead on to its next point once abeam the one it flies to, timing the passage."""
    j = np.arange(len(f))
    while len(j):
        k = f[j]
        along_u, end = agents.leg_u[k, leg[k]], agents.points_xy_m[k, leg[k]]
        before = np.einsum("ij,ij->i", old[j] - end, along_u)
        after = np.einsum("ij,ij->i", new[j] - end, along_u)
        crossed = after >= 0
        j, k, before, after = j[crossed], k[crossed], before[crossed], after[crossed]
        passed[k, leg[k]] = t + np.clip(-before / np.maximum(after - before, 1e-12), 0.0, 1.0) * dt
        leg[k] += 1
        finished = leg[k] >= agents.point_count[k]
        state[k[finished]] = 2
        leg[k[finished]] -= 1
        j = j[~finished]
