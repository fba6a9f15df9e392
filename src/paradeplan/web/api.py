"""The JSON API under /api: load a stored version, call the planner, present its results.

Nothing is planned here. A scenario text is checked with the same loader as the command line,
so its problems read the same (`astana-2025.yaml:42: ground[3].cadence_spm: ...`); plans are
kept per text, and since versions never change, a version's plan is worked out once.
"""

from __future__ import annotations

import difflib
import functools
import json
import logging
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Body, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from ..load.scenario import (
    Problem,
    ScenarioError,
    key_path_parts,
    line_of,
    parse_yaml,
    validate_scenario,
)
from ..plan.planner import Plan, make_plan
from ..simulate.run import simulate
from ..views.bluesky import bluesky_scenario
from ..views.cards import cards_dict
from ..views.march_table import march_table_csv
from ..views.plan_json import plan_dict
from ..views.trips import trips_json
from .settings import Settings
from .storage import NotFound, Storage, StoredScenario, Summary, Version

log = logging.getLogger("paradeplan.web")

MAX_SCENARIO_CHARS = 2_000_000  # a scenario of 10,000 elements is about 2 MB of YAML
EXAMPLE_SUFFIXES = (".yaml", ".yml", ".json")
DEFAULT_FILENAME = "scenario.yaml"
DEFAULT_AUTHOR = "anonymous"  # until accounts land, an author is whatever the planner types


@dataclass(frozen=True)
class Example:
    name: str  # the file's stem, e.g. "astana-2025"
    title: str  # the scenario's name
    filename: str
    text: str


@dataclass(frozen=True)
class Workspace:
    """What every request needs: the storage, the settings and the examples offered."""

    storage: Storage
    settings: Settings
    examples: dict[str, Example]


def workspace(request: Request) -> Workspace:
    return request.app.state.workspace


WorkspaceDep = Annotated[Workspace, Depends(workspace)]
VersionQuery = Annotated[int | None, Query(ge=1, description="Version number; the latest when left out.")]
FromQuery = Annotated[int | None, Query(alias="from", ge=1)]
ToQuery = Annotated[int | None, Query(alias="to", ge=1)]


# Checking and planning a text: the loader's problems, or the plan


@dataclass(frozen=True)
class Checked:
    """A scenario text after the loader and the planner: a plan, or the problems that stop one."""

    plan: Plan | None
    problems: list[Problem]
    lines: dict[str, int]  # key path -> line, for the findings


@functools.lru_cache(maxsize=32)
def check_text(text: str, filename: str) -> Checked:
    """Load and plan a scenario text; kept for the last few texts, since a version never changes."""
    try:
        document = parse_yaml(text, filename=filename)
        scenario = validate_scenario(document, filename=filename)
    except ScenarioError as exc:
        return Checked(None, exc.problems, {})
    plan = make_plan(scenario)
    lines = {f.path: line_of(document, key_path_parts(f.path)) for f in plan.findings if f.path}
    return Checked(plan, [], lines)


def planned(text: str, filename: str) -> Plan:
    """The plan of a text, or ScenarioError with its problems."""
    checked = check_text(text, filename)
    if checked.plan is None:
        raise ScenarioError(checked.problems)
    return checked.plan


def summary_of(plan: Plan) -> Summary:
    scenario, summary = plan.scenario, plan.summary()
    return Summary(scenario.name, scenario.date, scenario.timezone, summary.elements, summary.personnel,
                   summary.vehicles, summary.aircraft)


def create_scenario(storage: Storage, text: str, *, filename: str, author: str, message: str) -> Version:
    """Check a text and store it as a new scenario's version 1."""
    plan = planned(text, filename)
    return storage.create_scenario(text, summary_of(plan), filename=filename, author=author, message=message)


def add_version(storage: Storage, stored: StoredScenario, text: str, *, author: str, message: str) -> Version:
    """Check a text and store it as a scenario's next version."""
    plan = planned(text, stored.filename)
    return storage.add_version(stored.id, text, summary_of(plan), author=author, message=message)


def read_examples(folder: Path) -> dict[str, Example]:
    """The scenario files of a folder that load, by name; one that does not is logged and left out."""
    examples = {}
    files = sorted(folder.iterdir()) if folder.is_dir() else []
    for path in files:
        if path.suffix not in EXAMPLE_SUFFIXES:
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            log.warning("example %s left out: %s", path, exc)
            continue
        checked = check_text(text, path.name)
        if checked.plan is None:
            log.warning("example %s left out: %s", path, "; ".join(str(p) for p in checked.problems))
            continue
        examples[path.stem] = Example(path.stem, checked.plan.scenario.name, path.name, text)
    return examples


