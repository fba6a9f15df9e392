"""Timing cards and the air table: the crew's correction table worked by hand, and the commands that print them."""

from __future__ import annotations

import json

import pytest
from test_air import air_plan, formation, near_tribune
from typer.testing import CliRunner

from paradeplan.cli import app
from paradeplan.model.units import NM
from paradeplan.plan.corrections import corrections
from paradeplan.views.cards import card_text, cards_dict

runner = CliRunner()

TEN_NM_KM = 10 * NM / 1000
# 200 kt in still air from 10 NM: 180 s from the IP to the tribune
STILL = formation(run_in={"heading_deg": 0, "ip_distance_km": TEN_NM_KM},
                  aircraft={"category": "fixed-wing", "name": "Trainer", "min_kt": 150, "max_kt": 230})


def speeds(plan) -> dict[float, float | None]:
    rows = corrections(plan.air[0], plan.wind)
    return {c.off_s: None if c.tas_kt is None else round(c.tas_kt, 1) for c in rows}


def test_early_at_the_ip_flies_slower():
    # 10 s early: 190 s for 10 NM, 189.5 kt
    assert speeds(air_plan(STILL))[10] == 189.5


def test_late_at_the_ip_flies_faster():
    # 10 s late: 170 s for 10 NM, 211.8 kt
    assert speeds(air_plan(STILL))[-10] == 211.8


def test_a_speed_outside_the_envelope_is_not_recoverable():
    # 30 s late: 150 s for 10 NM, 240 kt, above the Trainer's 230 kt
    assert speeds(air_plan(STILL))[-30] is None


def test_the_table_covers_5_10_20_and_30_s_either_way():
    assert sorted(speeds(air_plan(STILL))) == [-30, -20, -10, -5, 5, 10, 20, 30]


def test_corrections_fly_through_the_wind():
    # 20 kt headwind: GS 180 kt, 200 s from the IP; 10 s early: 210 s, GS 171.4 kt, TAS 191.4 kt
    assert speeds(air_plan(STILL, wind={"from_deg": 0, "speed_kt": 20}))[10] == 191.4


def test_corrections_in_a_crosswind_add_the_crosswind_back():
    # 20 kt from the right: GS 199.0 kt, 180.9 s from the IP; 10 s early: 190.9 s, GS 188.58 kt,
    # TAS = hypot(188.58, 20) = 189.6 kt
    assert speeds(air_plan(STILL, wind={"from_deg": 90, "speed_kt": 20}))[10] == 189.6


def test_card_text_says_not_recoverable():
    plan = air_plan(STILL)
    # 30 s early: 210 s for 10 NM, 171 kt; late: 240 kt, above 230
    assert "30 s   early: 171 kt TAS         late: not recoverable" in card_text(plan.air[0], plan)


def test_card_text_gives_the_rule_of_thumb():
    # 200 kt is 3.3 NM a minute: hold the correction 3.3 min
    plan = air_plan(STILL)
    assert card_text(plan.air[0], plan).endswith("1 kt per second off, held 3.3 min.")


def test_card_text_tells_when_to_leave_the_hold():
    # fix 10 km behind the IP on the run-in: 97.2 s before the IP at 10:37:00.0 -> 10:35:22.8
    plan = air_plan(formation(run_in={"heading_deg": 0, "ip_distance_km": TEN_NM_KM},
                              hold=near_tribune(0, -18520 - 10000)))
    assert "Hold exit  10:35:22.8  leave the fix on track 000, straight onto the run-in" in card_text(plan.air[0], plan)


def test_card_json_has_what_a_crew_flies_by():
    card = cards_dict(air_plan(STILL))["cards"][0]
    assert {"hold_exit", "ip", "over_tribune", "tas_kt", "cas_kt", "ground_speed_kt", "corrections"} <= set(card)


def test_cards_come_in_the_order_they_cross_the_tribune():
    plan = air_plan(formation(id="late", over_tribune="10:41:00"), formation(id="early", altitude_ft=2000))
    assert [c["id"] for c in cards_dict(plan)["cards"]] == ["early", "late"]


# --- commands -------------------------------------------------------------------------------------

AIR_PARADE = """\
name: Small flypast
date: 2025-05-07
timezone: Asia/Almaty
route:
  path: [[10.0, 50.0], [10.0, 50.03]]
  width_m: 40
  points:
    start: {at_m: 0}
    tribune: {at_m: 1000}
timing:
  anchor: tribune
  time: "10:05:00"
air:
  formations:
    - id: trainers
      aircraft: {category: fixed-wing, name: Trainer, min_kt: 150, max_kt: 230}
      count: 3
      shape: vic
      tas_kt: 200
      altitude_ft: 1000
      over_tribune: "10:40:00"
      run_in: {heading_deg: 0, ip_distance_km: 20}
"""


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def test_plan_prints_the_air_table(write_yaml):
    # 20 km at 200 kt: IP 194.4 s before 10:40:00
    output = run("plan", write_yaml(AIR_PARADE)).output
    assert "Air segment over tribune" in output and "10:36:45.6" in output


def test_cards_command_prints_a_card_per_formation(write_yaml):
    assert run("cards", write_yaml(AIR_PARADE)).output.startswith("trainers (trainers): 3 x Trainer, vic\n")


def test_cards_command_prints_json(write_yaml):
    data = json.loads(run("cards", write_yaml(AIR_PARADE), "--json").output)
    assert data["cards"][0]["over_tribune"] == "2025-05-07T10:40:00.0+05:00"


def test_cards_without_formations_exits_1(write_yaml):
    result = run("cards", write_yaml(AIR_PARADE.split("air:")[0]))
    assert (result.exit_code, "no formation could be timed" in result.output) == (1, True)


def test_export_bluesky_writes_the_scenario(write_yaml, tmp_path):
    out = tmp_path / "out.scn"
    run("export", "bluesky", write_yaml(AIR_PARADE), "-o", out)
    assert "CRE TRAINERS," in out.read_text()


@pytest.mark.parametrize("command", [["cards"], ["export", "bluesky"]])
def test_air_commands_report_a_bad_file_with_its_line(write_yaml, command):
    bad = AIR_PARADE.replace("tas_kt: 200", "tas_kt: fast")
    result = run(*command, write_yaml(bad))
    located = "parade.yaml:19: air.formations[0].tas_kt: must be a valid number"
    assert (result.exit_code, located in result.output) == (2, True)
