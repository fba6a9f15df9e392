"""Scenario models: what a planner writes in a scenario file, validated once.

The models hold data only; `loading.py` reads files into them with line numbers for errors,
and the planner turns a validated `Scenario` into a plan. Every number has a realistic range
(`limits.py`), and the checks across models that keep the planner's work bounded (a route's length,
the parade's size, a hold's distance) are here.
"""

from __future__ import annotations

import datetime as dt
import re
from itertools import pairwise
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator
from pyproj import Geod

from . import limits as lim
from .air import AirSegment
from .fields import CatalogueKey, Id, PointName, TimeOfDay
from .fields import Model as _Model
from .fit import FitGoals
from .limits import Loc, at_most, refuse
from .times import ParadeDay
from .uncertainty import Uncertainty

__all__ = ["Scenario"]

SAME_PLACE_M = 0.01  # two path points closer than this are one point
_GEOD = Geod(ellps="WGS84")
_ZONE_NAME = re.compile(r"[A-Za-z0-9_+\-/]+")

GroundSpeed = Annotated[float, Field(gt=0), lim.GROUND_SPEED]
RoadWidth = Annotated[float, Field(gt=0), lim.ROAD_WIDTH]
TimeGap = Annotated[float, lim.TIME_GAP]


class NamedPoint(_Model):
    """A point on the route: by distance along the path, or by lon/lat snapped onto it."""

    at_m: Annotated[float, lim.ROUTE_DISTANCE] | None = Field(
        None, description="Distance along the path from its first vertex, m."
    )
    lon: float | None = Field(None, ge=-180, le=180)
    lat: float | None = Field(None, ge=-90, le=90)
    label: str | None = Field(None, description="Name shown in tables, e.g. 'Start point (SP)'.")

    @model_validator(mode="after")
    def _one_position(self) -> NamedPoint:
        by_lonlat = self.lon is not None or self.lat is not None
        if self.at_m is None and not by_lonlat:
            raise ValueError("give at_m, or lon and lat")
        if self.at_m is not None and by_lonlat:
            raise ValueError("give at_m or lon/lat, not both")
        if by_lonlat and (self.lon is None or self.lat is None):
            raise ValueError("give both lon and lat")
        return self


class Stretch(_Model):
    """A part of the route that is narrower, slower, or both (a gate, a corner)."""

    from_m: Annotated[float, lim.ROUTE_DISTANCE_AHEAD]
    to_m: Annotated[float, Field(gt=0), lim.ROUTE_DISTANCE_AHEAD]
    width_m: RoadWidth | None = Field(None, description="Usable width on this stretch, m.")
    max_speed_kmh: GroundSpeed | None = Field(None, description="Speed limit on this stretch, km/h.")
    note: str | None = None

    @model_validator(mode="after")
    def _sensible(self) -> Stretch:
        if self.to_m <= self.from_m:
            raise ValueError("to_m must be greater than from_m")
        if self.width_m is None and self.max_speed_kmh is None:
            raise ValueError("give width_m, max_speed_kmh or both")
        return self


LonLat = tuple[Annotated[float, Field(ge=-180, le=180)], Annotated[float, Field(ge=-90, le=90)]]


class Route(_Model):
    path: list[LonLat] = Field(min_length=2, description="Centre line, [lon, lat] in WGS84, in the direction of march.")
    width_m: RoadWidth = Field(description="Usable width, m.")
    stretches: list[Stretch] = Field(default_factory=list)
    points: dict[PointName, NamedPoint] = Field(min_length=2, description="Named points: start, tribune, release...")
    snap_tolerance_m: Annotated[float, Field(gt=0), lim.SNAP_TOLERANCE] = Field(
        50.0, description="A lon/lat point farther than this from the path is reported off the path."
    )

    _path_size = field_validator("path", mode="before")(
        at_most(lim.MAX_PATH_POINTS, "path points", "a 100 km route surveyed every 10 m needs no more")
    )
    _stretch_count = field_validator("stretches", mode="before")(
        at_most(lim.MAX_STRETCHES, "stretches", "no route has that many narrow or slow parts")
    )
    _point_count = field_validator("points", mode="before")(
        at_most(lim.MAX_NAMED_POINTS, "named points", "no route has that many points to time")
    )

    @model_validator(mode="after")
    def _goes_somewhere(self) -> Route:
        """Every point moves on from the one before, without crossing the 180th meridian; 1 m to 100 km in all."""
        problems: list[tuple[Loc, str, Any]] = []
        lons = [lon for lon, _ in self.path]
        lats = [lat for _, lat in self.path]
        for index, (before, after) in enumerate(pairwise(lons), start=1):
            if abs(after - before) > 180:
                problems.append((("path", index), f"the leg from path[{index - 1}] crosses the 180th meridian: "
                                 "paradeplan plans routes on one side of it", list(self.path[index])))
        _, _, legs_m = _GEOD.inv(lons[:-1], lats[:-1], lons[1:], lats[1:])
        repeats = [index for index, leg_m in enumerate(legs_m, start=1) if leg_m < SAME_PLACE_M]
        for index in repeats[:5]:
            problems.append((("path", index), f"the same place as path[{index - 1}] before it: each point of a "
                             "route moves on from the one before; remove the repeat", list(self.path[index])))
        if len(repeats) > 5:
            problems[-1] = (problems[-1][0], f"{problems[-1][1]} ({len(repeats) - 5:,} more repeats after this)",
                            problems[-1][2])
        length_m = float(sum(legs_m))
        if length_m < lim.MIN_ROUTE_M:
            problems.append((("path",), f"the route is {length_m:.2g} m long: under {lim.MIN_ROUTE_M:g} m, "
                             "it goes nowhere; give points along the road, in the direction of march", None))
        elif length_m > lim.MAX_ROUTE_M:
            problems.append((("path",), f"the route is {length_m / 1000:,.0f} km long: above "
                             f"{lim.MAX_ROUTE_M / 1000:g} km, no parade route is that long (the longest run about "
                             "10 km); check the points' lon and lat", None))
        if problems:
            refuse("Route", problems)
        return self


