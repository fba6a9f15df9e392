"""The `paradeplan` command: load, call the planner, present. No planning happens here."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import socket
import sys
import tempfile
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from . import __version__
from .accounts_cli import tokens_app, users_app
from .cli_io import (
    EXIT_ERRORS,
    EXIT_INTERNAL,
    EXIT_REFUSED,
    OutputFile,
    ScenarioFile,
    air_plan,
    load,
    note_errors,
    read_actuals,
    strict_json,
    write_text,
)
from .drill_cli import drill
from .export_cli import export_app
from .fit_cli import fit_command
from .model.scenario import json_schema
from .plan.planner import make_plan
from .rehearse.runners import RunnerUnavailable, dask_runner, process_runner
from .rehearse.runs import DEFAULT_MAX_STEPS as REHEARSAL_MAX_STEPS
from .simulate.run import DEFAULT_MAX_STEPS as SIMULATION_MAX_STEPS
from .views.march_table import march_table_csv
from .views.plan_json import plan_dict
from .views.terminal import (
    err,
    out,
    print_findings,
    print_plan,
    print_rehearsal,
    print_simulation,
)

if TYPE_CHECKING:
    from fastapi import FastAPI

    from .web.settings import Settings as WebSettings

app = typer.Typer(
    name="paradeplan",
    help="Plan, check and time parades: marching blocks, vehicle columns and flypasts, to the second.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

app.add_typer(users_app, name="users")
app.add_typer(tokens_app, name="tokens")
app.command("drill")(drill)
app.add_typer(export_app, name="export")
app.command("fit")(fit_command)

MAX_RUNS = 1_000_000  # rehearsal runs: a million gives percentiles to far better than a second
SHUTDOWN_WAIT_S = 5  # on Ctrl-C or SIGTERM, open event streams (the day's screens) are closed after this
LOG_DIR_VARIABLE = "PARADEPLAN_LOG_DIR"  # where internal errors are logged; default ~/.local/state/paradeplan


def main() -> None:
    """The console script: the command, with one safety net for anything unexpected.

    A bug prints one line and exits 3; its traceback goes to a log file, never to the screen.
    """
    try:
        app()
    except Exception:  # the last line of defence: everything expected is handled where it happens
        log = _log_internal_error()
        err.print(f"internal error: please report this file to the paradeplan developers (details in {log})",
                  markup=False, soft_wrap=True)
        raise SystemExit(EXIT_INTERNAL) from None


def _log_internal_error() -> Path:
    """Append the command line and the traceback of the exception being handled to the log; the log's path."""
    folder = Path(os.environ.get(LOG_DIR_VARIABLE) or Path.home() / ".local" / "state" / "paradeplan")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        folder = Path(tempfile.gettempdir())
    log = folder / "internal-errors.log"
    with log.open("a", encoding="utf-8") as out_file:
        out_file.write(f"--- {dt.datetime.now(dt.UTC).isoformat()} paradeplan {__version__}: {' '.join(sys.argv)}\n")
        out_file.write(traceback.format_exc())
    return log


@contextmanager
def _progress_bar(what: str, total: float, unit: str | None = None) -> Iterator[Callable[[float], None]]:
    """A progress bar on stderr, gone when done; yields a function that moves it to a figure of `total`."""
    counted = (MofNCompleteColumn(), TextColumn(unit)) if unit else (TaskProgressColumn(),)
    with Progress(TextColumn(what), BarColumn(), *counted, TimeElapsedColumn(), console=err, transient=True) as bar:
        task = bar.add_task(what, total=total)
        yield lambda completed: bar.update(task, completed=completed)


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
    plan = make_plan(load(file))
    print_findings(plan.findings)
    summary = plan.summary()
    out.print(f"{summary.errors} error(s), {summary.warnings} warning(s)")
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
    result = make_plan(load(file))
    if as_json:
        write_text(strict_json(plan_dict(result)), output)
    elif as_csv:
        write_text(march_table_csv(result), output)
    else:
        print_plan(result)


@app.command("forecast")
def forecast_command(
    file: ScenarioFile,
    actuals: Annotated[Path, typer.Option("--actuals", help="The day's records, one JSON object a line "
                                          "(the body of POST .../live/events).", show_default=False)],
    as_json: Annotated[bool, typer.Option("--json", help="Print the plan JSON with the forecast.")] = False,
    output: OutputFile = None,
) -> None:
    """Forecast the day from actual passings: every element's delay, forecast times and what to tell whom."""
    from .live.forecast import forecast
    from .views.live_json import forecast_json
    from .views.live_terminal import print_forecast

    result = make_plan(load(file))
    records = read_actuals(result, actuals)
    note_errors(result, file)
    day = forecast(result, records)
    if as_json:
        write_text(strict_json(forecast_json(result, day)), output)
    else:
        print_forecast(result, day)


