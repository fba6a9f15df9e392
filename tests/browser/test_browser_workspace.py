"""The web workspace in a real browser against the real server (see conftest.py)."""

from __future__ import annotations

import re
import time
from urllib.parse import urlsplit

import pytest

ASTANA = "Astana"


def example_yaml(server) -> str:
    return server.api(f"/api/scenarios/{server.scenario_id(ASTANA)}")["yaml"]


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


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


def test_scenarios_page_lists_imports_duplicates_and_archives(ui, server, tmp_path):
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
    ui.wait_for("s.lastValidation && s.lastValidation.problems.length === 0 && !document.getElementById('unsaved').hidden")
    ui.page.fill("#save-message", "Colour guard: 90 s behind the band")
    ui.page.click("#save")
    ui.page.locator("#save-result", has_text="Saved as version 2").wait_for()
    ui.wait_for("s.version === 2 && s.tripsLoaded")
    ui.page.wait_for_function(
        f"() => document.querySelectorAll('#march-table tr[data-id=\"colour-guard\"] td')[{column}].textContent !== {before_time!r}")
    after_time = cell.inner_text()
    h0, m0, s0 = map(int, before_time.split(":"))
    h1, m1, s1 = map(int, after_time.split(":"))
    assert (h1 * 3600 + m1 * 60 + s1) - (h0 * 3600 + m0 * 60 + s0) == 60
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
    hh, mm, ss = gap["time"][11:19].split(":")
    t = int(hh) * 3600 + int(mm) * 60 + float(ss)
    ui.wait_for(f"Math.abs(s.clock_s - {t}) < 1 && !s.playing && s.lod === 'agents'")
    assert ui.state("selected") == gap["elements"][0]
    assert ui.page.inner_text("#clock") == gap["time"][11:19]
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
    ui.page.wait_for_function("() => window.paradeplan && window.paradeplan.simulate.tripsLoaded")
    assert ui.page.get_attribute(".cm-content", "contenteditable") == "false"
    assert ui.page.locator("#save").count() == 0
    ui.shot("read-only")
    ui.page.click("#restore")
    ui.page.wait_for_url(re.compile(rf"/scenarios/{scenario}$"))
    versions = server.api(f"/api/scenarios/{scenario}/versions")
    assert len(versions) == 3
    assert server.api(f"/api/scenarios/{scenario}/versions/3")["yaml"] == text


@pytest.mark.parametrize("path", ["/", "/scenarios/{id}", "/scenarios/{id}/versions", "/scenarios/{id}/diff?from=1&to=1",
                                  "/scenarios/{id}/tribune", "/docs"])
def test_no_request_leaves_the_server(ui, server, path):
    """The `ui` fixture fails the test if any request (scripts, styles, fonts, tiles, workers) left the origin."""
    requests: list[str] = []
    ui.page.on("request", lambda r: requests.append(r.url))
    ui.goto(path.format(id=server.scenario_id(ASTANA)))
    ui.page.wait_for_load_state("networkidle")
    assert requests, "the page made no request at all"
    assert all(u.startswith(server.url) or u.startswith(("data:", "blob:")) for u in requests), requests
