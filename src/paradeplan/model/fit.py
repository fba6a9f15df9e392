"""What `paradeplan fit` is asked to do: the goals of a scenario's `fit:` block or of the command line.

Durations are written as a planner says them: `90s`, `26m`, `1h5m`, `24m30s`, `mm:ss` (`26:00`), or a number
of seconds; times of day as everywhere (`11:50:00`); a tribune window as `FROM-TO` (`11:20-11:50`).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, model_validator

from .fields import Model, TimeOfDay, seconds_of_day

MAX_FIT_DURATION_S = 24 * 3600.0  # no parade, slot or flypast gap runs longer than a day
_UNITS = re.compile(r"^(?:(?P<h>\d+(?:\.\d+)?)h)?(?:(?P<m>\d+(?:\.\d+)?)m(?:in)?)?(?:(?P<s>\d+(?:\.\d+)?)s)?$")
_CLOCK = re.compile(r"^(?P<m>\d+):(?P<s>[0-5]\d(?:\.\d+)?)$")
_WINDOW = re.compile(r"^\s*(?P<start>[0-9:.]+)\s*-\s*(?P<end>[0-9:.]+)\s*$")


def parse_duration_s(value: Any) -> float:
    """'26m' -> 1560.0; '1h5m' -> 3900.0; '90s' -> 90.0; '24:30' (mm:ss) -> 1470.0; 90 -> 90.0.

    ValueError with the forms it takes for anything else, negative or longer than a day."""
    if isinstance(value, bool):
        raise ValueError("a duration, e.g. 26m, 1h5m, 90s or 24:30 (minutes and seconds), not true or false")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str):
        text = value.strip().replace(" ", "")
        units, colon = _UNITS.fullmatch(text), _CLOCK.fullmatch(text)
        if colon is not None:
            seconds = int(colon["m"]) * 60 + float(colon["s"])
        elif units is not None and text:
            seconds = sum(float(units[k] or 0) * f for k, f in (("h", 3600), ("m", 60), ("s", 1)))
        else:
            raise ValueError(f"{value!r} is not a duration: write it as 26m, 1h5m, 90s or 24:30 (minutes and seconds)")
    else:
        raise ValueError("a duration, e.g. 26m, 1h5m, 90s or 24:30 (minutes and seconds)")
    if not 0 <= seconds <= MAX_FIT_DURATION_S:
        raise ValueError(f"{value!r}: a duration from 0 to 24h")
    return seconds


def parse_window(value: Any) -> tuple[str, str]:
    """'11:20-11:50' -> ('11:20', '11:50'); a list [from, to] as it is."""
    if isinstance(value, list | tuple) and len(value) == 2:
        return str(value[0]), str(value[1])
    match = _WINDOW.fullmatch(value) if isinstance(value, str) else None
    if match is None:
        raise ValueError(f"{value!r} is not a window: write it as FROM-TO, e.g. 11:20-11:50")
    return match["start"], match["end"]


Duration = Annotated[float, BeforeValidator(parse_duration_s)]
SLOT_GOALS = ("duration", "finish_by", "tribune_window")  # at most one: the slot the parade must fit


class TribuneWindow(Model):
    """The slot the parade must pass the anchor in: first head no earlier than `start`, last tail by `end`."""

    start: TimeOfDay
    end: TimeOfDay

    @model_validator(mode="after")
    def _in_order(self) -> TribuneWindow:
        if seconds_of_day(self.end) <= seconds_of_day(self.start):
            raise ValueError(f"the window ends ({self.end}) before it starts ({self.start})")
        return self


def _window(value: Any) -> Any:
    if value is None or isinstance(value, dict | TribuneWindow):
        return value
    start, end = parse_window(value)
    return {"start": start, "end": end}


class FitGoals(Model):
    """Goals for `paradeplan fit`: at most one of duration, finish_by and tribune_window, the flypast's place,
    and what may change (gaps always; speeds and fixed times only when allowed)."""

    duration: Duration | None = Field(
        None, description="First head to last tail at the anchor: 26m, 1h5m, 90s or mm:ss.")
    finish_by: TimeOfDay | None = Field(None, description="The last tail clear of the release point by then.")
    tribune_window: Annotated[TribuneWindow | None, BeforeValidator(_window)] = Field(
        None, description="FROM-TO: the first head at the anchor no earlier, the last tail no later.")
    flypast_after_ground: Duration | None = Field(
        None, description="The first formation over the tribune this long after the last ground tail clears it.")
    speeds: bool = Field(False, description="Marching cadences and vehicle speeds may change, within their limits.")
    move_fixed: bool = Field(False, description="The first head's time and every anchor_time may move too.")
    cadence_spm: Annotated[tuple[float, float], Field(description="The cadences a fitted marching block may march "
                                                      "at, paces a minute.")] = (110.0, 120.0)

    @model_validator(mode="after")
    def _one_slot(self) -> FitGoals:
        given = [k for k in ("duration", "finish_by", "tribune_window") if getattr(self, k) is not None]
        if len(given) > 1:
            raise ValueError(f"give only one of {', '.join(given)}")
        low, high = self.cadence_spm
        if not 60 <= low <= high <= 180:
            raise ValueError("cadence_spm: a range [low, high] within 60 to 180 paces a minute")
        return self

    @classmethod
    def overridden(cls, block: dict[str, Any], given: dict[str, Any]) -> FitGoals:
        """The file's `fit:` block (as dumped with exclude_unset) overridden by the goals `given` (the command
        line's options, the Fit panel's fields): a slot given replaces the file's slot, whichever it was.
        ValidationError for a goal that is not understood."""
        merged = {**block, **given}
        if given.keys() & set(SLOT_GOALS):
            for slot in SLOT_GOALS:
                if slot not in given:
                    merged.pop(slot, None)
        return cls.model_validate(merged)

    def given(self) -> bool:
        return any(getattr(self, k) is not None for k in ("duration", "finish_by", "tribune_window",
                                                           "flypast_after_ground"))
