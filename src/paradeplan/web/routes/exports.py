"""Downloads of a stored version: the march table as CSV, the air segment as a BlueSky scenario, and every printed
handout of export/handouts.py (run sheet, march table XLSX, strip map, cue sheet, timing cards, maps)."""

from __future__ import annotations

from pathlib import PurePath
from urllib.parse import quote

from fastapi import APIRouter, Response

from ...export.handouts import BY_FILE
from ..storage import NotFound, StoredScenario, Version
from ..workspace import WorkspaceDep
from .params import ScenarioId, VersionQuery

router = APIRouter()


@router.get("/scenarios/{scenario_id}/export/csv", summary="The march table as CSV")
def export_csv(ws: WorkspaceDep, scenario_id: ScenarioId, version: VersionQuery = None) -> Response:
    stored, chosen = ws.version(scenario_id, version)
    text = ws.plans.outputs(chosen, stored.filename).csv
    return Response(text, media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": download_name(stored, chosen, ".csv")})


@router.get("/scenarios/{scenario_id}/export/bluesky", summary="The air segment as a BlueSky scenario (.scn)")
def export_bluesky(ws: WorkspaceDep, scenario_id: ScenarioId, version: VersionQuery = None) -> Response:
    stored, chosen = ws.version(scenario_id, version)
    text = ws.plans.outputs(chosen, stored.filename).bluesky
    if text is None:
        raise NotFound(f"scenario {stored.id} version {chosen.number} has no formation that could be timed")
    return Response(text, media_type="text/plain; charset=utf-8",
                    headers={"Content-Disposition": download_name(stored, chosen, ".scn")})


@router.get("/scenarios/{scenario_id}/handouts/{file}",
            summary="A printed handout of a version: " + ", ".join(BY_FILE))
def get_handout(ws: WorkspaceDep, scenario_id: ScenarioId, file: str, version: VersionQuery = None) -> Response:
    handout = BY_FILE.get(file)
    if handout is None:
        raise NotFound(f"there is no handout called {file!r}; there are {', '.join(BY_FILE)}")
    stored, chosen = ws.version(scenario_id, version)
    if handout.needs_air and not ws.plans.plan(chosen, stored.filename).air:
        raise NotFound(f"scenario {stored.id} version {chosen.number} has no formation that could be timed")
    data = ws.plans.handout(chosen, stored.filename, handout)
    return Response(data, media_type=handout.media_type,
                    headers={"Content-Disposition": download_name(stored, chosen, f"-{handout.file}")})


def download_name(stored: StoredScenario, version: Version, suffix: str) -> str:
    """The Content-Disposition of a download: `<file>-v<n><suffix>`, e.g. parade-v1.csv, parade-v1-run-sheet.pdf."""
    stem = PurePath(stored.filename).stem
    return f"attachment; filename*=UTF-8''{quote(f'{stem}-v{version.number}{suffix}')}"
