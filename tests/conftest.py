"""A small hand-made parade that the tests vary: a straight 3.3 km avenue, points at round distances."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator

import postgres
import pytest

from paradeplan import make_plan, parse_scenario

BASE = {
    "name": "Test parade",
    "date": "2025-05-07",
    "timezone": "Asia/Almaty",  # UTC+5 all year since March 2024
    "route": {
        # due north, about 3,336 m; points by distance so the arithmetic below is exact
        "path": [[10.0, 50.0], [10.0, 50.03]],
        "width_m": 40,
        "points": {
            "start": {"at_m": 0},
            "tribune": {"at_m": 1000},
            "turn-off": {"at_m": 1200},
            "release": {"at_m": 2000},
        },
    },
    "timing": {"anchor": "tribune", "time": "10:05:00", "min_gap_m": 10, "default_gap_s": 15},
    "ground": [],
}

# 4 ranks x 3 files at 0.75 m x 120 paces a minute: 1.5 m/s, 4.5 m long, 3 m wide, 3 s pass time
FOOT = {"id": "colour-guard", "name": "Colour guard", "kind": "foot", "ranks": 4, "files": 3,
        "pace_m": 0.75, "cadence_spm": 120, "rank_spacing_m": 1.5, "file_spacing_m": 1.0}
# 4 vehicles 2 abreast: rows 2, length 2 x 9.3 + 12 = 30.6 m, width 2 x 3.3 + 3 = 9.6 m, 12 km/h = 3.33 m/s
VEHICLES = {"id": "buk", "kind": "vehicle", "vehicle": {"length_m": 9.3, "width_m": 3.3, "max_parade_speed_kmh": 20},
            "count": 4, "abreast": 2, "spacing_m": 12, "lateral_spacing_m": 3, "speed_kmh": 12}


def scenario_dict(*ground: dict, **changes) -> dict:
    """BASE with these ground elements, and top-level sections replaced or merged by `changes`."""
    data = copy.deepcopy(BASE)
    data["ground"] = [copy.deepcopy(g) for g in ground]
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(data.get(key), dict):
            data[key] = {**data[key], **value}
        else:
            data[key] = value
    return data


def scenario(*ground: dict, **changes):
    """Through the real loader, as JSON text (JSON is YAML too)."""
    return parse_scenario(json.dumps(scenario_dict(*ground, **changes)), filename="test.yaml")


def plan_of(*ground: dict, **changes):
    return make_plan(scenario(*ground, **changes), vehicles={}, aircraft={})


def element(base: dict, **changes) -> dict:
    return {**copy.deepcopy(base), **changes}


def codes(plan) -> list[str]:
    return [f.code for f in plan.findings]


@pytest.fixture
def write_yaml(tmp_path):
    def write(text: str, name: str = "parade.yaml"):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


# --- PostgreSQL beside SQLite (tests/postgres.py) ----------------------------------------------

@pytest.fixture(scope="session")
def postgres_server():
    """A PostgreSQL server for this session (this xdist worker): a throwaway cluster, or PARADEPLAN_TEST_POSTGRES's.

    Where PostgreSQL is not installed, every test that asks for it fails and says how to install it."""
    try:
        server = postgres.server_for_tests()
    except postgres.PostgresMissing as missing:
        reason = str(missing)
    else:
        reason = ""
    if reason:
        pytest.fail(reason, pytrace=False)
    yield server
    server.close()


@pytest.fixture
def postgres_url(postgres_server) -> Iterator[str]:
    """The URL of a new empty PostgreSQL database of this test's own, dropped afterwards."""
    url = postgres_server.new_database()
    yield url
    postgres_server.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path) -> str:
    """A new empty database of this test's own, once on SQLite (a file in tmp_path) and once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'paradeplan.db'}"
    return request.getfixturevalue("postgres_url")
