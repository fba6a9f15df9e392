"""The commentators' cue sheet: every element and formation in the order it passes the tribune, in large type.

Commentators, broadcast and VIP protocol need "what passes the tribune when" (primer): for each element the
time its head reaches the tribune (a formation: its time over it), its name and description, what it brings
(head count, vehicles, aircraft) and the gap before the next arrives, to know how long there is to speak. Ground
elements are timed at the anchor and formations over the tribune, interleaved by time as the tribune view's
"now passing" orders them (views/plan_json.tribune_order). Times are the terminal's (model/times clock); gaps are
whole seconds, rounded to the nearest. The sheet is A4 portrait, its header repeated on every page, no row
split across two.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.times import clock, duration, nearest
from ..model.units import mps_to_kmh
from ..plan.ground import GroundPlan
from ..plan.planner import Plan
from ..views.plan_json import tribune_order
from .pdf import render_pdf

KINDS = {"foot": "foot", "band": "band", "mounted": "mounted", "vehicle": "vehicle column"}


@dataclass(frozen=True)
class Cue:
    """One row of the cue sheet: an element or formation as it passes the tribune."""

    order: int
    time: str  # clock of the head at the tribune, or the formation's time over it
    name: str
    description: str | None
    strength: str  # "120 personnel", "12 vehicles", "9 aircraft: Su-30SM"
    detail: str  # kind, speed and pass time; a formation's shape, height and ground speed
    gap_word: str  # "gap" to the next's arrival, "overlap" when the next arrives before this clears, "last"
    gap: str  # "12 s", "2 min 5 s"; "" after the last
    air: bool


@dataclass(frozen=True)
class CueSheet:
    """The cue sheet: its heading and a cue per element and formation, in tribune order."""

    title: str
    subtitle: str
    summary: str
    cues: tuple[Cue, ...]


@dataclass(frozen=True)
class _Passing:
    arrives_s: float
    clears_s: float
    name: str
    description: str | None
    strength: str
    detail: str
    air: bool


def plural(count: int, word: str) -> str:
    """1 -> '1 vehicle', 12 -> '12 vehicles'."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def gap_text(gap_s: float | None) -> tuple[str, str]:
    """The time from this one clearing the tribune to the next arriving: ('gap', '12 s'), ('gap', '2 min 5 s');
    ('overlap', '40 s') where the next arrives first (a formation over a column still passing); ('last', '')."""
    if gap_s is None:
        return "last", ""
    if nearest(gap_s) < 0:
        return "overlap", duration(-gap_s)
    return "gap", duration(gap_s)


def _passings(plan: Plan) -> list[_Passing]:
    """Every ground element at the anchor and every formation over the tribune, in the tribune's order
    (views/plan_json.tribune_order)."""
    rows = []
    for arrives_s, element in tribune_order(plan):
        if isinstance(element, GroundPlan):
            shape, kind = element.shape, element.element.kind
            strength = plural(shape.vehicles, "vehicle") if kind == "vehicle" else f"{shape.personnel} personnel"
            detail = (f"{KINDS[kind]}, {mps_to_kmh(shape.speed_mps):.1f} km/h, "
                      f"passes in {duration(element.pass_time_s)}")
            rows.append(_Passing(arrives_s, element.times[plan.anchor][1], element.name,
                                 element.element.description, strength, detail, False))
        else:
            f = element
            detail = f"{f.formation.shape}, {f.altitude_ft:,.0f} ft, {f.ground_speed_kt:.0f} kt over the ground"
            rows.append(_Passing(arrives_s, arrives_s, f.name, f.formation.description,
                                 f"{f.count} aircraft: {f.aircraft_name}", detail, True))
    return rows


def cue_sheet(plan: Plan) -> CueSheet:
    """The cue sheet's rows in tribune order, each with the gap to the next arrival."""
    scenario = plan.scenario
    passings = _passings(plan)
    cues = []
    for order, (row, following) in enumerate(zip(passings, [*passings[1:], None], strict=True), start=1):
        gap_s = None if following is None else following.arrives_s - row.clears_s
        cues.append(Cue(order, clock(row.arrives_s), row.name, row.description, row.strength, row.detail,
                        *gap_text(gap_s), row.air))
    point = plan.geometry.points[plan.anchor].label
    ground, air = sum(not c.air for c in cues), sum(c.air for c in cues)
    summary = f"{plural(ground, 'ground element')} and {plural(air, 'formation')} past {point}"
    if passings:
        summary += (f", the first at {clock(passings[0].arrives_s)}, the last clear at "
                    f"{clock(max(row.clears_s for row in passings))}")
    return CueSheet(title=f"Cue sheet: {scenario.name}",
                    subtitle=f"{scenario.date:%A %d %B %Y}, times of day in {scenario.timezone} (hh:mm:ss.t); "
                             "a ground element's time is its head at the tribune, a formation's its time over it",
                    summary=summary, cues=tuple(cues))


def cue_sheet_pdf(plan: Plan) -> bytes:
    """The cue sheet as an A4 portrait PDF."""
    sheet = cue_sheet(plan)
    return render_pdf("cue_sheet.html", {"sheet": sheet}, title=f"Cue sheet - {plan.scenario.name}")
