"""The checkpoint page on a phone (360 x 740) in a real browser against the real server (see conftest.py):
recording head passed, undoing it, and recording with the network gone, through a reload, until the server
has every record exactly once.

Each test runs a day of its own on a copy of Astana, with the day's clock set into the parade (its
records must be on the parade day), 20 s before the combined band's head reaches the start point.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest

pytestmark = pytest.mark.browser

ASTANA = "Astana"
PHONE = {"width": 360, "height": 740}
FIRST, SECOND = "combined-band", "colour-guard"  # the first two elements of Astana's order of march
BEFORE_S = 20  # the day's clock starts this long before the first head reaches the start point


def first_head_at_start(plan: dict) -> str:
    return plan["ground"][0]["times"]["start"]["head"]


def first_over_ip(plan: dict) -> str:
    return min(a["ip"] for a in plan["air"])


def live_day(server, due: Callable[[dict], str] = first_head_at_start) -> tuple[int, dict, str]:
    """A copy of Astana with a day running, its clock 20 s before the time `due` picks from the plan (by default
    the first element's head at the start point): (scenario id, the plan JSON, the API path of its day)."""
    text = server.api(f"/api/scenarios/{server.scenario_id(ASTANA)}")["yaml"]
    scenario = server.new_scenario(text)
    plan = server.api(f"/api/scenarios/{scenario}/plan")
    path = f"/api/scenarios/{scenario}/live"
    server.api(path, {"version": 1})
    clock = datetime.fromisoformat(due(plan)) - timedelta(seconds=BEFORE_S)
    server.api(path + "/clock", {"time": clock.isoformat(), "rate": 1})
    return scenario, plan, path


def records(server, path: str) -> list[dict]:
    return server.api(path + "/events")["records"]


def open_checkpoint(ui, scenario: int, point: str = "start"):
    ui.page.set_viewport_size(PHONE)
    ui.goto(f"/scenarios/{scenario}/live/checkpoint?{point if '=' in point else f'point={point}'}")
    ui.wait_for("s.next !== null && s.status === 'live'")


def test_the_marshal_records_head_passed_and_undoes_it(ui, server):
    scenario, plan, path = live_day(server)
    open_checkpoint(ui, scenario)
    assert ui.state("next") == {"element": FIRST, "edge": "head"}
    assert ui.page.inner_text("#next-name") == plan["ground"][0]["name"]
    # the clock stands 20 s before the band's head is due: the countdown (seconds rounded up) shows 0:20 or just under
    assert ui.page.inner_text("#next-countdown") in ("head in 0:20", "head in 0:19", "head in 0:18")
    for target in ("#head-passed", "#tail-passed", "#undo"):  # big enough for a thumb, and on the phone's screen
        box = ui.page.locator(target).bounding_box()
        assert box["height"] >= 44 and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert ui.page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]  # nothing wider than the phone
    ui.shot("expecting-the-band")

    ui.page.click("#head-passed")
    ui.wait_for("s.records.length === 1 && s.records[0].state === 'acknowledged'")
    made = ui.state("records")[0]
    stored = records(server, path)
    assert [(r["id"], r["kind"], r["element"], r["point"], r["edge"]) for r in stored] == [
        (made["id"], "passing", FIRST, "start", "head")]
    # recorded at the day's now, with the parade's offset: some 20 s before the plan, not the wall clock's date
    planned = datetime.fromisoformat(plan["ground"][0]["times"]["start"]["head"])
    late_s = (datetime.fromisoformat(stored[0]["time"]) - planned).total_seconds()
    assert -BEFORE_S - 1 <= late_s <= -BEFORE_S + 10
    assert stored[0]["time"].endswith("+05:00")
    # the band's head is in: next its tail; the head button moves on to the colour guard
    ui.wait_for(f"s.next.element === '{FIRST}' && s.next.edge === 'tail' && s.head === '{SECOND}'")
    assert ui.page.locator(f'#my-records li[data-id="{made["id"]}"]').get_attribute("data-state") == "acknowledged"
    ui.shot("head-recorded")

    ui.page.click("#undo")
    assert "head passed" in ui.page.inner_text("#undo-what")
    ui.page.fill("#undo-reason", "wrong block")
    ui.shot("undo-asked")
    ui.page.click("#undo-confirm")
    ui.wait_for("s.records.length === 2 && s.records.every((r) => r.state === 'acknowledged')")
    stored = records(server, path)
    assert [(r["kind"], r.get("void"), r.get("reason")) for r in stored] == [
        ("passing", None, None), ("void", made["id"], "wrong block")]
    # the server's forecast no longer has the band's head at the start: it is expected again
    ui.wait_for(f"s.seq === {stored[-1]['seq']} && s.next.element === '{FIRST}' && s.next.edge === 'head'")
    assert "voided" in ui.page.inner_text(f'#my-records li[data-id="{made["id"]}"]')
    ui.shot("undone")


