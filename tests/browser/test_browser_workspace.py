"""The web workspace in a real browser against the real server (see conftest.py).

Each test sets up what it needs: a scenario of its own through the API, or, for what is global to
a server (the list of scenarios), a server of its own; the examples are only read. So the tests
pass alone and in any order.
"""

from __future__ import annotations

import csv
import io
import itertools
import math
import re
import time
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

ASTANA = "Astana"
CITY = "Riverside"  # examples/city-parade.yaml
# the editor's text checked without a problem, and not saved yet
VALID_AND_UNSAVED = ("s.lastValidation && s.lastValidation.problems.length === 0"
                     " && !document.getElementById('unsaved').hidden")
INTERNAL_ERROR = '{"detail": "internal error"}'  # what the server answers when something fails


def example_yaml(server) -> str:
    return server.api(f"/api/scenarios/{server.scenario_id(ASTANA)}")["yaml"]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def clock_of(iso: str) -> str:
    """The clock part of a plan time, as every table shows it: '2025-05-07T11:29:59.8+05:00' -> '11:29:59.8'."""
    return iso[11:21]


def clock_s(clock: str) -> float:
    """'11:29:59.8' -> 41399.8 seconds after midnight."""
    hours, minutes, seconds = clock.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)


def whole_clock(t: float) -> str:
    """The workspace clock's text: the nearest whole second."""
    whole = math.floor(t + 0.5)
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def time_at(polyline, at_m: float) -> float:
    """The time of a [[distance, time], ...] polyline at a distance, straight between its entries."""
    for (d0, t0), (d1, t1) in itertools.pairwise(polyline):
        if d0 <= at_m <= d1:
            return t0 + (at_m - d0) / (d1 - d0) * (t1 - t0)
    raise ValueError(f"{at_m} m is off the polyline")


def replace_in_editor(ui, old: str, new: str):
    """Find `old` with the editor's search panel (Ctrl-F, Enter), close it, and type `new` over the match."""
    page = ui.page
    page.click(".cm-content")
    page.keyboard.press("Control+f")
    search = page.locator(".cm-search input[name=search]")
    search.press_sequentially(old)  # typed, so the panel takes the query on each key
    search.press("Enter")
    search.press("Escape")
    page.keyboard.type(new)


def test_scenarios_page_lists_imports_duplicates_and_archives(ui_on, fresh_server, tmp_path):
    server = fresh_server
    ui = ui_on(server)
    ui.goto("/")
    rows = ui.page.locator("#scenario-table tbody tr")
    rows.first.wait_for()
    astana = rows.filter(has_text=ASTANA)
    assert astana.count() == 1
    cells = astana.locator("td").all_inner_texts()
    assert cells[1] == "2025-05-07" and cells[2] == "44"
    ui.shot("list")

    before = rows.count()
    astana.get_by_role("button", name="Duplicate").click()
    ui.page.wait_for_function(f"() => document.querySelectorAll('#scenario-table tbody tr').length === {before + 1}")
    copy = rows.filter(has_text=ASTANA).last
    copy_id = copy.get_attribute("data-id")
    copy.get_by_role("button", name="Archive").click()
    ui.page.wait_for_function(f"() => !document.querySelector('#scenario-table tr[data-id=\"{copy_id}\"]')")
    ui.page.check("#show-archived")
    archived = ui.page.locator(f'#scenario-table tr[data-id="{copy_id}"]')
    archived.wait_for()
    assert "archived" in archived.inner_text()
    ui.shot("archived-shown")

    upload = tmp_path / "my-parade.yaml"
    upload.write_text(example_yaml(server).replace("name: Defender of the Fatherland Day parade, Astana 2025",
                                                   "name: Imported rehearsal parade"), encoding="utf-8")
    ui.page.set_input_files("#import-file", str(upload))
    ui.page.wait_for_url(re.compile(r"/scenarios/\d+$"))
    assert "Imported rehearsal parade" in ui.page.locator(".topbar").inner_text()
    imported = int(urlsplit(ui.page.url).path.rsplit("/", 1)[1])
    assert server.api(f"/api/scenarios/{imported}")["filename"] == "my-parade.yaml"

    ui.goto("/")
    ui.page.select_option("#example", "city-parade")
    ui.page.click("#from-example button")
    ui.page.wait_for_url(re.compile(r"/scenarios/\d+$"))
    ui.page.wait_for_function("() => window.paradeplan && window.paradeplan.planLoaded")
    ui.shot("new-from-example")


