"""The live day's API in process (httpx over ASGI): days, idempotent records, voids, refusals, corrections, the clock,
the report, and a day rebuilt from its records after a restart.

The parade is test_api's small one with a turn-off at 1,200 m that the colour guard leaves by, and the
falcons over the tribune at 10:40:00 (run-in from an IP 20 km out, no hold). Planned, by the plan JSON:
colour guard head at start 09:53:53.3 and at the tribune 10:05:00.0; falcons at the IP 10:36:45.6.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select
from test_api import AIR, PARADE, Client, imported, open_workspace

from paradeplan.web.app import create_app
from paradeplan.web.settings import settings
from paradeplan.web.storage import LiveRecordRow, Storage

LIVE_PARADE = PARADE.replace("    tribune: {at_m: 1000, label: Tribune}\n",
                             "    tribune: {at_m: 1000, label: Tribune}\n    turn-off: {at_m: 1200}\n").replace(
    "    files: 3\n", "    files: 3\n    leaves_at: turn-off\n") + AIR
ON_DAY = "2025-05-07T{}+05:00"


def live_url(scenario_id: int, tail: str = "") -> str:
    return f"/api/scenarios/{scenario_id}/live{tail}"


def passing(record_id: str, element: str = "colour-guard", point: str = "start", time: str | None = "09:54:53.3",
            edge: str = "head") -> dict:
    body = {"id": record_id, "element": element, "point": point, "edge": edge}
    return body | ({"time": ON_DAY.format(time)} if time is not None else {})


def started(client: Client) -> int:
    scenario_id = imported(client, LIVE_PARADE)
    response = client.post(live_url(scenario_id), json={"version": 1})
    assert response.status_code == 201, response.text
    return scenario_id


@pytest.fixture
def client(tmp_path) -> Client:
    return open_workspace(tmp_path)


@pytest.fixture
def day(tmp_path) -> tuple[Client, int]:
    client = open_workspace(tmp_path)
    return client, started(client)


def record(client: Client, scenario_id: int, body: dict):
    return client.post(live_url(scenario_id, "/events"), json=body)


# --- the day ---------------------------------------------------------------------------------------

def test_a_day_starts_on_a_saved_version(day):
    client, scenario_id = day
    shown = client.get(live_url(scenario_id)).json()
    assert {k: shown[k] for k in ("version", "live", "records", "last_seq", "ended")} == {
        "version": 1, "live": True, "records": 0, "last_seq": 0, "ended": None}


def test_a_second_day_cannot_start_while_one_runs(day):
    client, scenario_id = day
    assert client.post(live_url(scenario_id), json={"version": 1}).status_code == 409


def test_a_day_on_a_version_that_does_not_exist_is_not_found(client):
    scenario_id = imported(client, LIVE_PARADE)
    assert client.post(live_url(scenario_id), json={"version": 2}).status_code == 404


def test_a_scenario_that_never_ran_a_day_has_none_to_show(client):
    scenario_id = imported(client, LIVE_PARADE)
    assert client.get(live_url(scenario_id)).status_code == 404


def test_an_ended_day_is_shown_ended_and_cannot_end_again(day):
    client, scenario_id = day
    ended = client.post(live_url(scenario_id, "/end")).json()
    assert ((ended["live"], ended["ended_by"]), client.post(live_url(scenario_id, "/end")).status_code) == (
        (False, "local"), 409)


def test_the_clock_set_for_a_drill_is_the_days_clock(day):
    client, scenario_id = day
    shown = client.post(live_url(scenario_id, "/clock"), json={"time": ON_DAY.format("10:00:00"), "rate": 10}).json()
    assert (shown["clock"]["time"], shown["clock"]["rate"]) == ("2025-05-07T10:00:00.000+05:00", 10.0)


def test_a_clock_faster_than_600_times_is_refused(day):
    # 600 times plays an hour's parade in six seconds: drills and replays need no more
    client, scenario_id = day
    response = client.post(live_url(scenario_id, "/clock"), json={"time": ON_DAY.format("10:00:00"), "rate": 601})
    assert response.status_code == 422


# --- records ---------------------------------------------------------------------------------------

def test_a_record_is_201_then_200_with_the_same_stored_record_for_its_id(day):
    client, scenario_id = day
    first = record(client, scenario_id, passing("a1"))
    again = record(client, scenario_id, passing("a1"))
    assert (first.status_code, again.status_code, again.json()) == (201, 200, first.json())


def test_a_resent_id_is_stored_once_whatever_its_body_says(day):
    # a device resending after a lost reply: the first record stands, the second body is not read
    client, scenario_id = day
    record(client, scenario_id, passing("a1"))
    record(client, scenario_id, passing("a1", time="09:55:00"))
    records = client.get(live_url(scenario_id, "/events")).json()["records"]
    assert [(r["id"], r["time"]) for r in records] == [("a1", "2025-05-07T09:54:53.3+05:00")]


def test_a_stored_record_says_its_seq_who_recorded_it_and_when_it_came(day):
    client, scenario_id = day
    stored = record(client, scenario_id, passing("a1")).json()
    assert ({k: stored[k] for k in ("seq", "kind", "element", "point", "edge", "recorded_by")},
            stored["arrived"].endswith("+00:00")) == (
        {"seq": 1, "kind": "passing", "element": "colour-guard", "point": "start", "edge": "head",
         "recorded_by": "local"}, True)


def test_a_record_is_stored_when_the_reply_says_so(tmp_path, day):
    client, scenario_id = day
    record(client, scenario_id, passing("a1"))
    other = Storage(f"sqlite:///{tmp_path / 'paradeplan.db'}")  # a connection of its own: what is committed
    with other.reading() as session:
        assert session.scalars(select(LiveRecordRow.record_id)).all() == ["a1"]
    other.engine.dispose()


def test_a_record_writes_its_audit_row(day):
    client, scenario_id = day
    record(client, scenario_id, passing("a1"))
    newest = client.get("/api/audit").json()[0]
    assert (newest["action"], newest["subject"]) == ("live.record", f"scenario {scenario_id} day 1 seq 1: "
                                                     "a1: colour-guard head at start 2025-05-07T09:54:53.3+05:00")


def test_a_record_without_a_time_is_recorded_at_the_days_now(day):
    # the clock shows 10:00:00.0 now and runs at x1: the record made just after is at 10:00:00 and a few tenths
    client, scenario_id = day
    client.post(live_url(scenario_id, "/clock"), json={"time": ON_DAY.format("10:00:00"), "rate": 1})
    stored = record(client, scenario_id, passing("a1", point="tribune", time=None)).json()
    assert "2025-05-07T10:00:00.0+05:00" <= stored["time"] <= "2025-05-07T10:00:05.0+05:00"


def test_a_void_keeps_both_records_and_the_forecast_drops_the_voided_one(day):
    # the colour guard 60 s late at the start (09:54:53.3 against 09:53:53.3), then that record voided: on time again
    client, scenario_id = day
    record(client, scenario_id, passing("a1"))
    record(client, scenario_id, {"id": "v1", "void": "a1", "reason": "that was the band"})
    records = client.get(live_url(scenario_id, "/events")).json()["records"]
    guard = client.get(live_url(scenario_id, "/forecast")).json()["ground"][0]
    assert ([(r["seq"], r["kind"], r["id"]) for r in records], records[1]["void"], guard["delay_s"]) == (
        [(1, "passing", "a1"), (2, "void", "v1")], "a1", 0.0)


def test_a_record_can_be_voided_once(day):
    client, scenario_id = day
    record(client, scenario_id, passing("a1"))
    record(client, scenario_id, {"id": "v1", "void": "a1", "reason": "wrong block"})
    again = record(client, scenario_id, {"id": "v2", "void": "a1", "reason": "wrong block"})
    assert (again.status_code, again.json()["detail"]) == (422, "'a1' is voided already (by 'v1').")


def test_a_void_of_a_record_not_on_the_day_is_refused(day):
    client, scenario_id = day
    response = record(client, scenario_id, {"id": "v1", "void": "nothing", "reason": "wrong block"})
    assert (response.status_code, response.json()["detail"]) == (
        422, "There is no record 'nothing' on this day's record to void.")


@pytest.mark.parametrize(("body", "detail"), [
    (passing("a1", element="band"), "There is no element 'band' in this parade: check the id on your list."),
    (passing("a1", point="gate"), "There is no point 'gate' on the route: its points are start, tribune, turn-off, "
                                  "release."),
    (passing("a1", point="release"), "'colour-guard' does not pass 'release': it marches from start to turn-off."),
    (passing("a1", element="falcons", point="start"), "A formation is recorded at ip, tribune, not 'start'."),
    (passing("a1", element="falcons", point="hold-exit"), "'falcons' has no hold: record its ip or tribune."),
], ids=["unknown element", "unknown point", "ground element not passing there", "formation at a ground point",
        "formation without a hold"])
def test_a_record_the_plan_cannot_take_is_refused_in_words_a_marshal_understands(day, body, detail):
    client, scenario_id = day
    response = record(client, scenario_id, body)
    assert (response.status_code, response.json()) == (422, {"detail": detail})


def test_a_time_not_on_the_parade_day_is_refused(day):
    # 23:30 UTC on 7 May is 04:30 on 8 May in Almaty (UTC+5)
    client, scenario_id = day
    response = record(client, scenario_id, passing("a1") | {"time": "2025-05-07T23:30:00+00:00"})
    assert (response.status_code, response.json()["detail"]) == (
        422, "2025-05-07T23:30:00+00:00 is 2025-05-08 in Asia/Almaty, not the parade day (2025-05-07): check the "
             "date and the UTC offset.")


@pytest.mark.parametrize(("key", "text"), [("note", "\ud800"), ("id", "a\x00b")], ids=["lone surrogate", "NUL"])
def test_text_no_database_holds_is_refused(day, key, text):
    client, scenario_id = day
    body = json.dumps(passing("a1") | {key: text}).encode()  # a lone surrogate goes as its JSON escape
    response = client.post(live_url(scenario_id, "/events"), content=body, headers={"Content-Type": "application/json"})
    assert (response.status_code, response.json()["detail"]) == (
        422, f"{key} must be plain text: no NUL character, no lone surrogate.")


def test_a_record_for_a_scenario_that_does_not_exist_is_not_found(client):
    assert record(client, 999, passing("a1")).status_code == 404


def test_a_refused_record_is_not_stored(day):
    client, scenario_id = day
    record(client, scenario_id, passing("a1", element="band"))
    assert client.get(live_url(scenario_id, "/events")).json()["records"] == []


def test_a_record_without_a_running_day_is_refused(client):
    scenario_id = imported(client, LIVE_PARADE)
    assert record(client, scenario_id, passing("a1")).status_code == 409


def test_a_record_after_the_day_ended_is_refused(day):
    client, scenario_id = day
    client.post(live_url(scenario_id, "/end"))
    assert record(client, scenario_id, passing("a1")).status_code == 409


def test_the_records_after_a_seq(day):
    client, scenario_id = day
    for n in range(3):
        record(client, scenario_id, passing(f"a{n}", time=f"09:54:5{n}"))
    records = client.get(live_url(scenario_id, "/events?after=1")).json()["records"]
    assert [r["seq"] for r in records] == [2, 3]


def test_seqs_go_on_from_the_scenarios_last_day(day):
    # day 1 holds seqs 1 and 2, so day 2's first record is seq 3 and day 2 lists only its own
    client, scenario_id = day
    record(client, scenario_id, passing("a1"))
    record(client, scenario_id, passing("a2", point="tribune", time="10:06:00"))
    client.post(live_url(scenario_id, "/end"))
    client.post(live_url(scenario_id), json={"version": 1})
    stored = record(client, scenario_id, passing("a1")).json()
    records = client.get(live_url(scenario_id, "/events")).json()["records"]
    assert (stored["seq"], [r["seq"] for r in records]) == (3, [3])


def test_records_are_never_changed(tmp_path, day):
    client, scenario_id = day
    record(client, scenario_id, passing("a1"))
    storage = Storage(f"sqlite:///{tmp_path / 'paradeplan.db'}")
    with pytest.raises(PermissionError), storage.writing() as session:
        session.scalars(select(LiveRecordRow)).one().kind = "void"
    storage.engine.dispose()


# --- the forecast, corrections and the report ---------------------------------------------------------

def test_the_forecast_is_the_forecast_json_with_the_day_and_seq(day):
    # the colour guard 60 s late at the start pushes the floats behind it: D = 60 - 8.4 s of slack = 51.6 s
    client, scenario_id = day
    record(client, scenario_id, passing("a1"))
    shown = client.get(live_url(scenario_id, "/forecast")).json()
    assert ((shown["seq"], shown["day"]["last_seq"]), [(g["id"], g["delay_s"]) for g in shown["ground"]]) == (
        (1, 1), [("colour-guard", 60.0), ("floats", 51.6)])


def late_day(client: Client, scenario_id: int) -> None:
    """The colour guard 60 s late at the start, the falcons 20 s late at the IP (10:37:05.6 against 10:36:45.6)."""
    record(client, scenario_id, passing("a1"))
    record(client, scenario_id, passing("f1", element="falcons", point="ip", time="10:37:05.6"))


def test_issuing_a_correction_stores_a_decision_and_makes_it_an_order(day):
    client, scenario_id = day
    late_day(client, scenario_id)
    body = {"id": "d1", "correction": "air-speed:falcons", "action": "issue"}
    first = client.post(live_url(scenario_id, "/corrections"), json=body)
    again = client.post(live_url(scenario_id, "/corrections"), json=body)
    orders = client.get(live_url(scenario_id, "/forecast")).json()["orders"]
    assert ((first.status_code, first.json()["kind"]), again.status_code, [o["key"] for o in orders]) == (
        (201, "decision"), 200, ["air-speed:falcons"])


def test_a_correction_not_offered_now_is_refused(day):
    client, scenario_id = day
    response = client.post(live_url(scenario_id, "/corrections"),
                           json={"id": "d1", "correction": "air-speed:falcons", "action": "issue"})
    assert (response.status_code, response.json()["detail"]) == (
        422, "There is no correction 'air-speed:falcons' now: the forecast has changed; look at the list again.")


def test_the_report_gives_planned_actual_and_forecast_for_every_element_point_and_edge(day):
    # colour guard: start, tribune, turn-off x head, tail; floats: the four points x 2; falcons: ip, tribune
    client, scenario_id = day
    record(client, scenario_id, passing("a1"))
    lines = client.get(live_url(scenario_id, "/report.csv")).text.splitlines()
    assert (len(lines), lines[1]) == (1 + 6 + 8 + 2, "colour-guard,colour-guard,no,start,head,"
            "2025-05-07T09:53:53.3+05:00,2025-05-07T09:54:53.3+05:00,60.0,2025-05-07T09:54:53.3+05:00,60.0")


def test_after_a_restart_the_day_is_rebuilt_from_its_records_alone(tmp_path, day):
    client, scenario_id = day
    late_day(client, scenario_id)
    before = client.get(live_url(scenario_id, "/forecast")).json()
    restarted = open_workspace(tmp_path)
    after = restarted.get(live_url(scenario_id, "/forecast")).json()
    assert ({k: after[k] for k in ("ground", "air", "corrections", "seq")}, after["day"]["records"]) == (
        {k: before[k] for k in ("ground", "air", "corrections", "seq")}, 2)


# --- on PostgreSQL too -----------------------------------------------------------------------------

def test_records_are_idempotent_and_voidable_on_both_databases(database_url, tmp_path):
    client = Client(create_app(settings(db=database_url, examples=tmp_path / "no-examples")))
    try:
        scenario_id = started(client)
        codes = [record(client, scenario_id, passing("a1")).status_code,
                 record(client, scenario_id, passing("a1")).status_code,
                 record(client, scenario_id, {"id": "v1", "void": "a1", "reason": "wrong block"}).status_code]
        records = client.get(live_url(scenario_id, "/events")).json()["records"]
        assert (codes, [(r["seq"], r["id"]) for r in records]) == ([201, 200, 201], [(1, "a1"), (2, "v1")])
    finally:
        client.app.state.workspace.storage.engine.dispose()
