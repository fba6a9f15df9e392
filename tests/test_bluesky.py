"""The air segment flown through BlueSky, an independent simulator: the .scn writer, then the Astana fly-through.

The fly-through runs BlueSky in a child process (paradeplan.verify.bluesky): BlueSky keeps global
state and prints as it loads, and its dependencies raise warnings that this suite treats as errors.
If BlueSky cannot run, the test fails and says why; it is never skipped.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import scenario

from paradeplan import load_scenario, make_plan
from paradeplan.model.catalogue import AircraftType
from paradeplan.verify.bluesky import BlueSkyFailed, fly, tribune_crossings
from paradeplan.views.bluesky import bluesky_scenario, bluesky_type, sim_start_s

ASTANA = Path(__file__).resolve().parent.parent / "examples" / "astana-2025.yaml"
TOLERANCE_S = 2.0  # issue 3: every lead over the tribune within 2 s of its planned time
LATERAL_TOLERANCE_M = 150.0

HELICOPTER = AircraftType(name="Test helicopter", category="helicopter", min_kt=60, max_kt=130, length_m=18,
                          rotor_diameter_m=21, bluesky_type="EC35", source="test")
TRANSPORT = AircraftType(name="Test transport", category="fixed-wing", min_kt=120, max_kt=250, length_m=20,
                         wingspan_m=20, bluesky_type="B744", source="test")

FORMATION = {"id": "transport", "aircraft": "transport", "tas_kt": 200, "altitude_ft": 1000,
             "over_tribune": "10:40:00", "run_in": {"heading_deg": 0, "ip_distance_km": 20}}


def export(*formations, **air):
    plan = make_plan(scenario(air={"formations": list(formations), **air}), aircraft={"transport": TRANSPORT,
                                                                                     "helicopter": HELICOPTER})
    return plan, bluesky_scenario(plan)


def lines_with(text: str, word: str) -> list[str]:
    return [line for line in text.splitlines() if word in line and not line.startswith("#")]


def test_the_file_sets_its_own_time_step():
    # IC resets BlueSky's step to 0.05 s unless the scenario sets DT
    assert lines_with(export(FORMATION)[1].text, ">DT ") == ["00:00:00.00>DT 0.1"]


def test_the_lead_is_created_at_its_ip_time_when_there_is_no_hold():
    # GS 200 kt in still air, 20 km: 20000 / 102.89 = 194.4 s before 10:40:00 -> 10:36:45.6;
    # simulation time 0 is the whole minute at least 30 s earlier, 10:36:00 -> stamp 00:00:45.62
    plan, scn = export(FORMATION)
    assert (sim_start_s(plan), lines_with(scn.text, "CRE")[0].split(">")[0]) == (38160.0, "00:00:45.62")


def test_speeds_are_cas_for_the_planned_tas_at_the_height_above_sea_level():
    # 200 kt TAS at 1,000 ft above ground that is 3,000 ft above the sea: CAS at 4,000 ft
    # (density ratio 0.8881: EAS = 200 x sqrt(0.8881) = 188.48 kt, and 0.3 kt of compressibility)
    cre = lines_with(export(FORMATION, elevation_ft=3000)[1].text, "CRE")[0]
    assert cre.split(",")[-2:] == ["4000", "188.77"]


def test_the_wind_is_given_as_from_direction_and_knots_at_the_tribune():
    wind = lines_with(export(FORMATION, wind={"from_deg": 270, "speed_kt": 15})[1].text, "WIND")[0]
    assert wind.split(",")[-2:] == ["270", "15"]


def test_the_heading_holds_the_track_against_the_wind():
    # track 000, wind from 270 at 20 kt: WCA = asin(20 / 200) = 5.74 deg into the wind: heading 354.26
    cre = lines_with(export(FORMATION, wind={"from_deg": 270, "speed_kt": 20})[1].text, "CRE")[0]
    assert float(cre.split(",")[4]) == pytest.approx(354.26, abs=0.02)


def test_a_lead_from_a_hold_flies_a_corner_then_the_ip_tribune_and_a_point_beyond():
    # fix 31 km south and 14 km west of the IP: a turn of about 25 deg onto 000, one fly-by corner,
    # then the IP, the tribune and the point 5 km past it
    hold = {**FORMATION, "hold": {"lon": 9.8, "lat": 49.55}}
    waypoints = [line for line in lines_with(export(hold)[1].text, "ADDWPT") if "TURNBANK" not in line]
    assert len(waypoints) == 1 + 3


def test_a_helicopter_is_created_as_a_rotorcraft():
    helicopters = {**FORMATION, "aircraft": "helicopter", "tas_kt": 100}
    assert bluesky_type(export(helicopters)[0].air[0]) == ("EC35", True)


def test_a_slow_fixed_wing_is_not_left_to_the_b744_floor():
    # 125 kt TAS at 1,000 ft: CAS 123 kt, below B744's 140 kt floor, inside B752's 121-323 kt
    slow = {**FORMATION, "tas_kt": 125}
    assert bluesky_type(export(slow)[0].air[0]) == ("B752", True)


def test_a_speed_no_known_type_flies_is_noted():
    fast = {**FORMATION, "aircraft": {"category": "fixed-wing", "min_kt": 200, "max_kt": 450}, "tas_kt": 420}
    assert len(export(fast)[1].notes) == 1


# ---------------------------------------------------------------- the fly-through


@pytest.fixture(scope="module")
def astana_flown():
    """The Astana plan, and when and where BlueSky flew each lead over the tribune."""
    plan = make_plan(load_scenario(ASTANA))
    try:
        flown = fly(plan)
    except BlueSkyFailed as exc:
        pytest.fail(str(exc))
    return plan, tribune_crossings(plan, flown)


@pytest.mark.engines
def test_bluesky_flies_every_astana_lead_over_the_tribune_within_2_s(astana_flown):
    plan, crossings = astana_flown
    errors = {f.id: round(crossings[f.id].time_s - f.over_tribune_s, 2) if f.id in crossings else "never crossed"
              for f in plan.air}
    print("BlueSky timing error at the tribune, s:", json.dumps(errors))
    late = {k: v for k, v in errors.items() if isinstance(v, str) or abs(v) > TOLERANCE_S}
    assert late == {}, f"leads off their planned tribune time by more than {TOLERANCE_S} s: {late}"


@pytest.mark.engines
def test_bluesky_flies_every_astana_lead_over_the_tribune_not_beside_it(astana_flown):
    plan, crossings = astana_flown
    abeam = {k: round(v.abeam_m) for k, v in crossings.items() if v.abeam_m > LATERAL_TOLERANCE_M}
    assert (len(crossings), abeam) == (len(plan.air), {})
