"""The workspace's Handouts menu in a real browser: every handout of export/handouts.py listed, and a click
downloading the file the command writes (the run sheet of a copy of Astana, read back with pypdf); the day's
report page offers the after-action report once a day has run."""

from __future__ import annotations

from pathlib import Path

import pytest
from pdfs import pdf_text

from paradeplan.export.handouts import HANDOUTS

pytestmark = pytest.mark.browser


def astana_copy(server) -> int:
    text = server.api(f"/api/scenarios/{server.scenario_id('Astana')}")["yaml"]
    return server.new_scenario(text)


def test_the_handouts_menu_lists_every_handout_and_downloads_the_run_sheet(ui, server):
    scenario = astana_copy(server)
    plan = server.api(f"/api/scenarios/{scenario}/plan")
    ui.open_workspace(scenario)
    menu = ui.page.locator("#handouts")
    menu.locator("summary").click()
    links = menu.locator(".menu-list a")
    assert links.evaluate_all("links => links.map((a) => a.dataset.file)") == [
        *(h.file for h in HANDOUTS), "march-table.csv"]
    box = menu.locator(".menu-list").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= ui.page.viewport_size["width"]  # the menu is on the screen
    ui.shot("handouts-menu")

    with ui.page.expect_download(timeout=60_000) as started:
        menu.locator('a[data-file="run-sheet.pdf"]').click()
    download = started.value
    text = pdf_text(Path(download.path()).read_bytes())
    assert download.suggested_filename == "astana-2025-v1-run-sheet.pdf"
    assert plan["ground"][0]["name"] in text and "version 1" in text


def test_the_days_report_offers_the_after_action_report_once_a_day_has_run(ui, server):
    scenario = astana_copy(server)
    ui.goto(f"/scenarios/{scenario}/live/report")
    ui.page.wait_for_selector("#problems:not([hidden])")
    assert [ui.page.locator(f"#{name}").is_hidden() for name in ("after-action-pdf", "after-action-xlsx")] == [
        True, True]  # no day yet: nothing to download

    server.api(f"/api/scenarios/{scenario}/live", {"version": 1})
    ui.page.reload()
    ui.wait_for("s.loaded")
    with ui.page.expect_download(timeout=60_000) as started:
        ui.page.click("#after-action-pdf")
    download = started.value
    assert download.suggested_filename == f"astana-2025-day{day_id(server, scenario)}-after-action.pdf"
    assert Path(download.path()).read_bytes()[:5] == b"%PDF-"
    ui.shot("after-action-offered")


def day_id(server, scenario: int) -> int:
    return server.api(f"/api/scenarios/{scenario}/live")["day"]
