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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

import numpy as np

from .air_models import After, AirSegment, Formation, InlineAircraft, Wind
from .catalogue import AircraftType
from .scenario import seconds_of_day
from .units import FT, KT, G

RATE_ONE_DEG_S = 3.0  # a rate-one turn: 360 degrees in two minutes
MAX_BANK_DEG = 25.0  # ICAO holds: rate one or 25 deg bank, whichever needs less bank
ARC_STEP_DEG = 2.0  # the turn onto the run-in is kept as a polyline of chords this many degrees apart
BLUESKY_CORNER_MAX_DEG = 120.0  # a turn is split into fly-by corners of at most this many degrees
PAST_TRIBUNE_M = 5000.0  # leads fly on along the run-in track this far past the tribune before breaking away

# International Standard Atmosphere below 11 km
_T0_K, _P0_PA, _LAPSE_K_M, _R_AIR, _GAMMA = 288.15, 101325.0, 0.0065, 287.05287, 1.4
_RHO0 = _P0_PA / (_R_AIR * _T0_K)


class WindTriangle(NamedTuple):
    ground_speed_mps: np.ndarray
    wind_correction_deg: np.ndarray  # heading = track + correction; positive with wind from the right
    crosswind_mps: np.ndarray  # positive from the right of the track
    tailwind_mps: np.ndarray  # negative for a headwind


def _wind_components_mps(track_deg, wind_from_deg, wind_mps) -> tuple[np.ndarray, np.ndarray]:
    """Crosswind (positive from the right) and tailwind (negative for a headwind) along a track."""
    relative = np.radians(wind_from_deg - np.asarray(track_deg, dtype=float))
    return wind_mps * np.sin(relative), -wind_mps * np.cos(relative)


def wind_triangle(tas_mps: float, track_deg, wind_from_deg: float, wind_mps: float) -> WindTriangle:
    """Ground speed along a track: WCA = asin(crosswind / TAS), GS = TAS x cos(WCA) + tailwind (primer)."""
    crosswind, tailwind = _wind_components_mps(track_deg, wind_from_deg, wind_mps)
    correction = np.arcsin(crosswind / tas_mps)
    return WindTriangle(tas_mps * np.cos(correction) + tailwind, np.degrees(correction), crosswind, tailwind)


def tas_for_ground_speed_mps(ground_speed_mps, track_deg: float, wind: Wind) -> np.ndarray:
    """The true airspeed that gives this ground speed along the track: the wind triangle solved for TAS."""
    crosswind, tailwind = _wind_components_mps(track_deg, wind.from_deg, wind.speed_kt * KT)
    return np.hypot(np.asarray(ground_speed_mps, dtype=float) - tailwind, crosswind)


def turn_bank_deg(tas_mps: float) -> float:
    """Bank of a rate-one turn, tan(bank) = V x omega / g, but no more than 25 deg."""
    rate_one = math.degrees(math.atan(tas_mps * math.radians(RATE_ONE_DEG_S) / G))
    return min(rate_one, MAX_BANK_DEG)


def turn_radius_m(tas_mps: float) -> float:
    """Radius of the turn onto the run-in: r = V^2 / (g tan(bank)) (primer)."""
    return tas_mps**2 / (G * math.tan(math.radians(turn_bank_deg(tas_mps))))


def tas_to_cas_kt(tas_kt: float, altitude_ft: float) -> float:
    """Calibrated airspeed of a true airspeed at a pressure altitude, in the standard atmosphere."""
    temperature_k = _T0_K - _LAPSE_K_M * altitude_ft * FT
    pressure_pa = _P0_PA * (temperature_k / _T0_K) ** (G / (_LAPSE_K_M * _R_AIR))
    mach = tas_kt * KT / math.sqrt(_GAMMA * _R_AIR * temperature_k)
    impact_pa = pressure_pa * ((1 + 0.2 * mach**2) ** 3.5 - 1)
    return math.sqrt(7 * _P0_PA / _RHO0 * ((impact_pa / _P0_PA + 1) ** (2 / 7) - 1)) / KT


def unit_vector(track_deg: float) -> np.ndarray:
    """East and north components of a track in degrees true."""
    return np.array([math.sin(math.radians(track_deg)), math.cos(math.radians(track_deg))])


