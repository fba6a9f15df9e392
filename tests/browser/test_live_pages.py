"""The commentator page and the report after the day in a real browser against the real server (see
conftest.py), and each page of the day refused to a role without its permission.

Each test runs a day of its own on a copy of Astana; the refusals take a server of their own (accounts
end its local mode).
"""

from __future__ import annotations

import subprocess
import uuid
from datetime import datetime, timedelta

import pytest

from .conftest import paradeplan_command

pytestmark = pytest.mark.browser

ASTANA = "Astana"
PASSWORD = "correct horse battery"
BAND = "combined-band"  # the first element of Astana's order of march


def own_astana(server) -> tuple[int, dict, str]:
    """A copy of Astana with a day running on version 1: (scenario id, the plan JSON, the API path of its day)."""
    scenario = server.new_scenario(server.api(f"/api/scenarios/{server.scenario_id(ASTANA)}")["yaml"])
    path = f"/api/scenarios/{scenario}/live"
    server.api(path, {"version": 1})
    return scenario, server.api(f"/api/scenarios/{scenario}/plan"), path


def later(iso: str, seconds: float) -> str:
    """A plan time `seconds` later at its offset: ('...T11:03:52.6+05:00', 90) -> '...T11:05:22.600+05:00'."""
    return (datetime.fromisoformat(iso) + timedelta(seconds=seconds)).isoformat(timespec="milliseconds")


def clock(iso: str) -> str:
    """A time as the report shows it, to the tenth: '2025-05-07T11:03:52.600+05:00' -> '11:03:52.6'."""
    t = datetime.fromisoformat(iso)
    return f"{t:%H:%M:%S}.{t.microsecond // 100_000}"


def record(server, path: str, element: str, point: str, edge: str, time: str) -> dict:
    return server.api(path + "/events", {"id": str(uuid.uuid4()), "element": element, "point": point, "edge": edge,
                                         "time": time})


def test_the_commentator_sees_now_passing_and_next_on_the_forecast_and_follows_a_late_record(ui, server):
    scenario, plan, path = own_astana(server)
    band = plan["ground"][0]
    anchor = plan["anchor"]
    start_head = band["times"]["start"]["head"]
    server.api(path + "/clock", {"time": later(start_head, 120), "rate": 1})  # the band has stepped off 2 min ago
    ui.goto(f"/scenarios/{scenario}/live/commentator")
    ui.wait_for("s.live && s.next !== null")
    # nothing recorded: the band comes next at the tribune at its planned time, on time
    assert (ui.state("next"), ui.state("nextStart"), ui.state("nextDelay_s")) == (
        band["name"], band["times"][anchor]["head"], 0)
    assert ui.state("state") == "before"
    assert band["description"].split(".")[0] in ui.page.inner_text("#next-description")
    assert "on time" in ui.page.inner_text("#next-detail")
    ui.shot("before-the-band")

    # the band stepped off 90 s late: its time at the tribune moves by 90 s, pushed to the page
    record(server, path, BAND, "start", "head", later(start_head, 90))
    ui.wait_for("s.nextDelay_s === 90", timeout_s=10)
    assert ui.state("nextStart") == later(band["times"][anchor]["head"], 90).replace(".000", ".0")
    assert "1 min 30 s late" in ui.page.inner_text("#next-detail")
    ui.shot("band-late")

    # the clock jumps to the band at the tribune: now passing, the colour guard next
    server.api(path + "/clock", {"time": later(band["times"][anchor]["head"], 95), "rate": 1})
    ui.wait_for("s.state === 'passing'", timeout_s=10)
    assert ui.state("now") == [band["name"]]
    assert ui.state("next") == plan["ground"][1]["name"]
    assert "1 min 30 s late" in ui.page.inner_text("#now-detail")
    ui.shot("band-passing")


