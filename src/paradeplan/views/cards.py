"""Timing cards: one per formation, as text to print and carry, as JSON, or as the cells of a printed card.

A card carries what a crew flies by: when to leave the hold, the IP and its time, the time over
the tribune, the speeds, and a correction table: for being 5, 10, 20 or 30 s early or late at
the IP, the TAS to fly to the tribune to cross it on time, or "not recoverable" where that speed
is outside the type's flypast envelope. `card()` writes every figure once, as the strings a crew
reads; the text card (`card_text`) and the kneeboard PDF (export/timing_cards.py) show those strings.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.times import ParadeDay, clock
from ..model.units import NM
from ..plan.air import FormationPlan
from ..plan.corrections import Correction, corrections
from ..plan.planner import Plan
from .plan_json import JSON, formation_dict


@dataclass(frozen=True)
class HoldCells:
    """Where and how the formation holds, and when and how it leaves."""

    fix: str  # "51.3830 N 71.5873 E"
    turns: str  # "right"
    legs: str  # "1 min"
    established: str  # "11:30:00", "" when the scenario gives no time
    exit: str  # the hold exit time, clock()
    exit_instruction: str  # "leave the fix on track 199, turn left 9 deg at 16 deg bank onto the run-in"

    @property
    def line(self) -> str:
        """The hold in one line: fix, turns, legs and when established."""
        return (f"fix {self.fix}, {self.turns} turns, {self.legs} legs"
                + (f", established {self.established}" if self.established else ""))


@dataclass(frozen=True)
class CorrectionRow:
    """One line of the correction table: so many seconds off at the IP, the TAS to fly if early and if late."""

    off_s: str  # "5"
    early: str  # "195 kt TAS" or "not recoverable"
    late: str


@dataclass(frozen=True)
class Card:
    """A timing card's every figure as the string the crew reads: the text card and the PDF show these."""

    name: str
    id: str
    aircraft: str  # "3 x Mil Mi-17"
    shape: str
    hold: HoldCells | None
    ip: str  # clock()
    ip_position: str
    ip_distance: str  # "12 km (6.5 NM)"
    tribune: str  # clock()
    altitude: str  # "500 ft"
    track: str  # "190"
    heading: str
    wind_correction: str  # "+5.7"
    wind: str  # "from 250 at 12 kt"
    tas: str  # "105 kt"
    cas: str
    ground_speed: str
    ip_to_tribune: str  # "236.9 s"
    envelope: str  # "60-120 kt"
    corrections: tuple[CorrectionRow, ...]
    hold_correction_min: str  # "1.6": minutes to hold a correction, the ground speed in NM a minute

    @property
    def title(self) -> str:
        return f"{self.name} ({self.id}): {self.aircraft}, {self.shape}"

    @property
    def ip_where(self) -> str:
        return f"{self.ip_position}, {self.ip_distance} before the tribune"

    @property
    def tribune_where(self) -> str:
        return f"at {self.altitude} above the ground"

    @property
    def run_in(self) -> str:
        return (f"track {self.track}, heading {self.heading} (wind correction {self.wind_correction}), "
                f"wind {self.wind}")

    @property
    def speeds(self) -> str:
        return (f"TAS {self.tas}, CAS {self.cas}, ground speed {self.ground_speed}; "
                f"IP to tribune {self.ip_to_tribune}")

    @property
    def correction_heading(self) -> str:
        return f"Correction at the IP: TAS to fly to the tribune (envelope {self.envelope})"

    @property
    def rule_of_thumb(self) -> str:
        return f"Rule of thumb (CNATRA P-557): 1 kt per second off, held {self.hold_correction_min} min."


def by_time(plan: Plan) -> list[FormationPlan]:
    """Formations in the order they cross the tribune."""
    return sorted(plan.air, key=lambda f: (f.over_tribune_s, f.index))


