"""Timing cards: one per formation, as text to print and carry or as JSON.

A card carries what a crew flies by: when to leave the hold, the IP and its time, the time over
the tribune, the speeds, and a correction table: for being 5, 10, 20 or 30 s early or late at
the IP, the TAS to fly to the tribune to cross it on time, or "not recoverable" where that speed
is outside the type's flypast envelope.
"""

from __future__ import annotations

from ..model.times import ParadeDay, clock
from ..model.units import NM
from ..plan.air import FormationPlan
from ..plan.corrections import Correction, corrections
from ..plan.planner import Plan
from .plan_json import JSON, formation_dict


def by_time(plan: Plan) -> list[FormationPlan]:
    """Formations in the order they cross the tribune."""
    return sorted(plan.air, key=lambda f: (f.over_tribune_s, f.index))


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
    f, wind = formation, plan.wind
    title = f"{f.name} ({f.id}): {f.count} x {f.aircraft_name}, {f.formation.shape}"
    lines = [title, "=" * len(title)]
    hold = f.formation.hold
    if f.hold is not None and hold is not None and f.hold_exit_s is not None:
        turn = f.hold.turn_deg
        lines.append(f"Hold       fix {_position(hold.lon, hold.lat)}, {hold.turn} turns, {hold.leg_min:g} min legs"
                     + (f", established {hold.entry_time}" if hold.entry_time else ""))
        lines.append(f"Hold exit  {clock(f.hold_exit_s)}  leave the fix on track {bearing(f.hold.exit_track_deg)}, "
                     + (f"turn {'right' if turn > 0 else 'left'} {abs(turn):.0f} deg at {f.hold.bank_deg:.0f} deg bank "
                        "onto the run-in" if abs(turn) >= 0.5 else "straight onto the run-in"))
    lines += [
        f"IP         {clock(f.ip_s)}  {_position(*f.ip_lonlat)}, "
        f"{f.ip_distance_m / 1000:g} km ({f.ip_distance_m / NM:.1f} NM) before the tribune",
        f"Tribune    {clock(f.over_tribune_s)}  at {f.altitude_ft:,.0f} ft above the ground",
        f"Run-in     track {bearing(f.track_deg)}, heading {bearing(f.heading_deg)} (wind correction "
        f"{f.wind_correction_deg:+.1f}), wind from {bearing(wind.from_deg)} at {wind.speed_kt:g} kt",
        f"Speeds     TAS {f.tas_kt:g} kt, CAS {f.cas_kt:.0f} kt, ground speed {f.ground_speed_kt:.1f} kt; "
        f"IP to tribune {f.over_tribune_s - f.ip_s:.1f} s",
        f"Correction at the IP: TAS to fly to the tribune (envelope {f.aircraft.min_kt:g}-{f.aircraft.max_kt:g} kt)",
    ]
    rows = corrections(f, plan.wind)
    for early, late in zip(rows[::2], rows[1::2], strict=True):
        lines.append(f"  {early.off_s:>2g} s   early: {_speed(early):<18} late: {_speed(late)}")
    lines.append(f"Rule of thumb (CNATRA P-557): 1 kt per second off, held {f.ground_speed_kt / 60:.1f} min.")
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
