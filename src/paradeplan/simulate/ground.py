"""Ground simulation: every rank of every marching block and every vehicle, stepped in time together.

Each agent is a rank (its marchers side by side, one per file) or a vehicle; its state is the
distance of its front along the route and its speed, in numpy arrays over all agents at once.
Vehicles driven abreast keep a fixed offset to the side of the centre line, each file following
the vehicle ahead of it in the same file.

Car following is the Krauss model (S. Krauss, "Microscopic Modeling of Traffic Flow: Investigation
of Collision Free Vehicle Dynamics", DLR-Forschungsbericht 98-08, 1998), SUMO's default, here
deterministic (no dawdling, SUMO's sigma = 0):

    v_safe = v_ahead + (g - v_ahead tau) / ((v_ahead + v) / (2 b) + tau)
    v_next = max(0, v - b dt, min(v + a dt, v_allowed(x), v_safe))

g is the gap to the agent ahead less a standstill gap, a and b the agent's acceleration and
braking, tau its headway. At constant speed a follower keeps any gap above v tau + standstill gap,
so a column keeps its planned spacing; at a slow stretch it closes up (down to that safe gap) and
opens again. v_allowed is the element's planned speed capped by the stretch limits, lowered before
a slower stretch along the braking curve sqrt(v_limit^2 + 2 b d), so an agent enters it at the limit.

An element's first agent enters at its entry point at the planned head time and speed; the agents
behind it enter at the planned intervals. An agent leaves when the point that marks the element's
tail (a vehicle's rear, a rank itself) passes its leave point.

When no agent changes speed in a step, the steps up to the next event (an agent reaching a braking
curve or a stretch boundary, closing on a slower agent near enough to brake, losing the agent that
held it back, or a new element's first row entering) are taken at once: the same positions and
times as one step at a time, in far fewer numpy calls. Ranks and vehicles behind an element's first
row enter during such a jump where one step at a time would have put them (_quiet_entries).
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable, Collection
from dataclasses import dataclass

import numpy as np

from ..model.catalogue import VehicleType
from ..model.scenario import InlineVehicle, MarchingBlock
from ..plan.ground import GroundPlan
from ..plan.planner import Plan

MARCH_ACCEL_MPS2 = 1.5  # quick time (1.5 m/s) from the halt in two paces of half a second
MARCH_TAU_S = 0.2  # marchers keep their dressing by eye, well within a pace
MARCH_MIN_GAP_M = 0.2
RANK_DEPTH_M = {"foot": 0.4, "band": 0.4, "mounted": 2.4}  # a marcher (ATP 3-21.18: the distance + 0.4 m); a horse
VEHICLE_TAU_S = 1.0  # SUMO's default headway
VEHICLE_MIN_GAP_M = 2.0  # bumper to bumper at a standstill
INLINE_ACCEL_MPS2 = 0.5  # an inline type has no figures: the catalogue's heavy tracked class
INLINE_DECEL_MPS2 = 1.0
SAMPLE_TOLERANCE_M = 0.02  # trajectories keep a sample wherever a straight line would be off by more
_EPS_S = 1e-9
PROGRESS_EVERY_STEPS = 256  # how often the stepper reports its simulated time
_MAX_QUIET_ENTRIES = 512  # agents entering during one jump, at most: the check is per agent


def _fewer(steps: int, bounds: np.ndarray) -> int:
    """The least of a step count and whole-step bounds (infinite ones bound nothing)."""
    least = bounds.min()
    return min(steps, int(least)) if np.isfinite(least) else steps


def _critical_gap(v_ahead, v, tau, inv_2b):
    """The gap below which Krauss's safe speed falls under v, behind an agent at v_ahead."""
    return v_ahead * tau + (v - v_ahead) * ((v_ahead + v) * inv_2b + tau)


