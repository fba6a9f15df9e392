"""What the workspace reads from the plan JSON beside the plan itself: short labels, the passes at the tribune,
where and when to show a finding, the parade's spans and the air drawn at its altitude.

conftest's avenue runs due north from (10.0, 50.0); the colour guard marches at 1.5 m/s, 3 m wide and
4.5 m long (3 s to pass), its head at the tribune (1,000 m) at 10:05:00 (UTC+5).
"""

from __future__ import annotations

import pytest
from conftest import FOOT, element, plan_of
from test_air import air_plan, formation

from paradeplan.views.labels import MAX_LABEL_CHARS, short_labels
from paradeplan.views.plan_json import AIR_PASSING_S, plan_dict

REGIONS = [f"Land Forces - Regional Command {region}" for region in ("Astana", "East", "West", "South")]
# 'second' follows the guard's tail (10:05:03) by 10.44 s: head at the tribune 10:05:13.4, tail 10:05:16.4
TWO_BLOCKS = (FOOT, element(FOOT, id="second", name="Second block", gap_before_s=10.44))
NARROW_GATE = {"stretches": [{"from_m": 400, "to_m": 600, "width_m": 2}]}  # the guard is 3 m wide


# --- labels -------------------------------------------------------------------------------------

def test_a_name_that_fits_is_its_own_label():
    assert short_labels(["Colour guard"]) == ["Colour guard"]


def test_long_names_alike_keep_the_words_that_tell_them_apart():
    assert short_labels(REGIONS) == ["Land Forces … Astana", "Land Forces … East", "Land Forces … West",
                                     "Land Forces … South"]


def test_a_long_name_unlike_the_others_keeps_its_first_words():
    assert short_labels(["Military Engineering Institute of Radio Electronics and Communications"]) == [
        "Military Engineering…"]


def test_a_shortened_label_does_not_end_on_a_small_word():
    # "Military Institute of" would fit; "of" reads as if something were cut, so it goes
    assert short_labels(["Military Institute of the Land Forces"]) == ["Military Institute…"]


def test_two_names_alike_to_their_last_word_keep_two_last_words():
    assert short_labels(["Military Institute of the Land Forces", "Military Institute of the Navy Forces"]) == [
        "Military … Land Forces", "Military … Navy Forces"]


def test_a_label_that_reads_like_another_elements_name_is_numbered():
    # in 20 characters the institute can only be "… Air Defence Forces", which reads as the forces' own name
    labels = short_labels(["Air Defence Forces", "Military Institute of the Land Forces",
                           "Military Institute of the Air Defence Forces"], max_chars=20)
    assert labels[2] == "… Air Defence Forces 2"


def test_equal_names_are_numbered():
    assert short_labels(["Band", "Band"]) == ["Band", "Band 2"]


def test_no_label_is_longer_than_the_limit():
    names = [*REGIONS, "Supercalifragilisticexpialidocious-and-then-some", "A " * 40]
    assert max(len(label) for label in short_labels(names)) <= MAX_LABEL_CHARS


def test_the_plan_json_gives_each_element_its_label():
    plan = plan_of(element(FOOT, name=REGIONS[1]))
    assert plan_dict(plan)["ground"][0]["label"] == "Land Forces - Regional…"


# --- passes at the tribune ----------------------------------------------------------------------

def test_the_passes_come_in_the_order_they_reach_the_tribune():
    passes = plan_dict(plan_of(*reversed(TWO_BLOCKS)))["passes"]
    assert [p["id"] for p in passes] == ["second", "colour-guard"]


def test_a_pass_runs_from_head_to_tail_at_the_tribune():
    second = plan_dict(plan_of(*TWO_BLOCKS))["passes"][1]
    assert (second["start"], second["end"]) == ("2025-05-07T10:05:13.4+05:00", "2025-05-07T10:05:16.4+05:00")


def test_a_formation_passes_for_a_few_seconds_from_its_time_over_the_tribune():
    passes = plan_dict(air_plan(formation()))["passes"]
    flypast = next(p for p in passes if p["air"])
    assert (flypast["start"], flypast["end"]) == ("2025-05-07T10:40:00.0+05:00",
                                                  f"2025-05-07T10:40:{AIR_PASSING_S:04.1f}+05:00")


# --- where and when to show a finding -----------------------------------------------------------

def test_a_finding_without_a_time_is_shown_when_its_element_reaches_its_place():
    # the guard's head reaches 400 m 600 m before the tribune: 600 / 1.5 = 400 s before 10:05:00
    finding = plan_dict(plan_of(FOOT, route=NARROW_GATE))["findings"][0]
    assert (finding["code"], "time" in finding, finding["show_at"]) == (
        "too-wide", False, "2025-05-07T09:58:20.0+05:00")


def test_a_finding_with_a_place_has_its_position_on_the_route():
    # 400 m due north of 50.0 N: 400 / 111,229 m a degree of latitude there = 0.0035962 deg
    position = plan_dict(plan_of(FOOT, route=NARROW_GATE))["findings"][0]["position"]
    assert (position["lon"], position["lat"]) == (10.0, pytest.approx(50.0035962, abs=1e-7))


def test_a_finding_with_a_time_is_shown_at_that_time():
    # 'second' 2 s (3 m) behind the guard's tail, closer than the 10 m the timing asks: found at a time
    plan = plan_of(FOOT, element(FOOT, id="second", gap_before_s=2))
    finding = next(f for f in plan_dict(plan)["findings"] if "time" in f)
    assert finding["show_at"] == finding["time"]


# --- spans and the air's altitude ---------------------------------------------------------------

def test_the_summary_gives_the_span_at_the_tribune():
    # first head 10:05:00, last tail 10:05:16.44
    assert plan_dict(plan_of(*TWO_BLOCKS))["summary"]["tribune_span_s"] == 16.4


def test_the_summary_gives_the_span_from_step_off_to_completion():
    # heads leave the start 666.7 s before their tribune times; the last tail clears the release 666.7 s after
    # its own: 10:05:16.44 + 666.67 - (10:05:00 - 666.67) = 1,349.8 s
    assert plan_dict(plan_of(*TWO_BLOCKS))["summary"]["parade_span_s"] == 1349.8


def test_the_air_is_drawn_at_its_altitude():
    # 1,000 ft x 0.3048 = 304.8 m above the ground
    features = plan_dict(air_plan(formation()))["geometry"]["features"]
    ip = next(f for f in features if f["properties"]["kind"] == "ip")
    assert (ip["geometry"]["coordinates"][2], ip["properties"]["altitude_m"]) == (304.8, 304.8)