def test_the_report_sets_planned_against_recorded_for_every_element_at_every_point(ui, server):
    scenario, plan, path = own_astana(server)
    band = plan["ground"][0]
    times = band["times"]
    # the band: head 12 s late and tail 14 s late at the start point, head 12 s late at the tribune
    record(server, path, BAND, "start", "head", later(times["start"]["head"], 12))
    record(server, path, BAND, "start", "tail", later(times["start"]["tail"], 14))
    record(server, path, BAND, "tribune", "head", later(times["tribune"]["head"], 12))
    server.api(path + "/end", {})
    ui.goto(f"/scenarios/{scenario}/live/report")
    ui.wait_for("s.loaded")

    row = ui.page.locator(f'#report-table tr[data-element="{BAND}"][data-point="start"]')
    cells = row.locator("td").all_inner_texts()
    assert cells[1:] == ["Start point (SP)", clock(times["start"]["head"]), clock(later(times["start"]["head"], 12)),
                         "+12.0 s", clock(times["start"]["tail"]), clock(later(times["start"]["tail"], 14)), "+14.0 s"]
    assert row.locator("td.diff").first.get_attribute("data-kind") == "late"  # more than 5 s late
    # every element at every point it passes: ground points, a formation's hold exit, IP and tribune
    expected_rows = sum(len(g["times"]) for g in plan["ground"]) + sum(3 if a["hold_exit"] else 2 for a in plan["air"])
    assert ui.state("rows") == expected_rows
    unrecorded = ui.page.locator(f'#report-table tr[data-element="{plan["ground"][1]["id"]}"][data-point="start"] td')
    assert unrecorded.nth(3).inner_text() == "—"
    # the chart: one bar per element in the order they reach the tribune; the band's 12 s at the tribune
    bars = ui.page.locator("#delay-chart rect")
    assert bars.count() == len(plan["passes"])
    assert bars.first.get_attribute("data-element") == plan["passes"][0]["id"] == BAND
    assert float(bars.first.get_attribute("data-delay")) == 12.0
    csv = ui.page.request.get(ui.page.locator("#report-csv").evaluate("a => a.href"))
    assert csv.status == 200 and csv.headers["content-type"].startswith("text/csv") and BAND in csv.text()
    assert ui.page.locator("#replay").get_attribute("href") == f"/scenarios/{scenario}/versions/1?live=1"
    ui.shot("report")


def add_account(server, name: str, role: str) -> None:
    subprocess.run([*paradeplan_command(), "users", "add", name, "--role", role, "--db", f"sqlite:///{server.db}"],
                   input=PASSWORD + "\n", text=True, check=True, capture_output=True)


def logged_in(ui_on, server, name: str):
    ui = ui_on(server)
    ui.goto("/login?next=/")
    ui.page.fill("#login-name", name)
    ui.page.fill("#login-password", PASSWORD)
    with ui.page.expect_navigation():
        ui.page.click("#login-submit")
    return ui


def test_each_page_of_the_day_is_refused_to_a_role_without_its_permission(fresh_server, ui_on):
    """(The server is asked for first, so that the pages, whose streams it would wait for, close before it stops.)"""
    scenario = fresh_server.scenario_id(ASTANA)  # read while the server is still in local mode
    for name, role in (("vic", "viewer"), ("mia", "marshal"), ("ali", "air-liaison")):
        add_account(fresh_server, name, role)
    base = f"/scenarios/{scenario}/live"
    refused = {  # role -> page -> the sentence of its 403 page, or None for a page it may open
        "vic": {"": "the viewer role may not open the control board (it needs the run-day permission)",
                "/air": "the viewer role may not open the air page (it needs the air permission)",
                "/checkpoint": "the viewer role may not open the checkpoint page (it needs the record-passings or "
                               "the air permission)",
                "/commentator": None, "/report": None},
        "mia": {"": "the marshal role may not open the control board (it needs the run-day permission)",
                "/air": "the marshal role may not open the air page (it needs the air permission)",
                "/checkpoint": None},
        "ali": {"": "the air-liaison role may not open the control board (it needs the run-day permission)",
                "/air": None, "/checkpoint": None},
    }
    for name, pages in refused.items():
        ui = logged_in(ui_on, fresh_server, name)
        for page, sentence in pages.items():
            response = ui.page.goto(fresh_server.url + base + page)
            if sentence is None:
                assert response.status == 200, (name, page)
            else:
                assert (response.status, ui.page.inner_text("h1"), ui.page.inner_text("p")) == (
                    403, "Not allowed", sentence), (name, page)
                ui.shot(f"{name}-refused{page.replace('/', '-') or '-board'}")
        if name == "vic":
            continue
        # the checkpoint offers each role its own points: the marshal the route's, the air liaison the formations'
        ui.goto(base + "/checkpoint")
        ui.page.locator("#point optgroup").first.wait_for(state="attached")
        groups = ui.page.locator("#point optgroup").evaluate_all("gs => gs.map((g) => g.label)")
        assert groups == {"mia": ["Route points"], "ali": ["Formation points"]}[name]
        ui.shot(f"{name}-checkpoint")