def test_play_moves_the_clock_and_the_agents(ui, server):
    ui.open_workspace(server.scenario_id(ASTANA))
    assert ui.state("agentsTotal") > 600 and ui.state("agentsDrawn") == ui.state("agentsActive") > 0
    ui.shot("loaded")
    start = ui.state("clock_s")
    before = {a[0]: a[1:] for a in ui.page.evaluate("() => window.paradeplan.positions()")}
    frames = ui.state("frames")
    ui.page.click("#play")
    ui.page.click('.speed[data-speed="10"]')
    ui.wait_for(f"s.playing && s.clock_s > {start + 20} && s.frames > {frames + 2}")
    clock_text = ui.page.inner_text("#clock")
    ui.shot("mid-parade")
    after = {a[0]: a[1:] for a in ui.page.evaluate("() => window.paradeplan.positions()")}
    moved = [k for k in before.keys() & after.keys() if before[k] != after[k]]
    assert len(moved) > len(before) / 2, "most agents on the route should have moved"
    assert re.fullmatch(r"\d\d:\d\d:\d\d", clock_text)

    ui.page.click("#play")  # pause
    ui.wait_for("!s.playing")
    paused_at = ui.state("clock_s")
    time.sleep(0.5)
    assert ui.state("clock_s") == paused_at

    # close in on the tribune: every marcher drawn in its rank and file
    ui.page.evaluate("() => { window.location.hash = 'map=18.2/51.1226/71.4707/100'; }")
    ui.wait_for("s.lod === 'agents' && s.marchersDrawn > 100")
    frames = ui.state("frames")
    ui.page.click("#play")
    ui.wait_for(f"s.frames > {frames + 2}")
    ui.page.click("#play")
    ui.shot("every-marcher")


def test_click_on_map_chart_and_table_selects_everywhere(ui, server):
    ui.open_workspace(server.scenario_id(ASTANA))
    x, y = ui.page.evaluate("() => window.paradeplan.locate('combined-band')")
    ui.page.mouse.click(x, y)
    ui.wait_for("s.selected === 'combined-band'")
    card = ui.page.locator("#card-body")
    assert "Combined military band" in card.inner_text()
    assert "Speed" in card.inner_text() and "tribune" in card.inner_text().lower()
    assert "selected" in (ui.page.locator('#march-table tr[data-id="combined-band"]').get_attribute("class") or "")
    ui.shot("map-click-card")

    x, y = ui.page.evaluate("() => window.paradeplan.chartPoint('barys')")
    ui.page.mouse.click(x, y)
    ui.wait_for("s.selected === 'barys'")
    assert "Barys" in card.inner_text()
    assert "selected" in (ui.page.locator('#march-table tr[data-id="barys"]').get_attribute("class") or "")
    ui.shot("chart-click-card")

    air_row = ui.page.locator("#air-table tbody tr").first
    air_id = air_row.get_attribute("data-id")
    air_row.click()
    ui.wait_for(f"s.selected === '{air_id}'")
    assert "Altitude" in card.inner_text() and "Over the tribune" in card.inner_text()

    # sort the march table by tribune head time, latest first
    header = ui.page.locator("#march-table th", has_text="tribune head")
    header.click()
    header.click()
    first = ui.page.locator("#march-table tbody tr").first.get_attribute("data-id")
    assert first == "drone-platforms"
    ui.shot("table-sorted")


def test_invalid_value_shows_the_error_at_its_line(ui, server):
    text = example_yaml(server)
    scenario = server.new_scenario(text)
    ui.open_workspace(scenario)
    ui.wait_for("s.lastValidation !== null")
    line = line_of(text, "cadence_spm: 112")
    replace_in_editor(ui, "cadence_spm: 112", "cadence_spm: -112")
    ui.wait_for("s.lastValidation && s.lastValidation.problems.length > 0")
    problems = ui.state("lastValidation")["problems"]
    assert [p["line"] for p in problems] == [line]
    assert "cadence_spm" in problems[0]["path"]
    entry = ui.page.locator(f'#editor-problems li[data-line="{line}"]')
    assert "cadence_spm" in entry.inner_text()
    marked = ui.page.locator(".cm-line", has=ui.page.locator(".cm-lintRange-error"))
    assert "cadence_spm: -112" in marked.inner_text()
    assert ui.page.get_attribute("#editor-status", "data-kind") == "invalid"
    ui.shot("error-at-line")

    # saving it anyway: the server refuses with the same problem, nothing is stored
    ui.page.fill("#save-message", "negative cadence")
    ui.page.click("#save")
    ui.page.locator("#save-result", has_text="Not saved").wait_for()
    assert "cadence_spm" in ui.page.inner_text("#save-result")
    assert len(server.api(f"/api/scenarios/{scenario}/versions")) == 1
    ui.shot("save-refused")


