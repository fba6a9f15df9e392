"""Downloads of a stored version: the march table as CSV, the air segment as a BlueSky scenario."""

from __future__ import annotations

from pathlib import PurePath
from urllib.parse import quote

from fastapi import APIRouter, Response

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


def download_name(stored: StoredScenario, version: Version, suffix: str) -> str:
    """The Content-Disposition of a download: `<file>-v<n><suffix>`, e.g. parade-v1.csv."""
    stem = PurePath(stored.filename).stem
    return f"attachment; filename*=UTF-8''{quote(f'{stem}-v{version.number}{suffix}')}"
