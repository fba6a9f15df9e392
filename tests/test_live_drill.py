"""The drill: one rehearsal run as the records its checkpoints would send, worked by hand; then played into a real
server with `paradeplan drill`.

The parade is conftest's straight avenue (start 0 m, tribune 1,000 m at 10:05:00, turn-off 1,200 m, release
2,000 m; min_gap_m 10, default_gap_s 15) with two foot blocks (4 ranks x 3 files at 1.5 m/s: 4.5 m long, a
3 s pass time) and one formation: a lead at 200 kt TAS (102.889 m/s) over the tribune at 10:40:00, running in
due north from an IP 20 km out, its hold fix 10 km behind the IP on the run-in line.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
from pathlib import Path

import numpy as np
import pytest
from conftest import FOOT, element, plan_of, scenario_dict
from test_two_processes import PASSWORD, call, serving
from typer.testing import CliRunner

from paradeplan import drill_cli, make_plan
from paradeplan.cli import app
from paradeplan.live.drill import DrillRecord, drill_records
from paradeplan.live.forecast import forecast
from paradeplan.live.records import Passing
from paradeplan.load.scenario import load_scenario
from paradeplan.model.uncertainty import Uncertainty
from paradeplan.rehearse.runs import Chunk, draw_chunk, rehearsal_model, rehearse
from paradeplan.web.accounts import Accounts
from paradeplan.web.storage import SYSTEM, Storage

INLINE = {"category": "fixed-wing", "min_kt": 100, "max_kt": 350}
STILL = {name: 0 for name in Uncertainty.model_fields}  # no spread at all: the run is the plan
HOLD_30_KM_SOUTH = {"lon": 10.0, "lat": 49.73927088}  # 30 km due south of the tribune: 10 km behind the IP
LEAD = {"id": "lead", "aircraft": INLINE, "tas_kt": 200, "altitude_ft": 1000, "over_tribune": "10:40:00",
        "run_in": {"heading_deg": 0, "ip_distance_km": 20}, "hold": HOLD_30_KM_SOUTH}
POINTS = ("start", "tribune", "turn-off", "release")
runner = CliRunner()
DRILL_SPEED = 600  # the fastest clock the server takes (web/live/store.MAX_CLOCK_RATE)


def parade(*, uncertainty=None, formations=(LEAD,)):
    changes = {"air": {"formations": list(formations)}}
    if uncertainty is not None:
        changes["uncertainty"] = uncertainty
    return plan_of(FOOT, element(FOOT, id="second"), **changes)


def parade_plan(file: Path):
    return make_plan(load_scenario(file), vehicles={}, aircraft={})


def at(records: list[DrillRecord]) -> dict[tuple[str, str, str], float]:
    return {(r.element, r.point, r.edge): r.time_s for r in records}


# --- the pure part ----------------------------------------------------------------------------------

def test_without_spread_the_drill_is_the_plan():
    # colour-guard: head over the tribune at 10:05:00 = 36,300 s; it marched 1,000 m at 1.5 m/s from the start,
    # 666.667 s: 35,633.333; turn-off 200 m on, +133.333: 36,433.333; release 800 m further, +533.333: 36,966.667.
    # Tails 4.5 m / 1.5 m/s = 3 s after. 'second' is 3 s pass + 15 s gap = 18 s behind it everywhere.
    # lead: tribune 38,400 s; IP 20,000 m / 102.889 m/s = 194.384 s before, 38,205.616; hold exit
    # 10,000 / 102.889 = 97.192 s before the IP, 38,108.424.
    times = at(drill_records(parade(uncertainty=STILL), seed=0))
    first = {"start": 35_633.333, "tribune": 36_300.0, "turn-off": 36_433.333, "release": 36_966.667}
    expected = {}
    for point, head in first.items():
        expected |= {("colour-guard", point, "head"): head, ("colour-guard", point, "tail"): head + 3,
                     ("second", point, "head"): head + 18, ("second", point, "tail"): head + 21}
    expected |= {("lead", "hold-exit", "head"): 38_108.424, ("lead", "ip", "head"): 38_205.616,
                 ("lead", "tribune", "head"): 38_400.0}
    assert times.keys() == expected.keys()
    for key, value in expected.items():
        assert times[key] == pytest.approx(value, abs=0.01), key


def test_the_same_seed_gives_the_same_records_and_another_seed_others():
    plan = parade()
    assert drill_records(plan, seed=7) == drill_records(plan, seed=7)
    assert at(drill_records(plan, seed=7)) != at(drill_records(plan, seed=8))


def test_every_point_each_element_passes_appears_once_per_edge_in_time_order():
    # two blocks x 4 points x head and tail = 16, and the lead's hold exit, IP and tribune by its head: 19
    records = drill_records(parade(), seed=3)
    keys = [(r.element, r.point, r.edge) for r in records]
    blocks = {(e, p, edge) for e in ("colour-guard", "second") for p in POINTS for edge in ("head", "tail")}
    assert len(keys) == len(set(keys)) == 19
    assert set(keys) == blocks | {("lead", p, "head") for p in ("hold-exit", "ip", "tribune")}
    times = [r.time_s for r in records]
    assert times == sorted(times)


def test_a_formation_without_a_hold_is_recorded_at_its_ip_and_the_tribune():
    no_hold = {key: value for key, value in LEAD.items() if key != "hold"}
    records = drill_records(parade(formations=(no_hold,)), seed=3)
    assert [r.point for r in records if r.element == "lead"] == ["ip", "tribune"]


def test_the_tail_passes_one_length_over_the_drawn_speed_after_the_head():
    # the cadence is drawn once a run (1 pace a minute spread around 120): a block 4.5 m long at, say,
    # 1.51 m/s passes in 4.5 / 1.51 = 2.980 s, at every point alike
    plan = parade()
    drawn_mps = draw_chunk(rehearsal_model(plan), Chunk(0, 5, 1)).speed_mps[0]
    assert not np.allclose(drawn_mps, 1.5)
    times = at(drill_records(plan, seed=5))
    for row, block in enumerate(("colour-guard", "second")):
        for point in POINTS:
            pass_s = times[block, point, "tail"] - times[block, point, "head"]
            assert pass_s == pytest.approx(4.5 / drawn_mps[row], abs=1e-9)


@pytest.mark.parametrize(("seed", "leader_s", "follower_s"), [(0, 7.218, -1.115), (3, 2.620, 0.245)])
def test_a_late_leader_holds_its_follower_through_the_spare_gap(seed, leader_s, follower_s):
    # Step-offs drawn (5 s spread), speeds as planned: the leader's error e1 carries unchanged to every point.
    # 'second' is 27 m behind its head, 22.5 m behind its tail: 12.5 m (8.333 s) over the 10 m minimum. So it
    # is late by its own error e2, or held to e1 - 8.333 when that is later, the same at every point.
    # Seed 0 draws e1 = 7.218, e2 = -4.480: held to 7.218 - 8.333 = -1.115. Seed 3: e1 = 2.620, e2 = 0.245:
    # 2.620 - 8.333 is earlier than 0.245, so 'second' goes free.
    plan = parade(uncertainty=STILL | {"step_off_sd_s": 5})
    assert draw_chunk(rehearsal_model(plan), Chunk(0, seed, 1)).step_off_error_s[0][0] == pytest.approx(
        leader_s, abs=1e-3)
    planned = at(drill_records(parade(uncertainty=STILL), seed=0))
    times = at(drill_records(plan, seed=seed))
    for point in POINTS:
        for edge in ("head", "tail"):
            assert times["colour-guard", point, edge] - planned["colour-guard", point, edge] == pytest.approx(
                leader_s, abs=1e-3)
            assert times["second", point, edge] - planned["second", point, edge] == pytest.approx(
                follower_s, abs=1e-3)


def test_the_lead_reaches_the_ip_as_late_as_it_left_the_hold_in_the_planned_wind():
    # without a wind spread the 10 km leg takes its planned 97.192 s whatever the exit error
    times = at(drill_records(parade(uncertainty=STILL | {"hold_exit_sd_s": 5}), seed=4))
    assert times["lead", "ip", "head"] - times["lead", "hold-exit", "head"] == pytest.approx(97.192, abs=1e-3)


def test_the_drill_plays_the_run_the_rehearsal_draws_with_the_seed():
    # `paradeplan rehearse --runs 1 --seed 11` measures the same heads at the tribune, and the lead as far off
    # over the tribune as the crew correcting by the rule
    plan = parade()
    rehearsal = rehearse(plan, 1, 11)
    times = at(drill_records(plan, seed=11))
    for risk, deviation_s in zip(rehearsal.elements, rehearsal.deviation_s[0], strict=True):
        assert times[risk.id, "tribune", "head"] - risk.planned_s == pytest.approx(deviation_s, abs=1e-9)
    (lead,) = rehearsal.flypasts
    assert abs(times["lead", "tribune", "head"] - lead.planned_s) == pytest.approx(lead.p95_off_corrected_s, abs=1e-9)



def test_the_forecast_of_the_whole_drill_finds_each_element_as_late_as_drawn_at_its_furthest_point():
    # every record in: a block's furthest record is its tail at the release, a formation's its tribune
    plan = parade()
    records = drill_records(plan, seed=3)
    day = forecast(plan, [Passing(f"r{n}", r.element, r.point, r.edge, r.time_s) for n, r in enumerate(records)])
    times = at(records)
    for g in plan.ground:
        assert day.elements[g.id].own_delay_s == pytest.approx(times[g.id, "release", "tail"] - g.times["release"][1])
    (lead,) = plan.air
    assert day.elements["lead"].own_delay_s == pytest.approx(times["lead", "tribune", "head"] - lead.over_tribune_s)


# --- the command, without a server ------------------------------------------------------------------

def test_a_record_meeting_a_network_failure_is_sent_again_with_its_id(monkeypatch):
    # the first two tries fail (the server restarting), the third is stored: the body is the same all three times
    monkeypatch.setattr(drill_cli, "RETRY_WAITS_S", (0.0,) * 7)
    sent = []

    def flaky(self, method, path, body):
        sent.append(body)
        if len(sent) < 3:
            raise urllib.error.URLError(ConnectionRefusedError(111, "Connection refused"))
        return drill_cli.Reply(201, {"seq": 1, **body})

    monkeypatch.setattr(drill_cli.Server, "_once", flaky)
    record = DrillRecord("second", "tribune", "head", 36_318.0)
    body = {"id": "4b0c", "element": "second", "point": "tribune", "edge": "head",
            "time": "2025-05-07T10:05:18.0+05:00"}
    assert drill_cli.send(drill_cli.Server("http://127.0.0.1:1", "t"), "/events", body, record, body["time"])
    assert sent == [body, body, body]


def test_a_server_gone_for_good_stops_the_drill_saying_so(monkeypatch):
    monkeypatch.setattr(drill_cli, "RETRY_WAITS_S", (0.0, 0.0))

    def gone(self, method, path, body):
        raise urllib.error.URLError(ConnectionRefusedError(111, "Connection refused"))

    monkeypatch.setattr(drill_cli.Server, "_once", gone)
    with pytest.raises(drill_cli.DrillFailed, match=r"at http://127\.0\.0\.1:1: .* \(tried 3 times"):
        drill_cli.Server("http://127.0.0.1:1", "t").call("POST", "/events", {}, retry=True)


@pytest.mark.parametrize(("url", "code", "says"), [
    ("ftp://example.org", 2, "is not a server's address"),
    ("http://127.0.0.1:1", 1, "drill stopped: cannot reach the server at http://127.0.0.1:1"),
])
def test_a_bad_url_or_no_server_is_one_clear_line(url, code, says, write_yaml):
    file = write_yaml(json.dumps(scenario_dict(FOOT, air={"formations": [LEAD]})))
    result = runner.invoke(app, ["drill", str(file), "--url", url, "--token", "t"])
    assert result.exit_code == code
    assert says in " ".join(result.output.split())
    assert "Traceback" not in result.output


# --- the command against a real server --------------------------------------------------------------

def drill_parade(name: str) -> dict:
    """The parade with both blocks leaving at the turn-off and the flypast at 10:07:00: a drill from 09:52:56
    (a minute before the first step-off) to 10:07:31 (the last tail at the turn-off), 875 s: 14.6 s at x60."""
    return scenario_dict(element(FOOT, leaves_at="turn-off"), element(FOOT, id="second", leaves_at="turn-off"),
                         name=name, air={"formations": [LEAD | {"over_tribune": "10:07:00"}]})


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """`paradeplan serve` on its own SQLite database with an admin, a controller and a viewer, and their tokens."""
    folder = tmp_path_factory.mktemp("drill")
    db = f"sqlite:///{folder / 'paradeplan.db'}"
    storage = Storage(db)
    storage.migrate()
    accounts = Accounts(storage)
    tokens = {}
    for name, role in (("ada", "admin"), ("cora", "controller"), ("vic", "viewer")):
        accounts.add(name, role, PASSWORD, SYSTEM)
        tokens[role] = accounts.create_token(name, SYSTEM)
    storage.engine.dispose()
    with serving(db, folder) as url:
        yield url, tokens


def imported(live_server, tmp_path, name: str) -> tuple[Path, int]:
    """The parade named `name` as a file and as a scenario on the server: (file, scenario id)."""
    url, tokens = live_server
    file = tmp_path / "drill.yaml"
    file.write_text(json.dumps(drill_parade(name)), encoding="utf-8")
    created = call(url + "/api/scenarios", tokens["admin"], {"yaml": file.read_text(), "message": "for the drill"})
    return file, created["id"]


def drill_command(url: str, file: Path, token: str):
    return runner.invoke(app, ["drill", str(file), "--url", url, "--token", token, "--seed", "3",
                               "--speed", str(DRILL_SPEED)])


@pytest.mark.slow
def test_a_drill_plays_every_record_once_and_the_forecast_finds_the_drawn_delays(live_server, tmp_path):
    url, tokens = live_server
    file, scenario_id = imported(live_server, tmp_path, "Drill parade")
    live = f"{url}/api/scenarios/{scenario_id}/live"
    call(live, tokens["controller"], {"version": 1})
    result = drill_command(url, file, tokens["controller"])
    assert result.exit_code == 0, result.output
    plan = parade_plan(file)
    records = drill_records(plan, seed=3)
    stored = call(live + "/events", tokens["controller"])["records"]
    assert sorted((r["element"], r["point"], r["edge"], r["time"]) for r in stored) == sorted(
        (r.element, r.point, r.edge, plan.scenario.day.iso(r.time_s)) for r in records)
    assert len({r["id"] for r in stored}) == len(records) == 15  # 2 blocks x 3 points x 2 edges, the lead at 3
    # the day's clock ran on drill time: a minute before the first record, at the drill's speed
    day = call(live, tokens["controller"])
    assert dt.datetime.fromisoformat(day["clock"]["time"]) == dt.datetime.fromisoformat(
        plan.scenario.day.iso(records[0].time_s - 60))
    assert day["clock"]["rate"] == DRILL_SPEED
    # each element as late as drawn at its furthest point: a block's tail at the turn-off, the lead over the
    # tribune; the records go in to the tenth of a second and the delays come back to the tenth
    shown = call(live + "/forecast", tokens["controller"])
    times = at(records)
    for entry in shown["ground"]:
        planned = next(g for g in plan.ground if g.id == entry["id"]).times["turn-off"][1]
        assert entry["own_delay_s"] == pytest.approx(times[entry["id"], "turn-off", "tail"] - planned, abs=0.1 + 1e-9)
    (lead,) = shown["air"]
    assert lead["own_delay_s"] == pytest.approx(times["lead", "tribune", "head"] - plan.air[0].over_tribune_s,
                                                abs=0.1 + 1e-9)


@pytest.mark.slow
def test_a_drill_without_a_running_day_asks_for_a_controller_to_start_it(live_server, tmp_path):
    url, tokens = live_server
    file, scenario_id = imported(live_server, tmp_path, "Parade with no day")
    result = drill_command(url, file, tokens["controller"])
    assert result.exit_code == 1
    assert f"no day is running on scenario {scenario_id}" in result.output
    assert "a controller must start the day" in " ".join(result.output.split())


@pytest.mark.slow
@pytest.mark.parametrize(("role", "says"), [
    (None, "does not take this token (401)"),
    ("viewer", "a drill needs a controller's token"),
])
def test_a_token_the_server_refuses_stops_the_drill_in_one_line(live_server, tmp_path, role, says):
    url, tokens = live_server
    file, scenario_id = imported(live_server, tmp_path, f"Parade for a {role} token")
    call(f"{url}/api/scenarios/{scenario_id}/live", tokens["controller"], {"version": 1})
    result = drill_command(url, file, tokens[role] if role else "not-a-token")
    assert result.exit_code == 1
    assert says in " ".join(result.output.split())
    assert "Traceback" not in result.output
