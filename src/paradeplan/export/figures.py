"""The run sheet's figures as SVG text: the time-distance chart and the overview map.

Both are drawn with matplotlib's own Figure objects (no pyplot, no display) and written as SVG, which
WeasyPrint draws as vectors: lines stay sharp at any zoom and the text stays text. The chart is the
doctrine's time-distance graph (FM 55-10 App. E): each ground element a band between its head and its
tail, so two bands that touch are two elements too close. The map draws the features of the workspace
map (views/geojson.py) in the route's own local metres (plan.geometry.to_local), offline: no tiles.
Elements and formations are numbered as in the run sheet's march and air tables.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections.abc import Sequence
from typing import Any

import numpy as np
from matplotlib import rc_context
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MultipleLocator

from ..model.times import clock
from ..plan.planner import Plan
from ..views.cards import by_time
from ..views.geojson import plan_geojson

Projected = list[tuple[str, np.ndarray, dict[str, Any]]]  # (kind, local metres, properties) of each map feature
MM = 1 / 25.4  # inches per millimetre: figures are sized to the printed page
CHART_SIZE_MM = (270.0, 158.0)  # the landscape page's text block, less its heading and caption
CHART_AXES = (0.065, 0.085, 0.805, 0.905)  # left, bottom, width, height: room for the point labels on the right
MAP_SIZE_MM = (186.0, 238.0)  # the portrait page's text block, less its heading and caption
KIND_COLOURS = {"foot": "#4c72b0", "band": "#dd8452", "mounted": "#8c564b", "vehicle": "#55a868"}
TRIBUNE_COLOUR = "#b2182b"
AIR_COLOUR = "#6a3d9a"
STRETCH_COLOUR = "#e08214"
LABEL_PT = 4.5  # the numbers of elements and formations on the chart
LABEL_STEP_PT = 8.0  # one level of staggered labels below (or above) the next
LABEL_APART_MM = 3.0  # labels on one level at least this far apart across the page
LABEL_WRAP_CHARS = 24  # a point's label on the chart's right-hand axis, wrapped
SCALE_STEPS = (1.0, 2.0, 5.0)  # a scale bar is 1, 2 or 5 times a power of ten
NBSP = "\u00a0"  # keeps a distance and its unit on one line when a label wraps
LABEL_BOX = {"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.8}
MAP_MARGIN = 0.08  # each map panel shows this share of its extent around what it draws
MAP_GAP_MM, MAP_ABOVE_MM, MAP_BELOW_MM = 4.0, 8.0, 18.0  # around the map panels: their titles above, legends below
# a map panel's legend goes under it, clear of what it explains
BELOW: dict[str, Any] = {"loc": "upper center", "bbox_to_anchor": (0.5, -0.01), "fontsize": 5.5, "frameon": False,
                         "ncols": 2}


def svg_text(figure: Figure) -> str:
    """A figure as SVG text; text kept as <text> (searchable, drawn with the page's fonts), no date in it."""
    out = io.StringIO()
    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "paradeplan"}):
        figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()


def minute_clock(time_s: float, _position: Any = None) -> str:
    """A tick at a whole minute as the clock reads it, hours and minutes: 40800 -> '11:20'."""
    return clock(time_s, tenths=False)[:5]


# ------------------------------------------------------------------------------------------- time-distance chart


