"""The strip map: the route drawn as a straight strip from the start point to the release point, not to scale.

Movement doctrine's strip map (FM 55-30, ATP 4-11): what a marshal or a traffic control post carries to see the
route at a glance. The named points stand evenly along the strip, whatever the distance between them, so close
points never crowd their labels; the distance between each pair is written between them instead, and a route
with more than ROW_POINTS points carries on in rows below, as a strip map folds. Each point
shows the earliest head to reach it and the latest tail to clear it, as the terminal prints them (model/times
clock). Narrow or slow stretches are the critical points (CP), drawn as spans under the strip with their width,
speed limit and note. A north arrow turned to the route's general bearing lets the reader hold the strip the
right way round. The layout is worked out here (StripMap) and drawn with lxml; strip_map_pdf puts the same
drawing on one A4 landscape page.
"""

from __future__ import annotations

import math
import textwrap
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from lxml import etree
from markupsafe import Markup

from ..model.times import clock
from ..plan.planner import Plan
from ..views.cards import bearing
from .pdf import render_pdf

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "DejaVu Sans, Liberation Sans, sans-serif"
CHAR_EM = 0.6  # a DejaVu Sans character's mean advance in em, to wrap text to a width
WIDTH = 1000.0  # drawing units across
ROW_POINTS = 8  # named points a row of the strip holds at most, each in a column of its own: never crowded
MARGIN = 20.0
LABEL_FONT, LABEL_LINE, MAX_LABEL_LINES = 12.5, 15.0, 4
TEXT_FONT, TEXT_LINE = 12.0, 15.0
SMALL_FONT = 10.5
SPAN_LABEL_MIN = 230.0  # the least width a critical point's label is wrapped to
NORTH_ARROW_BOTTOM = 106.0  # below the north arrow and its caption in the top right corner
PAGE_WIDTH_MM, PAGE_HEIGHT_MM = 273.0, 168.0  # A4 landscape inside handout.css's margins and running head
CRITICAL = "#b03020"
WIDER = "#5a6f80"


@dataclass(frozen=True)
class StripPoint:
    """A named point on the strip: where it stands, its tags (SP, RP, Tribune) and its first and last times."""

    name: str
    label_lines: tuple[str, ...]
    at_m: float
    x: float
    tags: tuple[str, ...]
    first: str | None  # clock of the earliest head to reach it, None where no ground element passes
    last: str | None  # clock of the latest tail to clear it


@dataclass(frozen=True)
class StripLeg:
    """The distance between two consecutive named points, written between them."""

    from_x: float
    to_x: float
    distance_m: float
    text: str


@dataclass(frozen=True)
class StripSpan:
    """A narrow, slow or wider stretch: its span on the strip and its label, in a lane under the strip."""

    from_x: float
    to_x: float
    label_x: float
    lines: tuple[str, ...]
    critical: bool
    lane: int


@dataclass(frozen=True)
class StripRow:
    """One line of the strip: up to ROW_POINTS named points; a long route carries on in the row below."""

    label_bottom: float
    strip_y: float
    spans_top: float
    lane_heights: tuple[float, ...]
    band_from_x: float  # the first point, or the left edge where the row carries on from the one above
    band_to_x: float  # the last point, or the right edge where the row carries on below
    points: tuple[StripPoint, ...]
    legs: tuple[StripLeg, ...]
    spans: tuple[StripSpan, ...]


@dataclass(frozen=True)
class StripMap:
    """The whole drawing, laid out: every position in drawing units (the viewBox)."""

    title_lines: tuple[str, ...]
    subtitle: str
    width: float
    height: float
    legend_y: float
    legend: tuple[str, ...]
    bearing_deg: float
    rows: tuple[StripRow, ...]

    @property
    def points(self) -> tuple[StripPoint, ...]:
        return tuple(p for row in self.rows for p in row.points)

    @property
    def legs(self) -> tuple[StripLeg, ...]:
        return tuple(leg for row in self.rows for leg in row.legs)


