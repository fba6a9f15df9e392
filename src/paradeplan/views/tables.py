"""The plan's tables as the text of their cells: the march table, the air table and the summary lines.

The terminal and every printed handout (export/) show these same strings, so a time on the run sheet,
the cue sheet or a timing card is the time `paradeplan plan` prints, to the tenth (model/times.clock).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.times import clock, duration
from ..model.units import mps_to_kmh
from ..plan.planner import Plan
from .cards import bearing, by_time


@dataclass(frozen=True)
class PointColumn:
    """A named point the march table has a head and tail column for, in route order."""

    name: str
    label: str
    at_m: float


@dataclass(frozen=True)
class MarchRow:
    """One ground element in the order of march: its size and speed, then head and tail at each point."""

    order: int
    id: str
    name: str
    kind: str
    strength: str  # "120" marching, or "12 veh"
    length_m: str
    speed_kmh: str
    pass_time: str
    times: tuple[tuple[str, str] | None, ...]  # (head, tail) clock at each PointColumn; None where it does not pass


@dataclass(frozen=True)
class MarchTable:
    """The march table: its title, the point columns and a row per ground element."""

    title: str
    points: tuple[PointColumn, ...]
    rows: tuple[MarchRow, ...]


@dataclass(frozen=True)
class AirRow:
    """One formation in the order it crosses the tribune."""

    order: int
    id: str
    name: str
    aircraft: str
    count: str
    shape: str
    altitude_ft: str
    tas_kt: str
    ground_speed_kt: str
    track: str
    wind_correction: str
    hold_exit: str
    ip: str
    tribune: str
    gap: str  # after the formation before it, "" for the first


@dataclass(frozen=True)
class AirTable:
    """The air segment over the tribune: title, caption and a row per formation."""

    title: str
    caption: str
    rows: tuple[AirRow, ...]


def strength(plan_element_kind: str, personnel: int, vehicles: int) -> str:
    """What an element brings past the tribune: '12 veh' for vehicles, else its head count."""
    return f"{vehicles} veh" if plan_element_kind == "vehicle" else f"{personnel}"


def march_table(plan: Plan) -> MarchTable:
    """Every ground element in the order of march, with head and tail at every named point."""
    scenario = plan.scenario
    by_name = plan.geometry.points
    points = tuple(PointColumn(name, by_name[name].label, by_name[name].at_m) for name in plan.points)
    rows = []
    for order, g in enumerate(plan.ground, start=1):
        times = []
        for point in points:
            head_tail = g.times.get(point.name)
            times.append((clock(head_tail[0]), clock(head_tail[1])) if head_tail else None)
        rows.append(MarchRow(
            order=order, id=g.id, name=g.name, kind=g.element.kind,
            strength=strength(g.element.kind, g.shape.personnel, g.shape.vehicles),
            length_m=f"{g.shape.length_m:,.0f}", speed_kmh=f"{mps_to_kmh(g.shape.speed_mps):.1f}",
            pass_time=f"{g.pass_time_s:.0f} s", times=tuple(times)))
    return MarchTable(title=f"{scenario.name} - {scenario.date:%A %d %B %Y} ({scenario.timezone})",
                      points=points, rows=tuple(rows))


def air_table(plan: Plan) -> AirTable:
    """The air segment in the order it crosses the tribune: times, speeds, wind correction and gaps."""
    wind = plan.wind
    label = plan.geometry.points[plan.tribune].label
    formations = by_time(plan)
    rows = []
    previous: float | None = None
    for order, f in enumerate(formations, start=1):
        rows.append(AirRow(
            order=order, id=f.id, name=f.name, aircraft=f.aircraft_name, count=str(f.count), shape=f.formation.shape,
            altitude_ft=f"{f.altitude_ft:,.0f}", tas_kt=f"{f.tas_kt:g}", ground_speed_kt=f"{f.ground_speed_kt:.0f}",
            track=bearing(f.track_deg), wind_correction=f"{f.wind_correction_deg:+.0f}",
            hold_exit=clock(f.hold_exit_s) if f.hold_exit_s is not None else "", ip=clock(f.ip_s),
            tribune=clock(f.over_tribune_s), gap="" if previous is None else f"{f.over_tribune_s - previous:.0f} s"))
        previous = f.over_tribune_s
    return AirTable(title=f"Air segment over {label} - wind from {bearing(wind.from_deg)} at {wind.speed_kt:g} kt",
                    caption=f"{len(formations)} formations, {sum(f.count for f in formations)} aircraft",
                    rows=tuple(rows))


def summary_lines(plan: Plan) -> list[str]:
    """The plan in a few lines: head counts, first head and last tail at the anchor, the whole route, findings."""
    s = plan.summary()
    anchor = plan.geometry.points[plan.anchor].label
    lines = [f"{s.elements} ground elements: {s.personnel:,} marching, {s.vehicles} vehicles"
             + (f", {s.aircraft} aircraft" if s.aircraft else "")]
    if s.first_at_anchor_s is not None and s.last_clear_of_anchor_s is not None:
        lines.append(f"{anchor}: first head {clock(s.first_at_anchor_s)}, last tail {clock(s.last_clear_of_anchor_s)}"
                     f" ({duration(s.last_clear_of_anchor_s - s.first_at_anchor_s)})")
    if s.step_off_s is not None and s.completion_s is not None:
        lines.append(f"whole route: first step-off {clock(s.step_off_s)}, completion {clock(s.completion_s)}"
                     f" ({duration(s.completion_s - s.step_off_s)})")
    lines.append(f"{s.errors} error(s), {s.warnings} warning(s)")
    return lines
