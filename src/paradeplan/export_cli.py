"""`paradeplan export KIND FILE -o OUT`: a handout of the scenario's plan, from the table in export/handouts.py
that the workspace's download menu builds from too; `after-action` from the plan and the day's records;
`bluesky` for the air segment's check in BlueSky (docs/air.md)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from .cli_io import (
    EXIT_REFUSED,
    OutputFile,
    RequiredOutput,
    ScenarioFile,
    air_plan,
    load,
    note_errors,
    read_actuals,
    write_bytes,
    write_text,
)
from .export.handouts import AFTER_ACTION_FILES, Handout, kinds
from .plan.planner import make_plan
from .views.terminal import err

export_app = typer.Typer(help="Write a handout of the plan: PDF, XLSX, SVG, maps, or a scenario for another tool.",
                         no_args_is_help=True)


def _format(kind: str, formats: tuple[Handout, ...], output: Path) -> Handout:
    """The format the output's suffix names; a kind with one format writes it whatever the suffix."""
    if len(formats) == 1:
        return formats[0]
    for handout in formats:
        if output.suffix.lower() == handout.suffix:
            return handout
    suffixes = " or ".join(h.suffix for h in formats)
    err.print(f"{output}: {kind} writes {suffixes}; name the output file with one of them", markup=False,
              soft_wrap=True)
    raise typer.Exit(EXIT_REFUSED)


def _handout_command(kind: str, formats: tuple[Handout, ...]) -> Callable[[Path, Path], None]:
    """The command that writes one KIND of handout."""

    def command(file: ScenarioFile, output: RequiredOutput) -> None:
        handout = _format(kind, formats, output)
        if handout.needs_air:
            plan = air_plan(file)
        else:
            plan = make_plan(load(file))
            note_errors(plan, file)
        write_bytes(handout.build(plan, None), output)

    return command


for _kind, _formats in kinds().items():
    _help = f"Write the {_formats[0].title.lower()} ({', '.join(h.suffix for h in _formats)}): {_formats[0].what}."
    export_app.command(_kind, help=_help)(_handout_command(_kind, _formats))


Actuals = Annotated[Path, typer.Option("--actuals", help="The day's records, one JSON object a line "
                                       "(the body of POST .../live/events).", show_default=False)]


@export_app.command("after-action")
def export_after_action(file: ScenarioFile, actuals: Actuals, output: RequiredOutput) -> None:
    """Write the after-action report (.pdf or .xlsx): planned against actual at every point, delays, corrections."""
    from .export.handouts import after_action
    from .live.forecast import forecast

    suffix = output.suffix.lower()
    if f"after-action{suffix}" not in AFTER_ACTION_FILES:
        err.print(f"{output}: after-action writes .pdf or .xlsx; name the output file with one of them",
                  markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_REFUSED)
    plan = make_plan(load(file))
    records = read_actuals(plan, actuals)
    note_errors(plan, file)
    write_bytes(after_action(plan, forecast(plan, records), suffix), output)


@export_app.command("bluesky")
def export_bluesky(file: ScenarioFile, output: OutputFile = None) -> None:
    """Write a BlueSky scenario (.scn) that flies each formation's lead over the tribune at its planned time."""
    from .views.bluesky import bluesky_scenario

    scn = bluesky_scenario(air_plan(file))
    for note in scn.notes:
        err.print(f"note: {note}", markup=False, soft_wrap=True)
    write_text(scn.text, output)
