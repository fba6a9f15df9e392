"""Flypast timing: the wind triangle, turns onto the run-in, IP and hold-exit times, and each lead's path.

The primer's "Air: flypast timing" has the practice and the formulas. Semantics pinned by the tests:
every time is the formation lead's; the IP lies `ip_distance_km` before the tribune on the run-in
track (`heading_deg` is the track over the ground); from the IP on the lead holds `tas_kt`, so its
ground speed comes from the wind triangle and IP time = over_tribune - ip_distance / GS. With a
hold, the lead leaves the hold fix on the direct track that is tangent to its turn onto the run-in,
turns at rate one or 25 deg bank (whichever needs less bank, as in ICAO holds) and rolls out at the
IP on the run-in track, at the IP time; it flies `tas_kt` throughout. The turn is a circle over the
ground (as an FMS flies it), so its duration integrates 1 / ground speed around the arc.

Positions are metres east (x) and north (y) in the route's local projection.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from ..model.air import After, AirSegment, Formation, InlineAircraft, Wind
from ..model.catalogue import AircraftType
from ..model.fields import seconds_of_day
from ..model.units import KT
from .arrays import FloatArray
from .flight import (
    WindTriangle,
    formation_offsets_m,
    tas_to_cas_kt,
    track_of_deg,
    turn_bank_deg,
    turn_radius_m,
    unit_vector,
    wind_triangle,
)
from .route import RouteGeometry

ARC_STEP_DEG = 2.0  # the turn onto the run-in is kept as a polyline of chords this many degrees apart
BLUESKY_CORNER_MAX_DEG = 120.0  # a turn is split into fly-by corners of at most this many degrees
PAST_TRIBUNE_M = 5000.0  # leads fly on along the run-in track this far past the tribune before breaking away


@dataclass(frozen=True)
class Track:
    """A lead's planned path from its hold fix or IP to PAST_TRIBUNE_M beyond the tribune, straight between points."""

    times_s: np.ndarray
    xy_m: np.ndarray  # shape (n, 2)

    def position_at(self, time_s: npt.ArrayLike) -> FloatArray:
        """[x, y] at the given times (clamped to the ends)."""
        t = np.atleast_1d(np.asarray(time_s, dtype=float))
        return np.column_stack([np.interp(t, self.times_s, self.xy_m[:, 0]),
                                np.interp(t, self.times_s, self.xy_m[:, 1])])


@dataclass(frozen=True)
class HoldLeg:
    """From the hold fix to the IP: a straight leg tangent to one turn that rolls out on the run-in at the IP."""

    fix_xy_m: np.ndarray
    exit_track_deg: float  # track from the hold fix
    straight_m: float
    turn_deg: float  # heading change onto the run-in, positive to the right
    turn_radius_m: float
    bank_deg: float
    path_xy_m: np.ndarray  # fix, end of the straight leg, points around the turn, IP
    path_s: np.ndarray  # time from the fix at each point
    corners_xy_m: np.ndarray  # fly-by waypoints whose turns trace the same arc (for simulators)
    corners_lonlat: np.ndarray = field(default_factory=lambda: np.zeros((0, 2)))

    @property
    def duration_s(self) -> float:
        return float(self.path_s[-1])


def hold_leg(fix_xy_m: npt.ArrayLike, ip_xy_m: npt.ArrayLike, run_in_track_deg: float, tas_mps: float,
             wind: Wind) -> HoldLeg | None:
    """The leg from a hold fix to the IP and how long it takes; None when the fix lies inside the turn.

    The turn circle touches the run-in line at the IP on the side of the fix; the straight leg is
    the tangent from the fix to that circle, so the lead turns the way it must and rolls out on track.
    """
    fix, ip = np.asarray(fix_xy_m, dtype=float), np.asarray(ip_xy_m, dtype=float)
    along = unit_vector(run_in_track_deg)
    left = np.array([-along[1], along[0]])
    side = 1.0 if float(np.dot(fix - ip, left)) >= 0 else -1.0  # +1: the fix is left of the run-in: turn left
    radius = turn_radius_m(tas_mps)
    centre = ip + side * radius * left
    to_centre = centre - fix
    distance = float(np.hypot(*to_centre))
    if distance < radius * (1 + 1e-9):
        return None
    straight = math.sqrt(distance**2 - radius**2)
    alpha = -side * math.asin(radius / distance)  # rotate towards the tangent: clockwise for a left turn
    cos_a, sin_a = math.cos(alpha), math.sin(alpha)
    direction = np.array([to_centre[0] * cos_a - to_centre[1] * sin_a,
                          to_centre[0] * sin_a + to_centre[1] * cos_a]) / distance
    exit_track = float(track_of_deg(direction))
    turn = ((exit_track - run_in_track_deg) if side > 0 else (run_in_track_deg - exit_track)) % 360.0
    turn = 0.0 if turn > 360.0 - 1e-9 else turn

    steps = math.ceil(turn / ARC_STEP_DEG)  # none when the straight leg runs onto the run-in at the IP
    wind_mps = wind.speed_kt * KT
    straight_s = straight / float(wind_triangle(tas_mps, exit_track, wind.from_deg, wind_mps).ground_speed_mps)
    if steps == 0:
        path_xy = np.vstack([fix, ip])
        path_s = np.array([0.0, straight_s])
    else:
        headings = exit_track - side * np.linspace(0.0, turn, steps + 1)
        outward = np.column_stack([np.cos(np.radians(headings)), -np.sin(np.radians(headings))]) * side
        arc = centre + radius * outward  # outward normal: right of travel in a left turn, left in a right one
        arc[-1] = ip
        mid_headings = (headings[:-1] + headings[1:]) / 2
        arc_ground_speed_mps = wind_triangle(tas_mps, mid_headings, wind.from_deg, wind_mps).ground_speed_mps
        arc_s = np.radians(turn / steps) * radius / arc_ground_speed_mps
        path_xy = np.vstack([fix, fix + straight * direction, arc[1:]])
        path_s = np.concatenate([[0.0, straight_s], straight_s + np.cumsum(arc_s)])

    corners = math.ceil(turn / BLUESKY_CORNER_MAX_DEG) if turn > 0.5 else 0
    piece = turn / corners if corners else 0.0
    corner_headings = exit_track - side * piece * (np.arange(corners) + 0.5)
    corner_out = np.column_stack([np.cos(np.radians(corner_headings)), -np.sin(np.radians(corner_headings))]) * side
    corner_xy = centre + radius / math.cos(math.radians(piece / 2)) * corner_out
    return HoldLeg(fix, exit_track, straight, -side * turn, radius, turn_bank_deg(tas_mps), path_xy, path_s, corner_xy)