def import_examples(storage: Storage, examples: dict[str, Example]) -> None:
    for example in examples.values():
        create_scenario(storage, example.text, filename=example.filename, author="paradeplan",
                        message=f"imported from examples/{example.filename}")
        log.info("imported example %s", example.filename)


# Presenting: JSON-ready dicts, shared with the pages


def problem_dict(problem: Problem) -> dict:
    return {"file": problem.file, "line": problem.line, "path": problem.path, "message": problem.message,
            "text": str(problem)}


def _scenario_fields(stored: StoredScenario) -> dict:
    """What the list and the detail both show of a scenario."""
    latest, summary = stored.latest, stored.latest.summary
    return {"id": stored.id, "name": summary.name, "date": summary.date.isoformat(), "timezone": summary.timezone,
            "archived": stored.archived, "filename": stored.filename, "last_saved": latest.created_at.isoformat(),
            "latest_version": latest.number}


def scenario_item(stored: StoredScenario) -> dict:
    """A scenario as the list shows it."""
    summary = stored.latest.summary
    return {**_scenario_fields(stored), "elements": summary.elements, "vehicles": summary.vehicles,
            "personnel": summary.personnel, "aircraft": summary.aircraft}


def scenario_detail(stored: StoredScenario) -> dict:
    """A scenario with the text of its latest version."""
    return {**_scenario_fields(stored), "yaml": stored.latest.yaml}


def version_item(version: Version) -> dict:
    return {"number": version.number, "author": version.author, "message": version.message,
            "created_at": version.created_at.isoformat(), "name": version.summary.name}


def version_detail(version: Version) -> dict:
    return {**version_item(version), "yaml": version.yaml}


@functools.lru_cache(maxsize=32)
def plan_json(text: str, filename: str) -> dict:
    """The plan JSON of `paradeplan plan --json`, each finding with the line of its key path in the file."""
    checked = check_text(text, filename)
    if checked.plan is None:
        raise ScenarioError(checked.problems)
    return plan_dict(checked.plan, lines=checked.lines)


@functools.lru_cache(maxsize=8)
def trips_bytes(text: str, filename: str) -> bytes:
    """The simulation's compact trips JSON of a text, encoded once (docs/simulation.md)."""
    trips = trips_json(simulate(planned(text, filename)))
    return json.dumps(trips, separators=(",", ":"), allow_nan=False).encode("utf-8")


def tribune_times(plan: Plan) -> dict[str, tuple[str, float]]:
    """Each element's time at the tribune (ground: head at the anchor, as every page shows it; air: lead over
    its tribune), by id, in seconds after midnight."""
    times = {g.id: (g.name, g.times[plan.anchor][0]) for g in plan.ground if plan.anchor in g.times}
    times.update({f.id: (f.name, f.over_tribune_s) for f in plan.air})
    return times


def moved_elements(before: Plan, after: Plan) -> list[dict]:
    """Elements, ground and air, whose tribune time differs (or that one plan has and the other has not)."""
    old, new = tribune_times(before), tribune_times(after)

    def iso(plan: Plan, entry: tuple[str, float] | None) -> str | None:
        return None if entry is None else plan.scenario.day.iso(entry[1])

    moved = []
    for element_id in list(new) + [i for i in old if i not in new]:
        was, now = old.get(element_id), new.get(element_id)
        delta = None if was is None or now is None else round(now[1] - was[1], 1)
        if delta != 0:
            moved.append({"id": element_id, "name": (now or was)[0], "from_time": iso(before, was),
                          "to_time": iso(after, now), "delta_s": delta})
    return moved


def version_diff(storage: Storage, scenario_id: int, from_number: int | None, to_number: int | None) -> dict:
    """Unified text diff of two versions and the elements whose tribune times moved."""
    stored = storage.scenario(scenario_id)
    to_number = stored.latest.number if to_number is None else to_number
    from_number = max(to_number - 1, 1) if from_number is None else from_number
    before, after = storage.version(scenario_id, from_number), storage.version(scenario_id, to_number)
    text_diff = "".join(difflib.unified_diff(
        before.yaml.splitlines(keepends=True), after.yaml.splitlines(keepends=True),
        fromfile=f"{stored.filename} (version {from_number})", tofile=f"{stored.filename} (version {to_number})"))
    moved = moved_elements(planned(before.yaml, stored.filename), planned(after.yaml, stored.filename))
    return {"from": from_number, "to": to_number, "text_diff": text_diff, "moved": moved}


# Request bodies


