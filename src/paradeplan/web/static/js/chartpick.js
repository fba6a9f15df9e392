// What is under the pointer on the chart, with a few pixels' tolerance, and the readout that names it.
// A band is hit inside it or within PICK_PX of its outline; a formation's mark or a finding's ring
// within PICK_PX of its edge. Small marks win a tie over the band they sit on.
import { metres } from "./format.js";
import { clockText, wholeClock } from "./time.js";
import { timeAt } from "./trajectory.js";

export const PICK_PX = 6;
const MARK_BONUS_PX = 3; // a mark or ring counts this much nearer than a band at the same distance
const POINT_SNAP_PX = 6; // the pointer this near a named point's row reads as at that point

// distance in px from (x, y) to the segment a→b
function toSegment(x, y, [ax, ay], [bx, by]) {
  const [dx, dy] = [bx - ax, by - ay];
  const len2 = dx * dx + dy * dy;
  const s = len2 ? Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / len2)) : 0;
  return Math.hypot(x - (ax + s * dx), y - (ay + s * dy));
}

// is (x, y) inside the closed outline (even-odd rule)
function within(x, y, outline) {
  let inside = false;
  for (let i = 0, j = outline.length - 1; i < outline.length; j = i++) {
    const [[xi, yi], [xj, yj]] = [outline[i], outline[j]];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

// distance in px from (x, y) to a band's outline, 0 inside it
export function toOutline(x, y, outline) {
  if (within(x, y, outline)) return 0;
  let best = Infinity;
  for (let i = 0; i < outline.length; i++) best = Math.min(best, toSegment(x, y, outline[i], outline[(i + 1) % outline.length]));
  return best;
}

// The nearest thing to (x, y) within tolerance: {kind: "finding", index} | {kind: "air", mark} | {kind: "band", band} | null.
// drawn: what the chart last drew — bands with `outline` (px), marks and findings with x, y, r (px).
export function pick(x, y, drawn) {
  let best = null;
  const consider = (score, hit) => {
    if (score <= PICK_PX && (!best || score < best.score)) best = { score, hit };
  };
  // a mark's score goes below zero inside it, so that of marks that overlap the one nearest its centre wins
  for (const f of drawn.findings) consider(Math.hypot(f.x - x, f.y - y) - f.r - MARK_BONUS_PX, { kind: "finding", index: f.index });
  for (const m of drawn.marks) consider(Math.hypot(m.x - x, m.y - y) - m.r - MARK_BONUS_PX, { kind: "air", mark: m });
  for (const band of drawn.bands) {
    if (!band.outline || x < band.box[0] - PICK_PX || x > band.box[2] + PICK_PX || y < band.box[1] - PICK_PX || y > band.box[3] + PICK_PX) continue;
    consider(toOutline(x, y, band.outline), { kind: "band", band });
  }
  return best && best.hit;
}

// clock seconds as the plan writes them, to the tenth: 40841.84 -> "11:20:41.8"
function tenths(t) {
  const r = Math.round(t * 10) / 10;
  const whole = Math.floor(r);
  return `${wholeClock(whole)}.${Math.round((r - whole) * 10)}`;
}

// the named point whose row is within POINT_SNAP_PX of y, or null. c: the chart.
function pointNear(c, y) {
  const near = c.points.map((p) => ({ p, gap: Math.abs(c._y(p.at_m) - y) })).filter((n) => n.gap <= POINT_SNAP_PX);
  return near.length ? near.sort((a, b) => a.gap - b.gap)[0].p : null;
}

// The readout's lines for what is under the pointer at (x, y): [title, ...details]. c: the chart; hit from pick().
export function readout(c, hit, x, y) {
  const findings = c.plan.findings;
  if (hit && hit.kind === "finding") {
    const f = findings[hit.index];
    const when = f.show_at || f.time;
    return [`${f.severity} · ${f.code}`, f.message, [f.at_m != null ? metres(f.at_m) : null, when ? clockText(when) : null].filter(Boolean).join(" · ")];
  }
  if (hit && hit.kind === "group") return [hit.text, "click: zoom in to name each"];
  if (hit && hit.kind === "air") {
    const e = hit.mark.element;
    return [e.name, `over ${c.flypast} (${metres(hit.mark.d)}) at ${clockText(e.over_tribune)}`];
  }
  const point = pointNear(c, y);
  const d = point ? point.at_m : c._d(y);
  const place = point ? `${point.name} (${metres(point.at_m)})` : metres(d);
  if (hit && hit.kind === "band") {
    const { element, head, tail } = hit.band;
    const times = point && element.times[point.name];
    const [h, t] = times ? [clockText(times.head), clockText(times.tail)] : [timeAt(head, d), timeAt(tail, d)].map((s) => (s === null ? "–" : tenths(s)));
    return [element.name, `at ${place}: head ${h} · tail ${t}`];
  }
  return [`${place} · ${wholeClock(c._t(x))}`];
}
