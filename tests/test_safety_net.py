"""The command's safety net: a bug prints one line and exits 3, with its traceback in a log file, not on the screen."""

from __future__ import annotations

import json
import sys

import pytest
from conftest import FOOT, scenario_dict

from paradeplan import cli


@pytest.fixture
def crashing_check(monkeypatch, tmp_path, write_yaml):
    """`paradeplan check` on a good file, with a planner that fails unexpectedly; logs go to tmp_path/logs."""

    def broken_planner(scenario):
        raise ZeroDivisionError("a bug")

    monkeypatch.setenv(cli.LOG_DIR_VARIABLE, str(tmp_path / "logs"))
    monkeypatch.setattr(cli, "make_plan", broken_planner)
    monkeypatch.setattr(sys, "argv", ["paradeplan", "check", str(write_yaml(json.dumps(scenario_dict(FOOT))))])
    return tmp_path / "logs" / "internal-errors.log"


def run_main() -> int:
    with pytest.raises(SystemExit) as stopped:
        cli.main()
    return stopped.value.code


def test_a_bug_exits_3(crashing_check):
    assert run_main() == 3


def test_a_bug_prints_one_line(crashing_check, capsys):
    run_main()
    assert capsys.readouterr().err.count("\n") == 1


def test_a_bug_shows_no_traceback(crashing_check, capsys):
    run_main()
    assert "Traceback" not in capsys.readouterr().err


def test_a_bugs_traceback_is_in_the_log(crashing_check):
    run_main()
    assert "ZeroDivisionError: a bug" in crashing_check.read_text(encoding="utf-8")


def test_a_clean_file_still_exits_0(monkeypatch, write_yaml):
    monkeypatch.setattr(sys, "argv", ["paradeplan", "check", str(write_yaml(json.dumps(scenario_dict(FOOT))))])
    assert run_main() == 0
