"""The what-if: the workspace shows the plan of the editor's unsaved text as it is typed, says so,
goes back to the saved plan in one click and compares the two (see conftest.py for the fixtures).

Each test makes its own copy of Astana and changes `default_gap_s` from 15 to 5 in the editor:
the foot blocks close up, so their tribune times move earlier and the planner finds 23 errors.
"""

from __future__ import annotations

import pytest

from .test_browser_workspace import clock_of, clock_s, example_yaml, replace_in_editor

pytestmark = pytest.mark.browser

MOVED = "land-forces-east"  # a block behind seven default gaps (national-defence-university on), each 10 s shorter
EDITED = "s.edited && s.tripsFollowPlan"  # the edit shown, with its own agents


def counts(findings) -> str:
    """The findings pane's count, as the pane words it."""
    errors = sum(f["severity"] == "error" for f in findings)
    warnings = len(findings) - errors
    return (f"{errors} error{'' if errors == 1 else 's'}, {warnings} warning{'' if warnings == 1 else 's'}"
            if findings else "none")


def tribune_head(ui, element_id: str) -> str:
    """The march table's tribune head time of an element, as shown."""
    column = ui.page.locator("#march-table th").all_inner_texts().index("tribune head")
    return ui.page.locator(f'#march-table tr[data-id="{element_id}"] td').nth(column).inner_text()


@pytest.fixture
def edit(server):
    """A copy of Astana, its saved plan, and the plan of its text with default_gap_s 5 (not saved)."""
    text = example_yaml(server)
    scenario = server.new_scenario(text)
    edited = text.replace("default_gap_s: 15", "default_gap_s: 5")
    saved_plan = server.api(f"/api/scenarios/{scenario}/plan")
    edited_plan = server.api("/api/validate", {"yaml": edited, "filename": "astana-2025.yaml"})["plan"]
    return scenario, saved_plan, edited_plan


def open_and_edit(ui, scenario):
    ui.open_workspace(scenario)
    ui.wait_for("s.lastValidation !== null")
    replace_in_editor(ui, "default_gap_s: 15", "default_gap_s: 5")
    ui.wait_for(EDITED)


def test_the_unsaved_edit_is_shown_everywhere_and_says_so(ui, edit):
    scenario, saved_plan, edited_plan = edit
    ui.open_workspace(scenario)
    assert ui.page.inner_text("#findings-count") == counts(saved_plan["findings"]) == "none"
    saved_time = tribune_head(ui, MOVED)
    replace_in_editor(ui, "default_gap_s: 15", "default_gap_s: 5")
    ui.wait_for(EDITED)
    edited_time = clock_of(next(g for g in edited_plan["ground"] if g["id"] == MOVED)["times"]["tribune"]["head"])
    # seven default gaps up to it, each 15 -> 5 s: 7 x 10 = 70 s earlier, 11:24:29.8 -> 11:23:19.8
    assert clock_s(saved_time) - clock_s(edited_time) == pytest.approx(70)
    assert tribune_head(ui, MOVED) == edited_time
    assert ui.page.inner_text("#findings-count") == counts(edited_plan["findings"]) == "23 errors, 0 warnings"
    assert ui.page.inner_text("#findings-source") == "your edit"
    # the editor's status and the findings pane tell the same count
    assert "23 errors" in ui.page.inner_text("#editor-status")
    banner = ui.page.inner_text("#whatif-text")
    assert banner == "Unsaved changes: showing your edit; v1 is the last saved"
    assert "23 errors" in ui.state("summary")
    ui.shot("unsaved-whatif")


