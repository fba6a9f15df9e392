"""Rehearsal chunks sent to a Dask cluster (`--scheduler`) give the numbers the same seed gives here."""

from __future__ import annotations

import json

import pytest
from conftest import FOOT, VEHICLES, element, scenario_dict
from distributed import LocalCluster
from typer.testing import CliRunner

from paradeplan.cli import app

runner = CliRunner()


@pytest.fixture
def cluster():
    """Two small in-process workers, closed at the end of the test."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=":0") as local:
        yield local


def rehearse_json(path, *args) -> str:
    result = runner.invoke(app, ["rehearse", str(path), "--runs", "800", "--seed", "11", "--json", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_dask_cluster_gives_the_same_numbers_as_one_process(write_yaml, cluster):
    parade = scenario_dict(FOOT, element(FOOT, id="second"), element(VEHICLES, leaves_at="turn-off", gap_before_s=300))
    path = write_yaml(json.dumps(parade))
    assert json.loads(rehearse_json(path, "--scheduler", cluster.scheduler_address)) == json.loads(rehearse_json(path))


def test_the_chunks_run_on_the_clusters_workers(write_yaml, cluster):
    path = write_yaml(json.dumps(scenario_dict(FOOT)))
    rehearse_json(path, "--scheduler", cluster.scheduler_address)
    assert "run_chunk" in cluster.scheduler.task_prefixes