def distance_text(distance_m: float) -> str:
    """How the strip writes a distance: 850 -> '850 m', 1200 -> '1.2 km', 1354.3 -> '1.35 km', 2000 -> '2 km'."""
    if round(distance_m) < 1000:
        return f"{distance_m:.0f} m"
    return f"{distance_m / 1000:.2f}".rstrip("0").rstrip(".") + " km"


def wrap(text: str, width: float, font: float, max_lines: int | None = None) -> tuple[str, ...]:
    """`text` in lines that fit `width` drawing units at `font` size; cut with an ellipsis past `max_lines`."""
    chars = max(6, int(width / (font * CHAR_EM)))
    lines = textwrap.wrap(text, chars, break_on_hyphens=False) or [""]
    if max_lines is not None and len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], textwrap.shorten(" ".join(lines[max_lines - 1 :]), chars, placeholder=" …")]
    return tuple(lines)


def first_and_last(plan: Plan, point: str) -> tuple[str | None, str | None]:
    """The earliest head to reach a named point and the latest tail to clear it, as clocks; None where none pass."""
    times = [g.times[point] for g in plan.ground if point in g.times]
    if not times:
        return None, None
    return clock(min(head for head, _ in times)), clock(max(tail for _, tail in times))


def route_bearing_deg(plan: Plan) -> float:
    """The route's general bearing, from the start point to the release point, degrees clockwise from north."""
    ordered = plan.geometry.points_in_order()
    (x0, y0), (x1, y1) = plan.geometry.xy_at(np.array([ordered[0].at_m, ordered[-1].at_m]))
    return math.degrees(math.atan2(x1 - x0, y1 - y0)) % 360


def strip_map(plan: Plan) -> StripMap:
    """The strip map laid out: the named points evenly along the strip, in rows of at most ROW_POINTS, with the
    distances between them, the critical points under each row, and the legend."""
    scenario = plan.scenario
    ordered = plan.geometry.points_in_order()
    row_count = math.ceil(len(ordered) / ROW_POINTS)
    per_row = math.ceil(len(ordered) / row_count)
    column = (WIDTH - 2 * MARGIN) / per_row
    title_lines = wrap(f"Strip map: {scenario.name}", WIDTH - 150, 20, max_lines=2)
    top = max(60 + 22 * len(title_lines), NORTH_ARROW_BOTTOM)

    rows = []
    for r in range(row_count):
        chunk = ordered[r * per_row:(r + 1) * per_row]
        before = ordered[r * per_row - 1] if r else None
        labels = [wrap(p.label, column - 12, LABEL_FONT, MAX_LABEL_LINES) for p in chunk]
        label_bottom = top + LABEL_LINE * max(len(lines) for lines in labels)
        points = []
        for i, (p, lines) in enumerate(zip(chunk, labels, strict=True)):
            tags = (["SP"] if p is ordered[0] else []) + (["RP"] if p is ordered[-1] else [])
            tags += ["Tribune"] if p.name == plan.tribune else []
            tags += ["Anchor"] if p.name == plan.anchor and plan.anchor != plan.tribune else []
            first, last = first_and_last(plan, p.name)
            points.append(StripPoint(p.name, lines, p.at_m, MARGIN + (i + 0.5) * column, tuple(tags), first, last))
        # the leg from the row above is drawn and written in this row's lead-in, from the left edge
        stops = ([(before.at_m, MARGIN)] if before else []) + [(p.at_m, p.x) for p in points]
        legs = tuple(StripLeg(a_x, b_x, b_m - a_m, distance_text(b_m - a_m)) for (a_m, a_x), (b_m, b_x)
                     in pairwise(stops))
        spans = _spans(plan, [m for m, _ in stops], [x for _, x in stops])
        strip_y = label_bottom + 40
        spans_top = strip_y + 100
        lane_heights = tuple(
            18 + TEXT_LINE * max(len(s.lines) for s in spans if s.lane == lane) + 8
            for lane in range(max((s.lane for s in spans), default=-1) + 1))
        rows.append(StripRow(label_bottom, strip_y, spans_top, lane_heights, stops[0][1],
                             WIDTH - MARGIN if r < row_count - 1 else points[-1].x, tuple(points), legs, spans))
        top = spans_top + sum(lane_heights) + (20 if spans else -10)

    legend = (
        "Not to scale: the named points stand evenly along the strip; the distance along the route between "
        "each pair is written between them. Direction of march: left to right"
        + (", each row carrying on in the row below." if row_count > 1 else "."),
        f"first: the earliest head to reach the point; last: the latest tail to clear it (hh:mm:ss.t, "
        f"{scenario.timezone}). SP start point, RP release point, CP critical point (a narrow or slow stretch).",
    )
    legend_lines = tuple(line for text in legend for line in wrap(text, WIDTH - 2 * MARGIN, SMALL_FONT))
    legend_y = top + 12
    height = legend_y + TEXT_LINE * len(legend_lines) + 6
    sp_to_rp = f"SP to RP {distance_text(ordered[-1].at_m - ordered[0].at_m)} along the route"
    subtitle = f"{scenario.date:%A %d %B %Y} ({scenario.timezone}) - {sp_to_rp} - not to scale"
    return StripMap(title_lines, subtitle, WIDTH, height, legend_y, legend_lines, route_bearing_deg(plan),
                    tuple(rows))