@dataclass(frozen=True)
class GroundAgents:
    """Every ground agent, element by element and front to back, with what the simulation needs."""

    elements: list[GroundPlan]  # the simulated elements, in order of march
    element: np.ndarray  # (N,) index into `elements`
    rank: np.ndarray  # (N,) row within the element, from the front
    file: np.ndarray  # (N,) file within the row, from the left
    lateral_m: np.ndarray  # (N,) offset to the right of the centre line
    width_m: np.ndarray  # (N,) footprint: a rank's frontage, a vehicle's width
    length_m: np.ndarray  # (N,) footprint: a marcher's depth, a vehicle's length
    tail_m: np.ndarray  # (N,) from the agent's front back to the point that counts as the element's tail
    enters_m: np.ndarray
    leaves_m: np.ndarray
    entry_s: np.ndarray  # (N,) planned time of the agent's front at its entry point
    entry_mps: np.ndarray  # (N,) planned speed there
    free_mps: np.ndarray  # (N,) the element's planned speed
    accel_mps2: np.ndarray
    decel_mps2: np.ndarray
    tau_s: np.ndarray
    min_gap_m: np.ndarray
    ahead: np.ndarray  # (N,) agent followed within the element (same file, row ahead); -1 in the first row

    def __len__(self) -> int:
        return len(self.element)


def limit_at(breaks_m: np.ndarray, limits_mps: np.ndarray, at_m) -> np.ndarray:
    """Stretch speed limit at distances along the route (inf where none, and off the route)."""
    extended = np.concatenate([[np.inf], limits_mps, [np.inf]])
    return extended[np.searchsorted(breaks_m, at_m, side="right")]


