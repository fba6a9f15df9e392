"""The shipped examples plan, at the scale the public reports give, with findings only where intended."""

from __future__ import annotations

from pathlib import Path

import pytest

from paradeplan import load_scenario, make_plan

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def plan(name):
    return make_plan(load_scenario(EXAMPLES / f"{name}.yaml"))


@pytest.fixture(scope="module")
def astana():
    return plan("astana-2025")


@pytest.fixture(scope="module")
def red_square():
    return plan("red-square-2025")


@pytest.mark.parametrize("name", ["astana-2025", "red-square-2025"])
def test_example_has_no_error(name):
    assert [f.message for f in plan(name).findings if f.severity == "error"] == []


def test_city_parade_shows_its_intended_errors():
    assert {f.code for f in plan("city-parade").findings if f.severity == "error"} == {"too-wide", "gap-too-small"}


def test_astana_marches_over_4000(astana):
    assert astana.summary().personnel > 4000


def test_astana_drives_over_200_vehicles(astana):
    assert astana.summary().vehicles > 200


def test_astana_is_on_7_may_at_astana_time(astana):
    assert (str(astana.scenario.date), astana.scenario.timezone) == ("2025-05-07", "Asia/Almaty")


def test_astana_shows_the_vehicles_the_article_names(astana):
    types = {g.element.vehicle for g in astana.ground if g.element.kind == "vehicle"}
    assert {"buk-m2e", "tor-m2", "barys-8x8", "arlan-4x4", "aybar", "taymas", "terrex"} <= types


def test_red_square_marches_over_11500_in_55_formations(red_square):
    foot = [g for g in red_square.ground if g.element.kind != "vehicle"]
    assert (red_square.summary().personnel > 11500, len(foot)) == (True, 55)


def test_red_square_drives_over_180_vehicles(red_square):
    assert red_square.summary().vehicles > 180


def test_red_square_has_the_kazakh_contingent_of_80(red_square):
    kazakh = [g for g in red_square.ground if "kazakh" in g.id]
    assert [g.shape.personnel for g in kazakh] == [80]
