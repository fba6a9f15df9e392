"""A finding: one thing a planner must fix (an error) or should look at (a warning), and where."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    """What is wrong, with the elements it concerns, where along the route, when, and the key path to change."""

    severity: Severity
    code: str
    message: str
    elements: tuple[str, ...] = ()
    at_m: float | None = None
    time_s: float | None = None
    path: str | None = None  # key path of what to change in the scenario file
