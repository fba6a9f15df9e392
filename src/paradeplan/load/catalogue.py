"""The vehicle and aircraft catalogues shipped in the package (model/data), read and validated once."""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import TypeVar

from pydantic import BaseModel

from ..model.catalogue import AircraftCatalogue, AircraftType, VehicleCatalogue, VehicleType
from .scenario import parse_yaml, validate_document

M = TypeVar("M", bound=BaseModel)


def _load(filename: str, model: type[M]) -> M:
    text = resources.files("paradeplan.model").joinpath("data", filename).read_text(encoding="utf-8")
    return validate_document(model, parse_yaml(text, filename=filename), filename=filename)


@cache
def vehicle_types() -> dict[str, VehicleType]:
    """Vehicle types by catalogue key, from data/vehicles.yaml."""
    return _load("vehicles.yaml", VehicleCatalogue).vehicles


@cache
def aircraft_types() -> dict[str, AircraftType]:
    """Aircraft types by catalogue key, from data/aircraft.yaml."""
    return _load("aircraft.yaml", AircraftCatalogue).aircraft
