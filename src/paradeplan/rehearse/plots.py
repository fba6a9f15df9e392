"""Rehearsal plots as PNG files: a deviation fan chart along the order of march, a histogram of the finish.

Figures are drawn with matplotlib's Agg canvas directly (no pyplot, no display, no global state).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

from ..model.times import clock
from .runs import Rehearsal

FAN_FILE = "deviation-fan.png"
FINISH_FILE = "finish-time.png"


def deviation_fan(rehearsal: Rehearsal, anchor_label: str, path: Path) -> Path:
    """Each element's head at the anchor, late (+) or early (-) of the plan: 5-95 and 25-75 % bands, and the median."""
    deviation = rehearsal.deviation_s
    order = np.arange(1, deviation.shape[1] + 1)
    p5, p25, p50, p75, p95 = np.percentile(deviation, [5, 25, 50, 75, 95], axis=0)
    figure = Figure(figsize=(max(8.0, 0.22 * len(order) + 3), 4.8), layout="constrained")
    axes = figure.add_subplot()
    axes.fill_between(order, p5, p95, color="tab:blue", alpha=0.2, step="mid", label="5-95 %")
    axes.fill_between(order, p25, p75, color="tab:blue", alpha=0.4, step="mid", label="25-75 %")
    axes.step(order, p50, where="mid", color="tab:blue", label="median")
    axes.axhline(0.0, color="black", linewidth=0.8)
    axes.set_xticks(order, [e.id for e in rehearsal.elements], rotation=90, fontsize=7)
    axes.set_xlim(0.5, len(order) + 0.5)
    axes.set_ylabel("late (+) / early (-), s")
    axes.set_title(f"Each head at {anchor_label} against the plan, in order of march "
                   f"({rehearsal.runs:,} runs, seed {rehearsal.seed})")
    axes.legend(loc="upper left")
    axes.grid(axis="y", alpha=0.3)
    figure.savefig(path, dpi=110)
    return path


def finish_histogram(rehearsal: Rehearsal, path: Path) -> Path:
    """When the last tail clears its leave point, over all runs, with the plan and the 95th percentile marked."""
    figure = Figure(figsize=(8.0, 4.5), layout="constrained")
    axes = figure.add_subplot()
    axes.hist(rehearsal.finish_s, bins=60, color="tab:blue", alpha=0.75)
    axes.axvline(rehearsal.planned_finish_s, color="black", label=f"plan {clock(rehearsal.planned_finish_s)}")
    axes.axvline(rehearsal.finish_p95_s, color="tab:red", linestyle="--",
                 label=f"95 % by {clock(rehearsal.finish_p95_s)}")
    axes.xaxis.set_major_formatter(FuncFormatter(lambda value, _: clock(value, tenths=False)))
    axes.set_xlabel("completion: last tail clear of its leave point")
    axes.set_ylabel("runs")
    axes.set_title(f"Finish time ({rehearsal.runs:,} runs, seed {rehearsal.seed})")
    axes.legend()
    figure.savefig(path, dpi=110)
    return path


def write_plots(rehearsal: Rehearsal, anchor_label: str, folder: Path) -> list[Path]:
    """Both plots into `folder` (made if missing); those that have something to draw."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    if rehearsal.elements:
        written.append(deviation_fan(rehearsal, anchor_label, folder / FAN_FILE))
    if not np.isnan(rehearsal.planned_finish_s):
        written.append(finish_histogram(rehearsal, folder / FINISH_FILE))
    return written
