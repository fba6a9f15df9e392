"""Scenarios and their versions: list, import, new from an example, duplicate, archive, save, restore, compare."""

from __future__ import annotations

from pathlib import PurePath
from typing import Annotated

from fastapi import APIRouter, Body, Query
from fastapi.responses import JSONResponse

from ..auth import IdentityDep
from ..schemas import (
    DEFAULT_AUTHOR,
    DEFAULT_FILENAME,
    ArchivedScenario,
    ByAuthor,
    CreatedScenario,
    ExampleItem,
    FromExample,
    NewScenario,
    NewVersion,
    SavedVersion,
    ScenarioDetail,
    ScenarioItem,
    ToCompare,
    VersionDetail,
    VersionItem,
)
from ..storage import NotFound
from ..workspace import WorkspaceDep
from .params import FromQuery, ScenarioId, ToQuery, VersionNumber

router = APIRouter()

OptionalByAuthor = Annotated[ByAuthor | None, Body()]
ArchivedQuery = Annotated[bool, Query(description="Include archived ones.")]


@router.get("/scenarios", summary="List scenarios")
def list_scenarios(ws: WorkspaceDep, archived: ArchivedQuery = False) -> list[ScenarioItem]:
    return [ws.listed(s) for s in ws.storage.scenarios(include_archived=archived)]


@router.post("/scenarios", status_code=201, summary="Import a scenario file as a new scenario")
def import_scenario(ws: WorkspaceDep, who: IdentityDep, body: NewScenario) -> CreatedScenario:
    filename = PurePath(body.filename.replace("\\", "/")).name or DEFAULT_FILENAME
    version = ws.create_scenario(body.yaml, filename=filename, author=who.author(body.author), message=body.message,
                                 actor=who.actor(body.author))
    return CreatedScenario(id=version.scenario_id, version=version.number)


@router.post("/scenarios/from-example", status_code=201, summary="A new scenario from an example")
def scenario_from_example(ws: WorkspaceDep, who: IdentityDep, body: FromExample) -> CreatedScenario:
    example = ws.examples.get(body.example)
    if example is None:
        raise NotFound(f"no example named {body.example!r} (examples: {', '.join(ws.examples) or 'none'})")
    version = ws.create_copy(example.text, filename=example.filename, author=who.author(DEFAULT_AUTHOR),
                             message=f"new from example {example.name}", actor=who.actor())
    return CreatedScenario(id=version.scenario_id, version=version.number)


@router.get("/examples", summary="List the examples a scenario can start from")
def list_examples(ws: WorkspaceDep) -> list[ExampleItem]:
    return [ExampleItem(name=e.name, title=e.title) for e in ws.examples.values()]


@router.get("/scenarios/{scenario_id}", summary="A scenario with its latest text")
def get_scenario(ws: WorkspaceDep, scenario_id: ScenarioId) -> ScenarioDetail:
    return ScenarioDetail.of(ws.storage.scenario(scenario_id))


@router.post("/scenarios/{scenario_id}/duplicate", status_code=201,
             summary="Copy a scenario's latest version, named apart from every other (\"... (copy 2)\")")
def duplicate_scenario(ws: WorkspaceDep, who: IdentityDep, scenario_id: ScenarioId,
                       body: OptionalByAuthor = None) -> CreatedScenario:
    by = body or ByAuthor()
    stored = ws.storage.scenario(scenario_id)
    message = by.message or f"duplicate of scenario {scenario_id} version {stored.latest.number}"
    version = ws.create_copy(stored.latest.yaml, filename=stored.filename, author=who.author(by.author),
                             message=message, actor=who.actor(by.author))
    return CreatedScenario(id=version.scenario_id, version=version.number)


@router.post("/scenarios/{scenario_id}/archive", summary="Hide a scenario from the list")
def archive_scenario(ws: WorkspaceDep, who: IdentityDep, scenario_id: ScenarioId) -> ArchivedScenario:
    ws.storage.set_archived(scenario_id, True, who.actor())
    return ArchivedScenario(id=scenario_id, archived=True)


@router.post("/scenarios/{scenario_id}/unarchive", summary="Show an archived scenario in the list again")
def unarchive_scenario(ws: WorkspaceDep, who: IdentityDep, scenario_id: ScenarioId) -> ArchivedScenario:
    ws.storage.set_archived(scenario_id, False, who.actor())
    return ArchivedScenario(id=scenario_id, archived=False)


@router.get("/scenarios/{scenario_id}/versions", summary="Every version, the newest first")
def list_versions(ws: WorkspaceDep, scenario_id: ScenarioId) -> list[VersionItem]:
    return [VersionItem.of(v) for v in ws.storage.versions(scenario_id)]


@router.get("/scenarios/{scenario_id}/versions/{number}", summary="One version with its text")
def get_version(ws: WorkspaceDep, scenario_id: ScenarioId, number: VersionNumber) -> VersionDetail:
    return VersionDetail.of(ws.storage.version(scenario_id, number))


@router.post("/scenarios/{scenario_id}/versions", status_code=201, summary="Save a new version")
def save_version(ws: WorkspaceDep, who: IdentityDep, scenario_id: ScenarioId, body: NewVersion) -> SavedVersion:
    version = ws.add_version(ws.storage.scenario(scenario_id), body.yaml, author=who.author(body.author),
                             message=body.message, actor=who.actor(body.author))
    return SavedVersion(number=version.number)


@router.post("/scenarios/{scenario_id}/versions/{number}/restore", status_code=201,
             summary="Save an old version's text as the newest version")
def restore_version(ws: WorkspaceDep, who: IdentityDep, scenario_id: ScenarioId, number: VersionNumber,
                    body: OptionalByAuthor = None) -> SavedVersion:
    by = body or ByAuthor()
    stored, old = ws.storage.scenario(scenario_id), ws.storage.version(scenario_id, number)
    version = ws.add_version(stored, old.yaml, author=who.author(by.author),
                             message=by.message or f"restore of version {number}", actor=who.actor(by.author))
    return SavedVersion(number=version.number)


@router.get("/scenarios/{scenario_id}/diff", summary="Compare two versions: findings, spans, the elements whose "
            "tribune time moved, and the text")
def diff_versions(ws: WorkspaceDep, scenario_id: ScenarioId,
                  from_number: FromQuery = None, to_number: ToQuery = None) -> JSONResponse:
    return JSONResponse(ws.diff(scenario_id, from_number, to_number))


@router.post("/scenarios/{scenario_id}/compare", summary="Compare a saved version (the latest by default) with an "
             "unsaved text, as the diff does two versions")
def compare_with_text(ws: WorkspaceDep, scenario_id: ScenarioId, body: ToCompare) -> JSONResponse:
    return JSONResponse(ws.compare(scenario_id, body.version, body.yaml))
