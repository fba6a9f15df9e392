"""The control board and the air page of the live day in a real browser against the real server (see
conftest.py): a day started from the board; a marshal's late passing, posted through the API, on the
board within seconds and without a reload (in the records, in the forecast table with the block
behind it pushed, as a forecast band on the chart, with a correction offered); the correction issued
and listed as an order; the day ended. The air page shows a formation's delay and the TAS to fly
after a late IP record, issues it, and records another formation's IP with its button.

Each test imports Astana as a scenario of its own, so that its day is its own.
"""

from __future__ import annotations

import datetime
import re
import uuid

import pytest

from .test_browser_workspace import ASTANA, clock_of, clock_s

pytestmark = pytest.mark.browser

SHOWN_MS = 5_000  # a record and its forecast reach every screen within a second; a few for a software renderer
LOADED_S = 60  # the board loads the forecast and every agent's trip
BLOCK = "national-defence-university"  # the first foot block, behind the band, the colour guard and the banner
BEHIND = "land-forces-institute"  # the block after it


def own_astana(server) -> int:
    return server.new_scenario(server.api(f"/api/scenarios/{server.scenario_id(ASTANA)}")["yaml"], "a live day")


def later(iso: str, seconds: float) -> str:
    """A plan time `seconds` later, at its offset: ('...T11:06:26.9+05:00', 40) -> '...T11:07:06.900+05:00'."""
    moment = datetime.datetime.fromisoformat(iso) + datetime.timedelta(seconds=seconds)
    return moment.isoformat(timespec="milliseconds")


def passing(element: str, point: str, time: str) -> dict:
    """A marshal's record of a head passing, as the checkpoint page posts it."""
    return {"id": str(uuid.uuid4()), "element": element, "point": point, "edge": "head", "time": time}


def shown(ui, selector: str):
    """The element `selector` finds, once it is on the page (within SHOWN_MS)."""
    found = ui.page.locator(selector)
    found.wait_for(timeout=SHOWN_MS)
    return found


def text_becomes(ui, selector: str, text: str):
    """Wait (SHOWN_MS) until the text of the element `selector` finds is `text`."""
    ui.page.wait_for_function("([s, t]) => { const n = document.querySelector(s); return !!n && n.textContent === t; }",
                              arg=[selector, text], timeout=SHOWN_MS)


