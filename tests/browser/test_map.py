"""The workspace map in a real browser (see conftest.py): labels, the view's bearing, the legend and
the finding marks.

Each test opens an example it only reads; the clock and the view are set the way a person would
(the time slider, the map's camera), and the labels are measured where the page drew them.
"""

from __future__ import annotations

import itertools
import math

import pytest

pytestmark = pytest.mark.browser

ASTANA = "Astana"
RED_SQUARE = "Red Square"
CITY = "Riverside"  # examples/city-parade.yaml, with a float too wide for the bridge
ASTANA_TRIBUNE = (71.4706, 51.12218)  # lon, lat of the Kazakh Eli monument
ASTANA_MID_PARADE_S = 11 * 3600 + 30 * 60  # 11:30, the foot column passing the tribune
RED_SQUARE_MID_PARADE_S = 10 * 3600 + 40 * 60  # 10:40, foot blocks from the north end to the release point
SAME_SIZE_PX = 1  # a label's height may differ by a rounding pixel between two views
MARK_SPACING_PX = 24  # finding marks at one place stand side by side this far apart (mapcontrols.js)


def clock_s(iso: str) -> float:
    """'2025-05-07T11:48:00.0+05:00' -> 42480.0 seconds after local midnight."""
    hours, minutes, seconds = iso[11:].split("+")[0].split("-")[0].split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def flypast_s(plan) -> float:
    """When the first formation is over the tribune."""
    return min(clock_s(f["over_tribune"]) for f in plan["air"])


def seek(ui, t: float):
    """Drag the time slider to clock second t, as a person would."""
    ui.page.eval_on_selector("#time-slider", "(s, t) => { s.value = t; s.dispatchEvent(new Event('input')); }", t)
    ui.wait_for(f"Math.abs(s.clock_s - {t}) < 1")
    settle(ui)


def settle(ui):
    """Wait until the map has drawn and placed its labels for the view and time set before (two frames)."""
    ui.page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def look_at(ui, lonlat, zoom: float):
    ui.page.evaluate("([lon, lat, zoom]) => window.paradeplan.map.map.jumpTo({ center: [lon, lat], zoom })",
                     [*lonlat, zoom])
    settle(ui)


def labels(ui, kinds=None):
    boxes = ui.page.evaluate("() => window.paradeplan.map.labelBoxes()")
    return [b for b in boxes if kinds is None or b["kind"] in kinds]


def overlapping(boxes):
    """The pairs of boxes that share any area."""
    return [(a["text"], b["text"]) for a, b in itertools.combinations(boxes, 2)
            if a["left"] < b["left"] + b["width"] and b["left"] < a["left"] + a["width"]
            and a["top"] < b["top"] + b["height"] and b["top"] < a["top"] + a["height"]]


def test_a_label_is_as_tall_at_zoom_13_as_at_zoom_17(ui, server):
    ui.open_workspace(server.scenario_id(ASTANA))
    seek(ui, ASTANA_MID_PARADE_S)
    look_at(ui, ASTANA_TRIBUNE, 13)
    far = labels(ui)
    ui.shot("zoom-13")
    look_at(ui, ASTANA_TRIBUNE, 17)
    near = labels(ui)
    ui.shot("zoom-17")

    def height(boxes, kind):
        return next(b["height"] for b in boxes if b["kind"] == kind)

    # the tribune's label, and the blocks' labels, in CSS pixels whatever the zoom (16x closer at 17)
    assert abs(height(far, "anchor") - height(near, "anchor")) <= SAME_SIZE_PX
    assert abs(height(far, "element") - height(near, "element")) <= SAME_SIZE_PX


def test_no_two_labels_overlap_at_astana_mid_parade(ui, server):
    ui.open_workspace(server.scenario_id(ASTANA))
    seek(ui, ASTANA_MID_PARADE_S)
    shown = labels(ui)
    ui.shot("default-view")
    assert len([b for b in shown if b["kind"] == "element"]) >= 3  # blocks near the tribune are named
    assert overlapping(shown) == []


def test_no_two_labels_overlap_at_red_square_and_every_point_is_named(ui, server):
    scenario = server.scenario_id(RED_SQUARE)
    plan = server.api(f"/api/scenarios/{scenario}/plan")
    ui.open_workspace(scenario)
    seek(ui, RED_SQUARE_MID_PARADE_S)
    shown = labels(ui)
    ui.shot("default-view")
    assert overlapping(shown) == []
    # each of the five named points keeps a label (its name, or its name cut short: "Start point (SP)")
    texts = [b["text"].removeprefix("★ ") for b in labels(ui, {"point", "anchor"})]
    for point in plan["points"]:
        assert any(point["label"].startswith(text.rstrip("…")) for text in texts), point["label"]


