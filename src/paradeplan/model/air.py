"""Scenario models of the air segment: wind, formations, run-ins and holds."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from . import limits as lim
from .fields import CatalogueKey, Degrees, Id, PointName, TimeOfDay
from .fields import Model as _Model
from .limits import at_most, too_many

EnvelopeKt = Annotated[float, Field(gt=0), lim.ENVELOPE_SPEED]


class Wind(_Model):
    """Wind at flypast altitude, the direction it blows from."""

    from_deg: Degrees = 0.0
    speed_kt: Annotated[float, lim.WIND_SPEED] = 0.0


class InlineAircraft(_Model):
    """An aircraft type given in the scenario instead of by catalogue key."""

    name: str | None = None
    category: Literal["fixed-wing", "helicopter"]
    min_kt: EnvelopeKt
    max_kt: EnvelopeKt

    @model_validator(mode="after")
    def _envelope(self) -> InlineAircraft:
        if self.max_kt <= self.min_kt:
            raise ValueError("max_kt must be greater than min_kt")
        return self


class After(_Model):
    """Cross the tribune gap_s after another formation's lead does."""

    after: Id
    gap_s: Annotated[float, lim.AIR_GAP]


class RunIn(_Model):
    heading_deg: Degrees = Field(description="Track over the ground from the IP to the tribune, degrees true.")
    ip_distance_km: Annotated[float, Field(gt=0), lim.IP_DISTANCE] = Field(
        description="Initial point's distance before the tribune, km."
    )


class Hold(_Model):
    """A racetrack hold whose fix the lead leaves at the hold exit time."""

    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)
    turn: Literal["left", "right"] = "right"
    leg_min: Annotated[float, Field(gt=0), lim.HOLD_LEG] = Field(
        1.0, description="Length of each straight leg, minutes."
    )
    entry_time: TimeOfDay | None = Field(None, description="When the formation is established in the hold.")


class Formation(_Model):
    id: Id
    name: str | None = None
    description: str | None = None
    aircraft: CatalogueKey | InlineAircraft
    count: Annotated[int, Field(gt=0), lim.AIRCRAFT] = 1
    shape: Literal[
        "single", "vic", "echelon-left", "echelon-right", "line-astern", "diamond", "box", "wedge"
    ] = "single"
    spacing_m: Annotated[float, Field(gt=0), lim.FORMATION_SPACING] = Field(
        60.0, description="Between aircraft in the formation, m."
    )
    tas_kt: Annotated[float, Field(gt=0), lim.TAS] = Field(description="True airspeed from the IP to the tribune, kt.")
    altitude_ft: Annotated[float, Field(gt=0), lim.HEIGHT_ABOVE_GROUND] = Field(
        description="Height above the ground at the tribune, ft."
    )
    over_tribune: TimeOfDay | After = Field(description="Lead's time over the tribune, or {after, gap_s}.")
    run_in: RunIn
    hold: Hold | None = None


class AirSegment(_Model):
    wind: Wind = Field(default_factory=Wind)
    min_separation_s: Annotated[float, lim.SEPARATION] = Field(
        20.0, description="Least time between two leads over the tribune, s."
    )
    over_ground: Literal["allowed", "forbidden"] = Field(
        "allowed", description="Whether formations may cross the tribune while ground elements pass it."
    )
    ground_clear_s: Annotated[float, lim.SEPARATION] = Field(
        0.0, description="Where over_ground is forbidden: least time from the last ground tail clearing the "
        "tribune to a formation over it, s; the live forecast calls less an error."
    )
    tribune: PointName | None = Field(None, description="Route point the flypast is timed to (default: timing.anchor).")
    elevation_ft: Annotated[float, lim.ELEVATION] = Field(
        0.0,
        description="Ground elevation at the tribune above mean sea level, ft: "
        "turns TAS into CAS for crews and simulators.",
    )
    formations: list[Formation] = Field(default_factory=list)

    _formation_count = field_validator("formations", mode="before")(
        at_most(lim.MAX_FORMATIONS, "formations", "the largest flypasts fly a few dozen")
    )

    @field_validator("formations")
    @classmethod
    def _aircraft_in_all(cls, formations: list[Formation]) -> list[Formation]:
        """The planner checks every pair of aircraft for separation: their number in all is bounded too."""
        aircraft = sum(f.count for f in formations)
        if aircraft > lim.MAX_AIRCRAFT:
            raise PydanticCustomError("too_many", too_many(
                aircraft, lim.MAX_AIRCRAFT, f"aircraft in {len(formations):,} formations",
                "the largest flypasts have had about 200 (Beijing 2015)"))
        return formations