@app.command()
def schema(output: OutputFile = None) -> None:
    """Print the JSON Schema of scenario files, for editors to autocomplete."""
    write_text(strict_json(json_schema()), output)


@app.command()
def cards(
    file: ScenarioFile,
    as_json: Annotated[bool, typer.Option("--json", help="Print the cards as JSON.")] = False,
    output: OutputFile = None,
) -> None:
    """Print each formation's timing card: hold exit, IP, tribune time, speeds and the crew's correction table."""
    from .views.cards import cards_dict, cards_text

    result = air_plan(file)
    if as_json:
        write_text(strict_json(cards_dict(result)), output)
    else:
        write_text(cards_text(result), output)


def _setting(name: str):
    """A `serve` option's help text, and its default, from the web settings."""
    from .web.settings import SETTINGS_BY_NAME

    return SETTINGS_BY_NAME[name]


@app.command()
def serve(
    host: Annotated[str, typer.Option(help=_setting("host").help)] = _setting("host").default,
    port: Annotated[int | None, typer.Option(
        help=f"{_setting('port').help} Without it: {_setting('port').default}, or the next free port after it.",
        show_default=False)] = None,
    db: Annotated[str, typer.Option(help=_setting("db").help)] = _setting("db").default,
    tiles: Annotated[str | None, typer.Option(help=_setting("tiles").help)] = _setting("tiles").default,
    allowed_host: Annotated[list[str] | None, typer.Option(
        _setting("allowed_hosts").option, envvar=_setting("allowed_hosts").envvar, help=_setting("allowed_hosts").help,
        metavar="NAME", show_default=False)] = None,
    examples: Annotated[Path | None, typer.Option(help=_setting("examples").help,
                                                  show_default="the repository's examples/ folder")] = None,
    certfile: Annotated[Path | None, typer.Option(help=_setting("certfile").help, show_default=False)] = None,
    keyfile: Annotated[Path | None, typer.Option(help=_setting("keyfile").help, show_default=False)] = None,
    behind_proxy: Annotated[str | None, typer.Option("--behind-proxy", help=_setting("behind_proxy").help,
                                                     metavar="ADDRESS", show_default=False)] = None,
) -> None:
    """Serve the browser workspace and print the URL to open: on loopback with no setup; beyond it once an admin
    account exists, over HTTPS or behind a reverse proxy that ends TLS."""
    from .web.app import create_app
    from .web.listen import PortBusy, listening_socket
    from .web.settings import is_loopback, settings
    from .web.storage import StorageError

    wanted = settings(host=host, port=_setting("port").default if port is None else port, db=db, tiles=tiles,
                      allowed_hosts=allowed_host, examples=examples, certfile=certfile, keyfile=keyfile,
                      behind_proxy=behind_proxy)
    for problem in wanted.problems():
        err.print(problem, markup=False, soft_wrap=True)
    if wanted.problems():
        raise typer.Exit(EXIT_REFUSED)
    try:
        web = create_app(wanted)
        if not is_loopback(wanted.host) and not web.state.workspace.accounts.has_admin():
            err.print(f"--host {wanted.host}: beyond loopback the server needs an admin account first: "
                      f"paradeplan users add NAME --role admin --db {db}", markup=False, soft_wrap=True)
            raise typer.Exit(EXIT_REFUSED)
        sock = listening_socket(wanted.host, wanted.port, try_next=port is None)
    except (StorageError, PortBusy) as exc:
        err.print(str(exc), markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_REFUSED) from None
    chosen = dataclasses.replace(wanted, port=sock.getsockname()[1])
    if chosen.port != wanted.port:
        err.print(f"port {wanted.port} is in use: listening on {chosen.port}", markup=False)
    out.print(f"paradeplan workspace: open {chosen.url}", markup=False)
    run_server(web, sock, chosen)


def run_server(web: FastAPI, sock: socket.socket, chosen: WebSettings) -> None:
    """Serve the app on an already listening socket until Ctrl-C: over HTTPS with a certificate; trusting the
    X-Forwarded-* headers of the reverse proxy named, and of no one when none is."""
    import uvicorn

    config = uvicorn.Config(
        web, host=sock.getsockname()[0], port=sock.getsockname()[1],
        ssl_certfile=chosen.certfile, ssl_keyfile=chosen.keyfile,
        proxy_headers=chosen.behind_proxy is not None, forwarded_allow_ips=chosen.behind_proxy or "",
        timeout_graceful_shutdown=SHUTDOWN_WAIT_S)
    uvicorn.Server(config).run(sockets=[sock])