@dataclass(frozen=True)
class FormationPlan:
    """One formation's timing: wind triangle on the run-in, IP, tribune and hold-exit times, and path."""

    index: int
    formation: Formation
    aircraft_key: str | None  # None for an inline type
    aircraft: AircraftType | InlineAircraft
    cas_kt: float
    triangle: WindTriangle  # on the run-in track
    ip_lonlat: tuple[float, float]
    tribune_lonlat: tuple[float, float]
    ip_s: float
    over_tribune_s: float
    hold: HoldLeg | None
    track: Track
    offsets_m: np.ndarray

    @property
    def id(self) -> str:
        return self.formation.id

    @property
    def count(self) -> int:
        return self.formation.count

    @property
    def tas_kt(self) -> float:
        return self.formation.tas_kt

    @property
    def track_deg(self) -> float:
        """Run-in track over the ground, degrees true."""
        return self.formation.run_in.heading_deg

    @property
    def altitude_ft(self) -> float:
        return self.formation.altitude_ft

    @property
    def ground_speed_kt(self) -> float:
        return float(self.triangle.ground_speed_mps) / KT

    @property
    def wind_correction_deg(self) -> float:
        return float(self.triangle.wind_correction_deg)

    @property
    def crosswind_kt(self) -> float:
        return float(self.triangle.crosswind_mps) / KT

    @property
    def heading_deg(self) -> float:
        """Heading on the run-in: track plus the wind correction."""
        return (self.track_deg + self.wind_correction_deg) % 360.0

    @property
    def ip_distance_m(self) -> float:
        return self.formation.run_in.ip_distance_km * 1000.0

    @property
    def depth_m(self) -> float:
        """Lead to the last aircraft, along the track."""
        return float(-self.offsets_m[:, 1].min())

    @property
    def name(self) -> str:
        return self.formation.name or self.formation.id

    @property
    def aircraft_name(self) -> str:
        return self.aircraft.name or self.aircraft_key or "inline type"

    @property
    def hold_exit_s(self) -> float | None:
        return None if self.hold is None else float(self.track.times_s[0])


class Chain(NamedTuple):
    """Tribune times resolved through `after:` chains, and why the others could not be."""

    times_s: dict[int, float]
    unknown: dict[int, int]  # formation -> the formation in its chain whose `after:` names no formation
    loops: dict[int, tuple[int, ...]]  # formation -> the loop its chain runs into


def resolve_tribune_times(formations: Sequence[Formation]) -> Chain:
    """Each lead's time over the tribune: a clock time, or another lead's time plus gap_s."""
    by_id: dict[str, int] = {}
    for index, formation in enumerate(formations):
        by_id.setdefault(formation.id, index)
    times: dict[int, float] = {}
    unknown: dict[int, int] = {}
    loops: dict[int, tuple[int, ...]] = {}
    for start in range(len(formations)):
        path: list[int] = []
        current = start
        while current not in times and current not in unknown and current not in loops:
            if current in path:
                loops.update(dict.fromkeys(path[path.index(current):], tuple(path[path.index(current):])))
                break
            path.append(current)
            timing = formations[current].over_tribune
            if not isinstance(timing, After):
                times[current] = seconds_of_day(timing)
                break
            if timing.after not in by_id:
                unknown[current] = current
                break
            current = by_id[timing.after]
        for member in reversed(path):  # each one on the path takes its fate from the one it follows
            if member in times or member in unknown or member in loops:
                continue
            timing = formations[member].over_tribune
            assert isinstance(timing, After)  # a formation timed by the clock is in times already
            ahead = by_id[timing.after]
            if ahead in times:
                times[member] = times[ahead] + timing.gap_s
            elif ahead in unknown:
                unknown[member] = unknown[ahead]
            else:
                loops[member] = loops[ahead]
    return Chain(times, unknown, loops)