def time_distance_svg(plan: Plan) -> str:
    """The time-distance chart: time of day across, distance along the route up, each element a band."""
    figure = Figure(figsize=(CHART_SIZE_MM[0] * MM, CHART_SIZE_MM[1] * MM))
    axes = figure.add_axes(CHART_AXES)  # fixed margins: a layout engine would draw the whole figure twice
    paths = [plan.trajectory(element) for element in plan.ground]
    formations = by_time(plan)
    over_s = [f.over_tribune_s for f in formations]
    first_s, last_s = _time_axis(axes, [p[0].head_s for p in paths] + over_s, [p[-1].tail_s for p in paths] + over_s)
    apart_s = LABEL_APART_MM / CHART_SIZE_MM[0] * (last_s - first_s)  # labels closer than this would overlap
    levels = staggered([p[0].head_s for p in paths], apart_s)
    for order, (element, path, level) in enumerate(zip(plan.ground, paths, levels, strict=True), start=1):
        at_m = [p.at_m for p in path]
        head_s = [p.head_s for p in path]
        tail_s = [p.tail_s for p in path]
        colour = KIND_COLOURS.get(element.element.kind, "#777777")
        axes.fill(head_s + tail_s[::-1], at_m + at_m[::-1], facecolor=colour, edgecolor=colour, alpha=0.75,
                  linewidth=0.3, gid=f"band-{element.id}")
        axes.annotate(str(order), (head_s[0], at_m[0]), xytext=(0, -2 - LABEL_STEP_PT * level),
                      textcoords="offset points", ha="center", va="top", fontsize=LABEL_PT, color="#333333")
    tribune_m = plan.geometry.points[plan.tribune].at_m
    if formations:
        axes.plot(over_s, [tribune_m] * len(over_s), linestyle="none", marker="v", markersize=4, color=AIR_COLOUR,
                  gid="formations")
        for order, (time_s, level) in enumerate(zip(over_s, staggered(over_s, apart_s), strict=True), start=1):
            axes.annotate(str(order), (time_s, tribune_m), xytext=(0, 3 + LABEL_STEP_PT * level),
                          textcoords="offset points", ha="center", va="bottom", fontsize=LABEL_PT, color=AIR_COLOUR)
    _distance_axis(axes, plan)
    _chart_legend(axes, plan)
    return svg_text(figure)


def staggered(times_s: Sequence[float], apart_s: float, levels: int = 3) -> list[int]:
    """A level for each label along the time axis, so that labels on one level are `apart_s` or more apart:
    the lowest level free at its time, in time order (the last level when none is)."""
    last_s = [-math.inf] * levels
    chosen = [0] * len(times_s)
    for index in sorted(range(len(times_s)), key=lambda i: times_s[i]):
        level = next((k for k in range(levels) if times_s[index] - last_s[k] >= apart_s), levels - 1)
        last_s[level] = times_s[index]
        chosen[index] = level
    return chosen


def _time_axis(axes: Axes, starts: Sequence[float], ends: Sequence[float]) -> tuple[float, float]:
    """Clock times across, a tick every 5 minutes (every minute when the whole lasts under 15); the axis' ends."""
    first, last = (min(starts), max(ends)) if starts else (0.0, 3600.0)
    span_s = max(last - first, 60.0)
    limits = (first - 0.03 * span_s, last + 0.03 * span_s)
    axes.set_xlim(*limits)
    step_s = 60.0 if span_s < 900 else 300.0 if span_s < 4 * 3600 else 1800.0
    axes.xaxis.set_major_locator(MultipleLocator(step_s))
    axes.xaxis.set_minor_locator(MultipleLocator(60.0 if step_s > 60 else 10.0))
    axes.xaxis.set_major_formatter(FuncFormatter(minute_clock))
    axes.tick_params(axis="both", labelsize=7)
    axes.set_xlabel("time of day", fontsize=8)
    axes.grid(axis="x", which="major", color="#cccccc", linewidth=0.4)
    return limits


def _distance_axis(axes: Axes, plan: Plan) -> None:
    """Metres along the route up the left; the named points as lines, labelled up the right."""
    points = plan.geometry.points_in_order()
    first_m, last_m = points[0].at_m, points[-1].at_m  # the march runs between the first and last named points
    span_m = max(last_m - first_m, 1.0)
    axes.set_ylim(first_m - 0.12 * span_m, last_m + 0.04 * span_m)
    axes.set_ylabel("distance along the route, m", fontsize=8)
    axes.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))
    for point in points:
        is_tribune = point.name == plan.tribune
        axes.axhline(point.at_m, color=TRIBUNE_COLOUR if is_tribune else "#888888",
                     linewidth=0.9 if is_tribune else 0.5, linestyle="-" if is_tribune else "--", zorder=0)
    right = axes.secondary_yaxis("right")
    right.set_yticks([p.at_m for p in points],
                     labels=[textwrap.fill(f"{p.label} ({p.at_m:,.0f}{NBSP}m)", LABEL_WRAP_CHARS) for p in points])
    right.tick_params(labelsize=6)
    for label, point in zip(right.get_yticklabels(), points, strict=True):
        if point.name == plan.tribune:
            label.set_color(TRIBUNE_COLOUR)


