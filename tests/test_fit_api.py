"""POST /api/fit, the workspace's Fit panel's route, through HTTP: the small parade of test_api fitted to a slot.

Worked by hand (test_api.PARADE: a 1 km approach to the tribune, everyone at 5.4 km/h = 1.5 m/s):
- the colour guard, 4 ranks 1.5 m apart = 4.5 m, passes the tribune in 4.5 / 1.5 = 3.0 s (10:05:00.0 - 10:05:03.0);
- the floats, 2 vehicles of 9 m 10 m apart = 28 m, pass in 28 / 1.5 = 18.7 s, 15 s (default_gap_s) after the guard;
- so the tribune span is 3.0 + 15 + 18.7 = 36.7 s. A 1 min goal needs a gap of 60 - 3.0 - 18.7 = 38.3 s, 38 s in
  whole seconds (a span of 59.7 s, "1 min 0 s"); the shortest span has the least road gap, 10 m = 6.7 s at 1.5 m/s:
  3.0 + 6.7 + 18.7 = 28.4 s, "28 s".
- with the falcons (AIR) over the tribune at 10:40:00, 30 s after the last ground tail (10:05:36.7) is 10:06:06.7.
"""

from __future__ import annotations

import pytest
from test_api import AIR, PARADE, Client, imported, line_of, open_workspace

FITTED_1_MIN = PARADE.replace("    speed_kmh: 5.4\n", "    speed_kmh: 5.4\n    gap_before_s: 38\n")
BAD_DURATION = ("goals.duration: 'abc' is not a duration: write it as 26m, 1h5m, 90s or 24:30 (minutes and "
                "seconds)")


@pytest.fixture
def client(tmp_path) -> Client:
    return open_workspace(tmp_path)


def fitted(client: Client, text: str = PARADE, **goals) -> dict:
    response = client.post("/api/fit", json={"yaml": text, "filename": "parade.yaml", "goals": goals})
    assert response.status_code == 200, response.text
    return response.json()


def refused(client: Client, text: str = PARADE, **goals) -> dict:
    response = client.post("/api/fit", json={"yaml": text, "filename": "parade.yaml", "goals": goals})
    assert response.status_code == 422, response.text
    return response.json()


def test_a_duration_goal_sets_the_gap_that_fills_it(client):
    changes = fitted(client, duration="1m")["changes"]
    assert [(c["id"], c["gap"], c["moved"]) for c in changes] == [("floats", "15 s \u2192 38 s", "+23.0 s")]


def test_the_revised_text_is_the_posted_one_with_only_the_gap_added(client):
    assert fitted(client, duration="1m")["yaml"] == FITTED_1_MIN


def test_the_revised_text_keeps_every_comment_line(client):
    revised = fitted(client, duration="1m")["yaml"].splitlines()
    comments = [line for line in PARADE.splitlines() if "#" in line]
    assert [line for line in comments if line not in revised] == []


def test_the_new_summary_has_the_span_asked(client):
    summary = fitted(client, duration="1m")["summary_after"]
    assert summary[1] == "Tribune: first head 10:05:00.0, last tail 10:05:59.7 (1 min 0 s)"


def test_the_answer_carries_the_summary_before_the_fit(client):
    summary = fitted(client, duration="1m")["summary_before"]
    assert summary[1] == "Tribune: first head 10:05:00.0, last tail 10:05:36.7 (37 s)"


def test_a_goal_given_overrides_the_texts_fit_block(client):
    with_block = PARADE + "fit:\n  duration: 2m\n"
    assert fitted(client, with_block, duration="1m")["edits"] == [{"path": ["ground", 1, "gap_before_s"], "value": 38}]


def test_a_slot_given_replaces_the_texts_slot_of_another_kind(client):
    # the block's finish_by would be a second slot beside the duration asked: the one asked wins, as on the command line
    with_block = PARADE + 'fit:\n  finish_by: "10:30:00"\n'
    assert fitted(client, with_block, duration="1m")["edits"] == [{"path": ["ground", 1, "gap_before_s"], "value": 38}]


def test_with_no_goal_posted_the_texts_fit_block_is_fitted(client):
    with_block = PARADE + "fit:\n  duration: 1m\n"
    assert fitted(client, with_block)["edits"] == [{"path": ["ground", 1, "gap_before_s"], "value": 38}]


def test_the_flypast_lines_up_after_the_ground(client):
    air = fitted(client, PARADE + AIR, flypast_after_ground="30s")["air"]
    assert air == ("the air segment moves 33 min 53 s earlier as one: its first formation over Tribune at "
                   "10:06:06.7 (was 10:40:00.0)")


def test_a_goal_shorter_than_possible_says_the_shortest(client):
    answer = refused(client, duration="20s")
    assert answer["detail"] == ("A duration of 20 s at Tribune is shorter than possible: the shortest possible "
                                "duration with every gap at its minimum at the written speeds is 28 s.")


def test_goals_that_cannot_be_met_list_every_sentence_and_say_not_fitted(client):
    answer = refused(client, duration="20s")
    assert (answer["fitted"], answer["problems"][0], len(answer["problems"])) == (False, answer["detail"], 2)


def test_a_goal_that_is_not_a_duration_is_refused_in_one_line(client):
    assert refused(client, duration="abc")["detail"] == BAD_DURATION


def test_two_slots_are_refused(client):
    answer = refused(client, duration="1m", finish_by="10:20:00")
    assert answer["detail"] == "goals: give only one of duration, finish_by"


def test_no_goal_at_all_is_refused(client):
    assert refused(client)["detail"].startswith("no goal to fit")


def test_a_text_that_does_not_load_answers_the_loaders_located_problems(client):
    broken = PARADE.replace("ranks: 4", "ranks: four")
    problems = refused(client, broken, duration="1m")["problems"]
    assert [(p["path"], p["line"]) for p in problems] == [("ground[0].ranks", line_of(broken, "ranks: four"))]


def test_a_goal_of_the_wrong_type_is_a_request_problem(client):
    problems = refused(client, duration="1m", speeds="maybe")["problems"]
    assert [p["path"] for p in problems] == ["body.goals.speeds"]


def test_fitting_stores_nothing(client):
    scenario_id = imported(client)
    fitted(client, duration="1m")
    assert [v["number"] for v in client.get(f"/api/scenarios/{scenario_id}/versions").json()] == [1]
