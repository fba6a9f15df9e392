"""The route as GeoJSON, KML and GPX, each read back with an independent reader (json, lxml, gpxpy)."""

from __future__ import annotations

import datetime as dt
import json

import gpxpy
import numpy as np
import pytest
from conftest import FOOT, VEHICLES, element, scenario
from lxml import etree
from test_air import formation, near_tribune

from paradeplan import make_plan
from paradeplan.export.geo import route_geojson, route_gpx, route_kml, utc_time
from paradeplan.model.times import iso_time
from paradeplan.views.plan_json import plan_dict

NS = {"k": "http://www.opengis.net/kml/2.2", "gx": "http://www.google.com/kml/ext/2.2"}
POINTS = {"start": {"at_m": 0}, "tribune": {"at_m": 1000, "label": "Main tribune"},
          "turn-off": {"at_m": 1200}, "release": {"at_m": 2000}}
GATE = {"from_m": 500, "to_m": 800, "width_m": 20, "note": "Gate"}
# the colour guard joins at the start, the Buks at the tribune: see test_each_track_starts_at_its_join_time
BUKS_AT_TRIBUNE = element(VEHICLES, enters_at="tribune")


def parade(*formations: dict, **route):
    """The test avenue with a gate, the colour guard, the Buks joining at the tribune, and these formations."""
    air = {"air": {"formations": list(formations)}} if formations else {}
    return make_plan(scenario(FOOT, BUKS_AT_TRIBUNE, route={"points": POINTS, "stretches": [GATE], **route}, **air),
                     vehicles={}, aircraft={})


def kml_of(plan) -> etree._Element:
    return etree.fromstring(route_kml(plan))


def folder(root: etree._Element, name: str) -> etree._Element:
    return root.xpath("//k:Folder[k:name=$name]", namespaces=NS, name=name)[0]


def placemark_names(parent: etree._Element) -> list[str]:
    return parent.xpath("k:Placemark/k:name/text()", namespaces=NS)


# --- GeoJSON ----------------------------------------------------------------------------------------

def test_geojson_is_the_maps_own_feature_collection():
    plan = parade(formation())
    assert json.loads(route_geojson(plan)) == json.loads(json.dumps(plan_dict(plan)["geometry"]))


def test_geojson_holds_every_named_point_with_its_label():
    features = json.loads(route_geojson(parade()))["features"]
    points = {f["properties"]["name"]: f["properties"]["label"] for f in features if f["properties"]["kind"] == "point"}
    assert points == {"start": "start", "tribune": "Main tribune", "turn-off": "turn-off", "release": "release"}


# --- KML --------------------------------------------------------------------------------------------

def test_kml_holds_every_named_point_in_route_order():
    root = kml_of(parade())
    assert root.tag == "{http://www.opengis.net/kml/2.2}kml"
    assert placemark_names(folder(root, "Named points")) == ["start", "tribune", "turn-off", "release"]


def test_kml_has_the_centre_line_from_end_to_end():
    line = folder(kml_of(parade()), "Route").xpath(".//k:LineString/k:coordinates/text()", namespaces=NS)[0]
    assert line == "10.0000000,50.0000000 10.0000000,50.0300000"  # the path as the scenario gives it


def test_kml_draws_each_stretch_at_its_width():
    plan = parade()
    ring = folder(kml_of(plan), "Stretches").xpath(".//k:outerBoundaryIs//k:coordinates/text()", namespaces=NS)[0]
    lon, lat = np.array([[float(v) for v in c.split(",")] for c in ring.split()]).T
    x_m, y_m = plan.geometry.to_local.transform(lon, lat)
    # the avenue runs due north: the gate from 500 to 800 m is 300 m long and 20 m wide (the road is 40)
    assert np.ptp(x_m) == pytest.approx(20.0, abs=0.02)
    assert np.ptp(y_m) == pytest.approx(300.0, abs=0.02)


def test_each_track_starts_at_its_join_time():
    plan = parade()
    tracks = folder(kml_of(plan), "Ground elements")
    assert placemark_names(tracks) == ["Colour guard", "buk"]
    firsts = [p.xpath("gx:Track/k:when/text()", namespaces=NS)[0] for p in tracks.xpath("k:Placemark", namespaces=NS)]
    # colour guard: at the tribune (1,000 m) at 10:05:00 at 1.5 m/s, so at the start 1000 / 1.5 = 666.7 s before:
    #   36,300 - 666.67 = 35,633.33 s = 09:53:53.3
    # buk: the colour guard's tail clears the tribune 3 s after its head, 15 s gap: 10:05:18.0 where it joins
    assert firsts == ["2025-05-07T09:53:53.3+05:00", "2025-05-07T10:05:18.0+05:00"]
    joins = {"colour-guard": "start", "buk": "tribune"}
    day = plan.scenario.day
    assert firsts == [day.iso(g.times[joins[g.id]][0]) for g in plan.ground]
    assert firsts == [e["trajectory"][0]["head"] for e in plan_dict(plan)["ground"]]