def _chart_legend(axes: Axes, plan: Plan) -> None:
    kinds = sorted({g.element.kind for g in plan.ground})
    handles: list[Any] = [Patch(facecolor=KIND_COLOURS.get(k, "#777777"), alpha=0.75, label=f"{k}: head to tail")
                          for k in kinds]
    handles.append(Line2D([], [], color=TRIBUNE_COLOUR, linewidth=0.9, label=plan.geometry.points[plan.tribune].label))
    if plan.air:
        handles.append(Line2D([], [], color=AIR_COLOUR, marker="v", linestyle="none", markersize=4,
                              label="formation over the tribune (air table #)"))
    axes.legend(handles=handles, loc="upper left", fontsize=6, framealpha=0.9)


# ------------------------------------------------------------------------------------------------- overview map


def overview_map_svg(plan: Plan) -> str:
    """The route close up (road, stretches, named points) and, with an air segment, the whole flypast beside it:
    holds, hold exits, IPs and run-ins; each panel with a scale bar and a north arrow."""
    features = [_projected(plan, f) for f in plan_geojson(plan)["features"]]
    order = {f.id: number for number, f in enumerate(by_time(plan), start=1)}
    figure = Figure(figsize=(MAP_SIZE_MM[0] * MM, MAP_SIZE_MM[1] * MM))
    count = 2 if plan.air else 1
    width_mm = (MAP_SIZE_MM[0] - MAP_GAP_MM * (count + 1)) / count
    height_mm = MAP_SIZE_MM[1] - MAP_ABOVE_MM - MAP_BELOW_MM
    panels = [figure.add_axes((((width_mm + MAP_GAP_MM) * k + MAP_GAP_MM) / MAP_SIZE_MM[0],
                               MAP_BELOW_MM / MAP_SIZE_MM[1], width_mm / MAP_SIZE_MM[0], height_mm / MAP_SIZE_MM[1]))
              for k in range(count)]
    _route_panel(panels[0], plan, features, width_mm / height_mm)
    if plan.air:
        _air_panel(panels[1], features, order, width_mm / height_mm)
    return svg_text(figure)


def _projected(plan: Plan, feature: dict[str, Any]) -> tuple[str, np.ndarray, dict[str, Any]]:
    """(kind, local metres as an (n, 2) array, properties) of a GeoJSON feature; a polygon by its outer ring."""
    geometry = feature["geometry"]
    coordinates = geometry["coordinates"]
    if geometry["type"] == "Point":
        coordinates = [coordinates]
    elif geometry["type"] == "Polygon":
        coordinates = coordinates[0]
    lonlat = np.array([c[:2] for c in coordinates], dtype=float)
    x, y = plan.geometry.to_local.transform(lonlat[:, 0], lonlat[:, 1])
    properties = feature["properties"]
    return properties["kind"], np.column_stack([x, y]), properties


def _of_kind(features: Projected, kind: str) -> list[tuple[np.ndarray, dict[str, Any]]]:
    return [(xy, properties) for k, xy, properties in features if k == kind]


