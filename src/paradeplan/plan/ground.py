"""March tables: each ground element's size and speed, and when its head and tail pass any point.

Doctrine's relations (primer): time distance = distance / speed, pass time = length / speed,
clearance = arrival + pass time. Speeds are constant per element except on stretches with a
speed limit, where every part of the element slows to the limit as it passes (a column closes up
and opens again): the head's time at a distance is then piecewise linear, and the tail passes
every point one pass time after the head.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import overload

import numpy as np

from ..model.catalogue import VehicleType
from ..model.scenario import InlineVehicle, MarchingBlock, VehicleColumn
from ..model.units import kmh_to_mps
from .arrays import FloatArray, Floats

FAR_M = 1.0e6  # trajectories run on this far past both route ends, so lookups never fall off them


@dataclass(frozen=True, slots=True)
class ElementShape:
    """Column length, frontage, free speed and head counts of one ground element."""

    length_m: float
    width_m: float
    speed_mps: float
    personnel: int
    vehicles: int
    max_speed_mps: float | None = None  # the vehicle type's parade maximum


def marching_shape(block: MarchingBlock) -> ElementShape:
    """Ranks and files at a drill pace: speed = pace x cadence / 60; length = (ranks - 1) x rank spacing."""
    return ElementShape(
        length_m=(block.ranks - 1) * block.rank_spacing_m,
        width_m=block.files * block.file_spacing_m,
        speed_mps=block.pace_m * block.cadence_spm / 60.0,
        personnel=block.personnel if block.personnel is not None else block.ranks * block.files,
        vehicles=0,
    )


def vehicle_shape(column: VehicleColumn, vehicle: VehicleType | InlineVehicle) -> ElementShape:
    """Rows of vehicles: length = rows x length + (rows - 1) x spacing; width = abreast x width + gaps."""
    rows = math.ceil(column.count / column.abreast)
    max_kmh = vehicle.max_parade_speed_kmh
    return ElementShape(
        length_m=rows * vehicle.length_m + (rows - 1) * column.spacing_m,
        width_m=column.abreast * vehicle.width_m + (column.abreast - 1) * column.lateral_spacing_m,
        speed_mps=kmh_to_mps(column.speed_kmh),
        personnel=column.crew or 0,
        vehicles=column.count,
        max_speed_mps=kmh_to_mps(max_kmh) if max_kmh is not None else None,
    )


@dataclass(frozen=True)
class SpeedField:
    """Where each element moves at which speed: its free speed, capped by stretch limits."""

    xs_m: FloatArray  # (K,) distances: far before the start, stretch boundaries, far past the end
    elapsed_s: FloatArray  # (N, K) time each element's head needs from distance 0 to each of xs_m
    speed_mps: FloatArray  # (N, K-1) speed of each element between consecutive xs_m

    @classmethod
    def build(cls, free_speed_mps: np.ndarray, breaks_m: np.ndarray, limits_mps: np.ndarray) -> SpeedField:
        free = np.asarray(free_speed_mps, dtype=float)[:, None]
        limits = np.concatenate([[np.inf], limits_mps, [np.inf]])
        xs = np.concatenate([[breaks_m[0] - FAR_M], breaks_m, [breaks_m[-1] + FAR_M]])
        speed = np.minimum(free, limits[None, :])
        steps = np.diff(xs)[None, :] / speed
        elapsed = np.concatenate([np.zeros((len(free), 1)), np.cumsum(steps, axis=1)], axis=1)
        start = np.searchsorted(xs, breaks_m[0])
        return cls(xs, elapsed - elapsed[:, [start]], speed)

    def segment(self, at_m: FloatArray) -> np.ndarray:
        """Index of the piece between consecutive xs_m that each distance lies on (a boundary: the piece after it)."""
        return np.clip(np.searchsorted(self.xs_m, at_m, side="right") - 1, 0, len(self.xs_m) - 2)

    def elapsed_at(self, at_m: Floats) -> FloatArray:
        """(N, P) time from distance 0 to each distance, for every element."""
        at = np.atleast_1d(np.asarray(at_m, dtype=float))
        segment = self.segment(at)
        beyond_m = (at - self.xs_m[segment])[None, :]
        elapsed_s: FloatArray = self.elapsed_s[:, segment] + beyond_m / self.speed_mps[:, segment]
        return elapsed_s

    def speed_at(self, at_m: float) -> FloatArray:
        """(N,) speed of every element at one distance."""
        segment = int(self.segment(np.array([at_m]))[0])
        speed_mps: FloatArray = self.speed_mps[:, segment]
        return speed_mps


@dataclass(frozen=True)
class MarchTimes:
    """Every element's head time at every distance, and its tail one pass time later."""

    xs_m: FloatArray  # (K,)
    head_s: FloatArray  # (N, K) head time at xs_m, seconds after local midnight
    pass_time_s: FloatArray  # (N,)

    @overload
    def head_at(self, index: int, at_m: float) -> float: ...
    @overload
    def head_at(self, index: int, at_m: FloatArray) -> FloatArray: ...
    def head_at(self, index: int, at_m: Floats) -> Floats:
        """Head time of one element at a distance, or at each of an array of distances."""
        head_s: Floats = np.interp(at_m, self.xs_m, self.head_s[index])
        return head_s

    def head_position(self, index: int, time_s: FloatArray) -> FloatArray:
        """Where one element's head is at each of the times."""
        return np.interp(time_s, self.head_s[index], self.xs_m)

    def tail_position(self, index: int, time_s: FloatArray) -> FloatArray:
        """Where one element's tail is at each of the times: where its head was one pass time earlier."""
        head_passed_s: FloatArray = np.asarray(time_s) - self.pass_time_s[index]
        return np.interp(head_passed_s, self.head_s[index], self.xs_m)