@app.command("simulate")
def simulate_command(
    file: ScenarioFile,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write every agent's trajectory to this Parquet file.")] = None,
    trips_json: Annotated[Path | None, typer.Option(
        "--trips-json", help="Write the compact JSON trips for the web viewer to this file.")] = None,
    step: Annotated[float, typer.Option("--step", min=0.05, max=10.0, help="Time step, s.")] = 0.5,
    as_json: Annotated[bool, typer.Option("--json", help="Print the comparison and findings as JSON.")] = False,
    max_steps: Annotated[int, typer.Option(
        "--max-steps", min=1, help="Refuse a simulation of more time steps than this (the plan's span / --step).")
    ] = SIMULATION_MAX_STEPS,
) -> None:
    """Move every rank, vehicle and aircraft step by step; print simulated against planned times, and the findings.

    Exit 0 when the simulation raises no error, 1 when an element never gets past a point, 2 when the file is not
    a scenario.
    """
    from .simulate.run import SimulationTooLong, simulate
    from .simulate.trips import trips
    from .views.simulation import simulation_dict
    from .views.trips import write_parquet, write_trips_json

    plan = make_plan(load(file))
    with _progress_bar("simulating", total=1.0) as advance_to:
        try:
            sim = simulate(plan, step_s=step, max_steps=max_steps, progress=advance_to)
        except SimulationTooLong as exc:
            err.print(f"{file}: {exc}", markup=False, soft_wrap=True)
            raise typer.Exit(EXIT_REFUSED) from None
    if output is not None or trips_json is not None:
        paths = trips(sim)
        for target, write in ((output, write_parquet), (trips_json, write_trips_json)):
            if target is not None:
                write(sim, target, paths)
                err.print(f"wrote {target}", markup=False)
    if as_json:
        write_text(strict_json(simulation_dict(sim)), None)
    else:
        print_simulation(sim)
    if any(f.severity == "error" for f in sim.findings):
        raise typer.Exit(EXIT_ERRORS)


@app.command("rehearse")
def rehearse_command(
    file: ScenarioFile,
    runs: Annotated[int, typer.Option("--runs", min=1, max=MAX_RUNS, help="How many runs.")] = 10_000,
    seed: Annotated[int, typer.Option("--seed", min=0, help="Seed: the same seed gives the same numbers.")] = 0,
    workers: Annotated[int, typer.Option("--workers", min=1, help="Worker processes to run on.")] = 1,
    scheduler: Annotated[
        str | None, typer.Option("--scheduler", help="Address of a Dask scheduler to run on, instead of --workers.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the results as JSON.")] = False,
    plots: Annotated[Path | None, typer.Option("--plots", help="Write the PNG plots into this folder.")] = None,
    max_steps: Annotated[int, typer.Option(
        "--max-steps", min=1, help="Refuse a rehearsal that would evaluate more route grid points than this "
        "(runs x the grid each element walks).")] = REHEARSAL_MAX_STEPS,
) -> None:
    """Run the plan many times under the scenario's uncertainty: deviations, gaps closing, formations off time."""
    from .rehearse.plots import write_plots
    from .rehearse.runs import RehearsalTooBig, in_process, rehearse
    from .views.rehearsal import rehearsal_dict

    if scheduler is not None and workers > 1:
        raise typer.BadParameter("give --workers or --scheduler, not both", param_hint="--scheduler")
    result = make_plan(load(file))
    if not result.ground and not result.air:
        err.print(f"{file}: nothing to rehearse (no ground element or formation could be planned)", markup=False)
        raise typer.Exit(EXIT_ERRORS)
    note_errors(result, file)
    try:
        runner = dask_runner(scheduler) if scheduler else process_runner(workers) if workers > 1 else in_process
    except RunnerUnavailable as exc:
        err.print(str(exc), markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_REFUSED) from None
    done = 0

    with _progress_bar("rehearsing", total=runs, unit="runs") as advance_to:
        def count(chunk_runs: int) -> None:
            nonlocal done
            done += chunk_runs
            advance_to(done)

        try:
            rehearsal = rehearse(result, runs, seed, runner=runner, progress=count, max_steps=max_steps)
        except RehearsalTooBig as exc:
            err.print(f"{file}: {exc}", markup=False, soft_wrap=True)
            raise typer.Exit(EXIT_REFUSED) from None
    if as_json:
        write_text(strict_json(rehearsal_dict(rehearsal, result.scenario)), None)
    else:
        print_rehearsal(rehearsal, result)
    if plots is not None:
        for path in write_plots(rehearsal, result.geometry.points[result.anchor].label, plots):
            err.print(f"wrote {path}", markup=False)
