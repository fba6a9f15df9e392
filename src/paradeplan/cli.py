"""The `paradeplan` command: load, call the planner, present. No planning happens here."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from . import __version__
from .findings import Finding
from .loading import ScenarioError, load_scenario
from .planner import Plan, make_plan
from .report import march_table_csv, plan_dict
from .scenario import Scenario, json_schema
from .times import clock, duration
from .units import mps_to_kmh

app = typer.Typer(
    name="paradeplan",
    help="Plan, check and time parades: marching blocks, vehicle columns and flypasts, to the second.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console(highlight=False)
if not out.is_terminal:  # a file or a pipe gets the whole table, not one squeezed to 80 columns
    out = Console(highlight=False, width=200)
err = Console(stderr=True, highlight=False)

ScenarioFile = Annotated[Path, typer.Argument(help="Scenario file, YAML or JSON.", show_default=False)]
OutputFile = Annotated[Path | None, typer.Option("--output", "-o", help="Write to this file instead of the terminal.")]

EXIT_ERRORS = 1  # the plan has error findings
EXIT_BAD_FILE = 2  # the file cannot be read as a scenario


def _load(path: Path) -> Scenario:
    try:
        return load_scenario(path)
    except ScenarioError as exc:
        for problem in exc.problems:
            err.print(str(problem), markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_BAD_FILE) from None


def _write(text: str, output: Path | None) -> None:
    if output is None:
        typer.echo(text, nl=not text.endswith("\n"))
    else:
        output.write_text(text, encoding="utf-8")
        err.print(f"wrote {output}", markup=False)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"paradeplan {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Plan, check and time parades."""


@app.command()
def check(file: ScenarioFile) -> None:
    """Print the plan's findings. Exit 0 with no error, 1 with any error, 2 when the file is not a scenario."""
    plan = make_plan(_load(file))
    print_findings(plan.findings)
    summary = plan.summary()
    out.print(f"{summary['errors']} error(s), {summary['warnings']} warning(s)")
    if plan.has_errors():
        raise typer.Exit(EXIT_ERRORS)


@app.command()
def plan(
    file: ScenarioFile,
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan as JSON.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print the march table as CSV.")] = False,
    output: OutputFile = None,
) -> None:
    """Print the march table: every element's head and tail time at every named point, and the findings."""
    result = make_plan(_load(file))
    if as_json:
        _write(json.dumps(plan_dict(result), indent=2, ensure_ascii=False) + "\n", output)
    elif as_csv:
        _write(march_table_csv(result), output)
    else:
        print_plan(result)


@app.command()
def schema(output: OutputFile = None) -> None:
    """Print the JSON Schema of scenario files, for editors to autocomplete."""
    _write(json.dumps(json_schema(), indent=2) + "\n", output)


def _air_plan(file: Path) -> Plan:
    """The plan of a file that has formations to time; exit 1 when it has none, note its errors."""
    result = make_plan(_load(file))
    if not result.air:
        err.print(f"{file}: no formation could be timed (no air: section, or see `paradeplan check`)", markup=False,
                  soft_wrap=True)
        raise typer.Exit(EXIT_ERRORS)
    if result.has_errors():
        err.print(f"note: the plan has {result.summary()['errors']} error(s); see `paradeplan check {file}`", markup=False,
                  soft_wrap=True)
    return result


@app.command()
def cards(
    file: ScenarioFile,
    as_json: Annotated[bool, typer.Option("--json", help="Print the cards as JSON.")] = False,
    output: OutputFile = None,
) -> None:
    """Print each formation's timing card: hold exit, IP, tribune time, speeds and the crew's correction table."""
    from .air_report import cards_dict, cards_text

    result = _air_plan(file)
    if as_json:
        _write(json.dumps(cards_dict(result), indent=2, ensure_ascii=False) + "\n", output)
    else:
        _write(cards_text(result), output)


export_app = typer.Typer(help="Write the plan for other tools.", no_args_is_help=True)
app.add_typer(export_app, name="export")


@export_app.command("bluesky")
def export_bluesky(file: ScenarioFile, output: OutputFile = None) -> None:
    """Write a BlueSky scenario (.scn) that flies each formation's lead over the tribune at its planned time."""
    from .bluesky_export import bluesky_scenario

    scn = bluesky_scenario(_air_plan(file))
    for note in scn.notes:
        err.print(f"note: {note}", markup=False, soft_wrap=True)
    _write(scn.text, output)


def print_findings(findings: list[Finding]) -> None:
    for finding in findings:
        style = "bold red" if finding.severity == "error" else "yellow"
        out.print(f"[{style}]{finding.severity}[/] [dim]{finding.code}[/] ", end="")
        out.print(finding.message, markup=False)


def print_plan(result: Plan) -> None:
    """The march table, the air table, a summary and the findings, for a terminal."""
    scenario = result.scenario
    points = result.points
    labels = {p.name: p.label for p in result.geometry.points.values()}
    table = Table(title=f"{scenario.name} - {scenario.date:%A %d %B %Y} ({scenario.timezone})", title_justify="left")
    for column, justify in (("#", "right"), ("Element", "left"), ("Kind", "left"), ("Strength", "right"),
                            ("Length m", "right"), ("km/h", "right"), ("Pass", "right")):
        table.add_column(column, justify=justify)
    for point in points:
        table.add_column(f"{labels[point]}\nhead - tail", justify="center")
    for order, g in enumerate(result.ground, start=1):
        strength = f"{g.shape.vehicles} veh" if g.element.kind == "vehicle" else f"{g.shape.personnel}"
        cells = [str(order), g.name, g.element.kind, strength, f"{g.shape.length_m:,.0f}",
                 f"{mps_to_kmh(g.shape.speed_mps):.1f}", f"{g.pass_time_s:.0f} s"]
        for point in points:
            head_tail = g.times.get(point)
            cells.append(f"{clock(head_tail[0], tenths=False)} - {clock(head_tail[1], tenths=False)}" if head_tail else "")
        table.add_row(*cells)
    out.print(table)
    if result.air:
        from .air_report import air_table

        out.print(air_table(result))
    print_summary(result)
    print_findings(result.findings)


def print_summary(result: Plan) -> None:
    s = result.summary()
    anchor = result.geometry.points[result.anchor].label
    lines = [f"{s['elements']} ground elements: {s['personnel']:,} marching, {s['vehicles']} vehicles"
             + (f", {s['aircraft']} aircraft" if s["aircraft"] else "")]
    if s["first_at_anchor_s"] is not None:
        lines.append(f"{anchor}: first head {clock(s['first_at_anchor_s'])}, last tail {clock(s['last_clear_of_anchor_s'])}"
                     f" ({duration(s['last_clear_of_anchor_s'] - s['first_at_anchor_s'])})")
    if s["step_off_s"] is not None:
        lines.append(f"whole route: first step-off {clock(s['step_off_s'])}, completion {clock(s['completion_s'])}"
                     f" ({duration(s['completion_s'] - s['step_off_s'])})")
    lines.append(f"{s['errors']} error(s), {s['warnings']} warning(s)")
    for line in lines:
        out.print(line, markup=False)