def test_a_late_passing_reaches_the_board_with_its_correction_which_is_issued_as_an_order(ui, server):
    scenario = own_astana(server)
    plan = server.api(f"/api/scenarios/{scenario}/plan")
    block = next(g for g in plan["ground"] if g["id"] == BLOCK)
    live = f"/api/scenarios/{scenario}/live"

    # no day yet: the board offers to start one on the latest version
    ui.goto(f"/scenarios/{scenario}/live")
    ui.page.locator("#start-form").wait_for(state="visible", timeout=30_000)
    assert ui.page.input_value("#start-version") == "1"
    assert "No day has run" in ui.page.inner_text("#day-info")
    ui.shot("no-day")

    ui.page.click("#start-day")
    ui.wait_for("s.live !== null && s.status === 'live' && s.tripsLoaded", LOADED_S)
    assert ui.page.locator("#start-form").is_hidden()
    assert ui.page.locator("#end-day").is_visible()
    day = server.api(live)
    assert day["live"] and day["version"] == 1
    assert "Day running on version 1" in ui.page.inner_text("#day-info")
    # every ground element and formation has its row, on time before any record
    assert ui.page.locator("#forecast-table tbody tr").count() == len(plan["ground"]) + len(plan["air"])
    row = f"#forecast-table tr[data-id='{BLOCK}']"
    assert ui.page.inner_text(f"{row} td.delay") == "±0.0 s"

    # the day's clock a minute after the block's planned step-off (a drill's clock), pushed to the board
    start_head = block["times"]["start"]["head"]  # 11:06:26.9
    server.api(f"{live}/clock", {"time": later(start_head, 60), "rate": 1})
    ui.wait_for(f"Math.abs(s.clock_s - {clock_s(clock_of(start_head)) + 60}) < 5", SHOWN_MS / 1000)

    # a marshal at the start: the block's head passed 40 s late, at 11:07:06.9
    stored = server.api(f"{live}/events", passing(BLOCK, "start", later(start_head, 40)))
    record = shown(ui, f"#records li[data-seq='{stored['seq']}']").inner_text()
    assert "11:07:06.9" in record and "start head" in record and block["label"] in record
    text_becomes(ui, f"{row} td.delay", "+40.0 s")
    # its forecast at the tribune: 11:21:29.8 planned + 40 s = 11:22:09.8; more than 30 s late: red
    assert clock_of(block["times"]["tribune"]["head"]) == "11:21:29.8"
    cells = ui.page.locator(f"{row} td")
    assert [cells.nth(i).inner_text() for i in (2, 3)] == ["11:21:29.8", "11:22:09.8"]
    assert "very-late" in (ui.page.get_attribute(f"{row} td.delay", "class") or "")
    assert "start head 11:07:06.9 · own +40.0 s" in ui.page.inner_text(f"{row} td.name .record")
    # the block behind is pushed: 15 s from the block's tail to its head at 1.5 m/s, less the 10 m minimum gap
    # (6.7 s), leaves 8.3 s of slack, so 40 - 8.3 = 31.7 s late
    assert ui.page.inner_text(f"#forecast-table tr[data-id='{BEHIND}'] td.delay") == "+31.7 s"
    # on the chart, the block's forecast band: its planned trajectory 40 s later from the start on
    band = ui.page.evaluate(f"() => window.paradeplan.forecastBand('{BLOCK}')")
    planned = [[e["at_m"], clock_s(clock_of(e["head"]))] for e in block["trajectory"]]
    assert [[d, round(t - p, 1)] for (d, t), (_, p) in zip(band["head"], planned, strict=True)] == \
        [[d, 40.0] for d, _ in planned]

    # a ground-speed correction offered: 1,354.3 m from the start to the tribune in 902.9 s planned less the
    # 40 s = 862.9 s is 1.570 m/s, 126 paces a minute at its 0.75 m pace (planned 120)
    correction = shown(ui, f"#corrections li[data-key='ground-speed:{BLOCK}']")
    assert "126 paces a minute" in correction.inner_text()
    ui.shot("late-record")
    # the block's row picked: the chart closes in on its band and its neighbours', the forecast beside the plan
    ui.page.click(row)
    ui.wait_for(f"s.store.get().selected === '{BLOCK}'")
    ui.shot("late-block-on-the-chart")

    correction.locator("button.issue").click()
    order = shown(ui, f"#orders li[data-key='ground-speed:{BLOCK}']")
    correction.wait_for(state="detached", timeout=SHOWN_MS)
    assert "126 paces a minute" in order.inner_text()
    decisions = [r for r in server.api(f"{live}/events")["records"] if r["kind"] == "decision"]
    assert [(d["correction"], d["action"]) for d in decisions] == [(f"ground-speed:{BLOCK}", "issue")]
    shown(ui, f"#records li.decision[data-seq='{decisions[0]['seq']}']")
    assert "issued" in order.inner_text()
    ui.shot("issued")

    # the marshal sends a second time for the block's step-off, 90 s late: 126 paces a minute no longer does.
    # At the most allowed, 130 paces of 0.75 m (1.625 m/s), the 1,354.3 m take 833.4 s, 69.5 s less than planned,
    # so it is still 90 - 69.5 = 20.5 s late at the tribune: the issued order's advice moved, an alert
    mistake = server.api(f"{live}/events", passing(BLOCK, "start", later(start_head, 90)))
    text_becomes(ui, f"{row} td.delay", "+1 min 30.0 s")
    alert = shown(ui, f"#orders li.alerting[data-key='ground-speed:{BLOCK}'] .alert").inner_text()
    assert re.search(r"Advice changed by \+2[01] s", alert), alert
    assert "130 paces a minute" in alert
    ui.shot("order-alert")
    # it was the wrong block: voided, both records show, the mistaken one struck through, the alert gone
    void = server.api(f"{live}/events", {"id": str(uuid.uuid4()), "void": mistake["id"], "reason": "wrong block"})
    voiding = shown(ui, f"#records li.void[data-seq='{void['seq']}']").inner_text()
    assert f"void of #{mistake['seq']}: wrong block" in voiding
    shown(ui, f"#records li.voided[data-seq='{mistake['seq']}']")
    text_becomes(ui, f"{row} td.delay", "+40.0 s")
    ui.page.locator("#orders li.alerting").wait_for(state="detached", timeout=SHOWN_MS)
    ui.shot("voided")

    # ending the day asks twice
    ui.page.click("#end-day")
    ui.page.click("#end-confirm")
    ui.page.locator("#start-form").wait_for(state="visible", timeout=SHOWN_MS)
    assert not server.api(live)["live"]
    assert "Day ended" in ui.page.inner_text("#day-info")
    ui.shot("ended")