class Timing(_Model):
    anchor: PointName = Field(description="The point at which `time` holds, usually the tribune.")
    time: TimeOfDay = Field(description="When the head of the first ground element reaches the anchor.")
    min_gap_m: Annotated[float, lim.ROAD_GAP] = Field(
        10.0, description="Least road gap, tail of one element to head of the next, m."
    )
    default_gap_s: TimeGap = Field(15.0, description="Time gap at the anchor when an element gives none, s.")
    long_gap_s: Annotated[float, lim.LONG_GAP] = Field(
        120.0, description="A time gap longer than this draws a warning, s."
    )
    sim_tolerance_s: Annotated[float, Field(gt=0), lim.SIM_TOLERANCE] = Field(
        5.0, description="Simulated and planned times at a point further apart than this draw a finding, s."
    )
    max_cadence_spm: Annotated[float, Field(gt=0), lim.CADENCE] = Field(
        130.0, description="The highest cadence the control room may ask of a marching block on the day, "
        "paces a minute (quick time is 120)."
    )


class InlineVehicle(_Model):
    """A vehicle type given in the scenario itself instead of by catalogue key."""

    name: str | None = None
    length_m: Annotated[float, Field(gt=0), lim.VEHICLE_LENGTH]
    width_m: Annotated[float, Field(gt=0), lim.VEHICLE_WIDTH]
    max_parade_speed_kmh: GroundSpeed | None = None


class _GroundElement(_Model):
    id: Id
    name: str | None = None
    description: str | None = Field(None, description="What the commentator says of it.")
    gap_before_s: TimeGap | None = Field(None, description="Previous element's tail to this head, at the anchor, s.")
    gap_before_m: Annotated[float, lim.GAP_DISTANCE] | None = Field(
        None, description="The same gap as a distance, at this element's speed, m."
    )
    anchor_time: TimeOfDay | None = Field(
        None, description="Fixes this head's time at the anchor (a new serial) instead of chaining on the gap."
    )
    enters_at: PointName | None = Field(None, description="Named point where it joins the route (default: the first).")
    leaves_at: PointName | None = Field(None, description="Named point where it leaves the route (default: the last).")

    @model_validator(mode="after")
    def _one_gap(self) -> _GroundElement:
        given = [k for k in ("gap_before_s", "gap_before_m", "anchor_time") if getattr(self, k) is not None]
        if len(given) > 1:
            raise ValueError(f"give only one of {', '.join(given)}")
        return self


class MarchingBlock(_GroundElement):
    """Marchers (or riders) in ranks and files at a drill pace and cadence."""

    kind: Literal["foot", "band", "mounted"]
    ranks: Annotated[int, Field(gt=0), lim.RANKS] = Field(description="Rows, front to back.")
    files: Annotated[int, Field(gt=0), lim.FILES] = Field(description="Marchers abreast.")
    pace_m: Annotated[float, Field(gt=0), lim.PACE] = Field(0.75, description="Length of one pace, m.")
    cadence_spm: Annotated[float, Field(gt=0), lim.CADENCE] = Field(120.0, description="Paces a minute.")
    rank_spacing_m: Annotated[float, Field(gt=0), lim.RANK_SPACING] = Field(
        1.5, description="Front of one rank to front of the next, m."
    )
    file_spacing_m: Annotated[float, Field(gt=0), lim.FILE_SPACING] = Field(
        1.0, description="Centre to centre, side by side, m."
    )
    personnel: Annotated[int, Field(gt=0), lim.PEOPLE] | None = Field(
        None, description="Head count when it is not ranks x files."
    )


