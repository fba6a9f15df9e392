"""The strip map, read back: the SVG with lxml, the PDF page with pypdf and Poppler (tests/pdfs.py).

The test parade (conftest) with an old town gate past the turn-off: 8 m wide, 6 km/h, from 1,500 to 1,800 m.
The colour guard marches at 1.5 m/s (5.4 km/h, under the gate's limit), 3 s long, its head over the tribune
(1,000 m) at 10:05:00; the Buk column at 12 km/h (3.333 m/s), 9.18 s long, its head over the tribune at
10:05:18, slowed to 6 km/h (1.667 m/s) in the gate. The Buks overtake the guard after the tribune, so at the
turn-off and the release point they come first and the guard's tail last.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

import pytest
from conftest import FOOT, VEHICLES, element, plan_of
from lxml import etree
from pdfs import inked_fraction, page_count, page_sizes_mm, pdf_text, render_pages
from test_export_xlsx import EXAMPLES

from paradeplan import load_scenario, make_plan
from paradeplan.export.strip_map import CHAR_EM, LABEL_FONT, distance_text, strip_map_pdf, strip_map_svg
from paradeplan.model.times import clock
from paradeplan.plan.planner import Plan

SVG = {"s": "http://www.w3.org/2000/svg"}
GATE = {"from_m": 1500, "to_m": 1800, "width_m": 8, "max_speed_kmh": 6, "note": "Old town gate"}


@cache
def astana() -> Plan:
    return make_plan(load_scenario(EXAMPLES / "astana-2025.yaml"))


def gate_parade(**route) -> Plan:
    return plan_of(FOOT, VEHICLES, route={"stretches": [GATE], **route})


def svg_of(plan: Plan) -> etree._Element:
    return etree.fromstring(strip_map_svg(plan))


def all_text(root: etree._Element) -> str:
    """Every text of the drawing in document order, one space between."""
    return " ".join(" ".join(t.text or "" for t in root.iter("{http://www.w3.org/2000/svg}text")).split())


def point_texts(root: etree._Element, name: str, css_class: str) -> list[str]:
    return [t.text for t in root.xpath("//s:g[@data-name=$name]/s:text[@class=$c]", namespaces=SVG, name=name,
                                       c=css_class)]


def test_the_svg_is_a_standalone_file_with_its_size_and_view_box():
    data = strip_map_svg(gate_parade())
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    root = etree.fromstring(data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    width, height = float(root.get("width")), float(root.get("height"))
    assert root.get("viewBox") == f"0 0 {width:.0f} {height:.0f}"


@pytest.mark.parametrize("name", ["test", "astana"])
def test_every_named_point_is_labelled(name):
    plan = gate_parade() if name == "test" else astana()
    text = all_text(svg_of(plan))
    for point in plan.geometry.points_in_order():
        assert point.label in text, point.label


def test_distances_between_points_are_written_between_them_and_add_up_to_sp_to_rp():
    root = svg_of(gate_parade())
    distances = root.xpath("//s:text[@class='distance']", namespaces=SVG)
    # points at 0, 1,000, 1,200 and 2,000 m: 1 km, 200 m, 800 m; 2,000 m from SP to RP, though the path runs
    # on to about 3,336 m
    assert [d.text for d in distances] == ["1 km", "200 m", "800 m"]
    assert sum(float(d.get("data-distance-m")) for d in distances) == 2000.0


def test_astanas_distances_add_up_to_the_release_points_distance_from_the_start():
    root = svg_of(astana())
    distances = [float(d.get("data-distance-m")) for d in root.xpath("//s:text[@class='distance']", namespaces=SVG)]
    points = astana().geometry.points_in_order()
    assert sum(distances) == pytest.approx(points[-1].at_m - points[0].at_m, abs=0.15)  # each to the tenth


def test_distance_text_rounds_as_the_strip_writes_it():
    assert [distance_text(m) for m in (850, 999.6, 1000, 1200, 1354.3, 2000)] == [
        "850 m", "1 km", "1 km", "1.2 km", "1.35 km", "2 km"]


def test_the_strip_says_it_is_not_to_scale():
    assert "not to scale" in all_text(svg_of(gate_parade()))


def test_start_release_and_tribune_are_marked():
    root = svg_of(astana())
    tags = {name: root.xpath("//s:g[@data-name=$name]/s:text[@font-weight='bold']/text()", namespaces=SVG,
                             name=name) for name in ("start", "tribune", "turn-off", "release")}
    assert tags == {"start": ["SP"], "tribune": ["Tribune"], "turn-off": [], "release": ["RP"]}


def test_first_and_last_times_are_the_earliest_head_and_the_latest_tail_worked_out_by_hand():
    root = svg_of(gate_parade())
    # start (1,000 m before the tribune): the guard's head 666.67 s before 10:05:00 -> 09:53:53.3;
    # the Buks' head 1,000 m / 3.333 m/s = 300 s before 10:05:18 -> 10:00:18.0, its tail 9.18 s later -> 10:00:27.2
    assert point_texts(root, "start", "times") == ["first 09:53:53.3", "last 10:00:27.2"]
    # turn-off (200 m past the tribune): the Buks first, 60 s after 10:05:18 -> 10:06:18.0; the guard's tail last,
    # 133.33 s + 3 s after 10:05:00 -> 10:07:16.3
    assert point_texts(root, "turn-off", "times") == ["first 10:06:18.0", "last 10:07:16.3"]
    # release (2,000 m): the Buks 700 m at 3.333 m/s (210 s) and the gate's 300 m at 1.667 m/s (180 s) after
    # 10:05:18 -> 10:11:48.0; the guard 1,000 m at 1.5 m/s after 10:05:00 -> 10:16:06.7, its tail 10:16:09.7
    assert point_texts(root, "release", "times") == ["first 10:11:48.0", "last 10:16:09.7"]


def test_astanas_first_and_last_times_are_clocks_of_the_plan():
    plan = astana()
    root = svg_of(plan)
    for point in plan.points:
        times = [g.times[point] for g in plan.ground if point in g.times]
        expected = [f"first {clock(min(h for h, _ in times))}", f"last {clock(max(t for _, t in times))}"]
        assert point_texts(root, point, "times") == expected, point


def test_a_point_no_element_passes_says_so():
    # both leave at the release point (2,000 m); the car park lies beyond it, where the route ends
    points = {"start": {"at_m": 0}, "tribune": {"at_m": 1000}, "release": {"at_m": 2000}, "car-park": {"at_m": 2500}}
    plan = plan_of(element(FOOT, leaves_at="release"), element(VEHICLES, leaves_at="release"),
                   route={"points": points})
    assert point_texts(svg_of(plan), "car-park", "times") == ["no element passes"]


def test_a_narrow_slow_stretch_is_a_critical_point_with_its_width_speed_and_note():
    text = all_text(svg_of(gate_parade()))
    assert "CP 1: 8 m wide, max 6 km/h 1.5 km to 1.8 km from SP Old town gate" in text


def test_a_wider_stretch_is_shown_but_not_as_a_critical_point():
    text = all_text(svg_of(astana()))
    assert "wider stretch: 60 m wide 1.2 km to 1.5 km from SP Independence Square" in text
    assert "CP 1" not in text


@pytest.mark.parametrize(("path", "bears", "turn"), [
    ([[10.0, 50.0], [10.0, 50.03]], "000", "90.0"),  # due north: north lies ahead, to the right of the strip
    ([[10.0, 50.0], [10.05, 50.0]], "090", "0.0"),  # due east: north is up
    ([[10.0, 50.03], [10.0, 50.0]], "180", "-90.0"),  # due south: north lies behind, to the left
])
def test_the_north_arrow_turns_with_the_routes_bearing(path, bears, turn):
    root = svg_of(gate_parade(path=path))
    arrow = root.xpath("//s:g[@class='north-arrow']", namespaces=SVG)[0]
    assert arrow.xpath("s:g/@transform", namespaces=SVG)[0].endswith(f"rotate({turn})")
    assert f"route bears {bears}\u00b0" in all_text(arrow)


def test_astanas_close_points_stand_evenly_and_their_labels_fit_between_them():
    # the tribune is 296 m from the turn-off but 1.35 km from the start: drawn to scale, their labels would meet
    root = svg_of(astana())
    xs = [float(g.xpath("s:circle/@cx", namespaces=SVG)[0]) for g in root.xpath("//s:g[@class='point']",
                                                                               namespaces=SVG)]
    steps = {round(b - a, 1) for a, b in pairwise(xs)}
    assert len(steps) == 1
    widest = max(len(t.text) * LABEL_FONT * CHAR_EM for t in root.xpath(
        "//s:g[@class='point']/s:text[@font-size='12.5']", namespaces=SVG))
    assert widest < steps.pop()


def test_a_long_route_carries_on_in_rows_below_with_every_leg_written():
    # 12 points every 150 m from 0 to 1,650 m (the tribune at 1,050 m): two rows of 6, 11 legs, SP to RP 1,650 m
    points = {f"p{i}": {"at_m": i * 150} for i in range(12)}
    root = svg_of(plan_of(FOOT, VEHICLES, route={"points": points}, timing={"anchor": "p7"}))
    rows = [float(y) for y in root.xpath("//s:g[@class='point']/s:circle/@cy", namespaces=SVG)]
    assert [rows.count(y) for y in sorted(set(rows))] == [6, 6]
    distances = root.xpath("//s:text[@class='distance']/@data-distance-m", namespaces=SVG)
    assert [float(d) for d in distances] == [150.0] * 11


@cache
def astana_pdf() -> bytes:
    return strip_map_pdf(astana())


def test_the_pdf_is_one_a4_landscape_page():
    data = astana_pdf()
    assert page_count(data) == 1
    assert page_sizes_mm(data) == [(297, 210)]


def test_the_pdf_page_renders_with_ink():
    [page] = render_pages(astana_pdf(), "strip-map")
    assert inked_fraction(page) > 0.01


def test_the_pdfs_text_holds_the_point_labels_and_times():
    text = re.sub(r"\s+", " ", pdf_text(astana_pdf()))
    for point in astana().geometry.points_in_order():
        assert point.label in text, point.label
    assert "first 11:20:00.0" in text  # the first head over the tribune: the anchor time
