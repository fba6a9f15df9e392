"""The pages around the workspace in a real browser (see conftest.py): the diff page, the scenarios list,
the versions page and the tribune view.

Each test makes the scenarios it changes through the API, or, for what is global to a server (the list
of scenarios), takes a server of its own.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

pytestmark = pytest.mark.browser

ASTANA = "Astana"
VIEWPORT_HEIGHT_PX = 1000  # conftest.VIEWPORT
RED = "rgb(248, 113, 113)"  # app.css --error
GREEN = "rgb(74, 222, 128)"  # app.css --ok
MINUS = "\N{MINUS SIGN}"  # how the pages write a negative change or offset


def example_yaml(server) -> str:
    return server.api(f"/api/scenarios/{server.scenario_id(ASTANA)}")["yaml"]


def renamed(text: str, name: str) -> str:
    """The example's text under another scenario name, to tell its row from the example's in the list."""
    return re.sub(r"(?m)^name: .*$", f"name: {name}", text, count=1)


def counted(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def hms(seconds: float) -> str:
    """A span as the diff page shows it: 2950 -> '0:49:10'."""
    t = round(seconds)
    return f"{t // 3600}:{t // 60 % 60:02d}:{t % 60:02d}"


def shorter_by(delta_s: float) -> str:
    """A span's change as the diff page says it, after a minus sign: -200 -> '3 min 20 s', -40 -> '40 s'."""
    minutes, seconds = divmod(round(abs(delta_s)), 60)
    words = " ".join(([f"{minutes} min"] if minutes else []) + ([f"{seconds} s"] if seconds or not minutes else []))
    return MINUS + words


def clock_s(iso: str) -> float:
    """Seconds after midnight of a plan time: '2025-05-07T11:29:59.8+05:00' -> 41399.8."""
    t = datetime.fromisoformat(iso)
    return t.hour * 3600 + t.minute * 60 + t.second + t.microsecond / 1e6


def whole_clock(t: float) -> str:
    whole = math.floor(t + 0.5)
    return f"{whole // 3600:02d}:{whole // 60 % 60:02d}:{whole % 60:02d}"


def countdown(seconds: float) -> str:
    """The tribune view's countdown, the seconds rounded up: 28.2 -> '0:29'."""
    minutes, left = divmod(math.ceil(seconds), 60)
    return f"{minutes}:{left:02d}"


def in_zone(page, zone: str) -> None:
    """Read the page's clock in `zone`, as a reader there would (the browser's own zone is UTC)."""
    page.context.new_cdp_session(page).send("Emulation.setTimezoneOverride", {"timezoneId": zone})


