"""Clock times: seconds after local midnight on the parade day, shown as clocks or ISO 8601."""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass
from zoneinfo import ZoneInfo


def nearest(value: float) -> int:
    """The nearest whole number, halves up (as the browser rounds): 10.5 -> 11, not Python's 10."""
    return math.floor(value + 0.5)


def clock(time_s: float, *, tenths: bool = True) -> str:
    """36432.44 -> '10:07:12.4' (or '10:07:12' without tenths); negative or past midnight wraps.

    The one rule for shown times: tenths, rounded to the nearest tenth; where a screen shows whole
    seconds, rounded to the nearest second, never truncated.
    """
    if tenths:
        whole, tenth = divmod(nearest(time_s * 10), 10)
    else:
        whole, tenth = nearest(time_s), 0
    hours, rest = divmod(whole % 86400, 3600)
    minutes, seconds = divmod(rest, 60)
    text = f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    return f"{text}.{tenth}" if tenths else text


def iso_time(day: dt.date, tz: ZoneInfo, time_s: float) -> str:
    """Seconds after local midnight -> '2025-05-07T10:13:20.0+05:00'.

    The seconds are wall-clock seconds, as a planner writes "10:05:00": on a day the clocks change,
    10:05 is 10:05 on the clock, with the offset in force then.
    """
    tenths = nearest(time_s * 10)
    moment = _midnight(day, tz) + dt.timedelta(seconds=tenths // 10)
    # the fields written out, not strftime: a plan JSON writes thousands of these on every keystroke
    return (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:{moment.minute:02d}:"
            f"{moment.second:02d}.{tenths % 10}{_offset_text(moment.utcoffset())}")


@functools.lru_cache(maxsize=64)
def _midnight(day: dt.date, tz: ZoneInfo) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(0), tzinfo=tz)


@dataclass(frozen=True)
class ParadeDay:
    """The parade's date and time zone: turns seconds after local midnight into ISO 8601 for every output."""

    date: dt.date
    tz: ZoneInfo

    def iso(self, time_s: float) -> str:
        return iso_time(self.date, self.tz, time_s)

    def iso_or_none(self, time_s: float | None) -> str | None:
        """iso, or None for a time that never came (None or NaN)."""
        return None if time_s is None or math.isnan(time_s) else iso_time(self.date, self.tz, time_s)


@functools.lru_cache(maxsize=64)
def _offset_text(offset: dt.timedelta | None) -> str:
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    sign = "+" if minutes >= 0 else "-"
    hours, mins = divmod(abs(minutes), 60)
    return f"{sign}{hours:02d}:{mins:02d}"


def duration(seconds: float) -> str:
    """4523 -> '1 h 15 min 23 s'; 83 -> '1 min 23 s'."""
    whole = nearest(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    parts = ([f"{hours} h"] if hours else []) + ([f"{minutes} min"] if hours or minutes else []) + [f"{secs} s"]
    return " ".join(parts)
