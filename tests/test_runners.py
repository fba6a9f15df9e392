"""Where rehearsal runs go: a missing Dask is one line naming the extra to install, never a traceback."""

from __future__ import annotations

import importlib.util
import json

import pytest
from conftest import FOOT, scenario_dict
from typer.testing import CliRunner

from paradeplan.cli import app

runner = CliRunner()


@pytest.fixture
def without_distributed(monkeypatch):
    """An installation without Dask's distributed package."""
    find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *more: None if name == "distributed" else find_spec(name, *more))


def test_a_scheduler_without_dask_exits_2(write_yaml, without_distributed):
    path = write_yaml(json.dumps(scenario_dict(FOOT)))
    result = runner.invoke(app, ["rehearse", str(path), "--runs", "10", "--scheduler", "tcp://127.0.0.1:1"])
    assert result.exit_code == 2


def test_a_scheduler_without_dask_names_the_extra_to_install(write_yaml, without_distributed):
    path = write_yaml(json.dumps(scenario_dict(FOOT)))
    result = runner.invoke(app, ["rehearse", str(path), "--runs", "10", "--scheduler", "tcp://127.0.0.1:1"])
    assert result.output.strip() == "--scheduler needs Dask's distributed package: pip install 'paradeplan[dask]'"