def test_change_a_gap_save_and_the_table_and_chart_move(ui, server):
    scenario = server.new_scenario(example_yaml(server))
    ui.open_workspace(scenario)
    column = ui.page.locator("#march-table th").all_inner_texts().index("tribune head")
    cell = ui.page.locator('#march-table tr[data-id="colour-guard"] td').nth(column)
    before_time = cell.inner_text()
    before_x = ui.page.evaluate("() => window.paradeplan.chartPoint('colour-guard')")[0]
    ui.shot("before")

    replace_in_editor(ui, "gap_before_s: 30", "gap_before_s: 90")
    ui.wait_for(VALID_AND_UNSAVED)
    ui.page.fill("#save-message", "Colour guard: 90 s behind the band")
    ui.page.click("#save")
    ui.page.locator("#save-result", has_text="Saved as version 2").wait_for()
    ui.wait_for("s.version === 2 && s.tripsLoaded")
    ui.page.wait_for_function(f"() => document.querySelectorAll('#march-table tr[data-id=\"colour-guard\"] td')"
                              f"[{column}].textContent !== {before_time!r}")
    after_time = cell.inner_text()
    assert re.fullmatch(r"\d\d:\d\d:\d\d\.\d", after_time)
    assert clock_s(after_time) - clock_s(before_time) == pytest.approx(60)
    after_x = ui.page.evaluate("() => window.paradeplan.chartPoint('colour-guard')")[0]
    assert after_x > before_x
    versions = server.api(f"/api/scenarios/{scenario}/versions")
    assert sorted(v["number"] for v in versions) == [1, 2]
    assert "v2" in ui.page.inner_text(".crumb.version")
    ui.shot("after-save")


def test_findings_show_at_their_line_and_a_click_jumps_there(ui, server):
    text = example_yaml(server).replace("gap_before_s: 30", "gap_before_s: 5")
    scenario = server.new_scenario(text)
    findings = server.api(f"/api/scenarios/{scenario}/findings")
    gap = next(f for f in findings if f["code"] == "gap-too-small")
    ui.open_workspace(scenario)
    ui.wait_for("s.lastValidation !== null")
    assert gap["line"] == line_of(text, "- id: colour-guard")
    entry = ui.page.locator(f'#editor-problems li[data-line="{gap["line"]}"]')
    assert "gap-too-small" in entry.inner_text()
    item = ui.page.locator("#findings li.finding", has_text="gap-too-small")
    assert "sev-error" in item.get_attribute("class")
    ui.shot("findings")
    item.click()
    t = clock_s(clock_of(gap["time"]))
    ui.wait_for(f"Math.abs(s.clock_s - {t}) < 1e-6 && !s.playing && s.lod === 'agents'")
    assert ui.state("selected") == gap["elements"][0]
    assert clock_of(gap["time"]) in item.inner_text()  # the list: tenths as the plan gives them
    assert ui.page.inner_text("#clock") == whole_clock(t)  # the clock: the nearest second
    ui.shot("jumped-to-finding")


def test_tribune_view(ui, server):
    scenario = server.scenario_id(ASTANA)
    ui.goto(f"/scenarios/{scenario}/tribune?at=11:20:02")
    ui.wait_for("s.now.length > 0")
    assert ui.page.inner_text("#now-name") == "Combined military band"
    assert ui.page.inner_text("#next-name") == "Colour guard"
    assert re.fullmatch(r"in \d+:\d\d", ui.page.inner_text("#next-countdown"))
    start = ui.state("clock_s")
    ui.wait_for(f"s.clock_s > {start + 1}")
    assert ui.page.locator("#upcoming li").count() == 6
    ui.shot("tribune")