def ground_agents(plan: Plan, vehicles: dict[str, VehicleType], only: Collection[str] | None = None) -> GroundAgents:
    """Lay out every rank and vehicle of the plan's ground elements (or of those with ids in `only`)."""
    breaks, limits = plan.geometry.speed_limits()
    elements = [g for g in plan.ground if only is None or g.id in only]
    parts: dict[str, list[np.ndarray]] = {}
    start = 0
    for index, g in enumerate(elements):
        element = g.element
        if isinstance(element, MarchingBlock):
            count, abreast = element.ranks, 1
            k = np.arange(count)
            behind_m: np.ndarray = k * element.rank_spacing_m
            lateral_m: np.ndarray = np.zeros(count)
            width_m, length_m, tail_m = element.files * element.file_spacing_m, RANK_DEPTH_M[element.kind], 0.0
            accel, decel, tau, min_gap = MARCH_ACCEL_MPS2, MARCH_ACCEL_MPS2, MARCH_TAU_S, MARCH_MIN_GAP_M
        else:
            kind = element.vehicle if isinstance(element.vehicle, InlineVehicle) else vehicles[element.vehicle]
            count, abreast = element.count, element.abreast
            k = np.arange(count)
            behind_m = (k // abreast) * (kind.length_m + element.spacing_m)
            lateral_m = (k % abreast - (abreast - 1) / 2) * (kind.width_m + element.lateral_spacing_m)
            width_m, length_m, tail_m = kind.width_m, kind.length_m, kind.length_m
            accel = kind.accel_mps2 if isinstance(kind, VehicleType) else INLINE_ACCEL_MPS2
            decel = kind.decel_mps2 if isinstance(kind, VehicleType) else INLINE_DECEL_MPS2
            tau, min_gap = VEHICLE_TAU_S, VEHICLE_MIN_GAP_M
        speed = g.shape.speed_mps
        head_entry_s = float(plan.march.head_at(g.row, g.enters_m))
        columns = {
            "element": np.full(count, index),
            "rank": k // abreast,
            "file": k % abreast,
            "lateral_m": lateral_m,
            "width_m": np.full(count, width_m),
            "length_m": np.full(count, length_m),
            "tail_m": np.full(count, tail_m),
            "enters_m": np.full(count, g.enters_m),
            "leaves_m": np.full(count, g.leaves_m),
            "entry_s": head_entry_s + behind_m / speed,
            "entry_mps": np.full(count, min(speed, float(limit_at(breaks, limits, g.enters_m)))),
            "free_mps": np.full(count, speed),
            "accel_mps2": np.full(count, accel),
            "decel_mps2": np.full(count, decel),
            "tau_s": np.full(count, tau),
            "min_gap_m": np.full(count, min_gap),
            "ahead": np.where(k >= abreast, start + k - abreast, -1),
        }
        for name, values in columns.items():
            parts.setdefault(name, []).append(values)
        start += count
    arrays = {name: np.concatenate(values) if values else np.zeros(0) for name, values in parts.items()}
    if not arrays:
        names = [f for f in GroundAgents.__dataclass_fields__ if f != "elements"]
        arrays = {name: np.zeros(0) for name in names}
    for name in ("element", "rank", "file", "ahead"):
        arrays[name] = arrays[name].astype(np.int64)
    return GroundAgents(elements=elements, **arrays)


@dataclass(frozen=True)
class GroundRun:
    """What the ground simulation produced: samples of every trajectory and times at the points."""

    agents: GroundAgents
    sample_agent: np.ndarray  # (S,) agent of each sample, samples sorted by agent then time
    sample_s: np.ndarray  # (S,) time, seconds after local midnight
    sample_m: np.ndarray  # (S,) front's distance along the route
    points_m: np.ndarray  # (P,) named points in route order
    front_s: np.ndarray  # (N, P) when each agent's front passed each point it passes, NaN otherwise
    tail_s: np.ndarray  # (N, P) when the point marking its element's tail passed it
    steps: int  # steps computed (one jump over quiet steps counts once)
    end_s: float

    def along_at(self, agent: int, time_s) -> np.ndarray:
        """Where an agent's front is along the route at these times; NaN before it enters and after it leaves."""
        lo, hi = np.searchsorted(self.sample_agent, [agent, agent + 1])
        return np.interp(time_s, self.sample_s[lo:hi], self.sample_m[lo:hi], left=np.nan, right=np.nan)


def run_ground(
    agents: GroundAgents,
    points_m: np.ndarray,
    speed_limits: tuple[np.ndarray, np.ndarray],
    step_s: float,
    until_s: float,
    *,
    skip_quiet: bool = True,
    progress: Callable[[float], None] | None = None,
) -> GroundRun:
    """Step every agent from the first entry until the last has left, or until `until_s` (a column held up);
    `progress` hears the simulated time now and then."""
    stepper = _GroundStepper(agents, np.asarray(points_m, dtype=float), speed_limits, step_s, skip_quiet)
    return stepper.run(until_s, progress)


# Rows of the packed per-agent arrays: constants, and the state that changes step by step
_CONSTANTS = ("free", "acc_dt", "dec_dt", "two_b", "inv_2b", "tau", "min_gap", "tail", "exit_m", "length")
_STATE = ("s", "v", "keep_s", "keep_m", "keep_v")  # position, speed; last kept sample's time, position and speed


class _GroundStepper:
    """The state of one ground simulation: positions and speeds of the agents on the route.

    Every array is per agent; the agents on the route (`act`, sorted) work on compact copies that are
    gathered when one enters or leaves (one fancy index for all constants, one for the state) and
    written back before the next gathering, so no step or event costs more than the agents on the route.
    """

    # per agent on the route, in the order of `act` (rows of `constants`, gathered by _rebuild)
    free: np.ndarray  # planned speed, m/s
    acc_dt: np.ndarray  # speed gained in one step at full acceleration
    dec_dt: np.ndarray  # speed lost in one step of comfortable braking
    two_b: np.ndarray  # 2 x braking
    inv_2b: np.ndarray  # 1 / (2 x braking)
    tau: np.ndarray  # headway, s
    min_gap: np.ndarray  # standstill gap, m
    tail: np.ndarray  # front to the point that marks the element's tail, m
    exit_m: np.ndarray  # where that point leaves the route
    length: np.ndarray  # front to back, m

    def __init__(self, agents: GroundAgents, points_m: np.ndarray, speed_limits, step_s: float, skip_quiet: bool):
        self.a, self.dt, self.skip_quiet = agents, float(step_s), skip_quiet
        self.points_m = points_m
        breaks, limits = speed_limits
        self.breaks = np.asarray(breaks, dtype=float)
        self.breaks_ext = np.concatenate([self.breaks, [np.inf]])
        finite = np.isfinite(limits)
        self.limit_from = self.breaks[:-1][finite]  # (J,) starts of limited stretches
        self.limit_mps = np.asarray(limits)[finite]  # (J,)
        a, dt = agents, self.dt
        limited = np.flatnonzero(finite)
        self.curves = [(float(self.breaks[k]), float(self.breaks[k + 1]), float(limits[k]) ** 2) for k in limited]
        self.constants = np.array([a.free_mps, a.accel_mps2 * dt, a.decel_mps2 * dt, 2 * a.decel_mps2,
                                   1 / (2 * a.decel_mps2), a.tau_s, a.min_gap_m, a.tail_m, a.leaves_m + a.tail_m,
                                   a.length_m]).reshape(len(_CONSTANTS), len(a))
        self.state = np.zeros((len(_STATE), len(a)))
        self.gone = np.zeros(len(a), dtype=bool)
        self.act = np.zeros(0, dtype=np.int64)
        self.queue = np.argsort(a.entry_s, kind="stable")
        self.entry_times = [*a.entry_s[self.queue].tolist(), math.inf]  # in order, for a cheap look
        self.next_in = 0
        self.samples: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.steps = 0
        self.stale = False  # the compact arrays no longer match `act`: rebuild before the next step
        self._rebuild()

    # ---------------------------------------------------------------- the agents on the route

    def _activate(self, t: float) -> None:
        """Put every waiting agent whose entry time has come on the route, where it would be by now."""
        a, stop = self.a, self.next_in
        while self.entry_times[stop] <= t + _EPS_S:
            stop += 1
        if stop == self.next_in:
            return
        new = np.sort(self.queue[self.next_in:stop])
        self.next_in = stop
        self._store()
        self.stale = True
        s = a.enters_m[new] + a.entry_mps[new] * (t - a.entry_s[new])
        self.state[:, new] = [s, a.entry_mps[new], a.entry_s[new], a.enters_m[new], a.entry_mps[new]]
        self.samples.append((new, a.entry_s[new], a.enters_m[new]))
        self.act = np.union1d(self.act, new)

    def _leave(self, t: float, t_new: float, s: np.ndarray, s_new: np.ndarray, leaving: np.ndarray) -> None:
        """Take agents off the route; each one's trip ends where and when it passed its leave point."""
        j = np.flatnonzero(leaving)
        gone = self.act[j]
        share = np.where(s_new[j] > s[j], (self.exit_m[j] - s[j]) / np.maximum(s_new[j] - s[j], 1e-12), 1.0)
        self.samples.append((gone, t + share * (t_new - t), self.exit_m[j].copy()))
        self._store()
        self.stale = True
        self.gone[gone] = True
        self.act = np.delete(self.act, j)

    def _store(self) -> None:
        """Write the compact state of the agents on the route back to the full arrays (once after a step)."""
        if not self.stale:
            self.state[:, self.act] = self.compact[:, : len(self.act)]

    def _rebuild(self) -> None:
        """Compact arrays of the agents on the route, and whom each one follows."""
        a, act = self.a, self.act
        n = len(act)
        self.stale = False
        self.compact = np.empty((len(_STATE), n + 1))  # the last column: a sentinel far ahead, standing
        self.compact[:, :n] = self.state[:, act]
        self.compact[:2, n] = np.inf, 0.0
        self.s_ahead, self.v_ahead = self.compact[0], self.compact[1]
        self.s, self.v, self.keep_s, self.keep_m, self.keep_v = (row[:n] for row in self.compact)
        (self.free, self.acc_dt, self.dec_dt, self.two_b, self.inv_2b, self.tau, self.min_gap, self.tail, self.exit_m,
         self.length) = self.constants[:, act]
        # whom each follows: the agent ahead in its file, or for an element's first row the rear of the
        # nearest element ahead in the order of march that has agents on the route; the sentinel otherwise
        ahead = a.ahead[act]
        lead = np.minimum(np.searchsorted(act, ahead), n)
        lead = np.where((ahead >= 0) & (lead < n) & (act[np.minimum(lead, n - 1)] == ahead), lead, n)
        first_row = np.flatnonzero(ahead < 0)
        if len(first_row):
            element = a.element[act]
            group = np.cumsum(np.concatenate([[0], element[1:] != element[:-1]]))
            rear = np.flatnonzero(np.concatenate([element[1:] != element[:-1], [True]]))  # last of each group
            before = group[first_row] - 1
            lead[first_row] = np.where(before >= 0, rear[np.maximum(before, 0)], n)
        behind = np.flatnonzero(lead < n)
        lead[behind] = np.where(self.s[lead[behind]] > self.s[behind], lead[behind], n)
        self.lead = lead
        self.lead_len = np.concatenate([self.length, [0.0]])[lead]
        self.behind_m = self.lead_len + self.min_gap  # from the front of the one ahead to where the gap starts

    # ---------------------------------------------------------------- one step

    def _allowed(self, s: np.ndarray) -> np.ndarray:
        """Planned speed capped by each slower stretch until its end: along the braking curve
        sqrt(limit^2 + 2 b d) before it (d to go), at the limit on it."""
        if not self.curves:
            return self.free
        allowed = self.free.copy()
        for start_m, end_m, limit_sq in self.curves:
            curve = start_m - s
            np.maximum(curve, 0.0, out=curve)
            curve *= self.two_b
            curve += limit_sq
            np.sqrt(curve, out=curve)
            np.minimum(allowed, curve, out=allowed, where=s < end_m)
        return allowed

    def _field_event_m(self, s: np.ndarray, v: np.ndarray, two_b: np.ndarray) -> np.ndarray:
        """Distance ahead to where the allowed speed could next differ from v: a stretch boundary, or the start
        of the braking curve of a stretch slower than v."""
        if not len(self.limit_mps):
            return np.full(len(s), np.inf)
        next_break = self.breaks_ext[np.searchsorted(self.breaks, s, side="right")] - s
        onset = self.limit_from[None, :] - (v[:, None] ** 2 - self.limit_mps[None, :] ** 2) / two_b[:, None]
        ahead = onset - s[:, None]
        ahead = np.where((ahead > 0) & (self.limit_mps[None, :] < v[:, None]), ahead, np.inf).min(axis=1)
        return np.minimum(next_break, ahead)

    def _quiet_steps(self, t: float, until_s: float, allowed: np.ndarray) -> int:
        """How many steps nothing but straight motion happens in, from a step where no speed changed.

        The jump stops before any agent reaches a braking curve or a stretch boundary, closes on a slower
        one enough to brake, or loses the leader that holds it below its allowed speed; agents entering
        during it may, when nothing would slow them either (see _quiet_entries).
        """
        dt, s, v = self.dt, self.s, self.v
        n = len(v)
        steps = max(1, math.floor((until_s - t) / dt + _EPS_S))
        moving = np.flatnonzero(v > 0)
        if len(moving):
            travel = v[moving] * dt
            event = self._field_event_m(s[moving], v[moving], self.two_b[moving])
            steps = _fewer(steps, np.floor(event / travel))
            if self.next_in == len(self.queue):  # nobody left to enter: stop when the last one has left
                steps = min(steps, int(np.ceil((self.exit_m[moving] - s[moving]) / travel).max()))
        held = np.flatnonzero((self.lead < n) & (v < allowed))
        if len(held):  # agents held below their allowed speed by the one ahead: that one must not leave
            lead = self.lead[held]
            going = v[lead] > 0
            if going.any():
                lead = lead[going]
                steps = _fewer(steps, np.ceil((self.exit_m[lead] - s[lead]) / (v[lead] * dt)))
        closing = np.flatnonzero((self.lead < n) & (v > self.v_ahead[self.lead]))
        if len(closing):
            lead = self.lead[closing]
            vl, vc = self.v_ahead[lead], v[closing]
            gap = self.s_ahead[lead] - self.lead_len[closing] - s[closing] - self.min_gap[closing]
            critical = _critical_gap(vl, vc, self.tau[closing], self.inv_2b[closing])
            steps = _fewer(steps, np.floor((gap - critical) / ((vc - vl) * dt)))
        return self._quiet_entries(t, max(1, steps))

    def _quiet_entries(self, t: float, steps: int) -> int:
        """Shorten a jump of `steps` so that every agent entering during it stays quiet until it ends.

        An agent entering during a jump is put where it would be at its end, as one step at a time would put
        it. That holds for a rank or vehicle behind another of its element's (a new element's first row ends
        the jump when it enters), of the last element on the route, until it reaches a field event or its
        leave point, or closes on the agent ahead to its critical gap.
        """
        a, dt, n = self.a, self.dt, len(self.act)
        first = self.next_in
        last = bisect.bisect_right(self.entry_times, t + steps * dt + _EPS_S, lo=first)
        if last == first:
            return steps
        last = min(last, first + _MAX_QUIET_ENTRIES)
        if last < len(self.queue):
            steps = min(steps, math.ceil((self.entry_times[last] - t) / dt - _EPS_S))
        new = self.queue[first:last]
        entry_s, v, ahead = a.entry_s[new], a.entry_mps[new], a.ahead[new]
        # until when each stays quiet: its field event or leave point ...
        reach_m = np.minimum(self._field_event_m(a.enters_m[new], v, 2 * a.decel_mps2[new]),
                             a.leaves_m[new] + a.tail_m[new] - a.enters_m[new])
        quiet_until = entry_s + reach_m / v - dt
        # ... and the agent ahead in its file: gone, on the route (straight on), or entering before it
        first_row = ahead < 0
        ahead = np.maximum(ahead, 0)
        gone = self.gone[ahead]
        where = np.minimum(np.searchsorted(self.act, ahead), n)
        on_route = np.concatenate([self.act, [-1]])[where] == ahead
        ahead_m = np.where(on_route, np.concatenate([self.s, [0.0]])[where] + np.concatenate([self.v, [0.0]])[where]
                           * (entry_s - t), a.enters_m[ahead] + a.entry_mps[ahead] * (entry_s - a.entry_s[ahead]))
        speed = np.where(on_route, np.concatenate([self.v, [0.0]])[where], a.entry_mps[ahead])
        spare_m = (ahead_m - a.length_m[ahead] - a.enters_m[new] - a.min_gap_m[new]
                   - _critical_gap(speed, v, a.tau_s[new], 1 / (2 * a.decel_mps2[new])))
        closing = ~gone & (v > speed)
        quiet_until = np.where(closing, np.minimum(quiet_until, entry_s + spare_m / np.where(closing, v - speed, 1.0)),
                               quiet_until)
        waiting = ~gone & ~on_route & (a.entry_s[ahead] > entry_s)
        unknown = first_row | waiting | (~gone & (spare_m < 0))
        if n:
            unknown |= a.element[new] < a.element[self.act[-1]]
        quiet_until = np.where(unknown, -np.inf, quiet_until)
        enters_at = np.ceil((entry_s - t) / dt - _EPS_S)
        bound = np.maximum(enters_at, np.floor((quiet_until - t) / dt + _EPS_S))
        return max(1, min(steps, int(bound.min())))

    def run(self, until_s: float, progress: Callable[[float], None] | None = None) -> GroundRun:
        a, dt = self.a, self.dt
        if len(a) == 0:
            return self._result(float("nan"))
        t = float(a.entry_s.min())
        while t <= until_s + _EPS_S:
            if progress is not None and self.steps % PROGRESS_EVERY_STEPS == 0:
                progress(t)
            if self.entry_times[self.next_in] <= t + _EPS_S:
                self._activate(t)
            if self.stale:
                self._rebuild()
            if len(self.act) == 0:
                if self.next_in >= len(self.queue):
                    break
                t += max(1, math.ceil((self.entry_times[self.next_in] - t) / dt - _EPS_S)) * dt
                continue
            s, v, lead = self.s, self.v, self.lead
            s_ahead, v_ahead = self.compact[:2, lead]
            v_safe = s_ahead - self.behind_m  # the gap to the one ahead, less the standstill gap ...
            v_safe -= s
            v_safe -= v_ahead * self.tau  # ... over what it takes to stop from both speeds (Krauss)
            v_safe /= (v_ahead + v) * self.inv_2b + self.tau
            v_safe += v_ahead
            allowed = self._allowed(s)
            v_new = v + self.acc_dt
            np.minimum(v_new, allowed, out=v_new)
            np.minimum(v_new, v_safe, out=v_new)
            np.maximum(v_new, v - self.dec_dt, out=v_new)
            np.maximum(v_new, 0.0, out=v_new)
            quiet = self.skip_quiet and not (v_new != v).any()
            steps = self._quiet_steps(t, until_s, allowed) if quiet else 1
            self.steps += 1
            t_new = t + steps * dt
            s_new = v_new * (steps * dt)
            s_new += s
            self._keep_samples(t, t_new, s, s_new, v_new)
            leaving = s_new >= self.exit_m
            if leaving.any():
                s_old = s.copy()
                s[:], v[:] = s_new, v_new
                self._leave(t, t_new, s_old, s_new, leaving)
            else:
                s[:], v[:] = s_new, v_new
            t = t_new
        if len(self.act):
            self.samples.append((self.act, np.full(len(self.act), t), self.s.copy()))
        self._store()
        return self._result(t)

    def _keep_samples(self, t: float, t_new: float, s: np.ndarray, s_new: np.ndarray, v_new: np.ndarray) -> None:
        """Keep the start of this step as a sample wherever dead reckoning from the last one drifts off."""
        drift = t_new - self.keep_s
        drift *= self.keep_v
        drift += self.keep_m
        drift -= s_new
        np.abs(drift, out=drift)
        j = np.flatnonzero(drift > SAMPLE_TOLERANCE_M)
        if len(j):
            self.samples.append((self.act[j], np.full(len(j), t), s[j]))
            self.keep_s[j], self.keep_m[j], self.keep_v[j] = t, s[j], v_new[j]

    def _result(self, end_s: float) -> GroundRun:
        if self.samples:
            agent = np.concatenate([x[0] for x in self.samples])
            time_s = np.concatenate([x[1] for x in self.samples])
            along_m = np.concatenate([x[2] for x in self.samples])
            order = np.lexsort((time_s, agent))
            agent, time_s, along_m = agent[order], time_s[order], along_m[order]
        else:
            agent, time_s, along_m = np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0)
        a, points = self.a, self.points_m
        front_s = passing_times(agent, time_s, along_m, len(a), points, a.enters_m, a.leaves_m)
        tail_s = passing_times(agent, time_s, along_m - a.tail_m[agent], len(a), points, a.enters_m, a.leaves_m)
        return GroundRun(a, agent, time_s, along_m, points, front_s, tail_s, self.steps, end_s)


