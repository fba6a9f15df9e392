"""Scenario models of the air segment: wind, formations, run-ins and holds."""

from __future__ import annotations

from typing import Literal

from pydantic import (
    Field,
    NonNegativeFloat,
    PositiveFloat,
    PositiveInt,
    model_validator,
)

from .fields import CatalogueKey, Degrees, Id, PointName, TimeOfDay
from .fields import Model as _Model


class Wind(_Model):
    """Wind at flypast altitude, the direction it blows from."""

    from_deg: Degrees = 0.0
    speed_kt: NonNegativeFloat = 0.0


class InlineAircraft(_Model):
    """An aircraft type given in the scenario instead of by catalogue key."""

    name: str | None = None
    category: Literal["fixed-wing", "helicopter"]
    min_kt: PositiveFloat
    max_kt: PositiveFloat

    @model_validator(mode="after")
    def _envelope(self) -> InlineAircraft:
        if self.max_kt <= self.min_kt:
            raise ValueError("max_kt must be greater than min_kt")
        return self


class After(_Model):
    """Cross the tribune gap_s after another formation's lead does."""

    after: Id
    gap_s: NonNegativeFloat


class RunIn(_Model):
    heading_deg: Degrees = Field(description="Track over the ground from the IP to the tribune, degrees true.")
    ip_distance_km: PositiveFloat = Field(description="Initial point's distance before the tribune, km.")


class Hold(_Model):
    """A racetrack hold whose fix the lead leaves at the hold exit time."""

    lon: float = Field(ge=-180, le=180)
    lat: float = Field(ge=-90, le=90)
    turn: Literal["left", "right"] = "right"
    leg_min: PositiveFloat = Field(1.0, description="Length of each straight leg, minutes.")
    entry_time: TimeOfDay | None = Field(None, description="When the formation is established in the hold.")


class Formation(_Model):
    id: Id
    name: str | None = None
    description: str | None = None
    aircraft: CatalogueKey | InlineAircraft
    count: PositiveInt = 1
    shape: Literal[
        "single", "vic", "echelon-left", "echelon-right", "line-astern", "diamond", "box", "wedge"
    ] = "single"
    spacing_m: PositiveFloat = Field(60.0, description="Between aircraft in the formation, m.")
    tas_kt: PositiveFloat = Field(description="True airspeed from the IP to the tribune, kt.")
    altitude_ft: PositiveFloat = Field(description="Height above the ground at the tribune, ft.")
    over_tribune: TimeOfDay | After = Field(description="Lead's time over the tribune, or {after, gap_s}.")
    run_in: RunIn
    hold: Hold | None = None


class AirSegment(_Model):
    wind: Wind = Field(default_factory=Wind)
    min_separation_s: NonNegativeFloat = Field(20.0, description="Least time between two leads over the tribune, s.")
    over_ground: Literal["allowed", "forbidden"] = Field(
        "allowed", description="Whether formations may cross the tribune while ground elements pass it."
    )
    tribune: PointName | None = Field(None, description="Route point the flypast is timed to (default: timing.anchor).")
    elevation_ft: float = Field(
        0.0,
        description="Ground elevation at the tribune above mean sea level, ft: "
        "turns TAS into CAS for crews and simulators.",
    )
    formations: list[Formation] = Field(default_factory=list)
