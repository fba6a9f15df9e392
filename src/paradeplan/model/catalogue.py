"""Catalogue entries: vehicle and aircraft types, each fact with its source or marked an estimate.

The entries shipped with the package are in data/; load/catalogue.py reads them."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, model_validator

from . import limits as lim
from .fields import CatalogueKey
from .fields import Model as _Model

Length = Annotated[float, Field(gt=0), lim.VEHICLE_LENGTH]
Width = Annotated[float, Field(gt=0), lim.VEHICLE_WIDTH]
Height = Annotated[float, Field(gt=0), lim.VEHICLE_HEIGHT]
ParadeSpeed = Annotated[float, Field(gt=0), lim.GROUND_SPEED]
RoadSpeed = Annotated[float, Field(gt=0), lim.ROAD_SPEED]
Acceleration = Annotated[float, Field(gt=0), lim.ACCELERATION]
Deceleration = Annotated[float, Field(gt=0), lim.DECELERATION]
AirSpeed = Annotated[float, Field(gt=0), lim.ENVELOPE_SPEED]
AircraftSize = Annotated[float, Field(gt=0), lim.AIRCRAFT_SIZE]
Rotor = Annotated[float, Field(gt=0), lim.ROTOR]


class _Sourced(_Model):
    """Every fact carries a public source, or is marked an estimate with the reasoning."""

    name: str
    source: str | None = None
    estimate: bool = False
    reasoning: str | None = None

    @model_validator(mode="after")
    def _has_provenance(self) -> _Sourced:
        if not self.source and not self.estimate:
            raise ValueError("give a source, or estimate: true with the reasoning")
        if self.estimate and not self.reasoning:
            raise ValueError("an estimate needs its reasoning")
        return self


class VehicleType(_Sourced):
    category: Literal["tracked", "wheeled", "truck", "tractor-trailer", "car", "float", "historical"]
    length_m: Length
    width_m: Width
    height_m: Height | None = None
    max_parade_speed_kmh: ParadeSpeed = Field(description="Highest speed it should drive at in a parade column.")
    max_road_speed_kmh: RoadSpeed | None = None
    accel_mps2: Acceleration = Field(description="Comfortable acceleration in a column.")
    decel_mps2: Deceleration = Field(description="Comfortable braking in a column.")


class AircraftType(_Sourced):
    category: Literal["fixed-wing", "helicopter"]
    min_kt: AirSpeed = Field(description="Least true airspeed for a flypast, kt.")
    max_kt: AirSpeed = Field(description="Greatest true airspeed for a low-level flypast, kt.")
    length_m: AircraftSize
    wingspan_m: AircraftSize | None = None
    rotor_diameter_m: Rotor | None = None
    bluesky_type: str = Field(description="Type code whose BlueSky performance model admits min_kt..max_kt.")
    openap_type: str | None = None

    @model_validator(mode="after")
    def _envelope(self) -> AircraftType:
        if self.max_kt <= self.min_kt:
            raise ValueError("max_kt must be greater than min_kt")
        return self


class VehicleCatalogue(_Model):
    vehicles: dict[CatalogueKey, VehicleType]


class AircraftCatalogue(_Model):
    aircraft: dict[CatalogueKey, AircraftType]