def test_tribune_clock_rounds_and_countdown_reaches_zero_only_at_the_moment(ui, server):
    scenario = server.scenario_id(ASTANA)
    plan = server.api(f"/api/scenarios/{scenario}/plan")
    # an element whose head passes late in its second (x.8 or x.9): cut off, its time would read a second early
    element = next(g for g in plan["ground"][1:] if int(clock_of(g["times"][plan["anchor"]]["head"])[-1]) >= 8)
    head = clock_s(clock_of(element["times"][plan["anchor"]]["head"]))
    ui.page.clock.install()
    ui.goto(f"/scenarios/{scenario}/tribune?at={whole_clock(head - 10)}")
    ui.wait_for("s.clock_s !== undefined")
    ui.page.clock.pause_at(ui.page.evaluate("() => Date.now() / 1000") + 0.1)  # Unix seconds
    ui.page.clock.run_for(250)  # one tick of the view; from here on the view shows every 250 ms exactly
    shown = ui.state("clock_s")
    ticks = math.floor((head - shown - 0.01) / 0.25)
    ui.page.clock.run_for(ticks * 250)
    t = ui.state("clock_s")
    assert head - 0.26 < t < head  # a fraction of a second before the head passes
    assert ui.page.inner_text("#next-name") == element["name"]
    assert ui.page.inner_text("#next-countdown") == "in 0:01"
    assert ui.page.inner_text("#clock") == whole_clock(t) == whole_clock(head)
    assert f"at {whole_clock(head)}" in ui.page.inner_text("#next-detail")
    ui.shot("a-moment-before")
    ui.page.clock.run_for(250)
    assert element["name"] in ui.page.inner_text("#now-name")


def test_tribune_view_says_when_the_plan_does_not_load_and_tries_again(ui, server):
    scenario = server.scenario_id(ASTANA)
    failed: list[str] = []

    def fail_once(route):
        if failed:
            route.continue_()
        else:
            failed.append(route.request.url)
            route.fulfill(status=500, body=INTERNAL_ERROR)

    ui.page.route(re.compile(r"/api/scenarios/\d+/plan$"), fail_once)
    ui.goto(f"/scenarios/{scenario}/tribune?at=11:20:02")
    status = ui.page.locator("#tribune-status")
    status.wait_for()
    assert "Could not load the plan: internal error" in status.inner_text()
    assert "Trying again" in status.inner_text()
    ui.shot("load-failed")
    ui.wait_for("s.now && s.now.length > 0")
    assert len(failed) == 1 and status.is_hidden()
    assert ui.page.inner_text("#now-name") == "Combined military band"
    ui.shot("loaded-on-retry")


def test_the_chart_draws_each_band_through_its_trajectory(ui, server):
    """City parade: a 4 km/h corner from 950 m to 1030 m. A band drawn straight between named points
    (the bridge at 576 m, the corner at 990 m) is seconds off the plan there; the chart must follow it."""
    scenario = server.scenario_id(CITY)
    plan = server.api(f"/api/scenarios/{scenario}/plan")
    slow = next(s for s in plan["stretches"] if s["max_speed_kmh"])
    element = plan["ground"][0]
    ui.open_workspace(scenario)
    ui.page.locator(f'#march-table tr[data-id="{element["id"]}"]').click()
    ui.wait_for(f"s.selected === {element['id']!r}")
    named = {p["name"]: p["at_m"] for p in plan["points"]}
    for end in ("head", "tail"):
        drawn = ui.page.evaluate(f"() => window.paradeplan.chartEdge({element['id']!r}, {end!r})")
        planned = [(p["at_m"], clock_s(clock_of(p[end]))) for p in element["trajectory"]]
        straight = sorted((named[name], clock_s(clock_of(times[end]))) for name, times in element["times"].items())
        for at_m in (slow["from_m"], (slow["from_m"] + slow["to_m"]) / 2 - 10, slow["to_m"]):
            assert time_at(drawn, at_m) == pytest.approx(time_at(planned, at_m), abs=0.1)
        at_m = slow["from_m"]  # where the slow stretch begins: no named point there
        assert abs(time_at(straight, at_m) - time_at(planned, at_m)) > 5
        assert abs(time_at(drawn, at_m) - time_at(straight, at_m)) > 5
    ui.shot("band-through-the-slow-corner")


def test_the_march_table_shows_the_plans_times_to_the_tenth(ui, server):
    scenario = server.scenario_id(ASTANA)
    plan = server.api(f"/api/scenarios/{scenario}/plan")
    anchor = plan["anchor"]
    # an element whose tribune time would read differently cut off to the second than rounded
    element = next(g for g in plan["ground"] if int(clock_of(g["times"][anchor]["head"])[-1]) >= 5)
    ui.open_workspace(scenario)
    headers = ui.page.locator("#march-table th").all_inner_texts()
    row = ui.page.locator(f'#march-table tr[data-id="{element["id"]}"]')
    cells = row.locator("td").all_inner_texts()
    for point, times in element["times"].items():
        for end in ("head", "tail"):
            assert cells[headers.index(f"{point} {end}")] == clock_of(times[end])
    shown = cells[headers.index(f"{anchor} head")]
    assert re.fullmatch(r"\d\d:\d\d:\d\d\.[5-9]", shown)
    csv_row = next(r for r in csv.DictReader(io.StringIO(server.text(f"/api/scenarios/{scenario}/export/csv")))
                   if r["id"] == element["id"])
    assert clock_of(csv_row[f"{anchor}_head"]) == shown
    row.click()
    card_row = ui.page.locator("#card-body table.times tr", has_text=anchor)
    assert card_row.locator("td").all_inner_texts()[1] == shown
    ui.shot("tenths")


