"""The workspace's readouts and panes: the summary strip, now passing, a finding chosen, the tables,
the element card and the save message (see conftest.py for the fixtures)."""

from __future__ import annotations

import pytest

from .test_browser_workspace import (
    ASTANA,
    CITY,
    clock_of,
    clock_s,
    example_yaml,
    replace_in_editor,
    time_at,
    whole_clock,
)

pytestmark = pytest.mark.browser


def element(plan, element_id: str) -> dict:
    return next(e for e in plan["ground"] + plan["air"] if e["id"] == element_id)


def test_the_summary_strip_shows_the_terminals_figures(ui, server):
    scenario = server.scenario_id(ASTANA)
    summary = server.api(f"/api/scenarios/{scenario}/plan")["summary"]
    ui.open_workspace(scenario)
    shown = ui.state("summary")
    # first head 11:20:00.0 and last tail 11:46:05.4 at the tribune, 1565.4 s apart: to the nearest second
    first, last = clock_of(summary["first_at_anchor"]), clock_of(summary["last_clear_of_anchor"])
    assert (first, last, summary["tribune_span_s"]) == ("11:20:00.0", "11:46:05.4", 1565.4)
    assert "11:20:00 \u2013 11:46:05 (26 min 5 s)" in shown
    assert f"{summary['elements']} elements" in shown
    assert f"{summary['personnel']:,} personnel" in shown
    assert f"{summary['vehicles']} vehicles" in shown
    assert f"{summary['aircraft']} aircraft" in shown
    assert "0 errors, 0 warnings" in shown
    ui.shot("summary-strip")


def test_now_passing_names_the_element_at_the_tribune_and_the_interval_after_it(ui, server):
    scenario = server.scenario_id(ASTANA)
    plan = server.api(f"/api/scenarios/{scenario}/plan")
    band, guard = element(plan, "combined-band"), element(plan, "colour-guard")
    band_start, band_end = (clock_s(clock_of(band["times"]["tribune"][end])) for end in ("head", "tail"))
    guard_start = clock_s(clock_of(guard["times"]["tribune"]["head"]))
    ui.open_workspace(scenario)

    ui.page.evaluate(f"() => window.paradeplan.seek({(band_start + band_end) / 2})")
    ui.wait_for("s.nowPassing.state === 'passing'")
    passing = ui.state("nowPassing")
    assert passing["now"] == [band["name"]]
    assert passing["next"] == guard["name"]
    assert band["name"] in ui.page.inner_text("#passing")
    ui.shot("now-passing")

    t = band_end + 8  # 11:20:19.8: the band has passed, the colour guard comes at 11:20:41.8
    ui.page.evaluate(f"() => window.paradeplan.seek({t})")
    ui.wait_for("s.nowPassing.state === 'interval'")
    passing = ui.state("nowPassing")
    assert passing["last"] == band["name"]
    assert passing["next"] == guard["name"]
    assert guard_start - t == pytest.approx(22)  # 11:20:41.8 - 11:20:19.8
    assert passing["countdown"] == "0:22"
    assert "Interval" in ui.page.inner_text("#passing")
    ui.shot("interval")


def choose(ui, code: str):
    """Click the finding of that code in the findings pane."""
    ui.page.locator("#findings li.finding", has_text=code).click()


def test_choosing_a_finding_with_a_place_and_no_time_shows_when_its_element_gets_there(ui, server):
    scenario = server.scenario_id(CITY)
    plan = server.api(f"/api/scenarios/{scenario}/plan")
    too_wide = next(f for f in plan["findings"] if f["code"] == "too-wide")
    assert "time" not in too_wide and too_wide["at_m"] == 576
    float_ = element(plan, too_wide["elements"][0])
    # the float's head reaches the bridge (576 m) on its planned trajectory
    arrives = time_at([(p["at_m"], clock_s(clock_of(p["head"]))) for p in float_["trajectory"]], too_wide["at_m"])
    ui.open_workspace(scenario)
    choose(ui, "long-gap")  # a finding with a time first: the clock goes there
    ui.wait_for("s.selected === 'council-bus'")

    choose(ui, "too-wide")
    ui.wait_for(f"s.selected === {float_['id']!r}")
    assert ui.state("clock_s") == pytest.approx(arrives, abs=0.1)
    assert ui.page.inner_text("#clock") == whole_clock(arrives)
    assert ui.state("playing") is False
    chosen = ui.page.locator("#findings li.finding.chosen")
    assert chosen.count() == 1 and "too-wide" in chosen.inner_text()
    ui.wait_for("s.lod === 'agents'")  # the map closes in on the bridge
    ui.shot("a-finding-chosen")


