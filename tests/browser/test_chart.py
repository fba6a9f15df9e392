"""The time-distance chart in a real browser: picking with a tolerance, a miss that does nothing, the
time axis that sets the clock, names on every band and formation without overlap, the distance axis
in a short pane, the hover readout and the findings at their place and time.

Each test opens an example and only reads it. Besides the page, each screenshot step saves the chart
pane alone next to it (<name>-chart.png).
"""

from __future__ import annotations

import itertools

import pytest

pytestmark = pytest.mark.browser

ASTANA = "Astana"
CITY = "Riverside"  # examples/city-parade.yaml
PICK_PX = 6  # the chart's pick tolerance


def clock_s(iso: str) -> float:
    """'2025-05-07T11:29:59.8+05:00' -> 41399.8 seconds after midnight (every time here is on the parade day)."""
    hours, minutes, seconds = iso[11:21].split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def time_at(element: dict, end: str, at_m: float) -> float | None:
    """When the element's head or tail reaches at_m, straight between its trajectory's entries; None off its route."""
    for p, q in itertools.pairwise(element["trajectory"]):
        if p["at_m"] <= at_m <= q["at_m"]:
            t0, t1 = clock_s(p[end]), clock_s(q[end])
            return t0 + (at_m - p["at_m"]) / (q["at_m"] - p["at_m"]) * (t1 - t0)
    return None


def shot(ui, step: str):
    """The page, and the chart pane alone beside it."""
    path = ui.shot(step)
    ui.page.locator(".chart-pane").screenshot(path=path.with_name(f"{path.stem}-chart.png"))


def chart(ui, call: str):
    return ui.page.evaluate(f"() => window.paradeplan.chart.{call}")


def overlap(p: list, q: list) -> bool:
    """Do two convex outlines [[x, y], ...] overlap (separating axis test; touching is not overlapping)."""
    for poly in (p, q):
        for (x0, y0), (x1, y1) in zip(poly, poly[1:] + poly[:1], strict=True):
            nx, ny = y0 - y1, x1 - x0
            a = [x * nx + y * ny for x, y in p]
            b = [x * nx + y * ny for x, y in q]
            if max(a) <= min(b) + 1e-6 or max(b) <= min(a) + 1e-6:
                return False
    return True


def overlapping_pairs(labels: list[dict]) -> list[tuple[str, str]]:
    return [(a["id"], b["id"]) for a, b in itertools.combinations(labels, 2) if overlap(a["corners"], b["corners"])]


def open_chart(ui, server, name: str) -> dict:
    scenario = server.scenario_id(name)
    ui.open_workspace(scenario)
    return server.api(f"/api/scenarios/{scenario}/plan")


def anchor_m(plan: dict) -> float:
    return next(p["at_m"] for p in plan["points"] if p["name"] == plan["anchor"])


def line_distance(point, a, b) -> float:
    """Distance in px from a point to the straight line through a and b."""
    (x, y), (ax, ay), (bx, by) = point, a, b
    return abs((bx - ax) * (ay - y) - (ax - x) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2) ** 0.5


def test_a_click_4px_off_a_band_selects_it(ui, server):
    plan = open_chart(ui, server, ASTANA)
    # zoom on a block and its neighbours: select land-forces-astana in the table, then "Selected element"
    ui.page.locator('#march-table tr[data-id="land-forces-astana"]').click()
    ui.wait_for("s.selected === 'land-forces-astana'")
    ui.page.select_option("#chart-zoom", "selected")
    ground = plan["ground"]
    i = next(i for i, g in enumerate(ground) if g["id"] == "naval-institute")
    band, before = ground[i], ground[i - 1]
    at = anchor_m(plan)
    # the head edge near the anchor, and its direction on screen
    a = chart(ui, f"pagePoint({time_at(band, 'head', at)}, {at})")
    b = chart(ui, f"pagePoint({time_at(band, 'head', at + 20)}, {at + 20})")
    length = ((b[0] - a[0]) ** 2 + (b[1] - a[1]) ** 2) ** 0.5
    # a normal to the edge, turned away from the band (which lies on the edge's later, right, side)
    nx, ny = (b[1] - a[1]) / length, -(b[0] - a[0]) / length
    if nx > 0:
        nx, ny = -nx, -ny
    click = (a[0] + 4 * nx, a[1] + 4 * ny)  # 4 px outside the head edge, away from the band
    assert line_distance(click, a, b) == pytest.approx(4)
    # the band before it is out of reach: its tail edge is further from the click than the tolerance
    tail_a = chart(ui, f"pagePoint({time_at(before, 'tail', at)}, {at})")
    tail_b = chart(ui, f"pagePoint({time_at(before, 'tail', at + 20)}, {at + 20})")
    assert line_distance(click, tail_a, tail_b) > PICK_PX
    ui.page.mouse.click(*click)
    ui.wait_for("s.selected === 'naval-institute'")
    shot(ui, "selected-from-4px-off")