def test_a_save_whose_plan_does_not_reload_is_still_saved(ui, server):
    scenario = server.new_scenario(example_yaml(server))
    ui.open_workspace(scenario)
    ui.page.route(re.compile(r"/plan\?version=2$"), lambda route: route.fulfill(status=500, body=INTERNAL_ERROR))
    replace_in_editor(ui, "gap_before_s: 30", "gap_before_s: 90")
    ui.wait_for(VALID_AND_UNSAVED)
    ui.page.fill("#save-message", "Colour guard: 90 s behind the band")
    ui.page.click("#save")
    result = ui.page.locator("#save-result", has_text="could not be shown")
    result.wait_for()
    assert "Saved as version 2." in result.inner_text()
    assert "Not saved" not in result.inner_text()
    assert result.get_attribute("data-kind") == "warning"
    assert ui.page.locator("#unsaved").is_hidden()
    assert "v2" in ui.page.inner_text(".crumb.version")
    assert sorted(v["number"] for v in server.api(f"/api/scenarios/{scenario}/versions")) == [1, 2]
    ui.shot("saved-reload-failed")


def test_versions_diff_open_read_only_and_restore(ui, server):
    text = example_yaml(server)
    scenario = server.new_scenario(text)
    server.api(f"/api/scenarios/{scenario}/versions",
               {"yaml": text.replace("gap_before_s: 30", "gap_before_s: 90"), "message": "Colour guard 90 s"})
    ui.goto(f"/scenarios/{scenario}/versions")
    assert ui.page.locator("#versions-table tbody tr").count() == 2
    ui.shot("versions")
    ui.page.click("#compare")
    ui.page.wait_for_url(re.compile(r"/diff\?"))
    query = urlsplit(ui.page.url).query
    assert "from=1" in query and "to=2" in query
    moved = ui.page.locator("#moved-table tbody tr", has_text="colour-guard")
    assert "+60.0 s" in moved.inner_text()
    assert ui.page.locator("#text-diff .del", has_text="gap_before_s: 30").count() == 1
    assert ui.page.locator("#text-diff .add", has_text="gap_before_s: 90").count() == 1
    ui.shot("diff")

    ui.goto(f"/scenarios/{scenario}/versions")
    ui.page.locator('#versions-table tr[data-number="1"]').get_by_role("link", name="Open").click()
    ui.page.wait_for_function("() => window.paradeplan && window.paradeplan.tripsLoaded")
    assert ui.page.get_attribute(".cm-content", "contenteditable") == "false"
    assert ui.page.locator("#save").count() == 0
    # the status tells the stored plan's state, as it does while editing
    assert ui.page.get_attribute("#editor-status", "data-kind") == "ok"
    assert ui.page.inner_text("#editor-status") == "Valid plan · no findings"
    ui.shot("read-only")
    ui.page.click("#restore")
    ui.page.wait_for_url(re.compile(rf"/scenarios/{scenario}$"))
    versions = server.api(f"/api/scenarios/{scenario}/versions")
    assert len(versions) == 3
    assert server.api(f"/api/scenarios/{scenario}/versions/3")["yaml"] == text


@pytest.mark.parametrize("path", ["/", "/scenarios/{id}", "/scenarios/{id}/versions",
                                  "/scenarios/{id}/diff?from=1&to=1", "/scenarios/{id}/tribune", "/docs"])
def test_no_request_leaves_the_server(ui, server, path):
    """The `ui` fixture fails the test if any request (scripts, styles, fonts, tiles, workers) left the origin."""
    requests: list[str] = []
    ui.page.on("request", lambda r: requests.append(r.url))
    ui.goto(path.format(id=server.scenario_id(ASTANA)))
    ui.page.wait_for_load_state("networkidle")
    assert requests, "the page made no request at all"
    assert all(u.startswith(server.url) or u.startswith(("data:", "blob:")) for u in requests), requests
