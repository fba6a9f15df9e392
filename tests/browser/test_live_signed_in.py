"""The day's pages with accounts: a marshal signed in records from the checkpoint page with the session cookie
(and so the CSRF header), and a controller issues a correction from the board, each stored under their name."""

from __future__ import annotations

import uuid

import pytest

from .test_live_checkpoint import PHONE
from .test_live_pages import ASTANA, BAND, add_account, later, logged_in

pytestmark = pytest.mark.browser


def events(ui, scenario: int) -> list[dict]:
    """The day's records as the signed-in page may read them (a GET with its cookie)."""
    url = f"/api/scenarios/{scenario}/live/events"
    return ui.page.evaluate(f"async () => (await (await fetch('{url}')).json()).records")


def test_a_signed_in_marshal_and_controller_record_and_issue_under_their_names(fresh_server, ui_on):
    scenario = fresh_server.scenario_id(ASTANA)  # while the server is still in local mode: start the day
    live = f"/api/scenarios/{scenario}/live"
    plan = fresh_server.api(f"/api/scenarios/{scenario}/plan")
    fresh_server.api(live, {"version": 1})
    start_head = plan["ground"][0]["times"]["start"]["head"]
    fresh_server.api(live + "/clock", {"time": later(start_head, 40), "rate": 1})  # the band is 40 s late
    add_account(fresh_server, "mia", "marshal")
    add_account(fresh_server, "cora", "controller")

    marshal = logged_in(ui_on, fresh_server, "mia")
    marshal.page.set_viewport_size(PHONE)
    marshal.goto(f"/scenarios/{scenario}/live/checkpoint?point=start")
    marshal.wait_for("s.next !== null && s.status === 'live'")
    marshal.page.click("#head-passed")
    marshal.wait_for("s.records.length === 1 && s.records[0].state === 'acknowledged'", timeout_s=20)
    stored = events(marshal, scenario)
    assert [(r["element"], r["edge"], r["recorded_by"]) for r in stored] == [(BAND, "head", "mia")]
    marshal.shot("marshal-recorded")
    marshal.page.close()  # its stream, before the server stops

    controller = logged_in(ui_on, fresh_server, "cora")
    controller.goto(f"/scenarios/{scenario}/live")
    key = f"ground-speed:{BAND}"
    button = controller.page.locator(f'[data-key="{key}"] button', has_text="Issue")
    button.wait_for(timeout=20_000)
    button.click()
    controller.page.wait_for_function(
        f"async () => (await (await fetch('{live}/events')).json()).records.some((r) => r.kind === 'decision')",
        timeout=20_000)
    decision = next(r for r in events(controller, scenario) if r["kind"] == "decision")
    assert (decision["correction"], decision["action"], decision["recorded_by"]) == (key, "issue", "cora")
    controller.shot("controller-issued")
    controller.page.close()
    assert str(uuid.UUID(decision["id"])) == decision["id"]  # a fresh client id, made by the page