def test_the_element_column_stays_in_view_when_the_times_scroll(ui, server):
    ui.open_workspace(server.scenario_id(ASTANA))
    ui.page.evaluate("() => { const s = document.getElementById('march-scroll'); s.scrollLeft = s.scrollWidth; }")
    ui.page.wait_for_function("() => document.getElementById('march-scroll').scrollLeft > 300")
    scroll = ui.page.locator("#march-scroll").bounding_box()
    row = ui.page.locator("#march-table tbody tr").first
    name = row.locator("td.frozen-1").bounding_box()
    kind = row.locator("td").nth(2).bounding_box()
    assert kind["x"] + kind["width"] < scroll["x"]  # scrolled out of view to the left
    assert scroll["x"] < name["x"] < scroll["x"] + 60  # just right of the frozen # column
    # nothing scrolled over it: the name cell is what is under its own middle
    on_top = ui.page.evaluate(f"() => document.elementFromPoint({name['x'] + 40}, {name['y'] + name['height'] / 2})"
                              ".closest('td').classList.contains('frozen-1')")
    assert on_top
    ui.shot("element-column-frozen")


def test_similar_names_differ_in_the_table_and_show_in_full_on_hover(ui, server):
    ui.open_workspace(server.scenario_id(ASTANA))
    regions = ["astana", "east", "west", "south"]  # four "Land Forces - Regional Command ..." blocks
    cells = [ui.page.locator(f'#march-table tr[data-id="land-forces-{r}"] td.frozen-1') for r in regions]
    assert [c.locator(".element-id").inner_text() for c in cells] == [f"land-forces-{r}" for r in regions]
    assert cells[1].get_attribute("title") == "Land Forces - Regional Command East (land-forces-east)"


def test_the_air_table_widens_with_its_splitter(ui, server):
    ui.open_workspace(server.scenario_id(ASTANA))
    air = ui.page.locator(".table-box.air")
    before = air.bounding_box()["width"]
    splitter = ui.page.locator(".tables-pane > .splitter").bounding_box()
    x, y = splitter["x"] + splitter["width"] / 2, splitter["y"] + splitter["height"] / 2
    ui.page.mouse.move(x, y)
    ui.page.mouse.down()
    ui.page.mouse.move(x - 150, y, steps=5)
    ui.page.mouse.up()
    assert air.bounding_box()["width"] == pytest.approx(before + 150, abs=1)
    ui.shot("air-table-widened")


def test_the_card_says_a_tail_has_not_stepped_off_and_then_that_it_is_clear(ui, server):
    scenario = server.scenario_id(ASTANA)
    band = element(server.api(f"/api/scenarios/{scenario}/plan"), "combined-band")
    start, last = band["trajectory"][0], band["trajectory"][-1]
    head_on, tail_on = clock_s(clock_of(start["head"])), clock_s(clock_of(start["tail"]))
    ui.open_workspace(scenario)
    ui.page.locator('#march-table tr[data-id="combined-band"]').click()
    # the head has stepped off, the tail not yet
    ui.page.evaluate(f"() => window.paradeplan.seek({(head_on + tail_on) / 2})")
    now = ui.page.locator("#card-body .facts tr", has_text="Now")
    now.filter(has_text="tail not stepped off yet").wait_for()
    assert "off route" not in now.inner_text()
    ui.page.evaluate(f"() => window.paradeplan.seek({clock_s(clock_of(last['tail'])) + 10})")
    now.filter(has_text="clear of the route").wait_for()
    ui.shot("card-clear-of-the-route")


def test_not_saved_clears_when_the_text_changes(ui, server):
    scenario = server.new_scenario(example_yaml(server))
    ui.open_workspace(scenario)
    ui.wait_for("s.lastValidation !== null")
    replace_in_editor(ui, "cadence_spm: 112", "cadence_spm: -112")
    ui.wait_for("s.lastValidation && s.lastValidation.problems.length > 0")
    ui.page.fill("#save-message", "negative cadence")
    ui.page.click("#save")
    result = ui.page.locator("#save-result", has_text="Not saved")
    result.wait_for()
    ui.shot("not-saved")
    replace_in_editor(ui, "-112", "112")
    ui.wait_for("s.lastValidation && s.lastValidation.problems.length === 0")
    assert result.is_hidden()
    ui.shot("fixed")
