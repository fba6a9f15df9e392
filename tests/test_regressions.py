"""Files that once crashed, hung or printed an unlocated error (issue 9), each through check and plan --json: every
exit is 0, 1 or 2, nothing crashes or takes more than 20 s, an exit 2 names the file and the line of each problem,
and plan --json prints strict JSON.

Each file in tests/regressions/ says in its first comment lines what broke and where it was found. Three of
those lines are read here: `# also run: simulate; cards` runs those commands as well,
`# expect: ground[1].vehicle.width_m` is text the output must hold, and `# time limit: 5` holds each command
to fewer seconds than 20 (for work that grew too fast, such as a quadratic loader). A new crash class found by
scripts/fuzz_cli.py gets a small file here, and nothing else to do.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fuzz_mutations import CHECK, PLAN_JSON, Command
from fuzz_runner import COMMAND_TIME_LIMIT_S, CommandWorker

REGRESSIONS = Path(__file__).parent / "regressions"
FILES = sorted(REGRESSIONS.glob("*.yaml"))
FILE_MARGIN_S = 10.0


@pytest.fixture(scope="module")
def worker():
    """One worker process for all the files, capped in memory, killed and restarted when a file hangs."""
    with CommandWorker(command_time_limit_s=COMMAND_TIME_LIMIT_S) as running:
        yield running


def header(path: Path, key: str) -> list[str]:
    """The values of the `# key: value` lines among the file's first comment lines."""
    values = []
    for line in path.read_bytes().decode("utf-8", errors="replace").splitlines():
        if not line.startswith("#"):
            break
        name, _, value = line[1:].strip().partition(":")
        if name == key:
            values.append(value.strip())
    return values


def commands_for(path: Path) -> tuple[Command, ...]:
    """check, plan --json, and the commands its `# also run:` line names."""
    also = [tuple(command.split()) for line in header(path, "also run") for command in line.split(";")]
    return (CHECK, PLAN_JSON, *also)


def test_there_are_regression_files():
    assert len(FILES) >= 10


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
def test_a_regression_file_gets_a_clean_located_answer(worker, path):
    commands = commands_for(path)
    outcomes = worker.run(path, commands, file_time_limit_s=COMMAND_TIME_LIMIT_S * len(commands) + FILE_MARGIN_S)
    limit = min([COMMAND_TIME_LIMIT_S, *(float(value) for value in header(path, "time limit"))])
    problems = [problem for outcome in outcomes for problem in outcome.problems(limit)]
    problems += [f"{' '.join(command)}: not run" for command in commands[len(outcomes):]]
    output = "\n".join(outcome.output for outcome in outcomes)
    problems += [f"no {expected!r} in the output" for expected in header(path, "expect") if expected not in output]
    assert problems == []