def _spans(plan: Plan, stops_m: list[float], stops_x: list[float]) -> tuple[StripSpan, ...]:
    """Every stretch within a row's stretch of route (stops_m, drawn at stops_x) as a span on the strip, its label
    in the first lane where it meets no other label. Narrower than the road or speed-limited: a critical point,
    numbered along the whole route."""
    first_m, last_m = stops_m[0], stops_m[-1]
    start_m = plan.geometry.points_in_order()[0].at_m
    road_width_m = plan.scenario.route.width_m
    spans: list[StripSpan] = []
    lanes: list[list[tuple[float, float]]] = []
    number = 0
    for stretch in sorted(plan.scenario.route.stretches, key=lambda s: (s.from_m, s.to_m)):
        narrow = stretch.width_m is not None and stretch.width_m < road_width_m
        critical = narrow or stretch.max_speed_kmh is not None
        if critical and stretch.to_m > start_m:
            number += 1
        from_m, to_m = max(stretch.from_m, first_m), min(stretch.to_m, last_m)
        if to_m <= from_m:
            continue
        from_x, to_x = (float(v) for v in np.interp([from_m, to_m], stops_m, stops_x))
        facts = [f"{stretch.width_m:g} m wide"] if stretch.width_m is not None else []
        if stretch.max_speed_kmh is not None:
            facts.append(f"max {stretch.max_speed_kmh:g} km/h")
        head = (f"CP {number}: " if critical else "wider stretch: ") + ", ".join(facts)
        where = f"{distance_text(stretch.from_m - start_m)} to {distance_text(stretch.to_m - start_m)} from SP"
        label_width = min(max(to_x - from_x, SPAN_LABEL_MIN), WIDTH - 2 * MARGIN)
        lines = (*wrap(head, label_width, TEXT_FONT), *wrap(where, label_width, TEXT_FONT),
                 *(wrap(stretch.note, label_width, TEXT_FONT, 3) if stretch.note else ()))
        label_x = min(max((from_x + to_x - label_width) / 2, MARGIN), WIDTH - MARGIN - label_width)
        extent = (min(label_x, from_x), max(label_x + label_width, to_x))
        lane = next((i for i, taken in enumerate(lanes)
                     if all(extent[1] + 12 < a or extent[0] > b + 12 for a, b in taken)), len(lanes))
        if lane == len(lanes):
            lanes.append([])
        lanes[lane].append(extent)
        spans.append(StripSpan(from_x, to_x, label_x, lines, critical, lane))
    return tuple(spans)


def _el(parent: etree._Element, tag: str, text: str | None = None, **attributes: str | float) -> etree._Element:
    """An SVG element under `parent`; attribute names' _ written - (font_size -> font-size), class_ as class."""
    element = etree.SubElement(parent, f"{{{SVG_NS}}}{tag}",
                               {k.rstrip("_").replace("_", "-"): f"{v:.1f}" if isinstance(v, float) else str(v)
                                for k, v in attributes.items()})
    if text is not None:
        element.text = text
    return element


