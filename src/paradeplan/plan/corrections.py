"""The crew's correction table: the TAS to fly from the IP after arriving there early or late.

For being 5, 10, 20 or 30 s early or late at the IP, the TAS that crosses the tribune on time, or
None ("not recoverable") where that speed is outside the type's flypast envelope.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..model.air import Wind
from ..model.units import KT
from .air import FormationPlan
from .flight import tas_for_ground_speed_mps

CORRECTION_OFFSETS_S = (5, 10, 20, 30)


@dataclass(frozen=True)
class Correction:
    """The TAS that crosses the tribune on time after being `off_s` early (negative: late) at the IP."""

    off_s: float
    tas_kt: float | None  # None: not recoverable within the type's envelope

    @property
    def label(self) -> str:
        return f"{abs(self.off_s):g} s {'early' if self.off_s > 0 else 'late'}"


def corrections(formation: FormationPlan, wind: Wind) -> list[Correction]:
    """Speed to fly from the IP: GS = IP distance / (time left + early), TAS back through the wind triangle."""
    left_s = formation.over_tribune_s - formation.ip_s
    rows = []
    for off_s in [o for offset in CORRECTION_OFFSETS_S for o in (offset, -offset)]:
        time_s = left_s + off_s
        tas_kt = None
        if time_s > 0:
            tas_kt = float(tas_for_ground_speed_mps(formation.ip_distance_m / time_s, formation.track_deg, wind)) / KT
            if not formation.aircraft.min_kt <= tas_kt <= formation.aircraft.max_kt:
                tas_kt = None
        rows.append(Correction(off_s, tas_kt))
    return rows