def head_times_at_anchor(
    *,
    start_s: float,
    pass_time_s: np.ndarray,
    gap_s: np.ndarray,
    fixed_s: np.ndarray,
) -> np.ndarray:
    """Chain heads at the anchor: first at start_s, each next one gap_s after the previous tail.

    `fixed_s` holds a set time for an element (a new serial), NaN where the chain decides.
    """
    heads = np.empty(len(pass_time_s))
    previous_tail = None
    for i in range(len(pass_time_s)):
        if not np.isnan(fixed_s[i]):
            heads[i] = fixed_s[i]
        elif previous_tail is None:
            heads[i] = start_s
        else:
            heads[i] = previous_tail + gap_s[i]
        previous_tail = heads[i] + pass_time_s[i]
    return heads


def march_times(
    field: SpeedField, anchor_m: float, heads_at_anchor_s: np.ndarray, pass_time_s: np.ndarray
) -> MarchTimes:
    """Head time at each distance = head time at the anchor + time distance from the anchor."""
    offset = heads_at_anchor_s - field.elapsed_at(anchor_m)[:, 0]
    return MarchTimes(field.xs_m, field.elapsed_s + offset[:, None], np.asarray(pass_time_s, dtype=float))


@dataclass(frozen=True, slots=True)
class GapShortfall:
    """Where a road gap first falls below the minimum, and where it is least."""

    first_at_m: float
    first_time_s: float
    least_m: float
    least_at_m: float
    least_time_s: float


def gap_shortfall(
    times: MarchTimes, leader: int, follower: int, from_m: float, to_m: float, min_gap_m: float
) -> GapShortfall | None:
    """Check the road gap, leader's tail to follower's head, while the follower's head is in [from_m, to_m].

    The gap as a function of the follower's head position is piecewise linear, so it is exact
    to look only at the ends and where either trajectory bends. None when it never falls below.
    """
    inside = (times.xs_m > from_m) & (times.xs_m < to_m)
    leader_bends_s = times.head_s[leader] + times.pass_time_s[leader]
    at_m = np.concatenate([[from_m, to_m], times.xs_m[inside], times.head_position(follower, leader_bends_s)])
    at_m = np.unique(at_m[(at_m >= from_m) & (at_m <= to_m)])
    when_s = times.head_at(follower, at_m)
    gap_m = times.tail_position(leader, when_s) - at_m
    below = np.flatnonzero(gap_m < min_gap_m - 1e-6)
    if below.size == 0:
        return None
    k = int(below[0])
    first_m = at_m[k]
    if k > 0:  # interpolate to where the gap crosses the minimum
        share = (gap_m[k - 1] - min_gap_m) / (gap_m[k - 1] - gap_m[k])
        first_m = at_m[k - 1] + share * (at_m[k] - at_m[k - 1])
    worst = int(np.argmin(gap_m))
    return GapShortfall(
        float(first_m),
        float(times.head_at(follower, first_m)),
        float(gap_m[worst]),
        float(at_m[worst]),
        float(when_s[worst]),
    )


@dataclass(frozen=True)
class GroundPlan:
    """One ground element as planned: its shape, where it joins and leaves, and its times."""

    row: int  # its row in MarchTimes
    index: int  # its position in the scenario's ground list
    element: MarchingBlock | VehicleColumn
    shape: ElementShape
    enters_m: float
    leaves_m: float
    gap_s: float  # previous element's tail to this head at the anchor; NaN for the first
    head_at_anchor_s: float
    times: dict[str, tuple[float, float]]  # point name -> (head_s, tail_s), for the points it passes

    @property
    def id(self) -> str:
        return self.element.id

    @property
    def name(self) -> str:
        return self.element.name or self.element.id

    @property
    def pass_time_s(self) -> float:
        return self.shape.length_m / self.shape.speed_mps