def _text_lines(parent: etree._Element, lines: tuple[str, ...], x: float, y: float, **attributes: str | float) -> None:
    for i, line in enumerate(lines):
        _el(parent, "text", line, x=x, y=y + i * TEXT_LINE, **attributes)


def _north_arrow(svg: etree._Element, strip: StripMap) -> None:
    """North drawn as it lies when the strip is held with the direction of march to the right."""
    cx, cy, radius = strip.width - 60, 48.0, 24.0
    turn_deg = (90.0 - strip.bearing_deg + 180) % 360 - 180  # the march runs to the right (90 deg on paper)
    group = _el(svg, "g", class_="north-arrow")
    _el(group, "circle", cx=cx, cy=cy, r=radius + 4, fill="none", stroke="#999", stroke_width=0.8)
    arrow = _el(group, "g", transform=f"translate({cx:.1f} {cy:.1f}) rotate({turn_deg:.1f})")
    _el(arrow, "polygon", points=f"0,{-radius:.0f} 8,10 0,4 -8,10", fill="#111")
    tip = math.radians(turn_deg)
    _el(group, "text", "N", x=cx + (radius + 13) * math.sin(tip), y=cy - (radius + 13) * math.cos(tip) + 5,
        font_size=14.0, font_weight="bold", text_anchor="middle")
    _el(group, "text", f"route bears {bearing(strip.bearing_deg)}\u00b0", x=cx, y=cy + radius + 26,
        font_size=SMALL_FONT, text_anchor="middle", fill="#444")


def _draw_row(svg: etree._Element, row: StripRow) -> None:
    """One row of the strip: the band, the critical points' spans, the legs, and each point with its times."""
    y = row.strip_y
    _el(svg, "rect", x=row.band_from_x, y=y - 6, width=row.band_to_x - row.band_from_x, height=12.0,
        fill="#e4e8ee", stroke="#111", stroke_width=1.2)
    for x in sorted({row.band_from_x, row.band_to_x} - {p.x for p in row.points}):  # where the row carries on
        _el(svg, "polygon", points=f"{x - 8:.1f},{y - 11:.1f} {x + 4:.1f},{y:.1f} {x - 8:.1f},{y + 11:.1f}",
            fill="#111")
    lane_ys = [row.spans_top + sum(row.lane_heights[: span.lane]) for span in row.spans]
    for span, lane_y in zip(row.spans, lane_ys, strict=True):  # the leader lines first, under every label
        colour = CRITICAL if span.critical else WIDER
        _el(svg, "rect", x=span.from_x, y=y - 6, width=max(span.to_x - span.from_x, 3.0), height=12.0,
            fill=colour, fill_opacity=0.55)
        for x in (span.from_x, span.to_x):
            _el(svg, "line", x1=x, y1=y + 6, x2=x, y2=lane_y, stroke=colour, stroke_width=0.8,
                stroke_dasharray="3 3")
    for span, lane_y in zip(row.spans, lane_ys, strict=True):
        colour = CRITICAL if span.critical else WIDER
        _el(svg, "rect", x=span.from_x, y=lane_y, width=max(span.to_x - span.from_x, 3.0), height=6.0,
            fill=colour)
        text_width = max(len(line) for line in span.lines) * TEXT_FONT * CHAR_EM + 6
        _el(svg, "rect", x=span.label_x - 3, y=lane_y + 8, width=text_width, height=TEXT_LINE * len(span.lines) + 4,
            fill="white")
        _text_lines(svg, span.lines[:1], span.label_x, lane_y + 20, font_size=TEXT_FONT, font_weight="bold",
                    fill=colour)
        _text_lines(svg, span.lines[1:], span.label_x, lane_y + 20 + TEXT_LINE, font_size=TEXT_FONT)

    for leg in row.legs:
        left, right, dim_y = leg.from_x + 10, leg.to_x - 10, y + 17
        _el(svg, "line", x1=left, y1=dim_y, x2=right, y2=dim_y, stroke="#666", stroke_width=0.8)
        for x in (left, right):
            _el(svg, "line", x1=x, y1=dim_y - 4, x2=x, y2=dim_y + 4, stroke="#666", stroke_width=0.8)
        text_width = len(leg.text) * TEXT_FONT * CHAR_EM + 8
        _el(svg, "rect", x=(leg.from_x + leg.to_x - text_width) / 2, y=dim_y + 4, width=text_width, height=14.0,
            fill="white")
        text = _el(svg, "text", leg.text, x=(leg.from_x + leg.to_x) / 2, y=dim_y + 15, font_size=TEXT_FONT,
                   text_anchor="middle", class_="distance")
        text.set("data-distance-m", f"{leg.distance_m:.1f}")

    for point in row.points:
        group = _el(svg, "g", class_="point")
        group.set("data-name", point.name)
        top = row.label_bottom - LABEL_LINE * (len(point.label_lines) - 1)
        for i, line in enumerate(point.label_lines):
            _el(group, "text", line, x=point.x, y=top + i * LABEL_LINE, font_size=LABEL_FONT, text_anchor="middle")
        if point.tags:
            tag = " / ".join(point.tags)
            tag_width = len(tag) * 13 * CHAR_EM + 10
            _el(group, "rect", x=point.x - tag_width / 2, y=y - 33, width=tag_width, height=18.0, rx=3.0,
                fill="#111")
            _el(group, "text", tag, x=point.x, y=y - 19, font_size=13.0, font_weight="bold", fill="white",
                text_anchor="middle")
        _el(group, "circle", cx=point.x, cy=y, r=7.0, fill="#111" if point.tags else "#fff", stroke="#111",
            stroke_width=1.5)
        times = ((f"first {point.first}", f"last {point.last}") if point.first and point.last
                 else ("no element passes",))
        times_width = max(len(line) for line in times) * TEXT_FONT * CHAR_EM + 8
        _el(group, "rect", x=point.x - times_width / 2, y=y + 41, width=times_width, height=TEXT_LINE * len(times) + 4,
            fill="white")
        _text_lines(group, times, point.x, y + 54, font_size=TEXT_FONT, text_anchor="middle", class_="times")



