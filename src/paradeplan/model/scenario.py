"""Scenario models: what a planner writes in a scenario file, validated once.

The models hold data only; `loading.py` reads files into them with line numbers for errors,
and the planner turns a validated `Scenario` into a plan.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator

from .air import AirSegment
from .fields import CatalogueKey, Id, PointName, TimeOfDay
from .fields import Model as _Model
from .times import ParadeDay
from .uncertainty import Uncertainty

__all__ = ["Scenario"]

MAX_DISTANCE_M = 1.0e7  # a quarter of the earth: anything longer is a typo
MAX_SPEED_KMH = 300.0  # nothing on the ground in a parade is faster
DAY_S = 86_400.0


class NamedPoint(_Model):
    """A point on the route: by distance along the path, or by lon/lat snapped onto it."""

    at_m: float | None = Field(
        None, ge=-MAX_DISTANCE_M, le=MAX_DISTANCE_M, description="Distance along the path from its first vertex, m."
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

    from_m: float = Field(ge=0, le=MAX_DISTANCE_M)
    to_m: float = Field(gt=0, le=MAX_DISTANCE_M)
    width_m: float | None = Field(None, gt=0, le=1000, description="Usable width on this stretch, m.")
    max_speed_kmh: float | None = Field(None, gt=0, le=MAX_SPEED_KMH, description="Speed limit on this stretch, km/h.")
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
    width_m: float = Field(gt=0, le=1000, description="Usable width, m.")
    stretches: list[Stretch] = Field(default_factory=list)
    points: dict[PointName, NamedPoint] = Field(min_length=2, description="Named points: start, tribune, release...")
    snap_tolerance_m: float = Field(
        50.0,
        gt=0,
        le=MAX_DISTANCE_M,
        description="A lon/lat point farther than this from the path is reported off the path.",
    )


class Timing(_Model):
    anchor: PointName = Field(description="The point at which `time` holds, usually the tribune.")
    time: TimeOfDay = Field(description="When the head of the first ground element reaches the anchor.")
    min_gap_m: float = Field(
        10.0, ge=0, le=MAX_DISTANCE_M, description="Least road gap, tail of one element to head of the next, m."
    )
    default_gap_s: float = Field(
        15.0, ge=0, le=DAY_S, description="Time gap at the anchor when an element gives none, s."
    )
    long_gap_s: float = Field(120.0, gt=0, le=DAY_S, description="A time gap longer than this draws a warning, s.")
    sim_tolerance_s: float = Field(
        5.0,
        gt=0,
        le=DAY_S,
        description="Simulated and planned times at a point further apart than this draw a finding, s.",
    )


class InlineVehicle(_Model):
    """A vehicle type given in the scenario itself instead of by catalogue key."""

    name: str | None = None
    length_m: float = Field(gt=0, le=1000)
    width_m: float = Field(gt=0, le=1000)
    max_parade_speed_kmh: float | None = Field(None, gt=0, le=MAX_SPEED_KMH)


class _GroundElement(_Model):
    id: Id
    name: str | None = None
    description: str | None = Field(None, description="What the commentator says of it.")
    gap_before_s: float | None = Field(
        None, ge=0, le=DAY_S, description="Previous element's tail to this head, at the anchor, s."
    )
    gap_before_m: float | None = Field(
        None, ge=0, le=MAX_DISTANCE_M, description="The same gap as a distance, at this element's speed, m."
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
    ranks: int = Field(gt=0, le=10_000, description="Rows, front to back.")
    files: int = Field(gt=0, le=1000, description="Marchers abreast.")
    pace_m: float = Field(0.75, gt=0, le=10, description="Length of one pace, m.")
    cadence_spm: float = Field(120.0, gt=0, le=400, description="Paces a minute.")
    rank_spacing_m: float = Field(1.5, gt=0, le=1000, description="Front of one rank to front of the next, m.")
    file_spacing_m: float = Field(1.0, gt=0, le=1000, description="Centre to centre, side by side, m.")
    personnel: int | None = Field(None, gt=0, le=1_000_000, description="Head count when it is not ranks x files.")


class VehicleColumn(_GroundElement):
    """Vehicles of one type in rows, `abreast` side by side."""

    kind: Literal["vehicle"]
    vehicle: CatalogueKey | InlineVehicle = Field(
        description="Catalogue key, or an inline {length_m, width_m}."
    )
    count: int = Field(gt=0, le=100_000)
    abreast: int = Field(1, gt=0, le=1000)
    spacing_m: float = Field(10.0, ge=0, le=1000, description="Bumper to bumper within a file, m.")
    lateral_spacing_m: float = Field(3.0, ge=0, le=1000, description="Side to side between files, m.")
    speed_kmh: float = Field(gt=0, le=MAX_SPEED_KMH)
    crew: int | None = Field(None, gt=0, le=1_000_000, description="People on board, all vehicles together.")

    @model_validator(mode="after")
    def _abreast_fits(self) -> VehicleColumn:
        if self.abreast > self.count:
            raise ValueError(f"abreast ({self.abreast}) is more than count ({self.count})")
        return self


GroundElement = Annotated[MarchingBlock | VehicleColumn, Field(discriminator="kind")]


class Scenario(_Model):
    """One parade: its route, its timing and its order of march."""

    name: str
    date: dt.date
    timezone: str = Field(description="IANA time zone name, e.g. Asia/Almaty.")
    description: str | None = None
    route: Route
    timing: Timing
    ground: list[GroundElement] = Field(default_factory=list, description="Order of march, first to last.")
    air: AirSegment | None = None
    uncertainty: Uncertainty = Field(
        default_factory=Uncertainty, description="How far reality may stray from the plan, for `paradeplan rehearse`."
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (use an IANA name such as Asia/Almaty)") from None
        return value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def day(self) -> ParadeDay:
        """The parade's date and zone, to show times of day as ISO 8601."""
        return ParadeDay(self.date, self.tz)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a scenario file, for editors to autocomplete and validate."""
    schema = Scenario.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "paradeplan scenario"
    return schema

