"""Limits (issue 9): a number no parade could have is refused at its key, in plain words with its unit and why.

Each test breaks the small test parade of conftest (a 3.3 km avenue due north, the tribune at 1,000 m)
in one way a file really was broken: a NaN elevation, an IP at infinity, a column at a walking snail's
pace, a route round the globe, a billion aircraft, a time zone of a thousand letters, a parade in the
year 9999. Scenarios are written as YAML, so a non-finite number is YAML's own `.nan` or `.inf`.
"""

from __future__ import annotations

import json
import re
import types
import typing
from pathlib import Path

import pytest
from conftest import FOOT, VEHICLES, element, scenario_dict
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from paradeplan import ScenarioError, load_scenario, make_plan, parse_scenario
from paradeplan.model import air as air_models
from paradeplan.model import scenario as scenario_models
from paradeplan.model import uncertainty as uncertainty_models
from paradeplan.model.limits import Limit
from paradeplan.model.scenario import json_schema
from paradeplan.views.plan_json import plan_dict

ROOT = Path(__file__).resolve().parents[1]
INLINE = {"category": "fixed-wing", "min_kt": 100, "max_kt": 350}


def formation(**changes) -> dict:
    """A single lead at 200 kt TAS, 1,000 ft, over the tribune at 10:40:00, running in due north from 20 km."""
    return {"id": "lead", "aircraft": INLINE, "tas_kt": 200, "altitude_ft": 1000, "over_tribune": "10:40:00",
            "run_in": {"heading_deg": 0, "ip_distance_km": 20}, **changes}


def yaml_text(data: dict) -> str:
    """The scenario as YAML flow text; NaN and infinity as YAML writes them."""
    text = json.dumps(data)
    return text.replace("-Infinity", "-.inf").replace("Infinity", ".inf").replace("NaN", ".nan")


def problems(data: dict) -> list[tuple[str, str]]:
    """(key path, message) of each problem the loader finds; [] when the scenario loads."""
    try:
        parse_scenario(yaml_text(data), filename="test.yaml")
    except ScenarioError as exc:
        assert all(str(p).startswith("test.yaml:") for p in exc.problems)
        return [(p.path, p.message) for p in exc.problems]
    return []


def paths(data: dict) -> list[str]:
    return [path for path, _ in problems(data)]


def message(data: dict, path: str) -> str:
    """The one message at this key path."""
    found = [text for where, text in problems(data) if where == path]
    assert len(found) == 1, problems(data)
    return found[0]


# --- numbers that are not numbers ------------------------------------------------------------------

def test_a_nan_elevation_is_refused_at_its_key():
    data = scenario_dict(FOOT, air={"elevation_ft": float("nan"), "formations": [formation()]})
    assert problems(data) == [("air.elevation_ft", "must be a finite number")]


def test_an_ip_at_infinity_is_refused():
    run_in = {"heading_deg": 0, "ip_distance_km": float("inf")}
    data = scenario_dict(FOOT, air={"formations": [formation(run_in=run_in)]})
    assert problems(data) == [("air.formations[0].run_in.ip_distance_km", "must be a finite number")]


def test_an_ip_a_billion_billion_km_out_is_refused_with_the_limit():
    data = scenario_dict(FOOT, air={"formations": [formation(run_in={"heading_deg": 0, "ip_distance_km": 1e18})]})
    assert message(data, "air.formations[0].run_in.ip_distance_km").startswith("1e+18 km is above 100 km:")


def test_a_nan_route_coordinate_is_refused_at_its_place_in_the_path():
    data = scenario_dict(FOOT, route={"path": [[10.0, 50.0], [10.0, float("nan")]]})
    assert problems(data) == [("route.path[1][1]", "must be a finite number")]


# --- speeds, sizes and counts a parade could have ------------------------------------------------------

def test_a_column_at_five_metres_an_hour_is_refused_below_a_tenth_of_a_km_an_hour():
    data = scenario_dict(FOOT, element(VEHICLES, speed_kmh=0.00504))
    assert problems(data) == [
        ("ground[1].speed_kmh", "0.00504 km/h is below 0.1 km/h: nothing moves that slowly in a parade")]


def test_a_stopped_column_keeps_its_plain_message():
    stopped = scenario_dict(element(VEHICLES, speed_kmh=0))
    assert problems(stopped) == [("ground[0].speed_kmh", "must be greater than 0")]


