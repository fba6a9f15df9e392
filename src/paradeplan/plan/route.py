"""Route geometry: the centre line in metres in a local projection, distances along it, widths and limits."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

import numpy as np
from pyproj import Transformer
from shapely.geometry import LineString, Point

from ..model.scenario import NamedPoint, Route
from ..model.units import kmh_to_mps
from .arrays import FloatArray, Floats


@lru_cache(maxsize=64)
def local_projection(lon0: float, lat0: float) -> tuple[Transformer, Transformer]:
    """Azimuthal equidistant projection centred on the route: metres, true distances nearby."""
    local = f"+proj=aeqd +lat_0={lat0:.6f} +lon_0={lon0:.6f} +datum=WGS84 +units=m"
    return (
        Transformer.from_crs("EPSG:4326", local, always_xy=True),
        Transformer.from_crs(local, "EPSG:4326", always_xy=True),
    )


@dataclass(frozen=True)
class LocatedPoint:
    name: str
    at_m: float
    offset_m: float  # distance from the path of a point given by lon/lat, 0 for one given by at_m
    label: str


class RouteGeometry:
    """The route's centre line in local metres, with its named points, widths and speed limits."""

    def __init__(self, route: Route):
        lons, lats = np.array(route.path, dtype=float).T
        self.origin = (float(lons.mean()), float(lats.mean()))
        self.to_local, self.to_lonlat = local_projection(*self.origin)
        xs, ys = self.to_local.transform(lons, lats)
        self.line = LineString(np.column_stack([xs, ys]))
        self.coords_m: FloatArray = np.asarray(self.line.coords)  # vertices, local metres east and north
        self.vertex_m: FloatArray = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(self.coords_m, axis=0).T))])
        # a unit vector along each segment
        self.tangent: FloatArray = np.diff(self.coords_m, axis=0) / np.diff(self.vertex_m)[:, None]
        self.length_m = float(self.vertex_m[-1])
        self.width_m = route.width_m
        self.stretches = route.stretches
        self.points = {name: self._locate(name, point) for name, point in route.points.items()}

    def _locate(self, name: str, point: NamedPoint) -> LocatedPoint:
        label = point.label or name
        if point.at_m is not None:
            return LocatedPoint(name, float(point.at_m), 0.0, label)
        x, y = self.to_local.transform(point.lon, point.lat)
        at_m = float(self.line.project(Point(x, y)))
        offset_m = float(self.line.distance(Point(x, y)))
        return LocatedPoint(name, at_m, offset_m, label)

    def points_in_order(self) -> list[LocatedPoint]:
        return sorted(self.points.values(), key=lambda p: p.at_m)

    def segment(self, at_m: FloatArray, side: Literal["left", "right"] = "right") -> np.ndarray:
        """The segment each distance lies on (the end segments run on beyond the ends); on a vertex,
        the segment after it (side="right") or before it ("left")."""
        return np.clip(np.searchsorted(self.vertex_m, at_m, side=side) - 1, 0, len(self.coords_m) - 2)

    def xy_at(self, at_m: Floats) -> FloatArray:
        """(n, 2) local metres of positions along the path; beyond the ends, along the end segments."""
        at = np.atleast_1d(np.asarray(at_m, dtype=float))
        k = self.segment(at)
        xy_m: FloatArray = self.coords_m[k] + self.tangent[k] * (at - self.vertex_m[k])[:, None]
        return xy_m

    def lonlat_at(self, at_m: Floats) -> FloatArray:
        """(n, 2) [lon, lat] of positions along the path; beyond the ends, along the end segments."""
        xy = self.xy_at(at_m)
        lon, lat = self.to_lonlat.transform(xy[:, 0], xy[:, 1])
        return np.column_stack([lon, lat])

    def width_between(self, from_m: float, to_m: float) -> tuple[float, float]:
        """The least usable width between two distances, and where it is."""
        least, where = self.width_m, from_m
        for stretch in self.stretches:
            overlaps = stretch.from_m < to_m and stretch.to_m > from_m
            if overlaps and stretch.width_m is not None and stretch.width_m < least:
                least, where = stretch.width_m, max(stretch.from_m, from_m)
        return least, where

    def speed_limits(self) -> tuple[np.ndarray, np.ndarray]:
        """Breakpoints along the route and the speed limit (m/s, inf for none) between each pair.

        The breakpoints run from 0 to the route length with every stretch boundary between;
        overlapping limits take the lower.
        """
        cuts = {0.0, self.length_m}
        limited = [(s.from_m, s.to_m, s.max_speed_kmh) for s in self.stretches if s.max_speed_kmh is not None]
        for from_m, to_m, _ in limited:
            cuts.update(min(max(v, 0.0), self.length_m) for v in (from_m, to_m))
        breaks = np.array(sorted(cuts))
        limits = np.full(len(breaks) - 1, np.inf)
        middles = (breaks[:-1] + breaks[1:]) / 2
        for from_m, to_m, max_speed_kmh in limited:
            inside = (middles > from_m) & (middles < to_m)
            limits[inside] = np.minimum(limits[inside], kmh_to_mps(max_speed_kmh))
        return breaks, limits
