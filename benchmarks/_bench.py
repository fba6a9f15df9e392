"""Shared by the benchmark scripts: where the examples are, how to time, and one line per figure."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ASTANA = ROOT / "examples" / "astana-2025.yaml"


def wall_times_s(run: Callable[[], object], runs: int) -> list[float]:
    """Wall time of each of `runs` calls, after one call to warm caches up."""
    run()
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times


def median(values: list[float]) -> float:
    return statistics.median(values)


def report(what: str, figure: str, target: str = "", met: bool | None = None) -> None:
    """One measured figure, its target if it has one, and whether it is met."""
    verdict = "" if met is None else ("met" if met else "MISSED")
    print(f"  {what:<62} {figure:>16}  {target:<18} {verdict}".rstrip(), flush=True)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f} ms"


def s(seconds: float) -> str:
    return f"{seconds:,.3f} s"
