"""The air segment as a BlueSky scenario (.scn), to fly the plan through an independent simulator.

Each formation's lead is created at the hold fix at its hold exit time (or at the IP at its IP
time), at its height, speed and heading, and flies by waypoints round its turn, over the IP and
the tribune, in the scenario's wind. BlueSky's traps, as its source (1.1) shows them:
- CRE takes CAS: the planned TAS is converted at the lead's height above sea level
  (air.elevation_ft + altitude_ft) in the standard atmosphere, as BlueSky converts it back;
- IC resets the time step to 0.05 s unless the scenario sets DT: the file sets DT;
- its OpenAP model replaces unknown fixed-wing codes by B744 (140 kt CAS floor) and clamps every
  speed to the type's envelope (CAS for fixed-wing, TAS for rotorcraft): each lead is created as a
  type whose envelope admits its speed, the catalogue's `bluesky_type` where that one does;
- fly-by turns bank 25 deg unless told: TURNBANK gives the plan's bank, and the turn onto the
  run-in is split into fly-by corners whose turns trace the planned arc;
- it writes into ~/bluesky unless bs.init gets a workdir; this module only writes text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pyproj import Geod

from .. import __version__
from ..model.air import Wind
from ..model.times import clock
from ..model.units import KT
from ..plan.air import PAST_TRIBUNE_M, FormationPlan
from ..plan.flight import turn_bank_deg, wind_triangle
from ..plan.planner import Plan

SIM_DT_S = 0.1  # BlueSky time step: a lead is created at most this late
# BlueSky 1.1 speed envelopes, kt: fixed-wing CAS vminer..vmaxer from openap's WRAP, rotorcraft TAS
# from its rotor/aircraft.json (EC35 v_max 71.95 m/s). A lead is created as a type admitting its speed:
# (category, speed the limits apply to, least, greatest).
BLUESKY_ENVELOPES_KT = {
    "EC35": ("helicopter", "tas", 0.0, 139.8),
    "B752": ("fixed-wing", "cas", 121.0, 323.0),
    "B744": ("fixed-wing", "cas", 140.0, 350.0),
}
SPEED_MARGIN_KT = 1.0

_GEOD = Geod(ellps="WGS84")


@dataclass(frozen=True)
class BlueSkyScenario:
    text: str
    start_s: float  # local time of day at BlueSky's simulation time 0
    notes: list[str]  # leads that no BlueSky type known here flies at their planned speed


def bluesky_type(formation: FormationPlan) -> tuple[str, bool]:
    """BlueSky type code to create a lead as, and whether its envelope is known to admit the planned speed."""
    aircraft = formation.aircraft
    preferred = getattr(aircraft, "bluesky_type", None) or ("EC35" if aircraft.category == "helicopter" else "B752")
    if preferred not in BLUESKY_ENVELOPES_KT:
        return preferred, False
    candidates = sorted(BLUESKY_ENVELOPES_KT,
                        key=lambda code: (code != preferred, BLUESKY_ENVELOPES_KT[code][0] != aircraft.category))
    for code in candidates:
        _, kind, low, high = BLUESKY_ENVELOPES_KT[code]
        speed = formation.cas_kt if kind == "cas" else formation.tas_kt
        if low + SPEED_MARGIN_KT <= speed <= high - SPEED_MARGIN_KT:
            return code, True
    return preferred, False


def sim_start_s(plan: Plan) -> float:
    """BlueSky's time 0: a whole minute at least 30 s before the first lead is created."""
    first = min(f.track.times_s[0] for f in plan.air)
    return (first - 30.0) // 60.0 * 60.0


