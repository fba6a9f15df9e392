"""Docs that cannot drift: every scenario key is documented, and the README starts with the two commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from paradeplan.model import air as air_models
from paradeplan.model import fit, scenario, uncertainty

ROOT = Path(__file__).resolve().parents[1]
MODELS = [v for m in (scenario, air_models, uncertainty, fit) for v in vars(m).values()
          if isinstance(v, type) and issubclass(v, BaseModel) and v.__module__ == m.__name__]


@pytest.mark.parametrize("field", sorted({f for model in MODELS for f in model.model_fields}))
def test_every_scenario_key_is_in_the_format_reference(field):
    assert f"`{field}`" in (ROOT / "docs" / "scenario-format.md").read_text()


def test_readme_opens_with_the_two_commands():
    first_block = (ROOT / "README.md").read_text().split("```")[1]
    assert "make demo" in first_block and "make test" in first_block


def test_ci_runs_make_test_and_nothing_else():
    lines = [line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line and not line.startswith("#")]
    assert lines[-1] == "make test"