def test_show_saved_goes_back_and_keeps_the_text(ui, edit):
    scenario, saved_plan, _ = edit
    open_and_edit(ui, scenario)
    edited_time = tribune_head(ui, MOVED)
    ui.page.click("#show-saved")
    ui.wait_for("!s.edited && s.tripsFollowPlan")
    saved_time = clock_of(next(g for g in saved_plan["ground"] if g["id"] == MOVED)["times"]["tribune"]["head"])
    assert tribune_head(ui, MOVED) == saved_time != edited_time
    assert ui.page.inner_text("#findings-count") == "none"
    assert "default_gap_s: 5" in ui.page.inner_text(".cm-content")
    assert ui.page.inner_text("#whatif-text") == "Unsaved changes: showing v1, the last saved, not your edit"
    ui.shot("saved-shown")
    ui.page.click("#show-edit")
    ui.wait_for(EDITED)
    assert tribune_head(ui, MOVED) == edited_time


def test_compare_with_saved_shows_the_moved_elements_and_the_findings(ui, edit):
    scenario, saved_plan, edited_plan = edit
    open_and_edit(ui, scenario)
    ui.page.click("#compare-saved")
    row = ui.page.locator(f'#compare-moved tr[data-id="{MOVED}"]')
    row.wait_for()
    saved = next(g for g in saved_plan["ground"] if g["id"] == MOVED)["times"]["tribune"]["head"]
    edited = next(g for g in edited_plan["ground"] if g["id"] == MOVED)["times"]["tribune"]["head"]
    cells = row.locator("td").all_inner_texts()
    assert cells[1:3] == [clock_of(saved), clock_of(edited)]
    assert cells[3] == "-70.0 s"  # 11:24:29.8 -> 11:23:19.8
    # 0 -> 23 errors: the change in findings leads the comparison
    assert ui.page.inner_text("#compare-findings-counts").endswith("0 errors, 0 warnings → 23 errors, 0 warnings")
    ui.shot("compared-with-saved")
    ui.page.get_by_role("button", name="Close").click()
    assert not ui.page.locator("#compare-dialog").is_visible()


def test_an_edit_that_does_not_load_says_the_plan_is_not_the_edit(ui, edit):
    scenario, _, _ = edit
    ui.open_workspace(scenario)
    ui.wait_for("s.lastValidation !== null")
    replace_in_editor(ui, "cadence_spm: 112", "cadence_spm: -112")
    ui.wait_for("s.lastValidation && s.lastValidation.problems.length > 0")
    assert ui.page.inner_text("#whatif-text") == "Your edit does not load (1 problem): showing v1, the last saved"
    assert ui.page.get_attribute("#whatif", "data-kind") == "problem"
    assert ui.state("edited") is False
    ui.shot("edit-does-not-load")


def test_after_a_save_the_banner_goes_away(ui, edit):
    scenario, _, edited_plan = edit
    open_and_edit(ui, scenario)
    ui.page.fill("#save-message", "Default gap 5 s")
    ui.page.click("#save")
    ui.page.locator("#save-result", has_text="Saved as version 2").wait_for()
    ui.wait_for("s.version === 2 && !s.edited && s.tripsFollowPlan")
    assert ui.page.locator("#whatif").is_hidden()
    assert ui.page.inner_text("#findings-count") == counts(edited_plan["findings"])
    assert ui.page.inner_text("#findings-source") == "v2"
    ui.shot("saved-banner-gone")


def test_without_the_trips_of_an_edit_the_agents_are_hidden_and_it_says_so(ui, edit):
    """A server without POST /api/trips: the edit's plan is shown, the saved plan's agents are not."""
    scenario, _, edited_plan = edit
    ui.page.route("**/api/trips", lambda route: route.fulfill(status=404, json={"detail": "Not Found"}))
    ui.open_workspace(scenario)
    ui.wait_for("s.lastValidation !== null")
    replace_in_editor(ui, "default_gap_s: 15", "default_gap_s: 5")
    ui.page.locator("#whatif", has_text="agents not shown for the edit").wait_for()
    assert ui.state("edited") is True
    assert ui.state("tripsLoaded") is False
    assert ui.page.inner_text("#findings-count") == counts(edited_plan["findings"])
    ui.shot("edit-without-agents")
