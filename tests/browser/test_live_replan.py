"""The control board's Re-plan panel in a real browser against the real server: before a record it has nothing
to re-plan; after the first element's late step-off (a marshal's passing posted through the API) it shows,
beside the corrections and without a reload, the elements to move with their new step-off times and gaps,
and the line that says how much of the delay the gaps absorb before the tribune, as the server sends them.
"""

from __future__ import annotations

import pytest

from .test_live_board import LOADED_S, SHOWN_MS, later, own_astana, passing, shown

pytestmark = pytest.mark.browser


def test_the_replan_panel_shows_after_a_late_step_off(ui, server):
    scenario = own_astana(server)
    plan = server.api(f"/api/scenarios/{scenario}/plan")
    first = plan["ground"][0]  # the combined band, first in the order of march
    live = f"/api/scenarios/{scenario}/live"
    server.api(live, {"version": 1})
    start_head = first["times"]["start"]["head"]
    server.api(f"{live}/clock", {"time": later(start_head, 70), "rate": 1})

    ui.goto(f"/scenarios/{scenario}/live")
    ui.wait_for("s.live !== null && s.status === 'live'", LOADED_S)
    ui.page.wait_for_function("() => document.querySelector('#replan-count').textContent === 'none'", timeout=SHOWN_MS)
    assert "Nothing to re-plan" in ui.page.inner_text("#replan")

    # the band steps off 60 s late
    server.api(f"{live}/events", passing(first["id"], "start", later(start_head, 60)))
    replan = server.api(f"{live}/replan")["replan"]
    moved = [row for row in replan["rows"] if row["moved"]]
    text = shown(ui, "#replan-summary:not(:empty)")
    ui.page.wait_for_function("t => document.querySelector('#replan-summary').textContent === t",
                              arg=replan["summary"], timeout=SHOWN_MS)
    assert "of the 60 s delay before the tribune" in text.inner_text() or "whole 60 s delay" in text.inner_text()
    assert ui.page.locator("#replan li.replan-row").count() == len(moved)
    item = ui.page.inner_text(f"#replan li[data-element='{moved[0]['id']}']")
    step_off, was = moved[0]["step_off"][11:21], moved[0]["published_step_off"][11:21]
    assert f"step off {step_off} (was {was})" in item
    assert f"(was {moved[0]['planned_gap_s']:.0f} s)" in item
    # beside the corrections: the hold offered for the same block
    assert ui.page.locator("#corrections li.correction").count() > 0
    ui.shot("replan-after-late-step-off")