def _route_panel(axes: Axes, plan: Plan, features: Projected, ratio: float) -> None:
    """The road at its width, the centre line, stretches, a mark every 100 m (longer every 500 m) and the named
    points, with the run-ins over the tribune."""
    for xy, _ in _of_kind(features, "road"):
        axes.fill(xy[:, 0], xy[:, 1], facecolor="#e4e4e4", edgecolor="#999999", linewidth=0.4)
    route = np.vstack([xy for xy, _ in _of_kind(features, "route")])
    axes.plot(route[:, 0], route[:, 1], color="#333333", linewidth=1.0)
    for xy, properties in _of_kind(features, "stretch"):
        axes.plot(xy[:, 0], xy[:, 1], color=STRETCH_COLOUR, linewidth=3.0, alpha=0.7, solid_capstyle="butt")
        note = properties.get("note") or f"stretch {properties['from_m']:,.0f}-{properties['to_m']:,.0f} m"
        middle = xy[len(xy) // 2] if len(xy) > 2 else xy.mean(axis=0)
        axes.annotate(textwrap.fill(note, 28), middle, xytext=(-8, 0), textcoords="offset points", ha="right",
                      va="center", fontsize=5.5, color="#8a4b00")
    for xy, _ in _of_kind(features, "tick"):
        axes.plot(xy[:, 0], xy[:, 1], color="#666666", linewidth=0.4)
    extent = _extent([route])
    span = max(extent[2] - extent[0], extent[3] - extent[1])
    for xy, _ in _of_kind(features, "run-in"):
        axes.plot(xy[:, 0], xy[:, 1], color=AIR_COLOUR, linewidth=0.5, linestyle=":")
    for xy, properties in _of_kind(features, "point"):
        is_tribune = properties["name"] == plan.tribune
        axes.plot(*xy[0], marker="*" if is_tribune else "o", markersize=8 if is_tribune else 4,
                  color=TRIBUNE_COLOUR if is_tribune else "#222222", zorder=5)
        axes.annotate(textwrap.fill(f"{properties['label']} ({properties['at_m']:,.0f}{NBSP}m)", 26), xy[0],
                      xytext=(10, 0), textcoords="offset points", fontsize=6, va="center",
                      fontweight="bold" if is_tribune else "normal", zorder=6,
                      bbox=LABEL_BOX)
    _frame(axes, extent, margin=0.25 * span, ratio=ratio)
    axes.set_title("Route", fontsize=9)
    handles: list[Any] = [Patch(facecolor="#e4e4e4", edgecolor="#999999", label="road at its usable width")]
    if plan.geometry.stretches:
        handles.append(Line2D([], [], color=STRETCH_COLOUR, linewidth=3.0, alpha=0.7,
                              label="stretch (width or speed limit)"))
    if plan.air:
        handles.append(Line2D([], [], color=AIR_COLOUR, linewidth=0.5, linestyle=":", label="run-in over the tribune"))
    axes.legend(handles=handles, **BELOW)


def _air_panel(axes: Axes, features: Projected, order: dict[str, int], ratio: float) -> None:
    """Every formation's hold, hold exit, IP and run-in over the tribune, numbered as in the air table."""
    drawn: list[np.ndarray] = []
    for xy, _ in _of_kind(features, "route"):
        axes.plot(xy[:, 0], xy[:, 1], color="#333333", linewidth=2.0)
        drawn.append(xy)
    styles: dict[str, dict[str, Any]] = {
        "hold": {"color": AIR_COLOUR, "linewidth": 0.6},
        "hold-exit": {"color": AIR_COLOUR, "linewidth": 0.5, "linestyle": "--"},
        "run-in": {"color": AIR_COLOUR, "linewidth": 0.9},
        "break-away": {"color": AIR_COLOUR, "linewidth": 0.5, "linestyle": ":"},
    }
    for kind, style in styles.items():
        for xy, _ in _of_kind(features, kind):
            axes.plot(xy[:, 0], xy[:, 1], **style)
            drawn.append(xy)
    for xy, properties in _of_kind(features, "hold-fix"):
        axes.plot(*xy[0], marker="o", markersize=2.5, color=AIR_COLOUR)
        axes.annotate(str(order.get(properties["formation"], "")), xy[0], xytext=(3, 3), textcoords="offset points",
                      fontsize=6, color=AIR_COLOUR, bbox=LABEL_BOX)
    ips: dict[tuple[float, float], list[int]] = {}
    for xy, properties in _of_kind(features, "ip"):
        at = (round(float(xy[0, 0])), round(float(xy[0, 1])))  # formations sharing an IP share its label
        ips.setdefault(at, []).append(order.get(properties["formation"], 0))
    for (x, y), numbers in ips.items():
        axes.plot(x, y, marker="^", markersize=5, color="#222222", zorder=5)
        axes.annotate(f"IP {_number_ranges(numbers)}", (x, y), xytext=(-6, 0), textcoords="offset points",
                      ha="right", va="center", fontsize=6, zorder=6, bbox=LABEL_BOX)
    tribune = [xy[0] for xy, properties in _of_kind(features, "point") if properties.get("flypast")]
    for xy in tribune:
        axes.plot(*xy, marker="*", markersize=9, color=TRIBUNE_COLOUR, zorder=6)
        axes.annotate("tribune", xy, xytext=(-6, 0), textcoords="offset points", ha="right", va="center",
                      fontsize=6, color=TRIBUNE_COLOUR)
    extent = _extent(drawn)
    _frame(axes, extent, margin=MAP_MARGIN * max(extent[2] - extent[0], extent[3] - extent[1]), ratio=ratio)
    axes.set_title("Air segment", fontsize=9)
    handles = [Line2D([], [], color="#333333", linewidth=2.0, label="route"),
               Line2D([], [], color=AIR_COLOUR, linewidth=0.6, marker="o", markersize=2.5,
                      label="hold and its fix (air table #)"),
               Line2D([], [], color=AIR_COLOUR, linewidth=0.5, linestyle="--", label="leaving the hold"),
               Line2D([], [], color="#222222", marker="^", linestyle="none", markersize=5, label="IP (air table #)"),
               Line2D([], [], color=AIR_COLOUR, linewidth=0.9, label="run-in"),
               Line2D([], [], color=AIR_COLOUR, linewidth=0.5, linestyle=":", label="break-away")]
    axes.legend(handles=handles, **BELOW)


def _number_ranges(numbers: Sequence[int]) -> str:
    """[1, 2, 3, 5] -> '1-3, 5'."""
    runs: list[list[int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 2 else ", ".join(map(str, r)) for r in runs)


def _extent(shapes: Sequence[np.ndarray]) -> tuple[float, float, float, float]:
    every = np.vstack(shapes)
    return float(every[:, 0].min()), float(every[:, 1].min()), float(every[:, 0].max()), float(every[:, 1].max())


def _frame(axes: Axes, extent: tuple[float, float, float, float], *, margin: float, ratio: float) -> None:
    """Equal scale both ways around the extent, padded to `ratio` (width / height); no axis ticks, a scale bar
    and a north arrow (north is up)."""
    x0, y0, x1, y1 = extent
    wide, tall = x1 - x0 + 2 * margin, y1 - y0 + 2 * margin
    pad_x = max(0.0, ratio * tall - wide) / 2  # widened or heightened to the panel's shape, to fill the page
    pad_y = max(0.0, wide / ratio - tall) / 2
    axes.set_xlim(x0 - margin - pad_x, x1 + margin + pad_x)
    axes.set_ylim(y0 - margin - pad_y, y1 + margin + pad_y)
    axes.set_aspect("equal", adjustable="box")
    axes.set_xticks([])
    axes.set_yticks([])
    left, right = axes.get_xlim()
    bottom, top = axes.get_ylim()
    bar_m = nice_length(0.25 * (right - left))
    x, y = left + 0.05 * (right - left), bottom + 0.04 * (top - bottom)
    axes.plot([x, x + bar_m], [y, y], color="black", linewidth=2.0, solid_capstyle="butt")
    axes.text(x + bar_m / 2, y + 0.012 * (top - bottom), f"{bar_m / 1000:g} km" if bar_m >= 1000 else f"{bar_m:g} m",
              ha="center", va="bottom", fontsize=6)
    axes.annotate("N", xy=(0.94, 0.97), xytext=(0.94, 0.88), xycoords="axes fraction", ha="center", va="top",
                  fontsize=8, fontweight="bold", arrowprops={"arrowstyle": "-|>", "color": "black", "linewidth": 1.0})


def nice_length(most_m: float) -> float:
    """The longest 1, 2 or 5 times a power of ten metres that is at most `most_m`: 740 -> 500, 2600 -> 2000."""
    power = 10.0 ** math.floor(math.log10(most_m))
    return max(step * power for step in SCALE_STEPS if step * power <= most_m)