def test_a_click_in_empty_space_leaves_the_clock_and_selects_nothing(ui, server):
    plan = open_chart(ui, server, ASTANA)
    t0, t1 = chart(ui, "timeWindow()")
    d = 0.95 * plan["route_length_m"]
    t = t0 + 0.05 * (t1 - t0)
    # nothing is there yet: every head reaches that distance two minutes or more after t (≥ 20 px at this zoom)
    reached = [time_at(g, "head", d) for g in plan["ground"]]
    assert min(r for r in reached if r is not None) - t > 120
    before = ui.state("clock_s")
    x, y = chart(ui, f"pagePoint({t}, {d})")
    ui.page.mouse.click(x, y)
    ui.page.mouse.click(x + 30, y)
    ui.page.evaluate("() => new Promise(requestAnimationFrame)")
    assert ui.state("clock_s") == before
    assert ui.state("selected") is None
    assert not ui.page.evaluate("() => window.paradeplan.store.get().finding")
    shot(ui, "clock-unmoved")


def test_a_click_on_the_time_axis_sets_the_clock(ui, server):
    plan = open_chart(ui, server, ASTANA)
    t = clock_s(plan["summary"]["first_at_anchor"]) + 300
    left, _, right, bottom = chart(ui, "plotBox()")
    t0, t1 = chart(ui, "timeWindow()")
    x = chart(ui, f"pagePoint({t}, 0)")[0]
    ui.page.mouse.click(x, bottom + 12)
    one_px_s = (t1 - t0) / (right - left)
    ui.wait_for(f"Math.abs(s.clock_s - {t}) <= {one_px_s}")
    shot(ui, "clock-set-from-the-axis")


def test_zoomed_on_the_foot_column_every_band_is_named(ui, server):
    plan = open_chart(ui, server, ASTANA)
    ui.page.select_option("#chart-zoom", "foot")
    shot(ui, "foot-column-named")
    labels = chart(ui, "bandLabelBoxes()")
    named = {label["id"] for label in labels}
    t0, t1 = chart(ui, "timeWindow()")
    d0, d1 = chart(ui, "distanceWindow()")
    at = anchor_m(plan)
    assert d0 < at < d1
    # every band whose middle crosses the anchor's row inside the view (25 foot blocks and the band before them)
    middles = {g["id"]: (clock_s(g["times"][plan["anchor"]]["head"]) + clock_s(g["times"][plan["anchor"]]["tail"])) / 2
               for g in plan["ground"] if plan["anchor"] in g["times"]}
    crossing = {element for element, middle in middles.items() if t0 < middle < t1}
    foot = {g["id"] for g in plan["ground"] if g["kind"] == "foot"}
    assert len(foot) == 25
    assert foot <= crossing
    assert crossing - named == set()
    assert overlapping_pairs(labels) == []
    left, top, right, bottom = chart(ui, "plotBox()")
    outside = [label["id"] for label in labels if not all(
        left - 0.5 <= x <= right + 0.5 and top - 0.5 <= y <= bottom + 0.5 for x, y in label["corners"])]
    assert outside == []
    by_id = {g["id"]: g for g in plan["ground"]}
    for label in labels:  # its short name, or the start of it and an ellipsis
        short = by_id[label["id"]]["label"]
        assert label["text"] == short or (label["text"].endswith("…") and short.startswith(label["text"][:-1]))


def uncut(labels: list[dict], canvas: dict) -> list[str]:
    """The ids of labels with a corner off the canvas."""
    return [label["id"] for label in labels if not all(
        canvas["x"] <= x <= canvas["x"] + canvas["width"] and canvas["y"] <= y <= canvas["y"] + canvas["height"]
        for x, y in label["corners"])]


def test_every_formation_is_named_and_no_name_is_cut(ui, server):
    plan = open_chart(ui, server, ASTANA)
    canvas = ui.page.locator("#chart").bounding_box()
    air = {a["id"]: a for a in plan["air"]}
    assert len(air) == 15
    # the whole parade: 15 marks 30 s apart in 7 minutes of 53, too close for every name; those named are whole,
    # apart and inside the canvas, and a formation left unnamed is named on hover
    shot(ui, "formations-whole-parade")
    labels = chart(ui, "markLabelBoxes()")
    assert labels
    assert uncut(labels, canvas) == []
    assert overlapping_pairs(labels) == []
    unnamed = next(a for a in plan["air"] if a["id"] not in {label["id"] for label in labels})
    x, y = chart(ui, f"pagePoint({clock_s(unnamed['over_tribune'])}, {plan['flypast_point']['at_m']})")
    ui.page.mouse.move(x, y)
    readout = ui.page.locator("#chart-readout")
    readout.wait_for(state="visible")
    assert unnamed["name"] in readout.inner_text()
    shot(ui, "formation-named-on-hover")
    # zoomed on the formations: every one named
    ui.page.select_option("#chart-zoom", "air")
    shot(ui, "formations-zoomed")
    labels = chart(ui, "markLabelBoxes()")
    assert {label["id"] for label in labels} == set(air)
    assert all(label["text"] == air[label["id"]]["label"] for label in labels)
    assert uncut(labels, canvas) == []
    assert overlapping_pairs(labels) == []