def test_a_formation_of_a_billion_aircraft_is_refused():
    data = scenario_dict(FOOT, air={"formations": [formation(count=10**9)]})
    assert message(data, "air.formations[0].count") == (
        "1,000,000,000 aircraft is more than 100 aircraft: the largest flypast formations have about 50 to 70 aircraft")


def test_a_column_of_a_hundred_thousand_vehicles_is_refused():
    assert paths(scenario_dict(element(VEHICLES, count=100_000))) == ["ground[0].count"]


def test_a_parade_the_simulation_cannot_step_one_by_one_is_refused_with_its_size():
    # 101 blocks of 2,000 ranks: each block could be, the parade could not
    blocks = [element(FOOT, id=f"block-{i}", ranks=2000) for i in range(101)]
    assert "202,000 in all: more than 200,000" in message(scenario_dict(*blocks), "ground")


def test_a_flypast_at_200000_ft_is_refused():
    data = scenario_dict(FOOT, air={"formations": [formation(altitude_ft=200_000)]})
    assert message(data, "air.formations[0].altitude_ft").startswith("200,000 ft is above 10,000 ft:")


def test_a_flypast_of_more_aircraft_than_any_has_had_is_refused_in_all():
    # six formations of 100: each could be, the flypast could not
    formations = [formation(id=f"f{i}", count=100, over_tribune=f"10:4{i}:00") for i in range(6)]
    assert message(scenario_dict(FOOT, air={"formations": formations}), "air.formations").startswith(
        "600 aircraft in 6 formations: more than 500")


def test_a_hold_on_the_far_side_of_the_world_is_refused():
    far = {"lon": -170.0, "lat": -50.0, "leg_min": 1}
    data = scenario_dict(FOOT, air={"formations": [formation(hold=far)]})
    assert "km from the start of the route: more than 300 km" in message(data, "air.formations[0].hold")


# --- routes that go somewhere ------------------------------------------------------------------------

def test_a_route_round_the_globe_is_refused_with_its_length():
    data = scenario_dict(FOOT, route={"path": [[-170.0, -60.0], [10.0, 50.0], [170.0, 60.0]]})
    assert message(data, "route.path").startswith("the route is 26,567 km long: above 100 km")


def test_two_identical_points_are_refused_at_the_repeat():
    data = scenario_dict(FOOT, route={"path": [[10.0, 50.0], [10.0, 50.0], [10.0, 50.03]]})
    assert message(data, "route.path[1]").startswith("the same place as path[0] before it")


def test_a_route_of_one_place_is_refused_as_going_nowhere():
    data = scenario_dict(FOOT, route={"path": [[10.0, 50.0], [10.0, 50.0]]})
    assert message(data, "route.path").startswith("the route is 0 m long: under 1 m")


def test_a_route_across_the_180th_meridian_is_refused():
    data = scenario_dict(FOOT, route={"path": [[179.99, -17.0], [-179.99, -17.0]]})
    assert "crosses the 180th meridian" in message(data, "route.path[1]")


# --- dates, zones and times that exist --------------------------------------------------------------

def test_a_time_zone_of_a_thousand_letters_is_refused_without_touching_the_disk():
    assert message(scenario_dict(FOOT, timezone="A" * 1000), "timezone").startswith("unknown time zone 'AAAA")


@pytest.mark.parametrize("zone", ["../../../../etc/passwd", "/etc/passwd", "Asia/Almaty\x00", "Asia", "zone1970.tab"])
def test_a_time_zone_that_is_a_path_or_a_folder_is_refused(zone):
    assert paths(scenario_dict(FOOT, timezone=zone)) == ["timezone"]


def test_a_parade_in_the_year_9999_is_refused():
    data = scenario_dict(FOOT, date="9999-12-31", timing={"time": "23:59:50"})
    assert problems(data) == [("date", "9999-12-31 is outside 1900-01-01 to 2100-12-31: "
                                       "paradeplan plans parades dated 1900 to 2100")]


