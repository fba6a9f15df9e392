"""Unit conversions, named once: SI inside, knots, feet and km/h only at the edges."""

KMH = 1 / 3.6  # km/h -> m/s
KT = 1852 / 3600  # knot -> m/s
FT = 0.3048  # foot -> m
NM = 1852.0  # nautical mile -> m
G = 9.80665  # standard gravity, m/s^2


def kmh_to_mps(speed_kmh: float) -> float:
    return speed_kmh * KMH


def mps_to_kmh(speed_mps: float) -> float:
    return speed_mps / KMH