def test_records_made_offline_wait_on_the_phone_through_a_reload_and_arrive_once(ui, server):
    scenario, _, path = live_day(server)
    open_checkpoint(ui, scenario)
    ui.wait_for("s.offlineReady")  # the service worker keeps the page for a reload without network
    context = ui.page.context

    context.set_offline(True)
    ui.page.click("#head-passed")  # the band's head
    ui.wait_for(f"s.head === '{SECOND}'")  # counted as recorded while on the phone: the next head is the colour guard
    ui.page.click("#head-passed")
    ui.wait_for("s.waiting === 2")
    assert ui.page.inner_text("#waiting") == "offline: 2 waiting"
    made = [r["id"] for r in ui.state("records")]
    assert [r["state"] for r in ui.state("records")] == ["queued", "queued"]
    ui.shot("offline-two-waiting")

    ui.page.reload()
    ui.wait_for("s.waiting !== undefined && s.source === 'kept'")
    assert ui.state("waiting") == 2
    # the page finds out it is offline when its first send fails: it says so within a moment
    ui.page.wait_for_function("() => document.querySelector('#waiting').textContent === 'offline: 2 waiting'",
                              timeout=10_000)
    assert [r["id"] for r in ui.state("records")] == made
    ui.shot("offline-after-reload")
    # Chromium's offline mode is not tight around a reload of a page a service worker holds: a send from the
    # reloading page sometimes reaches the server and only its answer is lost. The phone keeps such a record
    # queued and sends it again with the same id, so the server has at most the records made, each once.
    early = [r["id"] for r in records(server, path)]
    assert len(early) == len(set(early)) and set(early) <= set(made)

    context.set_offline(False)
    ui.wait_for("s.waiting === 0 && s.records.every((r) => r.state === 'acknowledged')", timeout_s=60)
    stored = records(server, path)
    assert sorted(r["id"] for r in stored) == sorted(made)  # both, once each
    assert [(r["element"], r["edge"]) for r in stored] == [(FIRST, "head"), (SECOND, "head")]
    assert ui.page.inner_text("#waiting") == "all records sent"
    ui.shot("online-all-sent")


def test_a_refused_record_is_shown_and_kept_a_failed_send_is_tried_again(ui, server):
    """The server is stood in for on the record's address: a 503 first (tried again until stored), then a 422
    for the next record (said in words, kept as failed, never sent again)."""
    scenario, _, path = live_day(server)
    open_checkpoint(ui, scenario)
    posts: list[str] = []
    answers = ["503", "pass", "422"]

    def stand_in(route):
        if route.request.method != "POST":
            route.continue_()
            return
        posts.append(json.loads(route.request.post_data)["id"])
        answer = answers.pop(0) if answers else "pass"
        if answer == "503":
            route.fulfill(status=503, content_type="application/json", body='{"detail": "busy"}')
        elif answer == "422":
            route.fulfill(status=422, content_type="application/json",
                          body='{"detail": "That element does not pass this point."}')
        else:
            route.continue_()

    ui.page.route("**/live/events", stand_in)
    ui.page.click("#head-passed")
    ui.wait_for("s.records[0].state === 'acknowledged'", timeout_s=20)
    first = ui.state("records")[0]["id"]
    assert posts == [first, first]  # the same id again after the 503
    ui.page.click("#tail-passed")
    ui.wait_for("s.records[1].state === 'failed'")
    assert ui.page.inner_text("#message") == "Not recorded: That element does not pass this point."
    failed = ui.page.locator(f'#my-records li[data-id="{ui.state("records")[1]["id"]}"]')
    assert failed.get_attribute("data-state") == "failed"
    assert "does not pass this point" in failed.inner_text()
    ui.page.wait_for_timeout(2500)  # longer than the first pauses of a resend
    assert len(posts) == 3 and ui.state("waiting") == 0
    assert [r["id"] for r in records(server, path)] == [first]
    ui.shot("refused")


def test_a_formation_point_records_the_lead_over_it(ui, server):
    """Local mode may do anything, the air liaison's formation points included: over the IP, one button."""
    scenario, plan, path = live_day(server, first_over_ip)
    first = min(plan["air"], key=lambda a: a["ip"])
    open_checkpoint(ui, scenario, "point=ip&air=1")
    assert ui.state("next") == {"element": first["id"], "edge": "head"}
    assert ui.page.locator("#tail-passed").is_hidden()
    assert ui.page.inner_text("#next-countdown") in ("over in 0:20", "over in 0:19", "over in 0:18")
    ui.shot("formation-expected")
    ui.page.click("#head-passed")
    ui.wait_for("s.records.length === 1 && s.records[0].state === 'acknowledged'")
    assert [(r["element"], r["point"], r["edge"]) for r in records(server, path)] == [(first["id"], "ip", "head")]
    ui.shot("formation-recorded")


def test_an_order_for_an_element_still_to_pass_shows_on_the_marshals_phone(ui, server):
    # the band steps off 40 s late (recorded at the start); the control room issues its cadence; the marshal at
    # the tribune, where the band has still to pass, sees the order; at the start, only until its tail passes
    scenario, plan, path = live_day(server)
    start = datetime.fromisoformat(first_head_at_start(plan))
    server.api(path + "/events", {"id": "late-band", "element": FIRST, "point": "start", "edge": "head",
                                  "time": (start + timedelta(seconds=40)).isoformat()})
    key = f"ground-speed:{FIRST}"
    server.api(path + "/corrections", {"id": "issue-band", "correction": key, "action": "issue"})
    open_checkpoint(ui, scenario, "tribune")
    ui.wait_for(f"s.orders && s.orders.length === 1 && s.orders[0] === '{key}'", timeout_s=15)
    # the band (112 paces a minute) has 967.4 s planned from the start to the tribune: 112 x 967.4 / 927.4 = 117
    assert "march at 117 paces a minute (planned 112)" in ui.page.inner_text("#order-list")
    ui.page.locator("#orders").scroll_into_view_if_needed()
    ui.shot("order-at-the-tribune")
    # at the start, which the band has passed, the order is not the marshal's business
    open_checkpoint(ui, scenario, "start")
    ui.wait_for("s.orders !== undefined && s.next !== null")
    assert ui.state("next") == {"element": FIRST, "edge": "tail"}  # still concerned: its tail is to come
    server.api(path + "/events", {"id": "band-tail", "element": FIRST, "point": "start", "edge": "tail",
                                  "time": (start + timedelta(seconds=52)).isoformat()})
    ui.wait_for("s.orders.length === 0", timeout_s=15)
    ui.shot("orders-gone-once-passed")