def passing_times(agent: np.ndarray, time_s: np.ndarray, along_m: np.ndarray, agents: int, points_m: np.ndarray,
                  from_m: np.ndarray, to_m: np.ndarray) -> np.ndarray:
    """(agents, P) time each agent's trajectory first reaches each point in [from_m, to_m] of its own, NaN if never.

    The samples (sorted by agent, then time; distances never decreasing) are exact where the speed is
    constant and within SAMPLE_TOLERANCE_M of the path elsewhere, so are the times read off them.
    """
    times = np.full((agents, len(points_m)), np.nan)
    if not len(agent):
        return times
    low, span = float(min(along_m.min(), points_m.min())), float(np.ptp(np.concatenate([along_m, points_m]))) + 1.0
    key = agent * span + (along_m - low)  # one sorted key: agent, then distance
    start, stop = np.searchsorted(agent, np.arange(agents)), np.searchsorted(agent, np.arange(agents), side="right")
    who, p = np.nonzero((points_m[None, :] >= from_m[:, None] - 1e-6) & (points_m[None, :] <= to_m[:, None] + 1e-6))
    k = np.searchsorted(key, who * span + (points_m[p] - low), side="left")  # first sample at or past the point
    reached = k < stop[who]
    who, p, k = who[reached], p[reached], k[reached]
    at_first = k == start[who]
    before = np.maximum(k - 1, 0)
    step_m = np.where(at_first, 1.0, along_m[k] - along_m[before])
    share = np.where(at_first, 0.0, (points_m[p] - along_m[before]) / step_m)
    times[who, p] = np.where(at_first, time_s[k], time_s[before] + share * (time_s[k] - time_s[before]))
    return times