class AirTiming(NamedTuple):
    """The formations that could be timed, and why the others could not."""

    formations: list[FormationPlan]
    chain: Chain
    skipped: dict[int, str]  # formation index -> finding code (unknown-aircraft, wind-too-strong)


def time_formations(air: AirSegment, geometry: RouteGeometry, tribune: str,
                    aircraft: dict[str, AircraftType]) -> AirTiming:
    """Time every formation back from its tribune time: wind triangle, IP, hold leg and path."""
    tribune_lonlat = geometry.lonlat_at(geometry.points[tribune].at_m)[0]
    tribune_xy = np.array(geometry.to_local.transform(*tribune_lonlat))
    tribune_place = _TribunePlace(tribune_xy, (float(tribune_lonlat[0]), float(tribune_lonlat[1])))
    chain = resolve_tribune_times(air.formations)
    formations: list[FormationPlan] = []
    skipped: dict[int, str] = {}
    for index, formation in enumerate(air.formations):
        kind = formation.aircraft
        aircraft_type = kind if isinstance(kind, InlineAircraft) else aircraft.get(kind)
        if aircraft_type is None:
            skipped[index] = "unknown-aircraft"
        elif air.wind.speed_kt >= formation.tas_kt:
            skipped[index] = "wind-too-strong"
        elif index in chain.times_s:
            formations.append(_plan_formation(index, formation, aircraft_type, air, chain.times_s[index],
                                               tribune_place, geometry))
    return AirTiming(formations, chain, skipped)


class _TribunePlace(NamedTuple):
    xy_m: np.ndarray
    lonlat: tuple[float, float]


def _plan_formation(index: int, formation: Formation, aircraft_type: AircraftType | InlineAircraft, air: AirSegment,
                    over_tribune_s: float, tribune: _TribunePlace, geometry: RouteGeometry) -> FormationPlan:
    """One formation's wind triangle, IP, hold leg and path, timed back from its tribune time."""
    tribune_xy, tribune_lonlat = tribune
    to_local, to_lonlat = geometry.to_local, geometry.to_lonlat
    tas_mps = formation.tas_kt * KT
    run_in = formation.run_in
    triangle = wind_triangle(tas_mps, run_in.heading_deg, air.wind.from_deg, air.wind.speed_kt * KT)
    ip_distance_m = run_in.ip_distance_km * 1000.0
    ip_xy = tribune_xy - ip_distance_m * unit_vector(run_in.heading_deg)
    ip_s = over_tribune_s - ip_distance_m / float(triangle.ground_speed_mps)
    leg = None
    if formation.hold is not None:
        fix_xy = np.array(to_local.transform(formation.hold.lon, formation.hold.lat))
        leg = hold_leg(fix_xy, ip_xy, run_in.heading_deg, tas_mps, air.wind)
    past = (over_tribune_s + PAST_TRIBUNE_M / float(triangle.ground_speed_mps),
            tribune_xy + PAST_TRIBUNE_M * unit_vector(run_in.heading_deg))
    if leg is None:
        track = Track(np.array([ip_s, over_tribune_s, past[0]]), np.vstack([ip_xy, tribune_xy, past[1]]))
    else:
        corners_lon, corners_lat = to_lonlat.transform(leg.corners_xy_m[:, 0], leg.corners_xy_m[:, 1])
        leg = replace(leg, corners_lonlat=np.column_stack([corners_lon, corners_lat]))
        track = Track(np.concatenate([ip_s - leg.duration_s + leg.path_s, [over_tribune_s, past[0]]]),
                      np.vstack([leg.path_xy_m, tribune_xy, past[1]]))
    ip_lon, ip_lat = to_lonlat.transform(*ip_xy)
    return FormationPlan(
        index=index,
        formation=formation,
        aircraft_key=None if isinstance(formation.aircraft, InlineAircraft) else formation.aircraft,
        aircraft=aircraft_type,
        cas_kt=tas_to_cas_kt(formation.tas_kt, air.elevation_ft + formation.altitude_ft),
        triangle=WindTriangle(*(float(v) for v in triangle)),
        ip_lonlat=(float(ip_lon), float(ip_lat)),
        tribune_lonlat=tribune_lonlat,
        ip_s=ip_s,
        over_tribune_s=over_tribune_s,
        hold=leg,
        track=track,
        offsets_m=formation_offsets_m(formation.shape, formation.count, formation.spacing_m),
    )
