"""Reading a record: what a marshal sends, checked against the plan, and what is wrong said in words.

conftest's parade is on 7 May 2025 in Asia/Almaty (UTC+5); its points are start, tribune, turn-off and
release; a vehicle column here leaves at the turn-off.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from conftest import FOOT, VEHICLES, element, plan_of
from test_live_forecast import formation

from paradeplan.live.records import (
    Passing,
    RecordError,
    Void,
    read_record,
    read_records_jsonl,
    record_from_json,
    record_json,
)
from paradeplan.load.problems import ScenarioError

NOON_UTC = dt.datetime(2025, 5, 7, 7, 0, tzinfo=dt.UTC)  # 12:00 in Astana


def parade():
    return plan_of(FOOT, element(VEHICLES, leaves_at="turn-off", gap_before_s=60),
                   air={"formations": [formation("lead", "10:40:00")]})


def body(**changes) -> dict:
    return {"id": "r1", "element": "colour-guard", "point": "start", "edge": "head",
            "time": "2025-05-07T09:55:00+05:00", **changes}


def refused(**changes) -> RecordError:
    with pytest.raises(RecordError) as caught:
        read_record(parade(), body(**changes), now=NOON_UTC)
    return caught.value


def test_a_passing_is_read_as_seconds_after_local_midnight():
    # 09:55:00 = 35,700 s
    assert read_record(parade(), body(), now=NOON_UTC) == Passing("r1", "colour-guard", "start", "head", 35700.0)


def test_a_time_in_another_offset_is_the_same_moment():
    # 04:55 UTC is 09:55 in Astana
    assert read_record(parade(), body(time="2025-05-07T04:55:00Z"), now=NOON_UTC).time_s == 35700.0


def test_without_a_time_the_record_is_now():
    # 07:00 UTC = 12:00 local = 43,200 s
    assert read_record(parade(), body(time=None), now=NOON_UTC).time_s == 43200.0


def test_a_void_names_the_record_it_takes_back():
    void = read_record(parade(), {"id": "r2", "void": "r1", "reason": "wrong block"}, now=NOON_UTC)
    assert void == Void("r2", "r1", "wrong block")


def test_an_unknown_element_is_refused_in_words():
    assert str(refused(element="band")) == "There is no element 'band' in this parade: check the id on your list."


def test_an_unknown_point_lists_the_route_points():
    assert "its points are start, tribune, turn-off, release" in str(refused(point="gate"))


def test_an_element_that_does_not_pass_the_point_says_where_it_marches():
    message = str(refused(element="buk", point="release"))
    assert message == "'buk' does not pass 'release': it marches from start to turn-off."


def test_a_formation_without_a_hold_has_no_hold_exit():
    assert str(refused(element="lead", point="hold-exit")) == "'lead' has no hold: record its ip or tribune."


def test_a_formation_is_recorded_by_its_lead():
    assert refused(element="lead", point="ip", edge="tail").key == "edge"


def test_a_time_on_another_day_is_refused():
    assert "not the parade day (2025-05-07)" in str(refused(time="2025-05-08T09:55:00+05:00"))


def test_a_time_without_an_offset_is_refused():
    assert "has no UTC offset" in str(refused(time="2025-05-07T09:55:00"))


def test_an_unknown_key_is_refused():
    assert refused(colour="red").key == "colour"


def test_a_missing_id_is_refused():
    assert refused(id="").key == "id"


def test_a_record_goes_to_json_and_back():
    plan = parade()
    record = Passing("r1", "colour-guard", "start", "tail", 35700.5, "band slow")
    assert record_from_json(plan, record_json(plan, record)) == record


def test_a_records_file_reports_every_problem_with_its_line():
    lines = [json.dumps(body()), "", "{oops", json.dumps(body(id="r3", point="gate"))]
    with pytest.raises(ScenarioError) as caught:
        read_records_jsonl(parade(), "\n".join(lines), "day.jsonl")
    assert [(p.line, p.path) for p in caught.value.problems] == [(3, ""), (4, "point")]


def test_a_records_file_may_not_void_a_record_it_does_not_have():
    lines = [json.dumps({"id": "r2", "void": "r9", "reason": "typo"})]
    with pytest.raises(ScenarioError, match=r"day\.jsonl:1: void: voids 'r9', which is not on the record"):
        read_records_jsonl(parade(), "\n".join(lines), "day.jsonl")
