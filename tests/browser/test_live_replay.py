"""The day replayed on the workspace clock (the report page's link): a version opened read-only with ?live=1
shows the day's records and forecast over the plan, in a real browser against the real server."""

from __future__ import annotations

import uuid

import pytest

from .test_live_pages import BAND, later, own_astana

pytestmark = pytest.mark.browser


def band_positions(ui) -> list[float]:
    """lon, lat of each of the band's agents now, one after the other, in the order the trips hold them."""
    found = ui.page.evaluate(f"() => window.paradeplan.positions().filter((p) => p[0].startsWith('{BAND}/'))")
    return [value for _, lon, lat, _ in found for value in (lon, lat)]


def test_the_replay_shows_the_band_where_its_records_put_it(ui_on, server):
    scenario, plan, path = own_astana(server)
    start_head = plan["ground"][0]["times"]["start"]["head"]
    server.api(path + "/events", {"id": str(uuid.uuid4()), "element": BAND, "point": "start", "edge": "head",
                                  "time": later(start_head, 40)})  # the band stepped off 40 s late
    server.api(path + "/end", {})
    replay, plain = ui_on(server), ui_on(server)

    replay.open_workspace(scenario, "/versions/1?live=1")
    replay.wait_for("s.replay !== undefined && s.replay !== null")
    # the clock is a minute before the day's first record, the band's step-off 40 s late
    assert replay.state("clock_s") == pytest.approx(plan_seconds(start_head) + 40 - 60, abs=0.5)
    assert "Replay of the day on version 1 (1 record)" in replay.page.inner_text("#whatif")

    # two minutes after its planned step-off, the band stands where the plan has it 40 s earlier
    replay.page.evaluate(f"() => window.paradeplan.seek({plan_seconds(start_head) + 120})")
    plain.open_workspace(scenario, "/versions/1")
    plain.page.evaluate(f"() => window.paradeplan.seek({plan_seconds(start_head) + 80})")
    replay.page.wait_for_timeout(300)
    plain.page.wait_for_timeout(300)
    shown = band_positions(replay)
    assert (len(shown), shown) == (24, pytest.approx(band_positions(plain), abs=1e-7))  # 12 ranks, about 1 cm
    replay.shot("band-40-s-late")


def test_a_scenario_that_never_ran_a_day_says_so(ui, server):
    scenario = server.new_scenario(server.api(f"/api/scenarios/{server.scenario_id('Astana')}")["yaml"])
    ui.open_workspace(scenario, "/versions/1?live=1")
    ui.wait_for("s.replay !== undefined")
    assert ui.page.inner_text("#whatif") == "No day has been run on this scenario: nothing to replay."


def plan_seconds(iso: str) -> float:
    """'2025-05-07T11:03:52.6+05:00' -> clock seconds of that day, as the workspace clock counts them."""
    clock = iso[11:].split("+")[0].split("-")[0]
    hours, minutes, seconds = clock.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(seconds)