ScenarioText = Annotated[str, Field(max_length=MAX_SCENARIO_CHARS, description="The scenario's text, YAML or JSON.")]
Author = Annotated[str, Field(min_length=1, max_length=200)]
Message = Annotated[str, Field(max_length=10_000)]


class NewScenario(BaseModel):
    yaml: ScenarioText
    filename: Annotated[str, Field(min_length=1, max_length=255)] = DEFAULT_FILENAME
    message: Message = "imported"
    author: Author = DEFAULT_AUTHOR


class FromExample(BaseModel):
    example: str = Field(description="An example's name, as GET /api/examples lists them.")


class NewVersion(BaseModel):
    yaml: ScenarioText
    message: Message
    author: Author = DEFAULT_AUTHOR


class ByAuthor(BaseModel):
    author: Author = DEFAULT_AUTHOR
    message: Message | None = None


class ToValidate(BaseModel):
    yaml: ScenarioText
    filename: Annotated[str, Field(min_length=1, max_length=255)] = DEFAULT_FILENAME


# Routes


router = APIRouter(prefix="/api")


@router.get("/scenarios", summary="List scenarios")
def list_scenarios(ws: WorkspaceDep, archived: bool = Query(False, description="Include archived ones.")) -> list[dict]:
    return [scenario_item(s) for s in ws.storage.scenarios(include_archived=archived)]


@router.post("/scenarios", status_code=201, summary="Import a scenario file as a new scenario")
def import_scenario(ws: WorkspaceDep, body: NewScenario) -> dict:
    filename = PurePath(body.filename.replace("\\", "/")).name or DEFAULT_FILENAME
    version = create_scenario(ws.storage, body.yaml, filename=filename, author=body.author, message=body.message)
    return {"id": version.scenario_id, "version": version.number}


@router.post("/scenarios/from-example", status_code=201, summary="A new scenario from an example")
def scenario_from_example(ws: WorkspaceDep, body: FromExample) -> dict:
    example = ws.examples.get(body.example)
    if example is None:
        raise NotFound(f"no example named {body.example!r} (examples: {', '.join(ws.examples) or 'none'})")
    version = create_scenario(ws.storage, example.text, filename=example.filename, author=DEFAULT_AUTHOR,
                              message=f"new from example {example.name}")
    return {"id": version.scenario_id, "version": version.number}


@router.get("/examples", summary="List the examples a scenario can start from")
def list_examples(ws: WorkspaceDep) -> list[dict]:
    return [{"name": e.name, "title": e.title} for e in ws.examples.values()]


@router.get("/scenarios/{scenario_id}", summary="A scenario with its latest text")
def get_scenario(ws: WorkspaceDep, scenario_id: int) -> dict:
    return scenario_detail(ws.storage.scenario(scenario_id))


@router.post("/scenarios/{scenario_id}/duplicate", status_code=201, summary="Copy a scenario's latest version")
def duplicate_scenario(ws: WorkspaceDep, scenario_id: int, body: Annotated[ByAuthor | None, Body()] = None) -> dict:
    body = body or ByAuthor()
    stored = ws.storage.scenario(scenario_id)
    message = body.message or f"duplicate of scenario {scenario_id} version {stored.latest.number}"
    version = create_scenario(ws.storage, stored.latest.yaml, filename=stored.filename, author=body.author,
                              message=message)
    return {"id": version.scenario_id, "version": version.number}


@router.post("/scenarios/{scenario_id}/archive", summary="Hide a scenario from the list")
def archive_scenario(ws: WorkspaceDep, scenario_id: int) -> dict:
    ws.storage.set_archived(scenario_id, True)
    return {"id": scenario_id, "archived": True}


@router.post("/scenarios/{scenario_id}/unarchive", summary="Show an archived scenario in the list again")
def unarchive_scenario(ws: WorkspaceDep, scenario_id: int) -> dict:
    ws.storage.set_archived(scenario_id, False)
    return {"id": scenario_id, "archived": False}


@router.get("/scenarios/{scenario_id}/versions", summary="Every version, the newest first")
def list_versions(ws: WorkspaceDep, scenario_id: int) -> list[dict]:
    return [version_item(v) for v in ws.storage.versions(scenario_id)]


@router.get("/scenarios/{scenario_id}/versions/{number}", summary="One version with its text")
def get_version(ws: WorkspaceDep, scenario_id: int, number: int) -> dict:
    return version_detail(ws.storage.version(scenario_id, number))


@router.post("/scenarios/{scenario_id}/versions", status_code=201, summary="Save a new version")
def save_version(ws: WorkspaceDep, scenario_id: int, body: NewVersion) -> dict:
    version = add_version(ws.storage, ws.storage.scenario(scenario_id), body.yaml, author=body.author,
                          message=body.message)
    return {"number": version.number}


