"""Long work is sized before it starts: simulate and rehearse refuse past their step limits with the figures.

conftest's avenue: the colour guard (1.5 m/s, 3 s pass time) is at the tribune (1,000 m) at 10:05:00, so its
head leaves the start (0 m) 666.7 s earlier, at 09:53:53.3, and its tail clears the release point (2,000 m)
666.7 + 3 s later, at 10:16:09.7: 1,336.3 s of parade, 2,672.7 steps of 0.5 s, so 2,673.
"""

from __future__ import annotations

import json

from conftest import FOOT, plan_of, scenario_dict
from typer.testing import CliRunner

from paradeplan.cli import app
from paradeplan.rehearse.runs import rehearsal_model, rehearsal_steps
from paradeplan.simulate.run import simulation_size

runner = CliRunner()


def test_a_simulation_counts_its_steps_from_the_plan():
    assert simulation_size(plan_of(FOOT), 0.5).steps == 2673


def test_a_simulation_past_its_step_limit_exits_2(write_yaml):
    path = write_yaml(json.dumps(scenario_dict(FOOT)))
    assert runner.invoke(app, ["simulate", str(path), "--max-steps", "2672"]).exit_code == 2


def test_a_simulation_past_its_step_limit_says_how_to_raise_it(write_yaml):
    path = write_yaml(json.dumps(scenario_dict(FOOT)))
    output = runner.invoke(app, ["simulate", str(path), "--max-steps", "2672"]).output
    assert "2,673 steps of 0.5 s, more than the limit of 2,672 (--max-steps)" in output


def test_a_simulation_at_its_step_limit_runs(write_yaml):
    path = write_yaml(json.dumps(scenario_dict(FOOT)))
    assert runner.invoke(app, ["simulate", str(path), "--max-steps", "2673"]).exit_code == 0


def test_a_rehearsal_counts_runs_times_the_grid_each_element_walks():
    model = rehearsal_model(plan_of(FOOT))
    rows = int(model.ground.stop_row[0] - model.ground.enters_row[0])
    assert rehearsal_steps(model, 7) == 7 * rows


def test_a_rehearsal_past_its_step_limit_exits_2(write_yaml):
    path = write_yaml(json.dumps(scenario_dict(FOOT)))
    assert runner.invoke(app, ["rehearse", str(path), "--runs", "100", "--max-steps", "1000"]).exit_code == 2


def test_more_runs_than_a_million_are_refused(write_yaml):
    path = write_yaml(json.dumps(scenario_dict(FOOT)))
    assert runner.invoke(app, ["rehearse", str(path), "--runs", "1000001"]).exit_code == 2
