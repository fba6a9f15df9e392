"""The plan's geometry as GeoJSON: the road at its real width, the centre line, stretches, distance marks,
named points, and each formation's hold, hold-exit leg, IP and run-in. The map draws it as it comes;
the handouts (strip map, KML) will read the same features.

Every feature has a `kind` property naming what it is. Coordinates are [lon, lat] in WGS84, rounded
to 1e-7 degrees (about 1 cm); the air's carry a third value, metres above the ground (`altitude_m`).
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..model.units import FT, KT
from ..plan.air import PAST_TRIBUNE_M, FormationPlan
from ..plan.flight import unit_vector
from ..plan.planner import Plan
from ..plan.route import RouteGeometry

JSON = dict[str, Any]
TICK_M = 100.0  # a distance mark every 100 m, labelled every LABEL_TICK_M
LABEL_TICK_M = 500.0
MIN_MITRE_COS = 0.25  # the road's edge at a sharp bend is mitred no further than 4 half-widths out
ARC_STEPS = 16  # points on each half-circle of a hold


def feature(geometry_type: str, coordinates: Any, **properties: Any) -> JSON:
    geometry = {"type": geometry_type, "coordinates": coordinates}
    return {"type": "Feature", "properties": properties, "geometry": geometry}


def _lonlat(geometry: RouteGeometry, xy_m: np.ndarray) -> list[list[float]]:
    """Local metres (n, 2) -> [[lon, lat], ...]."""
    xy = np.atleast_2d(np.asarray(xy_m, dtype=float))
    lon, lat = geometry.to_lonlat.transform(xy[:, 0], xy[:, 1])
    return np.round(np.column_stack([lon, lat]), 7).tolist()


def _along(geometry: RouteGeometry, at_m: np.ndarray) -> list[list[float]]:
    return np.round(geometry.lonlat_at(at_m), 7).tolist()


def width_at(geometry: RouteGeometry, at_m: float) -> float:
    """Usable width at one distance: the narrowest stretch there, else the route's width."""
    widths = [s.width_m for s in geometry.stretches if s.width_m is not None and s.from_m <= at_m <= s.to_m]
    return min(widths, default=geometry.width_m)


def road_polygon(geometry: RouteGeometry) -> list[list[float]]:
    """The route at its usable width as one closed ring: left edge forward, right edge back.

    At a vertex the edge is mitred (keeps its width through the bend); where a stretch changes the
    width, two samples a millimetre apart make the step.
    """
    breaks = [v for s in geometry.stretches if s.width_m is not None for v in (s.from_m, s.to_m)]
    stops = sorted({*geometry.vertex_m.tolist(), *[b for b in breaks if 0.0 < b < geometry.length_m]})
    left, right = [], []
    for at_m in stops:
        samples = (at_m - 1e-3, at_m + 1e-3) if at_m in breaks and 0 < at_m < geometry.length_m else (at_m,)
        for sample in samples:
            normal = _mitred_normal(geometry, at_m)
            centre = geometry.xy_at(sample)[0]
            half = width_at(geometry, sample) / 2
            left.append(centre - normal * half)
            right.append(centre + normal * half)
    ring = np.vstack([left, right[::-1], left[:1]])
    return _lonlat(geometry, ring)


def _mitred_normal(geometry: RouteGeometry, at_m: float) -> np.ndarray:
    """The right-hand normal at a distance; at a vertex the mean of its two segments', lengthened to keep the width."""
    tangents = geometry.tangent
    k = int(np.searchsorted(geometry.vertex_m, at_m))
    right = np.column_stack([tangents[:, 1], -tangents[:, 0]])
    if k <= 0 or k >= len(geometry.vertex_m) - 1 or not math.isclose(geometry.vertex_m[k], at_m, abs_tol=1e-9):
        return right[int(geometry.segment(np.array([at_m]))[0])]
    before, after = right[k - 1], right[k]
    mean = before + after
    length = float(np.hypot(*mean)) or 1.0
    cos = max(MIN_MITRE_COS, float(np.dot(mean, before)) / length)
    return mean / length / cos


def route_features(plan: Plan) -> list[JSON]:
    """Road, centre line, stretches, distance marks and named points."""
    geometry = plan.geometry
    features = [
        feature("Polygon", [road_polygon(geometry)], kind="road", width_m=geometry.width_m),
        feature("LineString", _lonlat(geometry, geometry.coords_m), kind="route", length_m=round(geometry.length_m, 1)),
    ]
    for index, stretch in enumerate(geometry.stretches):
        inside = geometry.vertex_m[(geometry.vertex_m > stretch.from_m) & (geometry.vertex_m < stretch.to_m)]
        at_m = np.concatenate([[stretch.from_m], inside, [min(stretch.to_m, geometry.length_m)]])
        features.append(feature("LineString", _along(geometry, at_m), kind="stretch", index=index,
                                from_m=stretch.from_m, to_m=stretch.to_m, width_m=stretch.width_m,
                                max_speed_kmh=stretch.max_speed_kmh, note=stretch.note))
    for tick_m in np.arange(TICK_M, geometry.length_m, TICK_M):
        k = int(geometry.segment(np.array([tick_m]))[0])
        right = np.array([geometry.tangent[k, 1], -geometry.tangent[k, 0]])
        edge = width_at(geometry, float(tick_m)) / 2
        labelled = math.isclose(tick_m % LABEL_TICK_M, 0.0, abs_tol=1e-6)
        mark = 10.0 if labelled else 4.0
        centre = geometry.xy_at(tick_m)[0]
        ends = np.vstack([centre + right * edge, centre + right * (edge + mark)])
        features.append(feature("LineString", _lonlat(geometry, ends), kind="tick", at_m=round(float(tick_m), 1),
                                label=f"{tick_m:,.0f} m" if labelled else None))
    for point in geometry.points_in_order():
        features.append(feature("Point", _along(geometry, np.array([point.at_m]))[0], kind="point", name=point.name,
                                label=point.label, at_m=round(point.at_m, 1), anchor=point.name == plan.anchor,
                                flypast=point.name == plan.tribune))
    return features


