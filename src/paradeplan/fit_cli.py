"""`paradeplan fit FILE`: fit the parade to its slot (docs/fit.md). The goals come from the scenario's `fit:`
block, each overridden by the option given on the command line; the revised scenario is written with every
comment and line of the input kept (load/edit.py), to `-o OUT` or, with `--write`, over FILE."""

from __future__ import annotations

from typing import Annotated, Any

import typer
from pydantic import ValidationError

from .cli_io import EXIT_ERRORS, EXIT_REFUSED, OutputFile, ScenarioFile, load, strict_json, write_bytes, write_text
from .fit.solve import Fitted, fit
from .load.edit import with_values
from .load.files import read_text
from .load.scenario import problem_message
from .model.fit import FitGoals
from .plan.planner import make_plan
from .views.fit import air_line, fit_json, fit_table
from .views.tables import summary_lines
from .views.terminal import err, out

OPTIONS = {"duration": "--duration", "finish_by": "--finish-by", "tribune_window": "--tribune-window",
           "flypast_after_ground": "--flypast-after-ground", "speeds": "--speeds", "move_fixed": "--move-fixed"}


def fit_command(
    file: ScenarioFile,
    output: OutputFile = None,
    write: Annotated[bool, typer.Option("--write", help="Write the revised scenario over FILE.")] = False,
    duration: Annotated[str | None, typer.Option(help="First head to last tail at the anchor: 26m, 1h5m, 90s, "
                                                 "mm:ss.", show_default=False)] = None,
    finish_by: Annotated[str | None, typer.Option(help="The last tail clear of the release point by HH:MM:SS.",
                                                  show_default=False)] = None,
    tribune_window: Annotated[str | None, typer.Option(help="FROM-TO: first head no earlier, last tail no later, "
                                                       "at the anchor.", show_default=False)] = None,
    flypast_after_ground: Annotated[str | None, typer.Option(help="The first formation over the tribune this long "
                                                             "after the last ground tail.", show_default=False)] = None,
    speeds: Annotated[bool | None, typer.Option("--speeds/--no-speeds", help="Cadences and vehicle speeds may change "
                                                "within their limits.", show_default=False)] = None,
    move_fixed: Annotated[bool | None, typer.Option("--move-fixed/--keep-fixed", help="timing.time and every "
                                                    "anchor_time may move.", show_default=False)] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print what the fit changed as JSON.")] = False,
) -> None:
    """Fit the parade to its slot: choose gaps (and speeds, when allowed), line the flypast up after the ground,
    keep everything else as written; or say which goals conflict and the closest it can do."""
    if write and output is not None:
        err.print("give -o OUT or --write, not both", markup=False)
        raise typer.Exit(EXIT_REFUSED)
    scenario = load(file)
    given = {"duration": duration, "finish_by": finish_by, "tribune_window": tribune_window,
             "flypast_after_ground": flypast_after_ground, "speeds": speeds, "move_fixed": move_fixed}
    goals = _goals(scenario.fit.model_dump(exclude_unset=True) if scenario.fit else {},
                   {k: v for k, v in given.items() if v is not None})
    result = fit(scenario, goals, make_plan(scenario))
    if as_json:
        write_text(strict_json(fit_json(result)), None)
    if not isinstance(result, Fitted):
        for problem in result.problems:
            err.print(problem, markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_ERRORS)
    if not as_json:
        _print(result)
    target = file if write else output
    if target is None:
        if not as_json:
            err.print("nothing written: -o OUT.yaml writes the revised scenario, --write writes it over "
                      f"{file}", markup=False, soft_wrap=True)
        return
    revised = with_values(read_text(file), [(e.path, e.value) for e in result.edits])
    write_bytes(revised.encode("utf-8"), target)


def _goals(block: dict[str, Any], options: dict[str, Any]) -> FitGoals:
    """The file's goals overridden by the command line's; a bad option is refused in one line (exit 2)."""
    try:
        return FitGoals.overridden(block, options)
    except ValidationError as exc:
        for problem in exc.errors():  # the file's own block was checked when it loaded: an option is wrong
            name = OPTIONS.get(str(problem["loc"][0]), "the goals") if problem["loc"] else "the goals"
            err.print(f"{name}: {problem_message(problem, tuple(problem['loc']))}", markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_REFUSED) from None


def _print(fitted: Fitted) -> None:
    if fitted.changes:
        out.print(fit_table(fitted))
    else:
        out.print("the ground segment already fits: no gap or speed changes", markup=False)
    line = air_line(fitted)
    if line:
        out.print(line, markup=False)
    for text in summary_lines(fitted.plan):
        out.print(text, markup=False)

