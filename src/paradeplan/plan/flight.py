"""Flight arithmetic: the wind triangle, turns, airspeeds and formation shapes, as the primer gives them.

Directions are degrees true; positions are metres east (x) and north (y).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from ..model.air import Wind
from ..model.units import FT, KT, G
from .arrays import Floats

RATE_ONE_DEG_S = 3.0  # a rate-one turn: 360 degrees in two minutes
MAX_BANK_DEG = 25.0  # ICAO holds: rate one or 25 deg bank, whichever needs less bank

# International Standard Atmosphere below 11 km
_T0_K, _P0_PA, _LAPSE_K_M, _R_AIR, _GAMMA = 288.15, 101325.0, 0.0065, 287.05287, 1.4
_RHO0 = _P0_PA / (_R_AIR * _T0_K)


class WindTriangle(NamedTuple):
    """Ground speed, wind correction and wind components along a track, one value or an array of them."""

    ground_speed_mps: Floats
    wind_correction_deg: Floats  # heading = track + correction; positive with wind from the right
    crosswind_mps: Floats  # positive from the right of the track
    tailwind_mps: Floats  # negative for a headwind


def _wind_components_mps(track_deg: Floats, wind_from_deg: Floats, wind_mps: Floats) -> tuple[Floats, Floats]:
    """Crosswind (positive from the right) and tailwind (negative for a headwind) along a track."""
    relative = np.radians(wind_from_deg - np.asarray(track_deg, dtype=float))
    return wind_mps * np.sin(relative), -wind_mps * np.cos(relative)


def wind_triangle(tas_mps: Floats, track_deg: Floats, wind_from_deg: Floats, wind_mps: Floats) -> WindTriangle:
    """Ground speed along a track: WCA = asin(crosswind / TAS), GS = TAS x cos(WCA) + tailwind (primer)."""
    crosswind, tailwind = _wind_components_mps(track_deg, wind_from_deg, wind_mps)
    correction = np.arcsin(crosswind / tas_mps)
    return WindTriangle(tas_mps * np.cos(correction) + tailwind, np.degrees(correction), crosswind, tailwind)


def tas_for_ground_speed_mps(ground_speed_mps: Floats, track_deg: float, wind: Wind) -> Floats:
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


def track_of_deg(vectors_m: npt.ArrayLike) -> Floats:
    """Track in degrees true (0-360) of [east, north] vectors (last axis)."""
    vectors = np.asarray(vectors_m, dtype=float)
    track_deg: Floats = np.degrees(np.arctan2(vectors[..., 0], vectors[..., 1])) % 360.0
    return track_deg


def formation_offsets_m(shape: str, count: int, spacing_m: float) -> np.ndarray:
    """Each aircraft's place relative to the lead, [right, ahead] in metres; the lead is row 0.

    Wingmen sit back at 45 deg in a vic and echelon, 30 deg in a wedge; a diamond is four with a
    slot behind the lead; a box is rows of ceil(sqrt(count)) abreast; 'single' and 'line-astern'
    trail straight behind. Aircraft past a diamond's four follow in line astern.
    """
    k = np.arange(count, dtype=float)
    diagonal = spacing_m / math.sqrt(2)
    if shape in ("echelon-right", "echelon-left"):
        echelon_side = 1.0 if shape == "echelon-right" else -1.0
        return np.column_stack([echelon_side * k * diagonal, -k * diagonal])
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