def bluesky_scenario(plan: Plan) -> BlueSkyScenario:
    """The .scn text: clock, time step and wind, then each lead's CRE and waypoints at its start time."""
    scenario, wind = plan.scenario, plan.wind
    elevation_ft = plan.scenario.air.elevation_ft if plan.scenario.air is not None else 0.0
    start_s = sim_start_s(plan)
    midnight = dt.datetime.combine(scenario.date, dt.time(0), tzinfo=scenario.tz)
    start_utc = (midnight + dt.timedelta(seconds=start_s)).astimezone(dt.UTC)
    tribune_lon, tribune_lat = plan.air[0].tribune_lonlat
    lines = [
        f"# {scenario.name}: the air segment for BlueSky, written by paradeplan {__version__}",
        f"# Simulation time 00:00:00 is {clock(start_s)} local ({scenario.timezone}), {start_utc:%H:%M:%S} UTC.",
        "# One aircraft per formation, its lead. Every CRE speed is CAS (standard atmosphere) for the planned",
        f"# TAS at the lead's height above sea level (ground at the tribune {elevation_ft:g} ft).",
        f"00:00:00.00>DATE {start_utc.day},{start_utc.month},{start_utc.year},{start_utc:%H:%M:%S}.00",
        f"00:00:00.00>DT {SIM_DT_S}",
        "00:00:00.00>ASAS OFF",
    ]
    if wind.speed_kt > 0:
        lines.append(f"00:00:00.00>WIND {tribune_lat:.6f},{tribune_lon:.6f},"
                     f"{wind.from_deg:g},{wind.speed_kt:g}")
    notes = []
    for formation in sorted(plan.air, key=lambda f: (f.track.times_s[0], f.index)):
        code, admitted = bluesky_type(formation)
        if not admitted:
            notes.append(f"'{formation.id}': no BlueSky type known here admits CAS {formation.cas_kt:.0f} kt "
                         f"(TAS {formation.tas_kt:g} kt); created as {code}, whose envelope may clamp it.")
            lines.append(f"# NOTE {notes[-1]}")
        lines += _lead_lines(formation, code, formation.track.times_s[0] - start_s, wind, elevation_ft)
    return BlueSkyScenario("\n".join(lines) + "\n", start_s, notes)


def _lead_lines(formation: FormationPlan, code: str, at_s: float, wind: Wind,
                elevation_ft: float) -> list[str]:
    """A lead's comment, CRE (heading into the wind for its first track), turn bank and waypoints."""
    stamp = _stamp(at_s)
    acid = formation.id.upper()
    hold = formation.formation.hold
    start = (hold.lon, hold.lat) if hold is not None else formation.ip_lonlat
    tribune = formation.tribune_lonlat
    exit_lon, exit_lat, _ = _GEOD.fwd(tribune[0], tribune[1], formation.track_deg, PAST_TRIBUNE_M)
    waypoints = ([tuple(c) for c in formation.hold.corners_lonlat] + [formation.ip_lonlat]
                 if formation.hold is not None else [])
    waypoints += [tribune, (exit_lon, exit_lat)]  # the last keeps the lead on the run-in track over the tribune
    track_deg, _, _ = _GEOD.inv(start[0], start[1], waypoints[0][0], waypoints[0][1])
    triangle = wind_triangle(formation.tas_kt * KT, track_deg, wind.from_deg, wind.speed_kt * KT)
    correction = float(triangle.wind_correction_deg)
    altitude_ft = elevation_ft + formation.altitude_ft
    lines = [
        f"# {formation.id}: {formation.name}, {formation.count} x {formation.aircraft_name} as {code}; "
        f"TAS {formation.tas_kt:g} kt = CAS {formation.cas_kt:.1f} kt at {altitude_ft:,.0f} ft; "
        f"{'hold exit' if formation.hold else 'IP'} {clock(formation.track.times_s[0])}, "
        f"over the tribune {clock(formation.over_tribune_s)}",
        f"{stamp}>CRE {acid},{code},{start[1]:.6f},{start[0]:.6f},{(track_deg + correction) % 360:.2f},"
        f"{altitude_ft:.0f},{formation.cas_kt:.2f}",
        f"{stamp}>ADDWPT {acid} TURNBANK {turn_bank_deg(formation.tas_kt * KT):.1f}",
    ]
    lines += [f"{stamp}>ADDWPT {acid} {lat:.6f},{lon:.6f}" for lon, lat in waypoints]
    return lines


def _stamp(time_s: float) -> str:
    """Seconds -> 'HH:MM:SS.ss', BlueSky's scenario time stamp."""
    hundredths = round(time_s * 100)
    hours, rest = divmod(hundredths, 360000)
    minutes, rest = divmod(rest, 6000)
    return f"{hours:02d}:{minutes:02d}:{rest // 100:02d}.{rest % 100:02d}"