def saved_in(iso: str, zone: str) -> str:
    """A save time as the lists show it to a reader in `zone`: '29 Nov 2026, 21:50 UTC+5:30'."""
    local = datetime.fromisoformat(iso).astimezone(ZoneInfo(zone))
    offset_min = int((local.utcoffset() or timedelta()).total_seconds() // 60)
    sign = "+" if offset_min > 0 else MINUS
    hours, minutes = divmod(abs(offset_min), 60)
    offset = "UTC" if offset_min == 0 else f"UTC{sign}{hours}" + (f":{minutes:02d}" if minutes else "")
    return f"{local.day} {local:%b %Y, %H:%M} {offset}"


def test_diff_page_leads_with_the_change_in_findings_and_duration(ui, server):
    """Gaps of 15 s cut to 5 s: the plan gains errors and the parade gets shorter, and the page says so first."""
    text = example_yaml(server)
    scenario = server.new_scenario(text)
    server.api(f"/api/scenarios/{scenario}/versions",
               {"yaml": text.replace("default_gap_s: 15", "default_gap_s: 5"), "message": "5 s gaps"})
    diff = server.api(f"/api/scenarios/{scenario}/diff?from=1&to=2")
    findings, tribune = diff["findings"], diff["spans"]["tribune"]
    ui.goto(f"/scenarios/{scenario}/diff?from=1&to=2")
    ui.shot("diff")

    lead = ui.page.locator("#findings-change")
    assert findings["from"]["errors"] == 0 and findings["to"]["errors"] > 0  # the change the page must lead with
    shown = (f"{counted(findings['from']['errors'], 'error')}, {counted(findings['from']['warnings'], 'warning')}"
             f" → {counted(findings['to']['errors'], 'error')}, {counted(findings['to']['warnings'], 'warning')}")
    assert shown in " ".join(lead.inner_text().split())
    # every finding the new version adds is listed by its code
    assert ui.page.locator("#findings-added li").count() == len(findings["added"])
    assert findings["added"][0]["code"] in ui.page.inner_text("#findings-added")
    # closer gaps: the column passes the tribune in less time; -200 s shows as "3 min 20 s" after a minus
    assert tribune["delta_s"] < 0
    span = ui.page.locator("#span-tribune")
    assert hms(tribune["from_s"]) in span.inner_text() and hms(tribune["to_s"]) in span.inner_text()
    assert span.locator(".delta").inner_text() == shorter_by(tribune["delta_s"])
    # both lead cards are on screen before any scrolling, above the table of moved elements
    for card in ("#findings-change", "#spans-change"):
        box = ui.page.locator(card).bounding_box()
        assert box["y"] + box["height"] <= VIEWPORT_HEIGHT_PX
        assert box["y"] < ui.page.locator("#moved-table").bounding_box()["y"]

    # the text diff: collapsed, one click away
    summary = ui.page.locator("#text-diff-box summary")
    assert summary.inner_text() == "Text diff (1 line added, 1 removed)"
    assert ui.page.locator("#text-diff").is_hidden()
    summary.click()
    assert ui.page.locator("#text-diff .del", has_text="default_gap_s: 15").is_visible()
    assert ui.page.locator("#text-diff .add", has_text="default_gap_s: 5").is_visible()
    ui.shot("text-diff-open")


def test_scenarios_list_shows_findings_and_the_zone_of_last_saved(ui, server):
    text = example_yaml(server)
    clean = server.new_scenario(renamed(text, "List test, no findings"))
    crowded = server.new_scenario(renamed(text.replace("default_gap_s: 15", "default_gap_s: 5"), "List test, 5 s gaps"))
    items = {s["id"]: s for s in server.api("/api/scenarios")}
    assert items[clean]["errors"] == items[clean]["warnings"] == 0
    assert items[crowded]["errors"] > 0
    in_zone(ui.page, "Asia/Colombo")  # UTC+5:30 all year: a zone that is not the server's, nor whole hours
    ui.goto("/")
    ui.page.locator(f'#scenario-table tr[data-id="{crowded}"]').wait_for()

    findings = ui.page.locator(f'#scenario-table tr[data-id="{crowded}"] td.findings-count')
    errors, warnings = items[crowded]["errors"], items[crowded]["warnings"]
    expected = counted(errors, "error") + (f" · {counted(warnings, 'warning')}" if warnings else "")
    assert findings.inner_text() == expected
    assert findings.evaluate("td => getComputedStyle(td).color") == RED
    none = ui.page.locator(f'#scenario-table tr[data-id="{clean}"] td.findings-count')
    assert none.inner_text() == "none"
    assert none.evaluate("td => getComputedStyle(td).color") == GREEN

    assert ui.page.inner_text("#last-saved-head") == "Last saved (Asia/Colombo)"
    saved = ui.page.locator(f'#scenario-table tr[data-id="{clean}"] time')
    assert saved.inner_text() == saved_in(items[clean]["last_saved"], "Asia/Colombo")
    assert saved.inner_text().endswith(" UTC+5:30")
    ui.page.locator(f'#scenario-table tr[data-id="{crowded}"]').scroll_into_view_if_needed()
    ui.shot("list")


def test_versions_page_names_the_zone_of_each_save(ui, server):
    scenario = server.new_scenario(example_yaml(server))
    created = server.api(f"/api/scenarios/{scenario}/versions")[0]["created_at"]
    in_zone(ui.page, "America/New_York")
    ui.goto(f"/scenarios/{scenario}/versions")
    assert ui.page.inner_text("#saved-head") == "Saved (America/New York)"  # the zone's name, said as words
    # UTC-5 in winter, UTC-4 in summer: the offset of that moment
    assert ui.page.inner_text('#versions-table tr[data-number="1"] time') == saved_in(created, "America/New_York")
    ui.shot("versions")


def test_new_from_example_twice_gives_two_names(ui_on, fresh_server):
    ui = ui_on(fresh_server)
    example_id = fresh_server.scenario_id(ASTANA)
    for _ in range(2):
        ui.goto("/")
        ui.page.select_option("#example", "astana-2025")
        ui.page.click("#from-example button[type=submit]")
        ui.page.wait_for_url(re.compile(r"/scenarios/\d+$"))
    ui.goto("/")
    ui.page.locator("#scenario-table tbody tr").nth(2).wait_for()
    names = ui.page.locator("#scenario-table tbody tr td:first-child a").all_inner_texts()
    astana = [n for n in names if ASTANA in n]
    assert len(astana) == 3  # the example imported at start and the two new from it
    assert len(set(astana)) == 3
    example_row = ui.page.locator(f'#scenario-table tr[data-id="{example_id}"] td:first-child a')
    assert [n for n in astana if n != example_row.inner_text()] == [n for n in astana if "(copy" in n]
    ui.shot("two-copies")


def interval_of(plan) -> tuple[dict, dict]:
    """Two elements in a row at the tribune with at least 10 s between the one clearing and the next arriving
    (and nothing else passing then): the element that passed last and the next."""
    passes = plan["passes"]
    for i in range(1, len(passes)):
        cleared = max(passes[:i], key=lambda p: clock_s(p["end"]))
        if clock_s(passes[i]["start"]) - clock_s(cleared["end"]) >= 10:
            return cleared, passes[i]
    raise AssertionError("no interval of 10 s at the tribune")


def test_tribune_view_between_two_elements_shows_an_interval_and_the_last_passed(ui, server):
    scenario = server.scenario_id(ASTANA)
    plan = server.api(f"/api/scenarios/{scenario}/plan")
    last, following = interval_of(plan)
    at_s = math.ceil(clock_s(last["end"])) + 1  # a second after the last one cleared, some 10 s before the next
    ui.page.clock.install()
    ui.goto(f"/scenarios/{scenario}/tribune?at={whole_clock(at_s)}")
    ui.wait_for("s.clock_s !== undefined")
    ui.page.clock.pause_at(ui.page.evaluate("() => Date.now() / 1000") + 0.1)  # Unix seconds
    ui.page.clock.run_for(250)  # one tick of the view, the rehearsal clock held there

    assert ui.state("state") == "interval"
    now = ui.page.inner_text("#now")
    assert "Gap" not in now
    left_s = clock_s(following["start"]) - ui.state("clock_s")
    assert ui.page.inner_text("#now-name") == f"Interval · next in {countdown(left_s)}"
    assert ui.page.inner_text("#last-passed") == f"Last passed: {last['name']} at {whole_clock(clock_s(last['end']))}"
    assert ui.state("lastPassed") == last["name"]
    assert ui.page.inner_text("#next-name") == following["name"]
    # the interval line is small text, not the giant type of an element passing
    assert ui.page.locator("#now-name").evaluate("n => parseFloat(getComputedStyle(n).fontSize)") < 40
    ui.shot("interval")

    ui.page.clock.run_for(math.ceil(left_s + 1) * 1000)  # into the next element's passing
    assert ui.state("state") == "passing"
    assert following["name"] in ui.page.inner_text("#now-name")
    assert ui.page.inner_text("#last-passed").startswith(f"Last passed: {last['name']} at ")  # still there
    ui.shot("passing")