@router.post("/scenarios/{scenario_id}/versions/{number}/restore", status_code=201,
             summary="Save an old version's text as the newest version")
def restore_version(ws: WorkspaceDep, scenario_id: int, number: int,
                    body: Annotated[ByAuthor | None, Body()] = None) -> dict:
    body = body or ByAuthor()
    stored, old = ws.storage.scenario(scenario_id), ws.storage.version(scenario_id, number)
    version = add_version(ws.storage, stored, old.yaml, author=body.author,
                          message=body.message or f"restore of version {number}")
    return {"number": version.number}


@router.get("/scenarios/{scenario_id}/diff", summary="Compare two versions")
def diff_versions(ws: WorkspaceDep, scenario_id: int,
                  from_number: FromQuery = None, to_number: ToQuery = None) -> dict:
    return version_diff(ws.storage, scenario_id, from_number, to_number)


@router.post("/validate", summary="Check a text as the editor types: problems, findings and the plan")
def validate(body: ToValidate) -> JSONResponse:
    checked = check_text(body.yaml, body.filename)
    if checked.plan is None:
        return JSONResponse({"problems": [problem_dict(p) for p in checked.problems], "findings": [], "plan": None})
    plan = plan_json(body.yaml, body.filename)
    return JSONResponse({"problems": [], "findings": plan["findings"], "plan": plan})


def _stored_version(ws: Workspace, scenario_id: int, number: int | None) -> tuple[StoredScenario, Version]:
    stored = ws.storage.scenario(scenario_id)
    return stored, stored.latest if number is None else ws.storage.version(scenario_id, number)


@router.get("/scenarios/{scenario_id}/plan", summary="The plan JSON of a version, with the map's geometry")
def get_plan(ws: WorkspaceDep, scenario_id: int, version: VersionQuery = None) -> JSONResponse:
    stored, chosen = _stored_version(ws, scenario_id, version)
    return JSONResponse(plan_json(chosen.yaml, stored.filename))


@router.get("/scenarios/{scenario_id}/findings", summary="A version's findings")
def get_findings(ws: WorkspaceDep, scenario_id: int, version: VersionQuery = None) -> JSONResponse:
    stored, chosen = _stored_version(ws, scenario_id, version)
    return JSONResponse(plan_json(chosen.yaml, stored.filename)["findings"])


@router.get("/scenarios/{scenario_id}/trips", summary="Every agent's simulated path, for the map to play")
def get_trips(ws: WorkspaceDep, scenario_id: int, version: VersionQuery = None) -> Response:
    stored, chosen = _stored_version(ws, scenario_id, version)
    return Response(trips_bytes(chosen.yaml, stored.filename), media_type="application/json")


def _download_name(stored: StoredScenario, version: Version, suffix: str) -> str:
    stem = PurePath(stored.filename).stem
    return f"attachment; filename*=UTF-8''{quote(f'{stem}-v{version.number}{suffix}')}"


@router.get("/scenarios/{scenario_id}/export/csv", summary="The march table as CSV")
def export_csv(ws: WorkspaceDep, scenario_id: int, version: VersionQuery = None) -> Response:
    stored, chosen = _stored_version(ws, scenario_id, version)
    text = march_table_csv(planned(chosen.yaml, stored.filename))
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": _download_name(stored, chosen, ".csv")})


def _air_plan(stored: StoredScenario, version: Version) -> Plan:
    plan = planned(version.yaml, stored.filename)
    if not plan.air:
        raise NotFound(f"scenario {stored.id} version {version.number} has no formation that could be timed")
    return plan


@router.get("/scenarios/{scenario_id}/export/bluesky", summary="The air segment as a BlueSky scenario (.scn)")
def export_bluesky(ws: WorkspaceDep, scenario_id: int, version: VersionQuery = None) -> Response:
    stored, chosen = _stored_version(ws, scenario_id, version)
    scn = bluesky_scenario(_air_plan(stored, chosen))
    notes = "".join(f"# note: {note}\n" for note in scn.notes)
    return Response(notes + scn.text, media_type="text/plain; charset=utf-8",
                    headers={"Content-Disposition": _download_name(stored, chosen, ".scn")})


@router.get("/scenarios/{scenario_id}/cards", summary="Each formation's timing card")
def get_cards(ws: WorkspaceDep, scenario_id: int, version: VersionQuery = None) -> JSONResponse:
    stored, chosen = _stored_version(ws, scenario_id, version)
    return JSONResponse(cards_dict(planned(chosen.yaml, stored.filename)))
