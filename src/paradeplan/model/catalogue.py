"""Catalogue entries: vehicle and aircraft types, each fact with its source or marked an estimate.

The entries shipped with the package are in data/; load/catalogue.py reads them."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, PositiveFloat, model_validator

from .fields import CatalogueKey
from .fields import Model as _Model


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
    length_m: PositiveFloat
    width_m: PositiveFloat
    height_m: PositiveFloat | None = None
    max_parade_speed_kmh: PositiveFloat = Field(description="Highest speed it should drive at in a parade column.")
    max_road_speed_kmh: PositiveFloat | None = None
    accel_mps2: PositiveFloat = Field(description="Comfortable acceleration in a column.")
    decel_mps2: PositiveFloat = Field(description="Comfortable braking in a column.")


class AircraftType(_Sourced):
    category: Literal["fixed-wing", "helicopter"]
    min_kt: PositiveFloat = Field(description="Least true airspeed for a flypast, kt.")
    max_kt: PositiveFloat = Field(description="Greatest true airspeed for a low-level flypast, kt.")
    length_m: PositiveFloat
    wingspan_m: PositiveFloat | None = None
    rotor_diameter_m: PositiveFloat | None = None
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