def test_the_air_page_shows_a_late_formation_with_the_tas_to_fly_and_records_with_its_buttons(ui, server):
    scenario = own_astana(server)
    plan = server.api(f"/api/scenarios/{scenario}/plan")
    lead, second = plan["air"][0], plan["air"][1]  # the flag on Mi-17s, then six Mi-17s 30 s behind
    live = f"/api/scenarios/{scenario}/live"
    server.api(live, {"version": 1})
    server.api(f"{live}/clock", {"time": later(lead["ip"], 20), "rate": 1})

    ui.goto(f"/scenarios/{scenario}/live/air")
    ui.wait_for("s.live !== null && s.status === 'live'", LOADED_S)
    card = f".air-card[data-id='{lead['id']}']"
    assert ui.page.inner_text(f"{card} header .delay") == "±0.0 s"
    ui.shot("on-time")

    server.api(f"{live}/events", passing(lead["id"], "ip", later(lead["ip"], 12)))  # 11:44:03.1 + 12 s
    text_becomes(ui, f"{card} header .delay", "+12.0 s")
    assert "late" in (ui.page.get_attribute(card, "class") or "")
    assert ui.page.inner_text(f"{card} td.recorded[data-point='ip']") == "11:44:15.1"
    # over the tribune at 11:48:00.0 still: the 12 km from the IP in 11:48:00.0 - 11:44:15.1 = 224.9 s is
    # 53.36 m/s, 103.7 kt over the ground. The wind, 12 kt from 250°, is 60° off the 190° track: 6.0 kt
    # against it and 10.4 kt across, so TAS = sqrt((103.7 + 6.0)^2 + 10.4^2) = 110.2 kt (the plan's 105 kt
    # TAS: sqrt(105^2 - 10.4^2) - 6.0 = 98.5 kt over the ground, as its table says)
    forecast = server.api(f"{live}/forecast")
    advice = next(c for c in forecast["corrections"] if c["key"] == f"air-speed:{lead['id']}")
    assert advice["tas_kt"] == pytest.approx(110.2, abs=0.1)
    readout = shown(ui, f"{card} .tas-readout")
    assert readout.locator(".value").inner_text() == "110"
    assert "TAS to fly from the IP" in (readout.text_content() or "")
    ui.shot("late-at-ip")

    # the air liaison issues it: the readout says it is ordered, and the order shows on the card
    ui.page.click(f"{card} li.correction[data-key='air-speed:{lead['id']}'] button.issue")
    shown(ui, f"{card} .tas-readout .ordered")
    assert "110 kt TAS" in ui.page.inner_text(f"{card} li.order[data-key='air-speed:{lead['id']}']")

    # the second formation calls its IP: "IP now" records it at the day's clock, and its card shows it
    count = len(server.api(f"{live}/events")["records"])
    other = f".air-card[data-id='{second['id']}']"
    ui.page.click(f"{other} .air-record button[data-point='ip']")
    shown(ui, f"{other} .said[data-kind='ok']")
    records = server.api(f"{live}/events")["records"]
    assert len(records) == count + 1
    mine = records[-1]
    assert (mine["element"], mine["point"], mine["edge"]) == (second["id"], "ip", "head")
    assert abs(clock_s(clock_of(mine["time"])) - ui.state("clock_s")) < 3  # the day's clock, not the wall clock
    text_becomes(ui, f"{other} td.recorded[data-point='ip']", clock_of(mine["time"]))
    ui.shot("recorded-ip")