def track_of_deg(vectors_m: np.ndarray):
    """Track in degrees true (0-360) of [east, north] vectors (last axis)."""
    vectors_m = np.asarray(vectors_m, dtype=float)
    return np.degrees(np.arctan2(vectors_m[..., 0], vectors_m[..., 1])) % 360.0


def formation_offsets_m(shape: str, count: int, spacing_m: float) -> np.ndarray:
    """Each aircraft's place relative to the lead, [right, ahead] in metres; the lead is row 0.

    Wingmen sit back at 45 deg in a vic and echelon, 30 deg in a wedge; a diamond is four with a
    slot behind the lead; a box is rows of ceil(sqrt(count)) abreast; 'single' and 'line-astern'
    trail straight behind. Aircraft past a diamond's four follow in line astern.
    """
    k = np.arange(count, dtype=float)
    diagonal = spacing_m / math.sqrt(2)
    if shape in ("echelon-right", "echelon-left"):
        side = 1.0 if shape == "echelon-right" else -1.0
        return np.column_stack([side * k * diagonal, -k * diagonal])
    if shape in ("vic", "wedge"):
        sweep = math.radians(45.0 if shape == "vic" else 30.0)
        pair = np.ceil(k / 2)
        side = np.where(k % 2 == 1, 1.0, -1.0)
        return np.column_stack([side * pair * spacing_m * math.cos(sweep), -pair * spacing_m * math.sin(sweep)])
    if shape == "diamond":
        first = np.array([[0.0, 0.0], [-diagonal, -diagonal], [diagonal, -diagonal], [0.0, -2 * diagonal]])
        behind = np.column_stack([np.zeros(max(count - 4, 0)), -2 * diagonal - spacing_m * np.arange(1, count - 3)])
        return np.vstack([first, behind])[:count]
    if shape == "box":
        columns = math.ceil(math.sqrt(count))
        return np.column_stack([(k % columns) * spacing_m, -(k // columns) * spacing_m])
    return np.column_stack([np.zeros(count), -k * spacing_m])  # single, line-astern


@dataclass(frozen=True)
class Track:
    """A lead's planned path from its hold fix or IP to PAST_TRIBUNE_M beyond the tribune, straight between points."""

    times_s: np.ndarray
    xy_m: np.ndarray  # shape (n, 2)

    def position_at(self, time_s) -> np.ndarray:
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


def hold_leg(fix_xy_m, ip_xy_m, run_in_track_deg: float, tas_mps: float, wind: Wind) -> HoldLeg | None:
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

    steps = max(1, math.ceil(turn / ARC_STEP_DEG))
    headings = exit_track - side * np.linspace(0.0, turn, steps + 1)
    outward = np.column_stack([np.cos(np.radians(headings)), -np.sin(np.radians(headings))]) * side
    arc = centre + radius * outward  # outward normal: right of travel in a left turn, left in a right one
    arc[-1] = ip
    mid_headings = (headings[:-1] + headings[1:]) / 2
    wind_mps = wind.speed_kt * KT
    arc_s = np.radians(turn / steps) * radius / wind_triangle(tas_mps, mid_headings, wind.from_deg, wind_mps).ground_speed_mps
    straight_s = straight / float(wind_triangle(tas_mps, exit_track, wind.from_deg, wind_mps).ground_speed_mps)
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

    id = property(lambda self: self.formation.id)
    count = property(lambda self: self.formation.count)
    tas_kt = property(lambda self: self.formation.tas_kt)
    track_deg = property(lambda self: self.formation.run_in.heading_deg)
    altitude_ft = property(lambda self: self.formation.altitude_ft)
    ground_speed_kt = property(lambda self: float(self.triangle.ground_speed_mps) / KT)
    wind_correction_deg = property(lambda self: float(self.triangle.wind_correction_deg))
    crosswind_kt = property(lambda self: float(self.triangle.crosswind_mps) / KT)
    heading_deg = property(lambda self: (self.track_deg + self.wind_correction_deg) % 360.0)
    ip_distance_m = property(lambda self: self.formation.run_in.ip_distance_km * 1000.0)
    depth_m = property(lambda self: float(-self.offsets_m[:, 1].min()))

    @property
    def name(self) -> str:
        return self.formation.name or self.formation.id

    @property
    def aircraft_name(self) -> str:
        return self.aircraft.name or self.aircraft_key or "inline type"

    @property
    def hold_exit_s(self) -> float | None:
        return None if self.hold is None else float(self.track.times_s[0])

    def as_dict(self, iso: Callable[[float], str]) -> dict:
        """The plan JSON's entry for this formation; times through `iso`."""
        hold = self.formation.hold
        return {
            "id": self.id,
            "name": self.name,
            "aircraft": self.aircraft_key or self.aircraft_name,
            "aircraft_name": self.aircraft_name,
            "count": self.count,
            "shape": self.formation.shape,
            "altitude_ft": self.altitude_ft,
            "tas_kt": self.tas_kt,
            "cas_kt": round(self.cas_kt, 1),
            "ground_speed_kt": round(self.ground_speed_kt, 1),
            "track_deg": self.track_deg,
            "heading_deg": round(self.heading_deg, 1),
            "wind_correction_deg": round(self.wind_correction_deg, 1),
            "ip": iso(self.ip_s),
            "ip_position": {"lon": round(self.ip_lonlat[0], 6), "lat": round(self.ip_lonlat[1], 6)},
            "ip_distance_km": self.formation.run_in.ip_distance_km,
            "over_tribune": iso(self.over_tribune_s),
            "hold_exit": None if self.hold is None else iso(self.hold_exit_s),
            "hold": None if self.hold is None else {
                "lon": hold.lon, "lat": hold.lat, "turn": hold.turn, "leg_min": hold.leg_min,
                "entry": iso(seconds_of_day(hold.entry_time)) if hold.entry_time else None,
                "exit_track_deg": round(self.hold.exit_track_deg, 1),
                "turn_onto_run_in_deg": round(self.hold.turn_deg, 1),
            },
        }


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
            ahead = by_id[timing.after]
            if ahead in times:
                times[member] = times[ahead] + timing.gap_s
            elif ahead in unknown:
                unknown[member] = unknown[ahead]
            else:
                loops[member] = loops[ahead]
    return Chain(times, unknown, loops)


def plan_air(plan, aircraft: dict[str, AircraftType]):
    """The plan with its air segment timed and checked: `plan.air` and the air findings added."""
    from .air_findings import check_air, unplanned_findings

    air: AirSegment = plan.scenario.air
    tribune = plan.tribune
    geometry = plan.geometry
    to_local, to_lonlat = geometry.to_local, geometry.to_lonlat
    tribune_lonlat = geometry.lonlat_at(geometry.points[tribune].at_m)[0]
    tribune_xy = np.array(to_local.transform(*tribune_lonlat))
    chain = resolve_tribune_times(air.formations)

    formations: list[FormationPlan] = []
    skipped: dict[int, str] = {}  # formation index -> finding code
    for index, formation in enumerate(air.formations):
        kind = formation.aircraft
        aircraft_type = kind if isinstance(kind, InlineAircraft) else aircraft.get(kind)
        if aircraft_type is None:
            skipped[index] = "unknown-aircraft"
        elif air.wind.speed_kt >= formation.tas_kt:
            skipped[index] = "wind-too-strong"
        elif index in chain.times_s:
            formations.append(_plan_formation(index, formation, aircraft_type, air, chain.times_s[index],
                                               (tribune_xy, tuple(float(v) for v in tribune_lonlat)),
                                               (to_local, to_lonlat)))
    findings = unplanned_findings(air, chain, skipped, formations, {g.id for g in plan.ground})
    findings += check_air(formations, air, plan.ground, tribune)
    return replace(plan, air=formations, findings=plan.findings + findings)


def _plan_formation(index, formation: Formation, aircraft_type, air: AirSegment, over_tribune_s: float,
                    tribune, projection) -> FormationPlan:
    """One formation's wind triangle, IP, hold leg and path, timed back from its tribune time."""
    tribune_xy, tribune_lonlat = tribune
    to_local, to_lonlat = projection
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
    return FormationPlan(
        index=index,
        formation=formation,
        aircraft_key=None if isinstance(formation.aircraft, InlineAircraft) else formation.aircraft,
        aircraft=aircraft_type,
        cas_kt=tas_to_cas_kt(formation.tas_kt, air.elevation_ft + formation.altitude_ft),
        triangle=WindTriangle(*(float(v) for v in triangle)),
        ip_lonlat=tuple(float(v) for v in to_lonlat.transform(*ip_xy)),
        tribune_lonlat=tribune_lonlat,
        ip_s=ip_s,
        over_tribune_s=over_tribune_s,
        hold=leg,
        track=track,
        offsets_m=formation_offsets_m(formation.shape, formation.count, formation.spacing_m),
    )