def card(formation: FormationPlan, plan: Plan) -> Card:
    """The formation's timing card, every figure written once."""
    f, wind = formation, plan.wind
    hold, cells = f.formation.hold, None
    if f.hold is not None and hold is not None and f.hold_exit_s is not None:
        turn = f.hold.turn_deg
        onto = (f"turn {'right' if turn > 0 else 'left'} {abs(turn):.0f} deg at {f.hold.bank_deg:.0f} deg bank "
                "onto the run-in" if abs(turn) >= 0.5 else "straight onto the run-in")
        cells = HoldCells(fix=_position(hold.lon, hold.lat), turns=hold.turn, legs=f"{hold.leg_min:g} min",
                          established=str(hold.entry_time) if hold.entry_time else "", exit=clock(f.hold_exit_s),
                          exit_instruction=f"leave the fix on track {bearing(f.hold.exit_track_deg)}, {onto}")
    rows = corrections(f, plan.wind)
    return Card(
        name=f.name, id=f.id, aircraft=f"{f.count} x {f.aircraft_name}", shape=f.formation.shape, hold=cells,
        ip=clock(f.ip_s), ip_position=_position(*f.ip_lonlat),
        ip_distance=f"{f.ip_distance_m / 1000:g} km ({f.ip_distance_m / NM:.1f} NM)",
        tribune=clock(f.over_tribune_s), altitude=f"{f.altitude_ft:,.0f} ft",
        track=bearing(f.track_deg), heading=bearing(f.heading_deg), wind_correction=f"{f.wind_correction_deg:+.1f}",
        wind=f"from {bearing(wind.from_deg)} at {wind.speed_kt:g} kt",
        tas=f"{f.tas_kt:g} kt", cas=f"{f.cas_kt:.0f} kt", ground_speed=f"{f.ground_speed_kt:.1f} kt",
        ip_to_tribune=f"{f.over_tribune_s - f.ip_s:.1f} s",
        envelope=f"{f.aircraft.min_kt:g}-{f.aircraft.max_kt:g} kt",
        corrections=tuple(CorrectionRow(f"{early.off_s:g}", _speed(early), _speed(late))
                          for early, late in zip(rows[::2], rows[1::2], strict=True)),
        hold_correction_min=f"{f.ground_speed_kt / 60:.1f}",
    )


def cards(plan: Plan) -> list[Card]:
    """Every formation's card, in the order they cross the tribune."""
    return [card(f, plan) for f in by_time(plan)]


def card_dict(formation: FormationPlan, plan: Plan, day: ParadeDay) -> JSON:
    """A timing card as JSON-ready data: the plan JSON's entry plus the crew's correction table."""
    return {
        **formation_dict(formation, day, formation.name),
        "ip_distance_nm": round(formation.ip_distance_m / NM, 2),
        "time_ip_to_tribune_s": round(formation.over_tribune_s - formation.ip_s, 1),
        "envelope_kt": [formation.aircraft.min_kt, formation.aircraft.max_kt],
        "corrections": [
            {"at_ip": "early" if c.off_s > 0 else "late", "off_s": abs(c.off_s),
             "tas_kt": None if c.tas_kt is None else round(c.tas_kt, 1), "recoverable": c.tas_kt is not None}
            for c in corrections(formation, plan.wind)
        ],
    }


def cards_dict(plan: Plan) -> JSON:
    """Every formation's card, in the order they cross the tribune."""
    scenario = plan.scenario
    return {"name": scenario.name, "date": scenario.date.isoformat(), "timezone": scenario.timezone,
            "cards": [card_dict(f, plan, scenario.day) for f in by_time(plan)]}


def card_text(formation: FormationPlan, plan: Plan) -> str:
    """One timing card as plain text, to print and carry."""
    c = card(formation, plan)
    lines = [c.title, "=" * len(c.title)]
    if c.hold is not None:
        lines += [f"Hold       {c.hold.line}", f"Hold exit  {c.hold.exit}  {c.hold.exit_instruction}"]
    lines += [
        f"IP         {c.ip}  {c.ip_where}",
        f"Tribune    {c.tribune}  {c.tribune_where}",
        f"Run-in     {c.run_in}",
        f"Speeds     {c.speeds}",
        c.correction_heading,
        *(f"  {row.off_s:>2} s   early: {row.early:<18} late: {row.late}" for row in c.corrections),
        c.rule_of_thumb,
    ]
    return "\n".join(lines)


def bearing(degrees: float) -> str:
    """A direction as a pilot says it: 359.7 -> '000', 5.2 -> '005'."""
    return f"{round(degrees) % 360:03d}"


def _position(lon: float, lat: float) -> str:
    """51.1222 N 71.4700 E."""
    return f"{abs(lat):.4f} {'N' if lat >= 0 else 'S'} {abs(lon):.4f} {'E' if lon >= 0 else 'W'}"


def _speed(correction: Correction) -> str:
    """One cell of the correction table."""
    return "not recoverable" if correction.tas_kt is None else f"{correction.tas_kt:.0f} kt TAS"


def cards_text(plan: Plan) -> str:
    """Every formation's card as text, in the order they cross the tribune."""
    return "\n\n".join(card_text(f, plan) for f in by_time(plan)) + "\n"
