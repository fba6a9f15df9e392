"""`paradeplan drill`: one rehearsal run played into a running day, as the checkpoints would record it.

The records come from live/drill.py. The drill finds the scenario on the server, needs a day running
on it, sets the day's clock a minute before the first record at the drill's speed (so every screen
runs on drill time), then posts each record when the drill clock reaches it. A record that meets a
network failure is sent again with the same id until the server answers: it is stored once.
"""

from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlsplit

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from .live.drill import DrillRecord, drill_records
from .load.scenario import ScenarioError, load_scenario, parse_scenario
from .model.times import clock
from .plan.planner import Plan, make_plan
from .views.terminal import err, out

EXIT_FAILED = 1  # the drill could not start or was stopped: server, token, day
EXIT_BAD_FILE = 2  # as cli.EXIT_BAD_FILE
CLOCK_LEAD_S = 60.0  # the day's clock is set this long before the first record
MAX_SPEED = 600.0  # the drill clock at most this many times real time
TIMEOUT_S = 10.0  # one request
RETRY_WAITS_S = (0.5, 1.0, 2.0, 4.0, 8.0, 8.0, 8.0)  # between tries of one record: about half a minute in all
TICK_S = 0.25  # the progress line's drill clock moves at least this often while waiting


class DrillFailed(Exception):
    """The drill cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Reply:
    status: int
    body: Any


class Server:
    """The live API of one paradeplan server, as the drill's token sees it."""

    def __init__(self, url: str, token: str):
        self.url = url.rstrip("/")
        self.token = token

    def call(self, method: str, path: str, body: dict[str, Any] | None = None, *, retry: bool = False) -> Reply:
        """One request; with `retry`, tried again on a network failure with the same body. 401 and 403 fail here;
        other answers are the caller's to read."""
        waits = list(RETRY_WAITS_S if retry else ())
        tries = 0
        while True:
            tries += 1
            try:
                return self._once(method, path, body)
            except (urllib.error.URLError, HTTPException, ConnectionError, TimeoutError) as exc:
                if not waits:
                    reason = getattr(exc, "reason", None) or exc
                    tried = f" (tried {tries} times over {sum(RETRY_WAITS_S):g} s)" if retry else ""
                    raise DrillFailed(f"cannot reach the server at {self.url}: {reason}{tried}") from None
                time.sleep(waits.pop(0))

    def _once(self, method: str, path: str, body: dict[str, Any] | None) -> Reply:
        request = urllib.request.Request(
            self.url + path, method=method, data=None if body is None else json.dumps(body).encode(),
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json",
                     "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_S) as response:
                return Reply(response.status, self._json(path, response.read()))
        except urllib.error.HTTPError as exc:
            reply = Reply(exc.code, self._json(path, exc.read(), exc.code))
        if reply.status == 401:
            raise DrillFailed(f"the server at {self.url} does not take this token (401): give --token a token of an "
                              "enabled account (paradeplan tokens create NAME)")
        if reply.status == 403:
            raise DrillFailed(f"this token's account may not {method} {path} (403: {detail(reply)}): "
                              "a drill needs a controller's token")
        if reply.status in (502, 503, 504):  # a proxy in front of a server that is down
            raise urllib.error.URLError(f"{reply.status} {detail(reply)}")
        if reply.status >= 500:
            raise DrillFailed(f"the server failed on {method} {path} ({reply.status}): {detail(reply)}")
        return reply

    def _json(self, path: str, raw: bytes, status: int = 200) -> Any:
        try:
            return json.loads(raw)
        except ValueError:
            if status in (502, 503, 504):
                return {"detail": raw[:200].decode("utf-8", "replace")}
            raise DrillFailed(f"{self.url} did not answer {path} as a paradeplan server does (not JSON, "
                              f"status {status}): check --url") from None


def detail(reply: Reply) -> str:
    """The server's reason in a reply body: `detail` and each of its `problems`, else the body."""
    body = reply.body
    found = body.get("detail", body) if isinstance(body, dict) else body
    text = found if isinstance(found, str) else json.dumps(found)
    problems = body.get("problems") if isinstance(body, dict) else None
    if isinstance(problems, list):
        text += "".join(f"; {p.get('path')}: {p.get('message')}" for p in problems if isinstance(p, dict))
    return text


def find_scenario(server: Server, name: str, scenario_id: int | None) -> dict[str, Any]:
    """The scenario with this id, else the one named as the file's."""
    if scenario_id is not None:
        reply = server.call("GET", f"/api/scenarios/{scenario_id}")
        if reply.status == 404:
            raise DrillFailed(f"there is no scenario {scenario_id} on {server.url}")
        return dict(reply.body)
    reply = server.call("GET", "/api/scenarios")
    if reply.status != 200 or not isinstance(reply.body, list):
        raise DrillFailed(f"{server.url} did not list its scenarios ({reply.status}: {detail(reply)})")
    named = [s for s in reply.body if isinstance(s, dict) and s.get("name") == name]
    if not named:
        raise DrillFailed(f"no scenario on {server.url} is named '{name}': import the file there first, "
                          "or give --scenario ID")
    if len(named) > 1:
        ids = ", ".join(str(s["id"]) for s in named)
        raise DrillFailed(f"{len(named)} scenarios on {server.url} are named '{name}' (ids {ids}): give --scenario ID")
    return dict(named[0])


def running_day(server: Server, scenario: dict[str, Any]) -> dict[str, Any]:
    """The day running on the scenario; DrillFailed when none is."""
    path = f"/api/scenarios/{scenario['id']}/live"
    reply = server.call("GET", path)
    if reply.status == 200 and isinstance(reply.body, dict) and reply.body.get("live"):
        return dict(reply.body)
    if reply.status not in (200, 404):
        raise DrillFailed(f"GET {path}: {reply.status} {detail(reply)}")
    raise DrillFailed(f"no day is running on scenario {scenario['id']} ('{scenario['name']}'): a controller must "
                      f"start the day (the control board, or POST {path} with its version) before the drill")


def baseline_differs(server: Server, scenario_id: int, version: int, plan: Plan) -> bool:
    """Whether the version the day runs on is another scenario than the file's (text aside, its content)."""
    reply = server.call("GET", f"/api/scenarios/{scenario_id}/versions/{version}")
    if reply.status != 200 or not isinstance(reply.body, dict):
        return True
    try:
        return parse_scenario(str(reply.body.get("yaml", "")), filename="baseline") != plan.scenario
    except ScenarioError:
        return True


def send(server: Server, path: str, body: dict[str, Any], record: DrillRecord, iso: str) -> bool:
    """Post one record until the server answers; True when it was new (201), False when already stored (200)."""
    reply = server.call("POST", path, body, retry=True)
    if reply.status in (200, 201):
        return reply.status == 201
    what = f"{record.element} {record.edge} at {record.point} at {iso}"
    if reply.status == 409:
        raise DrillFailed(f"the day is no longer running (409: {detail(reply)}); the drill stopped before {what}")
    if reply.status == 422:
        raise DrillFailed(f"the server refused {what}: {detail(reply)} (is the file the scenario the day runs on?)")
    raise DrillFailed(f"POST {path} for {what}: {reply.status} {detail(reply)}")


def play(server: Server, plan: Plan, scenario_id: int, records: list[DrillRecord], speed: float) -> tuple[int, int]:
    """Set the day's clock, then send every record when the drill clock reaches it: (new, already stored)."""
    day = plan.scenario.day
    start_s = records[0].time_s - CLOCK_LEAD_S
    base = f"/api/scenarios/{scenario_id}/live"
    reply = server.call("POST", base + "/clock", {"time": day.iso(start_s), "rate": speed}, retry=True)
    if reply.status != 200:
        raise DrillFailed(f"the server did not set the day's clock ({reply.status}: {detail(reply)})")
    started = time.monotonic()

    def drill_now_s() -> float:
        return start_s + (time.monotonic() - started) * speed

    new = 0
    columns = (TextColumn("drill"), BarColumn(), MofNCompleteColumn(), TextColumn("records  clock {task.fields[at]}"))
    with Progress(*columns, console=err) as bar:
        task = bar.add_task("drill", total=len(records), at=clock(start_s))
        for count, record in enumerate(records):
            while (wait_s := (record.time_s - drill_now_s()) / speed) > 0:
                time.sleep(min(wait_s, TICK_S))
                bar.update(task, at=clock(drill_now_s()))
            body = {"id": str(uuid.uuid4()), "element": record.element, "point": record.point, "edge": record.edge,
                    "time": day.iso(record.time_s)}
            try:
                new += send(server, base + "/events", body, record, body["time"])
            except DrillFailed as exc:
                raise DrillFailed(f"{exc} ({count} of {len(records)} records sent)") from None
            bar.update(task, completed=count + 1, at=clock(drill_now_s()))
    return new, len(records) - new


def drill(
    file: Annotated[Path, typer.Argument(help="Scenario file, YAML or JSON: the one the day runs on.",
                                         show_default=False)],
    url: Annotated[str, typer.Option("--url", help="The server, e.g. https://parade.example.org.",
                                     show_default=False)],
    token: Annotated[str, typer.Option("--token", envvar="PARADEPLAN_TOKEN", help="A controller's API token.",
                                       show_default=False)],
    seed: Annotated[int, typer.Option("--seed", min=0, help="The rehearsal run to play: the one "
                                      "`paradeplan rehearse --runs 1 --seed S` draws.")] = 0,
    speed: Annotated[float, typer.Option("--speed", min=1, max=MAX_SPEED,
                                         help="How many times faster than real time the drill clock runs.")] = 10.0,
    scenario_id: Annotated[int | None, typer.Option(
        "--scenario", min=1, help="The scenario's id on the server; without it, the one named as the file's.",
        show_default=False)] = None,
) -> None:
    """Play a rehearsal run into a running day as the checkpoints' records, on the day's clock sped up, so a
    control room can train against a realistic day. A controller must have started the day."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise typer.BadParameter(f"'{url}' is not a server's address such as https://parade.example.org",
                                 param_hint="--url")
    try:
        plan = make_plan(load_scenario(file))
    except ScenarioError as exc:
        for problem in exc.problems:
            err.print(str(problem), markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_BAD_FILE) from None
    records = drill_records(plan, seed)
    if not records:
        err.print(f"{file}: nothing to drill (no ground element or formation could be planned)", markup=False)
        raise typer.Exit(EXIT_FAILED)
    server = Server(url, token)
    try:
        scenario = find_scenario(server, plan.scenario.name, scenario_id)
        day = running_day(server, scenario)
        if baseline_differs(server, scenario["id"], day["version"], plan):
            err.print(f"note: {file} is not version {day['version']}, which the day runs on: the drill plays the "
                      "file's plan, the screens forecast the version's", markup=False, soft_wrap=True)
        first, last = records[0].time_s, records[-1].time_s
        out.print(f"drill of seed {seed} on scenario {scenario['id']} ('{scenario['name']}'), day {day['day']}: "
                  f"{len(records)} records from {clock(first)} to {clock(last)} at x{speed:g}, "
                  f"{(last - first + CLOCK_LEAD_S) / speed:,.0f} s", markup=False, soft_wrap=True)
        new, known = play(server, plan, scenario["id"], records, speed)
    except DrillFailed as exc:
        err.print(f"drill stopped: {exc}", markup=False, soft_wrap=True)
        raise typer.Exit(EXIT_FAILED) from None
    stored = f" ({known} already on the record)" if known else ""
    out.print(f"sent {new + known} records{stored}; the day's clock runs on at x{speed:g}", markup=False)
