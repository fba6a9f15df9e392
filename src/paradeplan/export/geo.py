"""The route as files for other map tools: GeoJSON (the map's own features), KML for Google Earth and GPX.

Every shape comes from the map's GeoJSON (views/geojson.py), so the files and the workspace cannot
disagree; the KML adds each stretch at its width and a time-animated track of each ground element's
head. Times are the plan's, through model/times.py: ISO 8601 with the parade's offset in KML, the
same instant in UTC in GPX (its standard asks for UTC), tenths rounded alike.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from lxml import etree
from shapely.geometry import MultiPolygon, Polygon
from shapely.ops import substring

from ..model.times import ParadeDay, clock
from ..model.units import FT
from ..plan.ground import GroundPlan
from ..plan.planner import Plan
from ..plan.route import RouteGeometry
from ..views.geojson import MIN_MITRE_COS, plan_geojson

JSON = dict[str, Any]
KML_NS = "http://www.opengis.net/kml/2.2"
GX_NS = "http://www.google.com/kml/ext/2.2"
GPX_NS = "http://www.topografix.com/GPX/1/1"
GPX_SCHEMA = f"{GPX_NS} http://www.topografix.com/GPX/1/1/gpx.xsd"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
BEND_TOLERANCE_M = 0.01  # a route vertex this close to a trajectory entry adds no track sample of its own
AIR_NAMES = {"hold": "Hold", "hold-exit": "Hold exit", "hold-fix": "Hold fix", "ip": "IP", "run-in": "Run-in",
             "break-away": "Break-away"}
# KML colours are aabbggrr
STYLES = {"route": ("ff0000cc", 4.0, None), "stretch": ("ff00a5ff", 1.5, "6600a5ff"), "air": ("ffcc6600", 2.5, None)}


def route_geojson(plan: Plan) -> bytes:
    """The map's FeatureCollection (views/geojson.plan_geojson) as UTF-8 JSON."""
    return json.dumps(plan_geojson(plan), ensure_ascii=False, indent=1).encode("utf-8")


# --- KML ------------------------------------------------------------------------------------------

