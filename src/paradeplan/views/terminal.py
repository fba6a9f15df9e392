"""What the command prints on a terminal: march and air tables, summaries, findings, comparisons, rehearsals (Rich)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Console, JustifyMethod
from rich.table import Table

from ..model.times import clock, duration
from ..plan.findings import Finding
from ..plan.planner import Plan
from ..rehearse.runs import Rehearsal
from ..simulate.run import PointTimes, Simulation
from .tables import air_table, march_table, summary_lines

# no emoji codes: a located problem "file.yaml:100: ..." would print its line number as an emoji
out = Console(highlight=False, emoji=False)
if not out.is_terminal:  # a file or a pipe gets the whole table, not one squeezed to 80 columns
    out = Console(highlight=False, emoji=False, width=200)
err = Console(stderr=True, highlight=False, emoji=False)


def _table(columns: Sequence[tuple[str, JustifyMethod]], title: str, caption: str | None = None) -> Table:
    """A table with its title and caption on the left, and these columns."""
    table = Table(title=title, title_justify="left", caption=caption, caption_justify="left")
    for name, justify in columns:
        table.add_column(name, justify=justify)
    return table


def print_simulation(sim: Simulation) -> None:
    """Per element: planned and simulated head and tail at the anchor (a formation: its lead over the tribune),
    the worst difference anywhere, then the findings."""
    plan = sim.plan
    table = _table((("Element", "left"), ("At", "left"), ("Head plan", "center"), ("sim", "center"),
                    ("Δ s", "right"), ("Tail plan", "center"), ("sim", "center"), ("Δ s", "right"),
                    ("Worst Δ s", "right"), ("where", "left")),
                   title=f"{plan.scenario.name}: simulated against planned, step {sim.step_s:g} s")
    rows: dict[str, list[PointTimes]] = {}
    for row in sim.comparison:
        rows.setdefault(row.element, []).append(row)

    def cell(value: float, *, delta: bool = False) -> str:
        if value != value:
            return "-"
        return f"{value:+.1f}" if delta else clock(value)

    for element, mine in rows.items():
        shown = next((r for r in mine if r.point == (plan.anchor if r.segment == "ground" else plan.tribune)), mine[0])
        worst = max(mine, key=lambda r: float("inf") if not r.reached else abs(r.worst_delta_s))
        table.add_row(element, shown.point, cell(shown.planned_head_s), cell(shown.simulated_head_s),
                      cell(shown.head_delta_s, delta=True), cell(shown.planned_tail_s), cell(shown.simulated_tail_s),
                      cell(shown.tail_delta_s, delta=True), cell(worst.worst_delta_s, delta=True), worst.point)
    out.print(table)
    print_findings(sim.findings)
    tolerance = plan.scenario.timing.sim_tolerance_s
    errors = sum(f.severity == "error" for f in sim.findings)
    out.print(f"{errors} error(s), {len(sim.findings) - errors} warning(s) beyond ±{tolerance:g} s "
              "(timing.sim_tolerance_s)", markup=False)


def print_rehearsal(rehearsal: Rehearsal, result: Plan) -> None:
    """The rehearsal's tables for a terminal: ground elements and gaps, formations, the whole parade."""
    r = rehearsal
    anchor = result.geometry.points[result.anchor].label
    min_gap = result.scenario.timing.min_gap_m
    ground = _table((("#", "right"), ("Element", "left"), (f"Plan at {anchor}", "center"), ("p5", "right"),
                     ("p50", "right"), ("p95", "right"), (f"Gap < {min_gap:g} m", "right")),
                    title=f"Rehearsal of {result.scenario.name}: {r.runs:,} runs, seed {r.seed}",
                    caption=f"Deviation of each head at {anchor}, late + / early -; gap: probability that it must be "
                            f"held back to keep {min_gap:g} m behind the element ahead")
    gaps: dict[str, list[str]] = {}
    for gap in r.gaps:
        gaps.setdefault(gap.follower, []).append(f"{gap.probability:.1%}")
    for order, e in enumerate(r.elements, start=1):
        ground.add_row(str(order), e.name, clock(e.planned_s), f"{e.p5_s:+.1f} s", f"{e.p50_s:+.1f} s",
                       f"{e.p95_s:+.1f} s", " / ".join(gaps.get(e.id, [])))
    out.print(ground)
    if r.flypasts:
        air = _table((("Formation", "left"), ("Plan", "center"), ("P(off) as flown", "right"),
                      ("P(off) corrected", "right"), ("p95 off as flown", "right"), ("p95 off corrected", "right")),
                     title="Formations over the tribune",
                     caption="off: crossing more than 5 s early or late; corrected: the crew changes speed from the "
                             "IP by 1 kt per second off, within its envelope")
        for f in r.flypasts:
            air.add_row(f.name, clock(f.planned_s), f"{f.p_off_uncorrected:.1%}", f"{f.p_off_corrected:.1%}",
                        f"{f.p95_off_uncorrected_s:.1f} s", f"{f.p95_off_corrected_s:.1f} s")
        out.print(air)
    if result.ground:
        out.print(f"Ground parade, first step-off to completion: planned {duration(r.planned_duration_s)}, "
                  f"p50 {duration(r.duration_p50_s)}, p95 {duration(r.duration_p95_s)}; completion planned "
                  f"{clock(r.planned_finish_s)}, p95 {clock(r.finish_p95_s)}", markup=False)


def print_findings(findings: list[Finding]) -> None:
    for finding in findings:
        style = "bold red" if finding.severity == "error" else "yellow"
        out.print(f"[{style}]{finding.severity}[/] [dim]{finding.code}[/] ", end="")
        out.print(finding.message, markup=False)


def print_plan(result: Plan) -> None:
    """The march table, the air table, a summary and the findings, for a terminal."""
    march = march_table(result)
    table = _table((("#", "right"), ("Element", "left"), ("Kind", "left"), ("Strength", "right"),
                    ("Length m", "right"), ("km/h", "right"), ("Pass", "right")), title=march.title)
    for point in march.points:
        table.add_column(f"{point.label}\nhead - tail", justify="center")
    for row in march.rows:
        table.add_row(str(row.order), row.name, row.kind, row.strength, row.length_m, row.speed_kmh, row.pass_time,
                      *(f"{ends[0]} - {ends[1]}" if ends else "" for ends in row.times))
    out.print(table)
    if result.air:
        out.print(_air_table(result))
    print_summary(result)
    print_findings(result.findings)


def print_summary(result: Plan) -> None:
    for line in summary_lines(result):
        out.print(line, markup=False)


def _air_table(plan: Plan) -> Table:
    """The air segment in the order it crosses the tribune: times, speeds and wind correction."""
    air = air_table(plan)
    table = _table((("#", "right"), ("Formation", "left"), ("Aircraft", "left"), ("No.", "right"),
                    ("Shape", "left"), ("Alt ft", "right"), ("TAS kt", "right"), ("GS kt", "right"),
                    ("Track", "right"), ("WCA", "right"), ("Hold exit", "center"), ("IP", "center"),
                    ("Tribune", "center"), ("Gap", "right")), title=air.title, caption=air.caption)
    for r in air.rows:
        table.add_row(str(r.order), r.name, r.aircraft, r.count, r.shape, r.altitude_ft, r.tas_kt, r.ground_speed_kt,
                      r.track, r.wind_correction, r.hold_exit, r.ip, r.tribune, r.gap)
    return table
