"""The shipped catalogues: every entry validated, sourced or marked an estimate."""

from __future__ import annotations

import pytest

from paradeplan.load.catalogue import aircraft_types, vehicle_types
from paradeplan.load.scenario import ScenarioError, parse_yaml, validate_document
from paradeplan.model.catalogue import AircraftType, VehicleCatalogue, VehicleType


def test_vehicle_catalogue_loads():
    assert all(isinstance(v, VehicleType) for v in vehicle_types().values())


def test_aircraft_catalogue_loads():
    assert all(isinstance(a, AircraftType) for a in aircraft_types().values())


@pytest.mark.parametrize("key", sorted(vehicle_types()))
def test_every_vehicle_has_a_source_or_a_reasoned_estimate(key):
    entry = vehicle_types()[key]
    assert entry.source or (entry.estimate and entry.reasoning)


@pytest.mark.parametrize("key", sorted(aircraft_types()))
def test_every_aircraft_has_a_source_or_a_reasoned_estimate(key):
    entry = aircraft_types()[key]
    assert entry.source or (entry.estimate and entry.reasoning)


def test_an_entry_without_provenance_is_refused():
    text = "vehicles:\n  cart:\n    name: Cart\n    category: car\n    length_m: 3\n    width_m: 2\n" \
           "    max_parade_speed_kmh: 10\n    accel_mps2: 1\n    decel_mps2: 2\n"
    with pytest.raises(ScenarioError, match=r"vehicles.yaml:2: vehicles.cart: give a source, or estimate: true"):
        validate_document(VehicleCatalogue, parse_yaml(text, filename="vehicles.yaml"), filename="vehicles.yaml")