def racetrack_xy_m(fix_xy_m: np.ndarray, inbound_deg: float, leg_m: float, radius_m: float, turn: str) -> np.ndarray:
    """A racetrack hold as a closed line: the inbound leg ends at the fix on `inbound_deg`, then half-turns
    of `radius_m` to the `turn` side, the outbound leg, and the turn back onto the inbound leg."""
    ahead = unit_vector(inbound_deg)
    side = -1.0 if turn == "left" else 1.0
    right = np.array([ahead[1], -ahead[0]]) * side
    first_centre = right * radius_m
    second_centre = first_centre - ahead * leg_m
    angles = np.linspace(0.0, math.pi, ARC_STEPS + 1)[:, None]
    first = first_centre + radius_m * (-np.cos(angles) * right + np.sin(angles) * ahead)
    second = second_centre + radius_m * (np.cos(angles) * right - np.sin(angles) * ahead)
    return fix_xy_m + np.vstack([[-ahead * leg_m], first, second])


def air_features(plan: Plan) -> list[JSON]:
    """Per formation: its hold (with the planner's turn radius and bank), hold-exit leg, IP and run-in."""
    geometry = plan.geometry
    features = []
    for f in plan.air:
        features += _formation_features(geometry, f)
    return features


def _at_altitude(coordinates: list[list[float]], altitude_m: float) -> list[list[float]]:
    """[lon, lat] -> [lon, lat, altitude above the ground in metres]."""
    return [[lon, lat, altitude_m] for lon, lat in coordinates]


def _formation_features(geometry: RouteGeometry, f: FormationPlan) -> list[JSON]:
    """A formation's features at its altitude: each coordinate's third value and `altitude_m` are metres above the
    ground, so that the map can draw the air above the marchers."""
    altitude_m = round(f.altitude_ft * FT, 1)
    features = [_air_feature(geometry, altitude_m, f.id, *spec) for spec in _formation_shapes(geometry, f)]
    return features


def _air_feature(geometry: RouteGeometry, altitude_m: float, formation_id: str, geometry_type: str,
                 xy_m: np.ndarray, kind: str, properties: dict[str, Any]) -> JSON:
    coordinates = _at_altitude(_lonlat(geometry, xy_m), altitude_m)
    return feature(geometry_type, coordinates[0] if geometry_type == "Point" else coordinates, kind=kind,
                   formation=formation_id, altitude_m=altitude_m, **properties)


def _formation_shapes(geometry: RouteGeometry, f: FormationPlan) -> list[tuple[str, np.ndarray, str, dict[str, Any]]]:
    """(geometry type, local metres, kind, properties) of a formation's hold, hold exit, run-in, break-away and IP."""
    shapes: list[tuple[str, np.ndarray, str, dict[str, Any]]] = []
    ip_xy = np.array(geometry.to_local.transform(*f.ip_lonlat))
    tribune_xy = np.array(geometry.to_local.transform(*f.tribune_lonlat))
    if f.hold is not None and f.formation.hold is not None:
        hold = f.formation.hold
        leg_m = f.tas_kt * KT * hold.leg_min * 60.0  # the legs as flown in still air
        ring = racetrack_xy_m(f.hold.fix_xy_m, f.hold.exit_track_deg, leg_m, f.hold.turn_radius_m, hold.turn)
        shapes.append(("LineString", ring, "hold", {"label": f"Hold {f.name}", "turn": hold.turn,
                                                    "bank_deg": round(f.hold.bank_deg, 1),
                                                    "turn_radius_m": round(f.hold.turn_radius_m, 1)}))
        shapes.append(("LineString", f.hold.path_xy_m, "hold-exit", {}))
        shapes.append(("Point", f.hold.fix_xy_m, "hold-fix", {"label": f"Hold {f.name}"}))
    past_xy = tribune_xy + PAST_TRIBUNE_M * unit_vector(f.track_deg)
    shapes.append(("LineString", np.vstack([ip_xy, tribune_xy]), "run-in", {"track_deg": f.track_deg}))
    shapes.append(("LineString", np.vstack([tribune_xy, past_xy]), "break-away", {}))
    shapes.append(("Point", ip_xy, "ip", {"label": f"IP {f.name}"}))
    return shapes


def plan_geojson(plan: Plan) -> JSON:
    """Every feature the map draws, as one FeatureCollection."""
    return {"type": "FeatureCollection", "features": route_features(plan) + air_features(plan)}