def test_labels_name_elements_not_ids(ui, server):
    scenario = server.scenario_id(ASTANA)
    plan = server.api(f"/api/scenarios/{scenario}/plan")
    elements = plan["ground"] + plan["air"]
    names = {e["name"] for e in elements} | {e["label"] for e in elements}
    ids = {e["id"] for e in elements}
    ui.open_workspace(scenario)
    seek(ui, flypast_s(plan) - 2)
    look_at(ui, ASTANA_TRIBUNE, 14)
    shown = labels(ui, {"element", "formation"})
    ui.shot("flypast")
    assert {b["kind"] for b in shown} == {"element", "formation"}  # vehicles and the flag helicopters named
    # a formation's label also says its altitude: "State Flag on Mi-17s · 500 ft"
    named = {b["text"].split(" · ")[0] for b in shown}
    assert named <= names
    assert not named & ids


def test_aircraft_labels_do_not_grow_with_zoom(ui, server):
    scenario = server.scenario_id(ASTANA)
    ui.open_workspace(scenario)
    seek(ui, flypast_s(server.api(f"/api/scenarios/{scenario}/plan")))  # the helicopters over the tribune
    heights = {}
    for zoom in (13, 16):  # at 16 the old labels were hundreds of px tall
        look_at(ui, ASTANA_TRIBUNE, zoom)
        heights[zoom] = [b["height"] for b in labels(ui, {"formation"})]
        ui.shot(f"zoom-{zoom}")
    assert heights[13] and heights[16]
    assert max(heights[16]) - min(heights[13]) <= SAME_SIZE_PX


def test_map_opens_north_up_and_turns_to_the_parade_direction(ui, server):
    scenario = server.scenario_id(ASTANA)
    plan = server.api(f"/api/scenarios/{scenario}/plan")
    route_feature = next(f for f in plan["geometry"]["features"] if f["properties"]["kind"] == "route")
    route = route_feature["geometry"]["coordinates"]
    ui.open_workspace(scenario)
    assert ui.page.evaluate("() => window.paradeplan.map.bearing") == 0
    assert ui.page.inner_text(".map-view-ctrl .bearing") == "north up"
    ui.shot("north-up")

    ui.page.get_by_role("button", name="Parade direction").click()
    ui.wait_for("Math.abs(s.map.bearing) > 1 && !s.map.map.isMoving()")
    settle(ui)
    ui.shot("parade-direction")
    (x0, y0), (x1, y1) = (ui.page.evaluate("([lon, lat]) => window.paradeplan.map.pagePoint(lon, lat)", p)
                          for p in (route[0], route[-1]))
    assert x1 > x0  # start on the left, end on the right
    assert abs(y1 - y0) < 0.01 * (x1 - x0)  # level: the line from start to end runs across the pane
    assert ui.page.inner_text(".map-view-ctrl .bearing").endswith("°")

    ui.page.get_by_role("button", name="North up").click()
    ui.wait_for("s.map.bearing === 0 && !s.map.map.isMoving()")
    ui.shot("north-up-again")


def test_legend_explains_every_mark(ui, server):
    ui.open_workspace(server.scenario_id(ASTANA))
    legend = ui.page.locator("#map-legend")
    entries = legend.locator("li")
    texts = dict(zip((e.get_attribute("data-entry") for e in entries.all()), entries.all_inner_texts(), strict=True))
    ui.shot("legend")
    entries_expected = ("run-in", "ticks", "ip", "hold", "hold-fix", "selected", "finding-error", "finding-warning",
                        "anchor")
    for entry in entries_expected:
        assert entry in texts, entry
    assert texts["ticks"] == "100 m ticks"
    # the kinds Astana has, and none it has not (no mounted unit marches there)
    assert {k for k in texts if k.startswith("kind-")} == {"kind-band", "kind-foot", "kind-vehicle", "kind-air"}

    legend.locator("summary").click()
    assert not entries.first.is_visible()
    ui.shot("legend-folded")


def test_finding_marks_stand_at_their_place_and_choose_the_finding(ui, server):
    scenario = server.scenario_id(CITY)
    plan = server.api(f"/api/scenarios/{scenario}/plan")
    placed = [i for i, f in enumerate(plan["findings"]) if "position" in f]
    too_wide = next(i for i, f in enumerate(plan["findings"]) if f["code"] == "too-wide")
    ui.open_workspace(scenario)
    settle(ui)
    marks = {m["index"]: m for m in ui.page.evaluate("() => window.paradeplan.map.findingMarks()")}
    ui.shot("marks")
    assert sorted(marks) == placed
    for index in placed:
        where = plan["findings"][index]["position"]
        x, y = ui.page.evaluate("([lon, lat]) => window.paradeplan.map.pagePoint(lon, lat)",
                                [where["lon"], where["lat"]])
        # the two findings at the bridge stand side by side, 12 px either side of it; a lone one on it
        assert math.hypot(marks[index]["x"] - x, marks[index]["y"] - y) <= MARK_SPACING_PX / 2 + 1
    assert marks[too_wide]["severity"] == "error"

    ui.page.locator(f'.finding-mark[data-index="{too_wide}"]').click()
    ui.wait_for(f"s.store.get().finding && s.store.get().finding.index === {too_wide}")
    settle(ui)
    chosen = [m for m in ui.page.evaluate("() => window.paradeplan.map.findingMarks()") if m["chosen"]]
    ui.shot("chosen")
    assert [m["index"] for m in chosen] == [too_wide]
    assert chosen[0]["width"] > marks[too_wide]["width"]  # the chosen mark is drawn larger
