"""The workspace's Fit panel: goals in, the server's fit shown, the revised text applied as an unsaved edit (the
what-if), or the sentences that say why the goals cannot be met (see conftest.py for the fixtures).

Each test makes its own copy of Astana. It passes the tribune in 26 min 5 s as written (11:20:00.0 to 11:46:05.4);
24 min closes the vehicles' gaps up (17 elements change), and the flypast keeps its gap after the ground, so the
air segment moves 2 min 5 s earlier with them. The shortest the fit can do is 22 min 36 s: 10 min is refused.
"""

from __future__ import annotations

import json

import pytest

from .test_browser_workspace import example_yaml

pytestmark = pytest.mark.browser


@pytest.fixture
def astana(server):
    """A copy of Astana, and what POST /api/fit answers for it with a 24 min duration."""
    text = example_yaml(server)
    scenario = server.new_scenario(text)
    answer = server.api("/api/fit", {"yaml": text, "filename": "astana-2025.yaml", "goals": {"duration": "24m"}})
    return scenario, answer


def fit_for(ui, scenario, duration: str):
    ui.open_workspace(scenario)
    ui.wait_for("s.lastValidation !== null")
    ui.page.click("#fit-open")
    ui.page.fill("#fit-duration", duration)
    ui.page.click("#fit-run")
    ui.page.wait_for_selector("#fit-result h3", timeout=30_000)


def test_fitting_to_24_minutes_lists_every_changed_element(ui, astana):
    scenario, answer = astana
    fit_for(ui, scenario, "24m")
    names = ui.page.locator("#fit-changes tbody td:first-child").all_inner_texts()
    assert names == [c["name"] for c in answer["changes"]] and len(names) == 17
    ui.shot("fitted-24m")


def test_the_panel_shows_the_flypasts_move_and_the_new_summary(ui, astana):
    scenario, answer = astana
    fit_for(ui, scenario, "24m")
    shown = (ui.page.inner_text("#fit-air"), ui.page.locator("#fit-summary > ul li").all_inner_texts())
    assert shown == (answer["air"], answer["summary_after"])


def test_applying_puts_the_revised_text_in_the_editor_as_an_unsaved_edit(ui, astana):
    scenario, answer = astana
    fit_for(ui, scenario, "24m")
    ui.page.click("#fit-apply")
    ui.wait_for(f"s.edited && s.lastValidation.text === {json.dumps(answer['yaml'])}", timeout_s=60)
    state = (ui.page.is_visible("#fit-dialog"), ui.page.inner_text("#whatif-text"), ui.page.is_visible("#unsaved"))
    assert state == (False, "Unsaved changes: showing your edit; v1 is the last saved", True)
    ui.shot("applied-unsaved-whatif")


def test_a_duration_shorter_than_possible_says_so(ui, astana):
    scenario, _ = astana
    fit_for(ui, scenario, "10m")
    problems = ui.page.locator("#fit-problems li").all_inner_texts()
    assert "shorter than possible" in problems[0] and "22 min 36 s" in problems[0]
    ui.shot("too-short")


def test_a_version_opened_read_only_has_no_fit(ui, astana):
    scenario, _ = astana
    ui.open_workspace(scenario, "/versions/1")
    assert ui.page.locator("#fit-open").count() == 0
