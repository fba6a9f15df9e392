"""Realistic ranges for the numbers of a scenario: what a real parade could have, refused in plain words outside.

The planner, the simulation and the rehearsal trust a validated scenario: a number outside these ranges
either means nothing for a parade (a column at 0.005 km/h, a route round the globe, a formation of a
billion aircraft) or makes them work for hours and run out of memory. Every limit says its unit and
why, so a planner who hits one knows what to change: "0.00504 km/h is below 0.1 km/h: nothing moves
that slowly in a parade". docs/scenario-format.md lists them all under "Limits".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, NoReturn

from pydantic import GetCoreSchemaHandler, GetJsonSchemaHandler
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, InitErrorDetails, PydanticCustomError, ValidationError, core_schema

Loc = tuple[str | int, ...]

# --- figures more than one model uses ----------------------------------------------------------------

MAX_ROUTE_M = 100_000.0  # the longest parade routes run a few km to 10 km (Rose Parade: 5.5 miles)
MIN_ROUTE_M = 1.0
MAX_PATH_POINTS = 10_000  # a 100 km route surveyed every 10 m
MAX_STRETCHES = 500
MAX_NAMED_POINTS = 200
MAX_GROUND_ELEMENTS = 2_000  # Red Square 2025 has 71, the largest parades a few hundred
MAX_FORMATIONS = 100  # Astana 2025 has 15; the largest flypasts fly a few dozen
MAX_AIRCRAFT = 500  # in the whole air segment: the largest flypasts have had about 200 (Beijing 2015)
MAX_AGENTS = 200_000  # ranks + vehicles + aircraft: what `simulate` steps one by one
MAX_HOLD_DISTANCE_M = 300_000.0  # from the start of the route
MAX_GAP_S = 6 * 3600.0
MIN_DATE = "1900-01-01"
MAX_DATE = "2100-12-31"
MAX_TIME_ZONE_CHARS = 64  # the longest IANA name, America/Argentina/ComodRivadavia, has 32


@dataclass(frozen=True)
class Limit:
    """A number's realistic range, in its unit, with the reason for each end; used in `Annotated[...]`.

    Pydantic runs `check` after the type's own checks (a whole number, a finite float, more than 0),
    and the JSON Schema carries the range as minimum and maximum.
    """

    low: float
    high: float
    unit: str
    below: str  # why a smaller value cannot be
    above: str  # why a larger value cannot be
    low_open: bool = False  # the low end itself is refused
    high_open: bool = False  # the high end itself is refused

    def check(self, value: Any) -> Any:
        if isinstance(value, float) and not math.isfinite(value):
            raise PydanticCustomError("finite_number", "must be a finite number")
        if value < self.low or (self.low_open and value == self.low):
            where = "fewer than" if self.counts else "at or below" if self.low_open else "below"
            raise PydanticCustomError("too_small", self.message(value, where, self.low, self.below))
        if value > self.high or (self.high_open and value == self.high):
            where = "more than" if self.counts else "at or above" if self.high_open else "above"
            raise PydanticCustomError("too_large", self.message(value, where, self.high, self.above))
        return value

    @property
    def counts(self) -> bool:
        """Whole things (ranks, vehicles, aircraft): 'more than', not 'above'."""
        return isinstance(self.low, int) and isinstance(self.high, int)

    def message(self, value: float, where: str, limit: float, reason: str) -> str:
        return f"{number(value)} {self.unit} is {where} {number(limit)} {self.unit}: {reason}"

    def range_text(self) -> str:
        """'0.1 to 60 km/h', as the docs' table shows it."""
        low = f"more than {number(self.low)}" if self.low_open else number(self.low)
        high = f"under {number(self.high)}" if self.high_open else number(self.high)
        return f"{low} to {high} {self.unit}"

    def __get_pydantic_core_schema__(self, source: Any, handler: GetCoreSchemaHandler) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self.check, handler(source))

    def __get_pydantic_json_schema__(self, schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["exclusiveMinimum" if self.low_open else "minimum"] = self.low
        json_schema["exclusiveMaximum" if self.high_open else "maximum"] = self.high
        return json_schema


def number(value: float) -> str:
    """1000000000 -> '1,000,000,000'; 0.00504 -> '0.00504'; 1e18 -> '1e+18'; 60.0 -> '60'."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return repr(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{value:,g}"


def too_many(found: int, most: int, things: str, reason: str) -> str:
    """'2,001 ground elements: more than 2,000; the largest parades have a few hundred'."""
    return f"{found:,} {things}: more than {most:,}; {reason}"


def at_most(limit: int, things: str, reason: str) -> Callable[[Any], Any]:
    """A check before validation that a list or mapping has no more than `limit` items, cheap however long it is.

    Use as `_size = field_validator("ground", mode="before")(at_most(2000, "ground elements", "..."))`.
    """

    def check(value: Any) -> Any:
        if isinstance(value, list | dict) and len(value) > limit:
            raise PydanticCustomError("too_long", too_many(len(value), limit, things, reason))
        return value

    return check


def refuse(title: str, problems: Sequence[tuple[Loc, str, Any]]) -> NoReturn:
    """Raise each (location, message, value) as its own located error, from a validator of a whole model.

    Pydantic puts the model's own location in front of each, so a Route's ('path', 3) is reported as
    route.path[3].
    """
    details = [
        InitErrorDetails(type=PydanticCustomError("limit", message), loc=loc, input=value)
        for loc, message, value in problems
    ]
    raise ValidationError.from_exception_data(title, details)


# --- ranges ------------------------------------------------------------------------------------------

ROUTE_DISTANCE = Limit(
    -MAX_ROUTE_M, MAX_ROUTE_M, "m",
    "no route runs more than 100 km before its start",
    "no parade route is longer than 100 km (the longest run about 10 km)",
)
ROUTE_DISTANCE_AHEAD = Limit(
    0.0, MAX_ROUTE_M, "m",
    "distances along the route start at 0 at its first point",
    "no parade route is longer than 100 km (the longest run about 10 km)",
)
ROAD_WIDTH = Limit(
    1.0, 500.0, "m",
    "narrower than one marcher or vehicle",
    "wider than any square a parade crosses (Tiananmen Square is about 500 m across)",
)
SNAP_TOLERANCE = Limit(
    1.0, 1000.0, "m",
    "finer than a map places a tribune",
    "a point more than 1 km from the road is not on the route",
)
GROUND_SPEED = Limit(
    0.1, 60.0, "km/h",
    "nothing moves that slowly in a parade",
    "no parade column drives that fast (the catalogue's fastest parade speed is 30 km/h)",
)
ROAD_GAP = Limit(
    0.0, 2000.0, "m",
    "a gap cannot be negative",
    "elements more than 2 km apart are two parades",
)
TIME_GAP = Limit(
    0.0, MAX_GAP_S, "s",
    "a gap cannot be negative",
    "no parade pauses for more than 6 hours (21,600 s)",
)
LONG_GAP = Limit(
    0.0, MAX_GAP_S, "s",
    "a gap cannot be negative",
    "no parade pauses for more than 6 hours (21,600 s)",
    low_open=True,
)
SIM_TOLERANCE = Limit(
    0.1, 3600.0, "s",
    "finer than the plan's tenths of a second",
    "a simulation an hour off the plan is a different plan, not a deviation",
)
GAP_DISTANCE = Limit(
    0.0, MAX_ROUTE_M, "m",
    "a gap cannot be negative",
    "longer than any parade route (100 km)",
)
RANKS = Limit(1, 2000, "ranks", "a block has at least one rank", "the largest real blocks have a few hundred ranks")
FILES = Limit(1, 100, "files", "a block has at least one file", "no road takes more than 100 marchers abreast")
PACE = Limit(
    0.3, 3.0, "m",
    "shorter than any drill pace (quick time is 0.75 m)",
    "longer than a horse's stride at a trot",
)
CADENCE = Limit(
    30.0, 200.0, "paces a minute",
    "slower than any slow march (60 to 75 a minute) or a horse's walk (about 56)",
    "faster than double time (180 a minute)",
)
RANK_SPACING = Limit(
    0.5, 50.0, "m",
    "closer than a marcher's own depth",
    "ranks 50 m apart are separate elements",
)
FILE_SPACING = Limit(
    0.4, 20.0, "m",
    "closer than shoulder to shoulder",
    "files 20 m apart are separate elements",
)
PEOPLE = Limit(
    1, 100_000, "people",
    "at least one person",
    "more than any parade has had in all (Moscow 2025: about 11,500)",
)
VEHICLES = Limit(
    1, 5000, "vehicles",
    "a column has at least one vehicle",
    "the largest parade columns have a few hundred vehicles (Paris 2025: 247)",
)
ABREAST = Limit(1, 20, "vehicles", "at least one vehicle", "no road takes more than 20 vehicles side by side")
VEHICLE_SPACING = Limit(
    0.0, 1000.0, "m",
    "a spacing cannot be negative",
    "vehicles more than 1 km apart are not one column",
)
LATERAL_SPACING = Limit(
    0.0, 100.0, "m",
    "a spacing cannot be negative",
    "files 100 m apart are not one column",
)
VEHICLE_LENGTH = Limit(
    0.5, 100.0, "m",
    "shorter than anything that drives in a parade",
    "longer than any road vehicle or float (a road train is about 55 m)",
)
VEHICLE_WIDTH = Limit(
    0.3, 50.0, "m",
    "narrower than anything that drives in a parade",
    "wider than any float or balloon",
)
VEHICLE_HEIGHT = Limit(
    0.3, 50.0, "m",
    "lower than anything that drives in a parade",
    "taller than any float or balloon",
)
ROAD_SPEED = Limit(
    1.0, 200.0, "km/h",
    "slower than any vehicle's top speed",
    "faster than any military or parade vehicle drives on a road",
)
ACCELERATION = Limit(
    0.05, 10.0, "m/s2",
    "a vehicle that slow to speed up would never reach parade speed",
    "more than any road vehicle can do",
)
DECELERATION = Limit(
    0.05, 15.0, "m/s2",
    "a vehicle that slow to stop would run into the one ahead",
    "more than any road vehicle can brake",
)
AIRCRAFT = Limit(
    1, 100, "aircraft",
    "a formation has at least one aircraft",
    "the largest flypast formations have about 50 to 70 aircraft",
)
FORMATION_SPACING = Limit(
    1.0, 2000.0, "m",
    "aircraft closer than 1 m touch",
    "aircraft 2 km apart are two formations",
)
TAS = Limit(
    30.0, 700.0, "kt",
    "slower than a helicopter flies past (they fly at 60 kt and more)",
    "faster than any low-level flypast (the speed of sound at sea level is 661 kt)",
)
ENVELOPE_SPEED = Limit(
    0.0, 700.0, "kt",
    "an aircraft's speeds are more than 0",
    "faster than any low-level flypast (the speed of sound at sea level is 661 kt)",
    low_open=True,
)
HEIGHT_ABOVE_GROUND = Limit(
    50.0, 10_000.0, "ft",
    "lower than the rooftops",
    "flypasts are low level (the highest fly at a few thousand feet)",
)
ELEVATION = Limit(
    -1500.0, 15_000.0, "ft",
    "lower than the shore of the Dead Sea (about -1,400 ft), the lowest ground on earth",
    "higher than any city (El Alto, the highest, is about 13,600 ft)",
)
IP_DISTANCE = Limit(
    0.5, 100.0, "km",
    "too short for a straight run-in",
    "an IP farther out than 100 km is a hold, not a run-in",
)
HOLD_LEG = Limit(
    0.5, 5.0, "minutes",
    "too short to settle on a leg",
    "a hold's legs are 1 to 2 minutes; over 5 is no racetrack",
)
WIND_SPEED = Limit(
    0.0, 150.0, "kt",
    "a wind speed cannot be negative",
    "stronger than a category 5 hurricane (137 kt); no flypast flies in it",
)
AIR_GAP = Limit(
    0.0, 3600.0, "s",
    "a gap cannot be negative",
    "a formation an hour behind another is not following it",
)
SEPARATION = Limit(
    0.0, 3600.0, "s",
    "a separation cannot be negative",
    "formations over a tribune are 20 to 30 s apart; an hour is no separation",
)
DIRECTION = Limit(
    0.0, 360.0, "degrees",
    "directions run from 0 (north) up to 360",
    "directions run from 0 (north) up to, not including, 360",
    high_open=True,
)
AIRCRAFT_SIZE = Limit(
    1.0, 120.0, "m",
    "smaller than any aircraft that flies past",
    "larger than any aircraft (the largest wingspans are under 120 m)",
)
ROTOR = Limit(
    1.0, 50.0, "m",
    "smaller than any helicopter's rotor",
    "larger than any helicopter's rotor (the Mi-26's is 32 m)",
)

# the spreads of the rehearsal: standard deviations of normal draws
STEP_OFF_SD = Limit(0.0, 600.0, "s", "a spread cannot be negative", "a step-off 10 minutes astray is no plan")
CADENCE_SD = Limit(
    0.0, 20.0, "paces a minute",
    "a spread cannot be negative",
    "a cadence that strays by more than 20 a minute is another march",
)
VEHICLE_SPEED_SD = Limit(
    0.0, 10.0, "km/h",
    "a spread cannot be negative",
    "a driver that far off the set speed is not in the column",
)
WIND_SPEED_SD = Limit(
    0.0, 50.0, "kt",
    "a spread cannot be negative",
    "a forecast that far off is no forecast",
)
WIND_DIRECTION_SD = Limit(
    0.0, 180.0, "degrees",
    "a spread cannot be negative",
    "a direction cannot stray by more than half a turn",
)
HOLD_EXIT_SD = Limit(0.0, 600.0, "s", "a spread cannot be negative", "a hold exit 10 minutes astray is no plan")
