"""A fit as a planner reads it: the table of what changed (element, gap, speed, tribune time, before and
after), the flypast's move and the new summary; as Rich for the terminal and as JSON for the workspace."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table

from ..fit.solve import Fitted, Unfit
from ..model.times import clock, duration
from .plan_json import JSON
from .tables import summary_lines


@dataclass(frozen=True)
class ChangeRow:
    """One changed element, each cell as shown: '15 s -> 4 s', '112 -> 115 paces/min', '11:21:04.8 -> ...'."""

    id: str
    name: str
    gap: str
    speed: str
    at_anchor: str
    moved: str  # the head's move at the anchor, '-15.0 s'


def _pair(before: str, after: str) -> str:
    return before if before == after else f"{before} \u2192 {after}"


def change_rows(fitted: Fitted) -> list[ChangeRow]:
    """Every element the fit changed, in order of march."""
    rows = []
    for c in fitted.changes:
        gap = _pair(*(("" if g is None else f"{g:.0f} s") for g in c.gap_s))
        speed = _pair(*(f"{v:.1f} km/h" for v in c.speed_kmh))
        if c.cadence_spm is not None and c.cadence_spm[0] != c.cadence_spm[1]:
            speed = f"{_pair(*(f'{v:g}' for v in c.cadence_spm))} paces/min ({speed})"
        rows.append(ChangeRow(c.id, c.name, gap, speed, _pair(*(clock(t) for t in c.at_anchor_s)),
                              f"{c.at_anchor_s[1] - c.at_anchor_s[0]:+.1f} s"))
    return rows


def air_line(fitted: Fitted) -> str | None:
    """The flypast's move, when it moved: 'the air segment moves 2 min 5 s earlier: ...'."""
    if not fitted.air_shift_s or not fitted.plan.air:
        return None
    when = "later" if fitted.air_shift_s > 0 else "earlier"
    first_before = min(f.over_tribune_s for f in fitted.before.air)
    first_after = min(f.over_tribune_s for f in fitted.plan.air)
    tribune = fitted.plan.geometry.points[fitted.plan.tribune].label
    return (f"the air segment moves {duration(abs(fitted.air_shift_s))} {when} as one: its first formation over "
            f"{tribune} at {clock(first_after)} (was {clock(first_before)})")


def fit_table(fitted: Fitted) -> Table:
    """The changes as a Rich table."""
    label = fitted.plan.geometry.points[fitted.plan.anchor].label
    table = Table(title=f"What the fit changes ({len(fitted.changes)} elements)", title_justify="left")
    for name, justify in (("Element", "left"), ("Gap before", "right"), ("Speed", "right"),
                          (f"Head at {label}", "center"), ("Moved", "right")):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for row in change_rows(fitted):
        table.add_row(row.name, row.gap, row.speed, row.at_anchor, row.moved)
    return table


def fit_json(result: Fitted | Unfit) -> JSON:
    """The fit as the workspace reads it: `fitted`, and then the changes, the air line and both summaries,
    or the problems."""
    if isinstance(result, Unfit):
        return {"fitted": False, "problems": list(result.problems)}
    return {
        "fitted": True,
        "changes": [row.__dict__ for row in change_rows(result)],
        "air": air_line(result),
        "summary_before": summary_lines(result.before),
        "summary_after": summary_lines(result.plan),
        "edits": [{"path": list(e.path), "value": e.value} for e in result.edits],
    }