def svg_tree(strip: StripMap) -> etree._Element:
    """The laid-out strip map as an SVG element tree."""
    svg = etree.Element(f"{{{SVG_NS}}}svg", nsmap={None: SVG_NS}, width=f"{strip.width:.0f}",
                        height=f"{strip.height:.0f}", viewBox=f"0 0 {strip.width:.0f} {strip.height:.0f}",
                        version="1.1")
    svg.set("font-family", FONT)
    _el(svg, "title", strip.title_lines[0])
    _el(svg, "rect", x=0, y=0, width=strip.width, height=strip.height, fill="white")
    for i, line in enumerate(strip.title_lines):
        _el(svg, "text", line, x=MARGIN, y=30.0 + 22 * i, font_size=20.0, font_weight="bold")
    _el(svg, "text", strip.subtitle, x=MARGIN, y=30.0 + 22 * len(strip.title_lines), font_size=TEXT_FONT,
        fill="#333")
    _north_arrow(svg, strip)

    for row in strip.rows:
        _draw_row(svg, row)
    _text_lines(svg, strip.legend, MARGIN, strip.legend_y, font_size=SMALL_FONT, fill="#333")
    return svg


def strip_map_svg(plan: Plan) -> bytes:
    """The strip map as a standalone SVG file, UTF-8."""
    return bytes(etree.tostring(svg_tree(strip_map(plan)), xml_declaration=True, encoding="UTF-8",
                                pretty_print=True))


def strip_map_pdf(plan: Plan) -> bytes:
    """The strip map on one A4 landscape page: the same drawing as strip_map_svg, fitted to the page."""
    strip = strip_map(plan)
    width_mm = min(PAGE_WIDTH_MM, PAGE_HEIGHT_MM * strip.width / strip.height)
    drawing = etree.tostring(svg_tree(strip), encoding="unicode")
    return render_pdf("strip_map.html", {"svg": Markup(drawing), "width_mm": f"{width_mm:.1f}"},
                      title=f"Strip map - {plan.scenario.name}")