def _kml(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    """A KML element under `parent` (tag 'gx:...' for the Google extension), with its text."""
    namespace, _, name = tag.rpartition(":")
    child = etree.SubElement(parent, f"{{{GX_NS if namespace == 'gx' else KML_NS}}}{name}", attributes)
    if text is not None:
        child.text = text
    return child


def _coordinates(points: Iterable[Sequence[float]]) -> str:
    """[[lon, lat(, altitude m)], ...] -> KML's 'lon,lat[,alt] ...' text."""
    return " ".join(",".join(f"{v:.7f}" if i < 2 else f"{v:.1f}" for i, v in enumerate(p)) for p in points)


def _placemark(folder: etree._Element, name: str, description: str | None = None,
               style: str | None = None) -> etree._Element:
    """A named Placemark in `folder`, with its description and style when given."""
    placemark = _kml(folder, "Placemark")
    _kml(placemark, "name", name)
    if description:
        _kml(placemark, "description", description)
    if style is not None:
        _kml(placemark, "styleUrl", f"#{style}")
    return placemark


def _shape(placemark: etree._Element, geometry: JSON, *, in_air: bool = False) -> None:
    """A GeoJSON Point or LineString as KML: on the ground (tessellated) or at its height above it."""
    kind = geometry["type"]
    shape = _kml(placemark, kind)
    points = [geometry["coordinates"]] if kind == "Point" else geometry["coordinates"]
    if kind == "LineString" and not in_air:
        _kml(shape, "tessellate", "1")
    _kml(shape, "altitudeMode", "relativeToGround" if in_air else "clampToGround")
    _kml(shape, "coordinates", _coordinates(points))


def stretch_polygons(geometry: RouteGeometry) -> list[list[list[list[float]]]]:
    """Each stretch as the route between its ends buffered to its width (the route's without one of its own),
    flat at the ends and mitred at bends as the road polygon is: per stretch, its rings in [lon, lat]."""
    rings_per_stretch = []
    for stretch in geometry.stretches:
        from_m, to_m = max(stretch.from_m, 0.0), min(stretch.to_m, geometry.length_m)
        half_m = (stretch.width_m if stretch.width_m is not None else geometry.width_m) / 2
        area = substring(geometry.line, from_m, to_m).buffer(half_m, cap_style="flat", join_style="mitre",
                                                              mitre_limit=1 / MIN_MITRE_COS)
        parts = area.geoms if isinstance(area, MultiPolygon) else [area] if isinstance(area, Polygon) else []
        rings = [ring for part in parts if not part.is_empty for ring in (part.exterior, *part.interiors)]
        rings_per_stretch.append([_ring_lonlat(geometry, np.asarray(ring.coords)) for ring in rings])
    return rings_per_stretch


def _ring_lonlat(geometry: RouteGeometry, xy_m: np.ndarray) -> list[list[float]]:
    """Local metres (n, 2) -> [[lon, lat], ...] rounded to 1e-7 degrees, as the map's features are."""
    lon, lat = geometry.to_lonlat.transform(xy_m[:, 0], xy_m[:, 1])
    return np.round(np.column_stack([lon, lat]), 7).tolist()


def head_track(plan: Plan, element: GroundPlan) -> tuple[np.ndarray, np.ndarray]:
    """Head times (s) and [lon, lat] from where an element joins to where it leaves: at every trajectory entry
    (the plan's own) and at every bend of the road between, its time interpolated, which is exact there."""
    entries = plan.trajectory(element)
    entry_m = np.array([p.at_m for p in entries])
    entry_s = np.array([p.head_s for p in entries])
    vertex_m = plan.geometry.vertex_m
    bends = vertex_m[(vertex_m > entry_m[0]) & (vertex_m < entry_m[-1])]
    bends = bends[np.abs(bends[:, None] - entry_m[None, :]).min(axis=1, initial=np.inf) > BEND_TOLERANCE_M]
    at_m = np.sort(np.concatenate([entry_m, bends]))
    return np.interp(at_m, entry_m, entry_s), np.round(plan.geometry.lonlat_at(at_m), 7)


def _kml_styles(document: etree._Element) -> None:
    """The line and fill styles of the route, the stretches and the air."""
    for name, (colour, width, fill) in STYLES.items():
        style = _kml(document, "Style", id=name)
        line = _kml(style, "LineStyle")
        _kml(line, "color", colour)
        _kml(line, "width", f"{width:g}")
        poly = _kml(style, "PolyStyle")
        _kml(poly, "color", fill or "00ffffff")
        _kml(poly, "fill", "1" if fill else "0")


def _kml_route(document: etree._Element, plan: Plan, features: list[JSON]) -> None:
    """Folders of the centre line, the stretches at their width and the named points."""
    folder = _kml(document, "Folder")
    _kml(folder, "name", "Route")
    for line in (f for f in features if f["properties"]["kind"] == "route"):
        length_m = line["properties"]["length_m"]
        _shape(_placemark(folder, "Route centre line", f"{length_m:,.1f} m", "route"), line["geometry"])
    stretches = _kml(document, "Folder")
    _kml(stretches, "name", "Stretches")
    for stretch, rings in zip(plan.geometry.stretches, stretch_polygons(plan.geometry), strict=True):
        width_m = stretch.width_m if stretch.width_m is not None else plan.geometry.width_m
        limit = f", at most {stretch.max_speed_kmh:g} km/h" if stretch.max_speed_kmh is not None else ""
        name = stretch.note or f"{stretch.from_m:,.0f}-{stretch.to_m:,.0f} m"
        placemark = _placemark(stretches, name, f"{width_m:g} m wide{limit}", "stretch")
        polygon = _kml(placemark, "Polygon")
        _kml(polygon, "altitudeMode", "clampToGround")
        for index, ring in enumerate(rings):
            boundary = _kml(polygon, "outerBoundaryIs" if index == 0 else "innerBoundaryIs")
            _kml(_kml(boundary, "LinearRing"), "coordinates", _coordinates(ring))
    points = _kml(document, "Folder")
    _kml(points, "name", "Named points")
    for point in (f for f in features if f["properties"]["kind"] == "point"):
        props = point["properties"]
        _shape(_placemark(points, props["name"], f"{props['label']}, {props['at_m']:,.1f} m"), point["geometry"])


def _kml_air(document: etree._Element, plan: Plan, features: list[JSON]) -> None:
    """A folder per formation: hold, hold-exit leg, hold fix, IP, run-in and break-away at its altitude."""
    if not plan.air:
        return
    air = _kml(document, "Folder")
    _kml(air, "name", "Air")
    for f in plan.air:
        folder = _kml(air, "Folder")
        _kml(folder, "name", f.name)
        times = {"hold-exit": f.hold_exit_s, "hold-fix": f.hold_exit_s, "ip": f.ip_s, "run-in": f.ip_s}
        for feature in (g for g in features if g["properties"].get("formation") == f.id):
            kind = feature["properties"]["kind"]
            time_s = times.get(kind)
            at = f" at {clock(time_s)}" if time_s is not None else ""
            description = f"{f.altitude_ft:,.0f} ft ({feature['properties']['altitude_m']:g} m) above the ground{at}"
            placemark = _placemark(folder, f"{AIR_NAMES.get(kind, kind)} {f.name}", description, "air")
            _shape(placemark, feature["geometry"], in_air=True)


def _kml_tracks(document: etree._Element, plan: Plan) -> None:
    """Per ground element, its head as a gx:Track: ISO times and positions, to play in Google Earth."""
    day = plan.scenario.day
    folder = _kml(document, "Folder")
    _kml(folder, "name", "Ground elements")
    for element in plan.ground:
        head_s, lonlat = head_track(plan, element)
        placemark = _placemark(folder, element.name, f"{element.id}: head of the element")
        track = _kml(placemark, "gx:Track")
        _kml(track, "altitudeMode", "clampToGround")
        for time_s in head_s:
            _kml(track, "when", day.iso(float(time_s)))
        for lon, lat in lonlat:
            _kml(track, "gx:coord", f"{lon:.7f} {lat:.7f} 0")


def route_kml(plan: Plan) -> bytes:
    """KML 2.2: route, stretches, named points, the air at altitude and each element's animated head."""
    features = plan_geojson(plan)["features"]
    root = etree.Element(f"{{{KML_NS}}}kml", nsmap={None: KML_NS, "gx": GX_NS})
    document = _kml(root, "Document")
    _kml(document, "name", plan.scenario.name)
    _kml(document, "description", f"{plan.scenario.date.isoformat()}, {plan.scenario.timezone}")
    _kml_styles(document)
    _kml_route(document, plan, features)
    _kml_air(document, plan, features)
    _kml_tracks(document, plan)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


# --- GPX ------------------------------------------------------------------------------------------

def _gpx(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    """A GPX element under `parent`, with its text."""
    child = etree.SubElement(parent, f"{{{GPX_NS}}}{tag}", attributes)
    if text is not None:
        child.text = text
    return child


def utc_time(day: ParadeDay, time_s: float) -> str:
    """Seconds after local midnight -> the same instant in UTC, '2025-05-07T05:13:20.0Z' (GPX's times)."""
    moment = dt.datetime.fromisoformat(day.iso(time_s)).astimezone(dt.UTC)
    return f"{moment:%Y-%m-%dT%H:%M:%S}.{moment.microsecond // 100_000}Z"


def _gpx_point(parent: etree._Element, tag: str, lonlat: Sequence[float]) -> etree._Element:
    """A wpt, rtept or trkpt at [lon, lat]."""
    return _gpx(parent, tag, lat=f"{lonlat[1]:.7f}", lon=f"{lonlat[0]:.7f}")


def route_gpx(plan: Plan) -> bytes:
    """GPX 1.1: a waypoint per named point, the centre line as a route, each formation's run-in as a track."""
    day = plan.scenario.day
    features = plan_geojson(plan)["features"]
    root = etree.Element(f"{{{GPX_NS}}}gpx", {f"{{{XSI_NS}}}schemaLocation": GPX_SCHEMA, "version": "1.1",
                                              "creator": "paradeplan"}, nsmap={None: GPX_NS, "xsi": XSI_NS})
    metadata = _gpx(root, "metadata")
    _gpx(metadata, "name", plan.scenario.name)
    _gpx(metadata, "desc", f"{plan.scenario.date.isoformat()}, {plan.scenario.timezone}")
    for point in (f for f in features if f["properties"]["kind"] == "point"):
        props = point["properties"]
        waypoint = _gpx_point(root, "wpt", point["geometry"]["coordinates"])
        _gpx(waypoint, "name", props["name"])
        _gpx(waypoint, "cmt", f"{props['at_m']:,.1f} m along the route")
        _gpx(waypoint, "desc", props["label"])
    for line in (f for f in features if f["properties"]["kind"] == "route"):
        route = _gpx(root, "rte")
        _gpx(route, "name", "Route centre line")
        for lonlat in line["geometry"]["coordinates"]:
            _gpx_point(route, "rtept", lonlat)
    run_ins = {f["properties"]["formation"]: f for f in features if f["properties"]["kind"] == "run-in"}
    for f in plan.air:
        track = _gpx(root, "trk")
        _gpx(track, "name", f"Run-in {f.name}")
        _gpx(track, "desc", f"{f.altitude_ft:,.0f} ft ({f.altitude_ft * FT:.1f} m) above the ground, "
                            f"track {f.track_deg:03.0f}, IP {clock(f.ip_s)}, tribune {clock(f.over_tribune_s)}")
        segment = _gpx(track, "trkseg")
        for lonlat, time_s in zip(run_ins[f.id]["geometry"]["coordinates"], (f.ip_s, f.over_tribune_s), strict=True):
            _gpx(_gpx_point(segment, "trkpt", lonlat), "time", utc_time(day, time_s))
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))