@pytest.mark.parametrize(("date", "time", "spills_into"), [
    ("1900-01-01", "00:00:10", "1899-12-31T23:"),  # the start, 1,000 m and 667 s before the tribune
    ("2100-12-31", "23:59:50", "2101-01-01T00:"),  # the release, 1,000 m and 667 s after it
])
def test_a_parade_on_the_first_or_last_day_plans_with_times_in_the_year_beside(date, time, spills_into):
    plan = make_plan(parse_scenario(yaml_text(scenario_dict(FOOT, date=date, timing={"time": time}))), vehicles={})
    assert spills_into in json.dumps(plan_dict(plan), allow_nan=False)


def test_a_time_to_the_millisecond_loads_and_a_finer_one_is_refused():
    fine, finer = "10:05:00.999", "10:05:00.99999999999999999999"
    assert (paths(scenario_dict(FOOT, timing={"time": fine})),
            paths(scenario_dict(FOOT, timing={"time": finer}))) == ([], ["timing.time"])


# --- real parades still load; the schema and the docs say the same ---------------------------------------

@pytest.mark.parametrize("name", ["astana-2025", "red-square-2025", "city-parade"])
def test_the_examples_load_within_every_limit(name):
    assert load_scenario(ROOT / "examples" / f"{name}.yaml").name


def test_the_schema_gives_editors_the_range():
    speed = json_schema()["$defs"]["VehicleColumn"]["properties"]["speed_kmh"]
    assert (speed["minimum"], speed["maximum"]) == (0.1, 60.0)


MODELS = [v for m in (scenario_models, air_models, uncertainty_models) for v in vars(m).values()
          if isinstance(v, type) and issubclass(v, BaseModel) and v.__module__ == m.__name__]


def is_number(annotation) -> bool:
    """int or float, also inside `Annotated[...]` and `... | None`."""
    if typing.get_origin(annotation) is typing.Annotated:
        return is_number(typing.get_args(annotation)[0])
    return annotation in (int, float) or any(is_number(arg) for arg in typing.get_args(annotation))


NUMBER_FIELDS = sorted(
    ((model.__name__, name, field) for model in MODELS for name, field in model.model_fields.items()
     if is_number(field.annotation)),
    key=lambda item: item[:2],
)


def limit_of(field: FieldInfo) -> Limit | None:
    """The field's Limit, found in its own metadata or inside an `Annotated[...] | None`."""
    inside = (m for arg in typing.get_args(field.annotation) for m in getattr(arg, "__metadata__", ()))
    metadata = [*field.metadata, *inside]
    return next((m for m in metadata if isinstance(m, Limit)), None)


def has_range(metadata) -> bool:
    metadata = [inner for m in metadata for inner in (m.metadata if isinstance(m, FieldInfo) else [m])]
    kinds = {type(m).__name__ for m in metadata}
    return any(isinstance(m, Limit) for m in metadata) or ({"Ge", "Gt"} & kinds and {"Le", "Lt"} & kinds)


def unbounded(annotation, metadata=()) -> bool:
    """Whether an int or float in this annotation has no range: a Limit, or ge/gt and le/lt (lon, lat)."""
    if typing.get_origin(annotation) is typing.Annotated:
        base, *more = typing.get_args(annotation)
        return unbounded(base, (*metadata, *more))
    if annotation in (int, float):
        return not has_range(metadata)
    union = typing.get_origin(annotation) in (typing.Union, types.UnionType)
    return any(unbounded(arg, metadata if union else ()) for arg in typing.get_args(annotation))


@pytest.mark.parametrize(("model", "name", "field"), NUMBER_FIELDS, ids=[f"{m}.{n}" for m, n, _ in NUMBER_FIELDS])
def test_every_number_has_a_range(model, name, field):
    assert not unbounded(field.annotation, tuple(field.metadata)), f"{model}.{name} has no range"


LIMITED = [(model, name, limit_of(field)) for model, name, field in NUMBER_FIELDS if limit_of(field) is not None]


@pytest.mark.parametrize(("model", "name", "limit"), LIMITED, ids=[f"{m}.{n}" for m, n, _ in LIMITED])
def test_every_range_is_in_the_limits_table(model, name, limit):
    table = (ROOT / "docs" / "scenario-format.md").read_text().split("## Limits", 1)[1]
    rows = [line for line in table.splitlines() if re.search(rf"`([a-z_.*\[\]]+\.)?{name}`", line)]
    assert any(limit.range_text() in row for row in rows), (name, limit.range_text())