def test_a_track_has_a_position_for_every_time_and_ends_where_it_leaves():
    plan = parade()
    track = folder(kml_of(plan), "Ground elements").xpath("k:Placemark[2]/gx:Track", namespaces=NS)[0]
    whens = track.xpath("k:when/text()", namespaces=NS)
    coords = track.xpath("gx:coord/text()", namespaces=NS)
    assert len(whens) == len(coords)
    # 1,000 m from the tribune to the release at 12 km/h = 3.33 m/s: 300 s after 10:05:18.0
    assert whens[-1] == "2025-05-07T10:10:18.0+05:00"
    release = plan.geometry.lonlat_at(np.array([2000.0]))[0]
    assert coords[-1] == f"{release[0]:.7f} {release[1]:.7f} 0"


def test_a_track_follows_the_road_round_a_bend():
    # north 0.01 degrees (111,229 m a degree at 50 N: 1,112.3 m), then north-east:
    # the bend lies between the tribune and the turn-off
    plan = parade(path=[[10.0, 50.0], [10.0, 50.01], [10.01, 50.02]])
    bend_m = float(plan.geometry.vertex_m[1])
    assert bend_m == pytest.approx(1112.3, abs=0.1)
    track = folder(kml_of(plan), "Ground elements").xpath("k:Placemark[1]/gx:Track", namespaces=NS)[0]
    coords = track.xpath("gx:coord/text()", namespaces=NS)
    whens = track.xpath("k:when/text()", namespaces=NS)
    assert "10.0000000 50.0100000 0" in coords
    at_bend = coords.index("10.0000000 50.0100000 0")
    # the colour guard's head passes the tribune at 10:05:00 and walks 112.3 m more at 1.5 m/s: 74.9 s later
    assert whens[at_bend] == iso_time(plan.scenario.date, plan.scenario.tz, 36300 + (bend_m - 1000) / 1.5)
    assert whens[at_bend] == "2025-05-07T10:06:14.9+05:00"


def test_kml_flies_the_air_at_its_altitude():
    plan = parade(formation(tas_kt=120, hold=near_tribune(-14_000, -31_000)))
    lead = folder(kml_of(plan), "lead")
    assert placemark_names(lead) == ["Hold lead", "Hold exit lead", "Hold fix lead", "Run-in lead",
                                     "Break-away lead", "IP lead"]
    assert set(lead.xpath(".//k:altitudeMode/text()", namespaces=NS)) == {"relativeToGround"}
    heights = {c.split(",")[2] for text in lead.xpath(".//k:coordinates/text()", namespaces=NS) for c in text.split()}
    assert heights == {"304.8"}  # 1,000 ft x 0.3048 m


# --- GPX --------------------------------------------------------------------------------------------

def test_gpx_has_a_waypoint_per_named_point_with_its_label():
    gpx = gpxpy.parse(route_gpx(parade()).decode("utf-8"))
    assert [w.name for w in gpx.waypoints] == ["start", "tribune", "turn-off", "release"]
    assert gpx.waypoints[1].description == "Main tribune"
    # the tribune 1,000 m due north of the start at 10 E, 50 N
    assert gpx.waypoints[1].longitude == 10.0
    assert gpx.waypoints[1].latitude == pytest.approx(50.0 + 1000 / 111_229, abs=1e-5)


def test_gpx_route_runs_from_the_paths_first_to_its_last_coordinate():
    path = [[10.0, 50.0], [10.0, 50.01], [10.01, 50.02]]
    gpx = gpxpy.parse(route_gpx(parade(path=path)).decode("utf-8"))
    (route,) = gpx.routes
    ends = [[p.longitude, p.latitude] for p in (route.points[0], route.points[-1])]
    # through the local projection and back, rounded to 1e-7 degrees (about 1 cm)
    assert ends == [pytest.approx(path[0], abs=1e-7), pytest.approx(path[-1], abs=1e-7)]
    assert len(route.points) == 3


def test_gpx_runs_each_formation_in_from_its_ip_to_the_tribune_in_utc():
    plan = parade(formation())
    gpx = gpxpy.parse(route_gpx(plan).decode("utf-8"))
    (run_in,) = gpx.tracks
    assert run_in.name == "Run-in lead"
    ip, tribune = run_in.segments[0].points
    # 200 kt = 102.89 m/s in still air: 20 km take 194.4 s, so the IP at 10:36:45.6, the tribune at 10:40:00
    # (Almaty is UTC+5)
    utc = dt.UTC
    assert ip.time == dt.datetime(2025, 5, 7, 5, 36, 45, 600_000, tzinfo=utc)
    assert tribune.time == dt.datetime(2025, 5, 7, 5, 40, tzinfo=utc)
    assert [tribune.longitude, tribune.latitude] == pytest.approx(list(plan.air[0].tribune_lonlat), abs=1e-7)


def test_utc_time_rounds_to_the_tenth_as_the_clock_does():
    day = parade().scenario.day
    # 10:05:00.05 rounds half up to 10:05:00.1 local, 05:05:00.1 UTC; a time past midnight UTC goes back a day
    assert utc_time(day, 36300.05) == "2025-05-07T05:05:00.1Z"
    assert utc_time(day, 3 * 3600.0) == "2025-05-06T22:00:00.0Z"