def test_distance_labels_do_not_overlap_in_a_short_pane(ui, server):
    plan = open_chart(ui, server, ASTANA)
    named = [b["name"] for b in chart(ui, "axisLabelBoxes()") if b["name"]]
    assert sorted(named) == sorted(p["name"] for p in plan["points"])  # a tall pane has room for every point
    ui.page.evaluate("() => document.getElementById('panes').style.setProperty('--chart-h', '120px')")
    # 120 px pane: 37 px of plot for 2,936 m, so the tribune (1,354 m) and the turn-off (1,650 m) are 4 px apart
    ui.page.wait_for_function(
        "() => { const [, top, , bottom] = window.paradeplan.chart.plotBox(); return bottom - top < 50; }")
    shot(ui, "short-pane")
    boxes = chart(ui, "axisLabelBoxes()")
    clashes = [(a["name"], b["name"]) for a, b in itertools.combinations(boxes, 2)
               if a["top"] < b["bottom"] and b["top"] < a["bottom"]]
    assert clashes == []
    assert plan["anchor"] in [b["name"] for b in boxes]


def test_the_hover_readout_names_the_element_under_the_pointer(ui, server):
    plan = open_chart(ui, server, ASTANA)
    ui.page.select_option("#chart-zoom", "foot")
    element = next(g for g in plan["ground"] if g["id"] == "engineering-institute")
    assert element["label"] != element["name"]  # the band shows its short name; the readout gives the whole one
    x, y = ui.page.evaluate("() => window.paradeplan.chartPoint('engineering-institute')")
    ui.page.mouse.move(x, y)
    readout = ui.page.locator("#chart-readout")
    readout.wait_for(state="visible")
    text = readout.inner_text()
    assert element["name"] in text
    assert plan["anchor"] in text
    assert element["times"][plan["anchor"]]["head"][11:21] in text
    shot(ui, "hover-readout")


def test_a_finding_is_drawn_at_its_place_and_time_and_a_click_chooses_it(ui, server):
    plan = open_chart(ui, server, CITY)
    findings = plan["findings"]
    index = next(i for i, f in enumerate(findings) if f["code"] == "gap-too-small")
    finding = findings[index]
    assert finding.get("at_m") is not None and finding.get("time")
    drawn = chart(ui, f"findingPoint({index})")
    expected = chart(ui, f"pagePoint({clock_s(finding['time'])}, {finding['at_m']})")
    assert drawn == pytest.approx(expected, abs=0.5)
    # a finding with a place and no time is drawn when its element reaches that place
    wide = next(i for i, f in enumerate(findings) if f["code"] == "too-wide")
    assert "time" not in findings[wide]
    expected = chart(ui, f"pagePoint({clock_s(findings[wide]['show_at'])}, {findings[wide]['at_m']})")
    assert chart(ui, f"findingPoint({wide})") == pytest.approx(expected, abs=0.5)
    ui.page.mouse.click(*drawn)
    ui.wait_for(f"s.store.get().finding && s.store.get().finding.index === {index}")
    shot(ui, "finding-chosen")


def test_the_wheel_zooms_distance_on_its_axis_and_both_axes_on_the_plot(ui, server):
    plan = open_chart(ui, server, ASTANA)
    at = anchor_m(plan)
    times = chart(ui, "timeWindow()")
    assert chart(ui, "distanceWindow()") == pytest.approx([0, plan["route_length_m"]])
    left, top, _, bottom = chart(ui, "plotBox()")
    y = chart(ui, f"pagePoint(0, {at})")[1]
    ui.page.mouse.move(left - 40, y)  # on the distance axis, at the tribune's row
    ui.page.mouse.wheel(0, -400)
    ui.page.wait_for_function(f"() => window.paradeplan.chart.distanceWindow()[1] < {plan['route_length_m']}")
    d0, d1 = chart(ui, "distanceWindow()")
    assert d1 - d0 < plan["route_length_m"] / 1.5
    assert d0 < at < d1  # zoomed round the pointer
    assert chart(ui, f"pagePoint(0, {at})")[1] == pytest.approx(y, abs=1)  # the tribune stays under it
    assert chart(ui, "timeWindow()") == times  # time untouched
    shot(ui, "distance-zoomed")
    x = (left + chart(ui, "plotBox()")[2]) / 2
    ui.page.mouse.move(x, (top + bottom) / 2)  # on the plot: both
    ui.page.mouse.wheel(0, -400)
    ui.page.wait_for_function(
        f"() => {{ const [d0, d1] = window.paradeplan.chart.distanceWindow(); return d1 - d0 < {d1 - d0}; }}")
    t0, t1 = chart(ui, "timeWindow()")
    assert t1 - t0 < times[1] - times[0]
    ui.page.mouse.dblclick(x, (top + bottom) / 2)  # double-click: the whole parade again
    ui.page.wait_for_function(f"() => window.paradeplan.chart.distanceWindow()[1] === {plan['route_length_m']}")
    assert chart(ui, "timeWindow()") == times