class VehicleColumn(_GroundElement):
    """Vehicles of one type in rows, `abreast` side by side."""

    kind: Literal["vehicle"]
    vehicle: CatalogueKey | InlineVehicle = Field(
        description="Catalogue key, or an inline {length_m, width_m}."
    )
    count: Annotated[int, Field(gt=0), lim.VEHICLES]
    abreast: Annotated[int, Field(gt=0), lim.ABREAST] = 1
    spacing_m: Annotated[float, lim.VEHICLE_SPACING] = Field(10.0, description="Bumper to bumper within a file, m.")
    lateral_spacing_m: Annotated[float, lim.LATERAL_SPACING] = Field(3.0, description="Side to side between files, m.")
    speed_kmh: GroundSpeed
    crew: Annotated[int, Field(gt=0), lim.PEOPLE] | None = Field(
        None, description="People on board, all vehicles together."
    )

    @model_validator(mode="after")
    def _abreast_fits(self) -> VehicleColumn:
        if self.abreast > self.count:
            raise ValueError(f"abreast ({self.abreast}) is more than count ({self.count})")
        return self


GroundElement = Annotated[MarchingBlock | VehicleColumn, Field(discriminator="kind")]


class Scenario(_Model):
    """One parade: its route, its timing and its order of march."""

    name: str
    date: dt.date = Field(description=f"The parade day, {lim.MIN_DATE} to {lim.MAX_DATE}.")
    timezone: str = Field(description="IANA time zone name, e.g. Asia/Almaty.")
    description: str | None = None
    route: Route
    timing: Timing
    ground: list[GroundElement] = Field(default_factory=list, description="Order of march, first to last.")
    air: AirSegment | None = None
    uncertainty: Uncertainty = Field(
        default_factory=Uncertainty, description="How far reality may stray from the plan, for `paradeplan rehearse`."
    )
    fit: FitGoals | None = Field(None, description="Goals for `paradeplan fit`: the slot, the flypast's place, "
                                 "what may change.")

    _ground_count = field_validator("ground", mode="before")(
        at_most(lim.MAX_GROUND_ELEMENTS, "ground elements", "the largest parades have a few hundred")
    )

    @field_validator("date")
    @classmethod
    def _sensible_date(cls, value: dt.date) -> dt.date:
        first, last = dt.date.fromisoformat(lim.MIN_DATE), dt.date.fromisoformat(lim.MAX_DATE)
        if not first <= value <= last:
            raise ValueError(f"{value.isoformat()} is outside {first.isoformat()} to {last.isoformat()}: "
                             "paradeplan plans parades dated 1900 to 2100")
        return value

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        unknown = f"unknown time zone {_shown_zone(value)} (use an IANA name such as Asia/Almaty)"
        if len(value) > lim.MAX_TIME_ZONE_CHARS:
            raise ValueError(f"{unknown}: {len(value):,} characters, more than the {lim.MAX_TIME_ZONE_CHARS} "
                             "any time zone name has")
        if not _ZONE_NAME.fullmatch(value) or ".." in value or value.startswith("/"):
            raise ValueError(f"{unknown}: a name has letters, digits, '_', '+', '-' and '/' only, and no '..'")
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise ValueError(unknown) from None
        return value

    @model_validator(mode="after")
    def _within_reach(self) -> Scenario:
        """A parade the simulation can step one by one, with its holds near its route."""
        problems: list[tuple[Loc, str, Any]] = []
        ranks = sum(e.ranks for e in self.ground if isinstance(e, MarchingBlock))
        vehicles = sum(e.count for e in self.ground if isinstance(e, VehicleColumn))
        formations = self.air.formations if self.air is not None else []
        aircraft = sum(f.count for f in formations)
        total = ranks + vehicles + aircraft
        if total > lim.MAX_AGENTS:
            where: Loc = ("ground",) if ranks + vehicles > lim.MAX_AGENTS else ("air", "formations")
            problems.append((where, f"{ranks:,} ranks, {vehicles:,} vehicles and {aircraft:,} aircraft, "
                             f"{total:,} in all: more than {lim.MAX_AGENTS:,}, far more than any parade has "
                             "(Moscow 2025: about 11,500 people and 180 vehicles); paradeplan moves each one", None))
        start_lon, start_lat = self.route.path[0]
        for index, formation in enumerate(formations):
            hold = formation.hold
            if hold is None:
                continue
            _, _, distance_m = _GEOD.inv(start_lon, start_lat, hold.lon, hold.lat)
            if distance_m > lim.MAX_HOLD_DISTANCE_M:
                problems.append((("air", "formations", index, "hold"),
                                 f"the hold is {distance_m / 1000:,.0f} km from the start of the route: more than "
                                 f"{lim.MAX_HOLD_DISTANCE_M / 1000:g} km (flypast holds lie within about 100 km of "
                                 "the city); check its lon and lat", [hold.lon, hold.lat]))
        if problems:
            refuse("Scenario", problems)
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def day(self) -> ParadeDay:
        """The parade's date and zone, to show times of day as ISO 8601."""
        return ParadeDay(self.date, self.tz)


def _shown_zone(value: str) -> str:
    """A zone name as an error shows it: quoted, and cut short when it is long."""
    return repr(value) if len(value) <= 40 else f"{value[:40]!r}..."


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file, for editors to autocomplete and validate."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "paradeplan scenario"
    return schema
