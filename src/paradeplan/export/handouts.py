"""Every handout a plan prints, in one table: the command `paradeplan export KIND` and the workspace's download
menu both build from it, so the file a planner downloads is the file the command writes.

A kind may come in more than one format (the strip map: PDF and SVG); the command picks one by the output
file's suffix, the web by the file name (`strip-map.svg`). The after-action report needs the day's records as
well as the plan, so it is built by `after_action` rather than listed with the plan's handouts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..live.forecast import Forecast
from ..plan.planner import Plan

PDF = "application/pdf"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Handout:
    """One file a plan prints: its name in the menu and on the web, the command's KIND, and how it is made."""

    file: str  # "run-sheet.pdf": the download's name and its web address
    kind: str  # "run-sheet": `paradeplan export run-sheet`
    title: str  # "Run sheet": the menu's words
    what: str  # one line for the command's help and the menu's tooltip
    media_type: str
    build: Callable[[Plan, str | None], bytes]  # (plan, its version in words or None) -> the file's bytes
    needs_air: bool = False  # only for a plan with a formation that could be timed

    @property
    def suffix(self) -> str:
        return "." + self.file.rsplit(".", 1)[1]


def _run_sheet(plan: Plan, version: str | None) -> bytes:
    from .run_sheet import run_sheet_pdf

    return run_sheet_pdf(plan, version=version)


def _march_table(plan: Plan, version: str | None) -> bytes:
    from .xlsx import march_table_xlsx

    return march_table_xlsx(plan)


def _strip_map_pdf(plan: Plan, version: str | None) -> bytes:
    from .strip_map import strip_map_pdf

    return strip_map_pdf(plan)


def _strip_map_svg(plan: Plan, version: str | None) -> bytes:
    from .strip_map import strip_map_svg

    return strip_map_svg(plan)


def _cue_sheet(plan: Plan, version: str | None) -> bytes:
    from .cue_sheet import cue_sheet_pdf

    return cue_sheet_pdf(plan)


def _timing_cards(plan: Plan, version: str | None) -> bytes:
    from .timing_cards import timing_cards_pdf

    return timing_cards_pdf(plan)


def _geojson(plan: Plan, version: str | None) -> bytes:
    from .geo import route_geojson

    return route_geojson(plan)


def _kml(plan: Plan, version: str | None) -> bytes:
    from .geo import route_kml

    return route_kml(plan)


def _gpx(plan: Plan, version: str | None) -> bytes:
    from .geo import route_gpx

    return route_gpx(plan)


HANDOUTS: tuple[Handout, ...] = (
    Handout("run-sheet.pdf", "run-sheet", "Run sheet",
            "the cover, the march table, the air table, the findings, the time-distance chart and an overview map",
            PDF, _run_sheet),
    Handout("march-table.xlsx", "march-table", "March table",
            "every element at every point as Excel times, a sheet per point, the air table and the findings",
            XLSX, _march_table),
    Handout("strip-map.pdf", "strip-map", "Strip map",
            "the route as a straight strip: points, distances, critical points, first and last times at each point",
            PDF, _strip_map_pdf),
    Handout("strip-map.svg", "strip-map", "Strip map (SVG)", "the strip map as a drawing to edit or print",
            "image/svg+xml", _strip_map_svg),
    Handout("cue-sheet.pdf", "cue-sheet", "Cue sheet",
            "for the commentators: in tribune order, the time, name, description, strength and the gap to the next",
            PDF, _cue_sheet),
    Handout("timing-cards.pdf", "timing-cards", "Timing cards",
            "a kneeboard card (A5) per formation: hold exit, IP and tribune times, speeds, heading, corrections",
            PDF, _timing_cards, needs_air=True),
    Handout("route.geojson", "geojson", "Route (GeoJSON)",
            "the route, stretches, named points, holds, IPs and run-ins as GeoJSON", "application/geo+json", _geojson),
    Handout("route.kml", "kml", "Route (KML)",
            "the route and the air segment in Google Earth, each element's head as a track that plays",
            "application/vnd.google-earth.kml+xml", _kml),
    Handout("route.gpx", "gpx", "Route (GPX)", "the route, its named points as waypoints and each run-in as GPX",
            "application/gpx+xml", _gpx),
)
BY_FILE = {h.file: h for h in HANDOUTS}
AFTER_ACTION_FILES = {"after-action.pdf": PDF, "after-action.xlsx": XLSX}


def kinds() -> dict[str, tuple[Handout, ...]]:
    """Each KIND of the command with its formats, in menu order."""
    found: dict[str, list[Handout]] = {}
    for handout in HANDOUTS:
        found.setdefault(handout.kind, []).append(handout)
    return {kind: tuple(formats) for kind, formats in found.items()}


def available(plan: Plan) -> list[Handout]:
    """The handouts this plan can print: the timing cards only with a formation timed."""
    return [h for h in HANDOUTS if plan.air or not h.needs_air]


def after_action(plan: Plan, day: Forecast, suffix: str) -> bytes:
    """The after-action report of a day: `.pdf` or `.xlsx`."""
    from .after_action import after_action_pdf, after_action_xlsx

    return after_action_pdf(plan, day) if suffix == ".pdf" else after_action_xlsx(plan, day)
