// The chart's two axes. Distance (left): the route's named points, most important first (the anchor,
// the flypast point, the ends, then the rest), each left out when it would overlap one already
// written, then round distances where there is still room. Time (below): clock ticks at a step
// that leaves room for their text.
import { metres } from "./format.js";
import { shortClock, wholeClock } from "./time.js";

const TIME_STEPS_S = [10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];
const DISTANCE_STEPS_M = [5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000];
const ROW_PX = 13; // two axis labels closer than this overlap
const TICK_GAP_PX = 34; // round distances at least this far apart

// the text that fits in `room` px: the whole text, or its start and an ellipsis
function fitted(ctx, text, room) {
  if (ctx.measureText(text).width <= room) return text;
  let n = text.length;
  while (n > 1 && ctx.measureText(`${text.slice(0, n)}…`).width > room) n -= 1;
  return `${text.slice(0, n)}…`;
}

// Named points of the route in the order they claim a place on the axis.
function byPriority(points, anchor, flypast) {
  const rank = (p, i) => (p.name === anchor ? 0 : p.name === flypast ? 1 : i === 0 || i === points.length - 1 ? 2 : 3);
  return points.map((p, i) => ({ p, rank: rank(p, i) })).sort((a, b) => a.rank - b.rank || a.p.at_m - b.p.at_m).map((r) => r.p);
}

// Draws the distance axis; returns the boxes of the labels written: [{name, left, top, right, bottom}].
// c: the chart (its _y, plot size, dview, points, anchor, flypast). The anchor comes first, so it is always written.
export function drawDistanceAxis(ctx, c, margin) {
  const [left, right] = [margin.left, margin.left + c._plotW];
  const [top, bottom] = [margin.top, margin.top + c._plotH];
  const visible = (y) => y >= top - 0.5 && y <= bottom + 0.5;
  const boxes = [];
  const free = (y) => boxes.every((b) => Math.abs((b.top + b.bottom) / 2 - y) >= ROW_PX);
  ctx.textBaseline = "middle";
  ctx.font = "11px system-ui, sans-serif";
  for (const p of byPriority(c.points, c.anchor, c.flypast)) {
    const y = c._y(p.at_m);
    if (!visible(y)) continue;
    const isAnchor = p.name === c.anchor;
    ctx.strokeStyle = isAnchor ? "rgba(250, 204, 21, 0.55)" : "rgba(148, 163, 184, 0.22)";
    ctx.setLineDash(isAnchor ? [] : [4, 4]);
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(right, y);
    ctx.stroke();
    ctx.setLineDash([]);
    if (!free(y)) continue;
    const distance = metres(p.at_m);
    const distanceW = ctx.measureText(distance).width;
    const name = fitted(ctx, p.name, left - 20 - distanceW);
    const nameW = ctx.measureText(name).width;
    ctx.textAlign = "right";
    ctx.fillStyle = "#64748b";
    ctx.fillText(distance, left - 8, y);
    ctx.fillStyle = isAnchor ? "#facc15" : "#cbd5e1";
    ctx.fillText(name, left - 14 - distanceW, y);
    boxes.push({ name: p.name, left: left - 14 - distanceW - nameW, top: y - 6, right: left - 8, bottom: y + 6 });
  }
  // round distances between the named points, where they do not crowd them
  const span = c.dview[1] - c.dview[0];
  const step = DISTANCE_STEPS_M.find((s) => (s / span) * c._plotH >= TICK_GAP_PX) || DISTANCE_STEPS_M[DISTANCE_STEPS_M.length - 1];
  ctx.textAlign = "right";
  for (let d = Math.ceil(c.dview[0] / step) * step; d <= c.dview[1]; d += step) {
    const y = c._y(d);
    ctx.strokeStyle = "rgba(148, 163, 184, 0.07)";
    ctx.beginPath();
    ctx.moveTo(left, y);
    ctx.lineTo(right, y);
    ctx.stroke();
    if (!visible(y) || !free(y)) continue;
    const text = metres(d);
    ctx.fillStyle = "#475569";
    ctx.fillText(text, left - 8, y);
    boxes.push({ name: null, left: left - 8 - ctx.measureText(text).width, top: y - 6, right: left - 8, bottom: y + 6 });
  }
  return boxes;
}

// Draws the time axis below the plot, with faint lines up through it.
export function drawTimeAxis(ctx, c, margin) {
  const span = c.view[1] - c.view[0];
  const step = TIME_STEPS_S.find((s) => (s / span) * c._plotW >= 70) || TIME_STEPS_S[TIME_STEPS_S.length - 1];
  const bottom = margin.top + c._plotH;
  ctx.font = "11px system-ui, sans-serif";
  ctx.textAlign = "center";
  ctx.textBaseline = "top";
  for (let t = Math.ceil(c.view[0] / step) * step; t <= c.view[1]; t += step) {
    const x = c._x(t);
    ctx.strokeStyle = "rgba(148, 163, 184, 0.12)";
    ctx.beginPath();
    ctx.moveTo(x, margin.top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    const text = step < 60 ? wholeClock(t) : shortClock(t);
    const half = ctx.measureText(text).width / 2;
    if (x - half < margin.left - 2 || x + half > c._w) continue; // not under the zoom list, not cut at the edge
    ctx.fillStyle = "#94a3b8";
    ctx.fillText(text, x, bottom + 6);
  }
}
