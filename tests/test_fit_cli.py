"""`paradeplan fit` through its real interface (CliRunner): the table of what changed, the file written with its
comments, the goals of the file's `fit:` block and the options that override them, and refusals.

The parade is test_fit's three blocks: 72 s at the tribune as written, 25 s at the shortest.
"""

from __future__ import annotations

from test_fit import BLOCKS
from typer.testing import CliRunner

from paradeplan.cli import app
from paradeplan.load.scenario import load_scenario
from paradeplan.plan.planner import make_plan

runner = CliRunner()


def fit(tmp_path, *options: str, text: str = BLOCKS):
    scenario = tmp_path / "parade.yaml"
    scenario.write_text(text, encoding="utf-8")
    return runner.invoke(app, ["fit", str(scenario), *options]), scenario


def span_s(path) -> float:
    summary = make_plan(load_scenario(path)).summary()
    return summary.last_clear_of_anchor_s - summary.first_at_anchor_s


def test_the_table_shows_each_gap_before_and_after(tmp_path):
    result, _ = fit(tmp_path, "--duration", "60s")
    assert (result.exit_code, "30 s → 24 s" in result.stdout) == (0, True)


def test_without_an_output_nothing_is_written(tmp_path):
    result, scenario = fit(tmp_path, "--duration", "60s")
    assert (scenario.read_text(encoding="utf-8"), "nothing written" in result.stderr) == (BLOCKS, True)


def test_the_revised_scenario_is_written_to_the_output_with_its_comments(tmp_path):
    out = tmp_path / "fitted.yaml"
    result, _ = fit(tmp_path, "--duration", "60s", "-o", str(out))
    text = out.read_text(encoding="utf-8")
    assert (result.exit_code, "# the planner's gap" in text, span_s(out)) == (0, True, 60.0)


def test_write_fits_the_file_in_place(tmp_path):
    result, scenario = fit(tmp_path, "--duration", "60s", "--write")
    assert (result.exit_code, round(span_s(scenario), 1)) == (0, 60.0)


def test_the_files_fit_block_gives_the_goals(tmp_path):
    out = tmp_path / "fitted.yaml"
    result, _ = fit(tmp_path, "-o", str(out), text=BLOCKS + "fit:\n  duration: 1m\n")
    assert (result.exit_code, round(span_s(out), 1)) == (0, 60.0)


def test_an_option_overrides_the_files_goal(tmp_path):
    # the block asks 60 s, the command line 90 s: two gaps of 39 s
    out = tmp_path / "fitted.yaml"
    result, _ = fit(tmp_path, "--duration", "90s", "-o", str(out), text=BLOCKS + "fit:\n  duration: 1m\n")
    assert (result.exit_code, round(span_s(out), 1)) == (0, 90.0)


def test_a_goal_that_cannot_be_met_exits_1_with_the_closest(tmp_path):
    result, _ = fit(tmp_path, "--duration", "20s")
    assert (result.exit_code, result.stderr.splitlines()[0]) == (
        1, "A duration of 20 s at tribune is shorter than possible: the shortest possible duration with every gap "
           "at its minimum at the written speeds is 25 s.")


def test_a_duration_that_is_no_duration_is_refused_in_one_line(tmp_path):
    result, _ = fit(tmp_path, "--duration", "soon")
    assert (result.exit_code, result.stderr.strip()) == (
        2, "--duration: 'soon' is not a duration: write it as 26m, 1h5m, 90s or 24:30 (minutes and seconds)")


def test_two_slots_at_once_are_refused(tmp_path):
    result, _ = fit(tmp_path, "--duration", "60s", "--finish-by", "10:10:00")
    assert (result.exit_code, "give only one of duration, finish_by" in result.stderr) == (2, True)


def test_a_bad_fit_block_is_located_in_the_file(tmp_path):
    result, _ = fit(tmp_path, text=BLOCKS + "fit:\n  duration: soon\n")
    assert (result.exit_code, result.stderr.startswith("parade.yaml:")) == (2, True)


def test_json_says_what_changed(tmp_path):
    result, _ = fit(tmp_path, "--duration", "60s", "--json")
    assert '"gap": "30 s → 24 s"' in result.stdout
