"""What every command shares: its file arguments, its exit codes, reading a scenario file with its problems
located (never a traceback), and writing what it made to the terminal or a file."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from .load.scenario import ScenarioError, load_scenario
from .model.scenario import Scenario
from .plan.planner import Plan, make_plan
from .views.terminal import err

if TYPE_CHECKING:
    from .live.records import Record

ScenarioFile = Annotated[Path, typer.Argument(help="Scenario file, YAML or JSON.", show_default=False)]
OutputFile = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of the terminal.")]
RequiredOutput = Annotated[Path, typer.Option("--output", "-o", help="The file to write.", show_default=False)]

EXIT_ERRORS = 1  # the plan has error findings
EXIT_BAD_FILE = 2  # the file cannot be read as a scenario
EXIT_REFUSED = 2  # an option, setting or size the command refuses, as click does a bad option
EXIT_INTERNAL = 3  # something unexpected: a bug, logged for a report


def problems_exit(exc: ScenarioError) -> typer.Exit:
    """Print each located problem on a line of its own; the exit to raise (2)."""
    for problem in exc.problems:
        err.print(str(problem), markup=False, soft_wrap=True)
    return typer.Exit(EXIT_BAD_FILE)


def load(path: Path) -> Scenario:
    """The scenario in a file, or its problems printed (file, line, key path, what is wrong) and exit 2."""
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        raise problems_exit(exc) from None


def read_actuals(plan: Plan, path: Path) -> list[Record]:
    """The day's records in a JSONL file (the bodies of POST .../live/events), read against the plan; a bad line
    printed with its file and line, and exit 2."""
    from .live.records import read_records_jsonl
    from .load.files import read_text

    try:
        return read_records_jsonl(plan, read_text(path), str(path))
    except ScenarioError as exc:
        raise problems_exit(exc) from None


def strict_json(data: object) -> str:
    """Strict JSON for other tools: a NaN or an infinity is a bug, never written (the safety net reports it)."""
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_text(text: str, output: Path | None) -> None:
    """Text to the terminal, or to `output` with a line saying so."""
    if output is None:
        typer.echo(text, nl=not text.endswith("\n"))
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}", markup=False)


def write_bytes(data: bytes, output: Path) -> None:
    """A handout to its file (binary formats are never printed to a terminal); exit 2 when it cannot be written."""
    try:
        output.write_bytes(data)
    except OSError as exc:
        err.print(f"{output}: cannot write it: {exc.strerror or exc}", markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_REFUSED) from None
    err.print(f"wrote {output}", markup=False)


def note_errors(result: Plan, file: Path) -> None:
    """A command that goes on with a plan that has errors says so first, in one line."""
    if result.has_errors():
        err.print(f"note: the plan has {result.summary().errors} error(s); see `paradeplan check {file}`",
                  markup=False, soft_wrap=True)


def air_plan(file: Path) -> Plan:
    """The plan of a file that has formations to time; exit 1 when it has none, note its errors."""
    result = make_plan(load(file))
    if not result.air:
        err.print(f"{file}: no formation could be timed (no air: section, or see `paradeplan check`)", markup=False,
                  soft_wrap=True)
        raise typer.Exit(EXIT_ERRORS)
    note_errors(result, file)
    return result
