// Where the chart's names go, in canvas pixels, so that none covers another:
// - a band's name lies along its centre line, turned to the band's slope, only where it does not
//   cross another band's edge (so it is read as that band's and no other's) nor another label;
// - the formations' names sit in rows above and below their marks on the flypast row, each row
//   laid out left to right without overlap inside the canvas, with a leader line to its mark.
// A label is a turned rectangle {cx, cy, w, h, angle}; corners() gives its outline.

export const LABEL_H_PX = 14; // a label's height: 11 px text and its padding
const LABEL_PAD_PX = 6; // added to the text's width
const ROW_GAP_PX = 6; // between two labels in a row
const LEADER_PX = 10; // from a mark to its nearest row of labels
const STATIONS = 9; // places tried along a run of a band's centre line
const MIN_CHARS = 6; // a band's name is not shortened below this many letters
const COLLINEAR_RAD = 0.05; // two segments of a centre line turning less than this are read as one

// the four corners of a turned rectangle, in order around it
export function corners({ cx, cy, w, h, angle }) {
  const [ux, uy, vx, vy] = [Math.cos(angle), Math.sin(angle), -Math.sin(angle), Math.cos(angle)];
  const [a, b] = [w / 2, h / 2];
  return [[-a, -b], [a, -b], [a, b], [-a, b]].map(([s, t]) => [cx + s * ux + t * vx, cy + s * uy + t * vy]);
}

// do two convex outlines overlap (separating axis test; touching is not overlapping)
export function overlaps(p, q) {
  for (const poly of [p, q]) {
    for (let i = 0; i < poly.length; i++) {
      const [x0, y0] = poly[i];
      const [x1, y1] = poly[(i + 1) % poly.length];
      const [nx, ny] = [y0 - y1, x1 - x0];
      const range = (points) => {
        const dots = points.map(([x, y]) => x * nx + y * ny);
        return [Math.min(...dots), Math.max(...dots)];
      };
      const [pa, pb] = range(p);
      const [qa, qb] = range(q);
      if (pb <= qa + 1e-6 || qb <= pa + 1e-6) return false;
    }
  }
  return true;
}

// the part [s0, s1] (0..1) of the segment a→b inside the box [left, top, right, bottom], or null (Liang-Barsky)
export function clipSegment([ax, ay], [bx, by], [left, top, right, bottom]) {
  let [s0, s1] = [0, 1];
  const [dx, dy] = [bx - ax, by - ay];
  for (const [p, q] of [[-dx, ax - left], [dx, right - ax], [-dy, ay - top], [dy, bottom - ay]]) {
    if (p === 0) {
      if (q < 0) return null;
    } else {
      const r = q / p;
      if (p < 0) s0 = Math.max(s0, r);
      else s1 = Math.min(s1, r);
    }
  }
  return s0 < s1 ? [s0, s1] : null;
}

// does the segment a→b pass through the turned rectangle
function crosses(a, b, rect) {
  const [ux, uy] = [Math.cos(rect.angle), Math.sin(rect.angle)];
  const local = ([x, y]) => [(x - rect.cx) * ux + (y - rect.cy) * uy, -(x - rect.cx) * uy + (y - rect.cy) * ux];
  return clipSegment(local(a), local(b), [-rect.w / 2, -rect.h / 2, rect.w / 2, rect.h / 2]) !== null;
}

// a polyline as its straight runs: consecutive segments that turn less than COLLINEAR_RAD merged
function straightRuns(points) {
  const runs = [];
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1], points[i]];
    if (Math.hypot(b[0] - a[0], b[1] - a[1]) < 0.5) continue;
    const last = runs[runs.length - 1];
    const heading = Math.atan2(b[1] - a[1], b[0] - a[0]);
    if (last && Math.abs(heading - last.heading) < COLLINEAR_RAD) last.b = b;
    else runs.push({ a, b, heading });
  }
  return runs;
}

const bboxOf = (points) => {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
};
const boxesMeet = (a, b) => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];
const inside = (points, [left, top, right, bottom]) => points.every(([x, y]) => x >= left - 0.5 && x <= right + 0.5 && y >= top - 0.5 && y <= bottom + 0.5);

// The middle first, then alternately further out: where along a run of length L a label of width w may centre
// (its ends kept half a label's height from the run's, where a turned label's corners would stick out).
function stations(length, w) {
  const [low, high] = [w / 2 + LABEL_H_PX / 2, length - w / 2 - LABEL_H_PX / 2];
  if (high < low) return [];
  const middle = (low + high) / 2;
  const step = Math.max(10, (high - low) / (STATIONS - 1));
  const out = [middle];
  for (let k = 1; middle + k * step <= high || middle - k * step >= low; k++) {
    if (middle - k * step >= low) out.push(middle - k * step);
    if (middle + k * step <= high) out.push(middle + k * step);
  }
  return out;
}

// Labels for bands. bands: [{id, text, centre: [[x, y]...], edges: [[[x, y]...], ...], selected}], in order of
// priority; plot: [left, top, right, bottom]; taken: outlines already covered (marks, their labels), added to;
// width(text): its width in px. A band whose whole name has no room anywhere gets its start and an ellipsis
// ("Combined mil…", at least MIN_CHARS letters) where that fits. Returns [{id, text, rect}] for those that got one.
export function placeBandLabels(bands, plot, taken, width) {
  const placed = [];
  const boxes = new Map(); // outline -> its bounding box, for a quick miss before the exact test
  const boxOf = (o) => boxes.get(o) || boxes.set(o, bboxOf(o)).get(o);
  const clear = (outline) => {
    const box = bboxOf(outline);
    return !taken.some((o) => boxesMeet(box, boxOf(o)) && overlaps(o, outline));
  };
  const edgeBoxes = bands.map((band) => band.edges.map((edge) => ({ edge, box: bboxOf(edge) })));
  // the nearest bands first: where a label does not fit, a neighbour's edge is what it crosses
  const byNearness = (self) => bands.map((_, j) => j).filter((j) => j !== self).sort((i, j) => Math.abs(i - self) - Math.abs(j - self));
  const crossesOthers = (rect, others) => {
    const box = bboxOf(corners(rect));
    return others.some((j) => edgeBoxes[j].some(({ edge, box: eb }) => boxesMeet(box, eb)
      && edge.some((p, i) => i > 0 && crosses(edge[i - 1], p, rect))));
  };
  bands.forEach((band, self) => {
    const others = byNearness(self);
    const fits = (rect) => {
      const outline = corners(rect);
      return inside(outline, plot) && clear(outline) && (band.selected || !crossesOthers(rect, others));
    };
    const runs = straightRuns(band.centre).map((run) => {
      const clipped = clipSegment(run.a, run.b, plot);
      if (!clipped) return null;
      const [dx, dy] = [run.b[0] - run.a[0], run.b[1] - run.a[1]];
      const [ux, uy] = [dx / Math.hypot(dx, dy), dy / Math.hypot(dx, dy)];
      let angle = Math.atan2(uy, ux);
      if (angle > Math.PI / 2) angle -= Math.PI;
      if (angle <= -Math.PI / 2) angle += Math.PI;
      const start = [run.a[0] + clipped[0] * dx, run.a[1] + clipped[0] * dy];
      return { start, ux, uy, angle, length: (clipped[1] - clipped[0]) * Math.hypot(dx, dy) };
    }).filter(Boolean);
    const attempt = (text) => {
      const w = width(text) + LABEL_PAD_PX;
      for (const run of runs) {
        const rect = stations(run.length, w).map((s) => ({ cx: run.start[0] + s * run.ux, cy: run.start[1] + s * run.uy, w, h: LABEL_H_PX, angle: run.angle })).find(fits);
        if (rect) {
          placed.push({ id: band.id, text, rect });
          taken.push(corners(rect));
          return true;
        }
      }
      return false;
    };
    if (attempt(band.text) || !runs.length) return;
    const room = Math.max(...runs.map((r) => r.length)) - LABEL_PAD_PX - LABEL_H_PX;
    for (let n = band.text.length - 1; n >= MIN_CHARS; n--) {
      const text = `${band.text.slice(0, n).trimEnd()}…`;
      if (width(text) <= room) {
        attempt(text);
        return;
      }
    }
  });
  return placed;
}

// Centres for labels of widths ws wanted at centres cs (sorted), in [low, high], none overlapping, order kept:
// clusters of touching labels centred on the mean of what they want; null when they cannot all fit.
function layoutRow(cs, ws, low, high) {
  const total = ws.reduce((a, b) => a + b, 0) + ROW_GAP_PX * (ws.length - 1);
  if (total > high - low) return null;
  const clusters = [];
  cs.forEach((c, i) => {
    let cluster = { items: [i], width: ws[i] };
    const place = (k) => {
      let offset = 0;
      let sum = 0;
      for (const j of k.items) {
        sum += cs[j] - ws[j] / 2 - offset;
        offset += ws[j] + ROW_GAP_PX;
      }
      k.left = Math.min(high - k.width, Math.max(low, sum / k.items.length));
    };
    place(cluster);
    while (clusters.length) {
      const previous = clusters[clusters.length - 1];
      if (previous.left + previous.width + ROW_GAP_PX <= cluster.left) break;
      clusters.pop();
      cluster = { items: [...previous.items, ...cluster.items], width: previous.width + ROW_GAP_PX + cluster.width };
      place(cluster);
    }
    clusters.push(cluster);
  });
  const centres = [];
  for (const k of clusters) {
    let x = k.left;
    for (const j of k.items) {
      centres[j] = x + ws[j] / 2;
      x += ws[j] + ROW_GAP_PX;
    }
  }
  return centres;
}

// where a label's leader starts (on its mark's tip) and ends (on the label's side facing the mark)
export function leaderOf({ rect, mark: [mx, my] }, markR) {
  const above = rect.cy < my;
  const [left, right] = [rect.cx - rect.w / 2, rect.cx + rect.w / 2];
  return [[mx, my + (above ? -markR : markR)], [Math.min(right - 3, Math.max(left + 3, mx)), rect.cy + (above ? rect.h / 2 : -rect.h / 2)]];
}

// do the segments a→b and c→d cross (touching ends do not count)
function segmentsCross([a, b], [c, d]) {
  const side = (p, q, r) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  return side(a, b, c) * side(a, b, d) < 0 && side(c, d, a) * side(c, d, b) < 0;
}

// no leader passes through another's label, and no two leaders cross
function leadersClear(labels, markR) {
  const leaders = labels.map((l) => leaderOf(l, markR));
  const shrunk = labels.map((l) => ({ ...l.rect, w: l.rect.w - 1, h: l.rect.h - 1 }));
  return leaders.every((leader, i) => labels.every((l, j) => i === j || (!crosses(leader[0], leader[1], shrunk[j])
    && (j < i || !segmentsCross(leader, leaders[j])))));
}

// Labels for the formations' marks. marks: [{id, text, width, x, y, selected}], y the same row for all;
// bounds: [left, top, right, bottom] the labels must stay in; markR: a mark's size, where leaders start.
// Rows: above the marks, below, above again... Every mark gets a label when some number of rows has room
// for all, each row in time order (marks dealt to the rows in turn, or in runs), with no leader through
// another label or across another leader; else each mark its own label only where it has that room by
// its mark, the selected first, the others named on hover. Returns [{id, text, rect, mark: [x, y]}].
export function placeMarkLabels(marks, bounds, markR) {
  if (!marks.length) return [];
  const [left, top, right, bottom] = bounds;
  const sorted = [...marks].sort((a, b) => a.x - b.x);
  const y = sorted[0].y;
  const rows = [];
  for (let level = 0; level < 4; level++) {
    const above = y - LEADER_PX - level * (LABEL_H_PX + 2) - LABEL_H_PX / 2;
    const below = y + LEADER_PX + level * (LABEL_H_PX + 2) + LABEL_H_PX / 2;
    if (above - LABEL_H_PX / 2 >= top) rows.push(above);
    if (below + LABEL_H_PX / 2 <= bottom) rows.push(below);
  }
  if (!rows.length) return [];
  const widths = sorted.map((m) => m.width + LABEL_PAD_PX);
  const label = (i, cx, cy) => ({ id: sorted[i].id, text: sorted[i].text, mark: [sorted[i].x, y], rect: { cx, cy, w: widths[i], h: LABEL_H_PX, angle: 0 } });
  const n = sorted.length;
  for (let k = 1; k <= rows.length; k++) {
    for (const rowOf of [(i) => i % k, (i) => Math.floor((i * k) / n)]) {
      const out = [];
      const fits = rows.slice(0, k).every((cy, r) => {
        const members = sorted.map((m, i) => i).filter((i) => rowOf(i) === r);
        const centres = layoutRow(members.map((i) => sorted[i].x), members.map((i) => widths[i]), left, right);
        if (centres) members.forEach((i, j) => out.push(label(i, centres[j], cy)));
        return centres !== null;
      });
      if (fits && leadersClear(out, markR)) return out;
    }
  }
  const out = [];
  const order = sorted.map((m, i) => i).sort((a, b) => Number(Boolean(sorted[b].selected)) - Number(Boolean(sorted[a].selected)));
  for (const i of order) {
    const cx = Math.min(right - widths[i] / 2, Math.max(left + widths[i] / 2, sorted[i].x));
    for (const cy of rows) {
      const candidate = label(i, cx, cy);
      const outline = corners({ ...candidate.rect, w: candidate.rect.w + ROW_GAP_PX });
      if (out.some((o) => overlaps(corners(o.rect), outline)) || !leadersClear([...out, candidate], markR)) continue;
      out.push(candidate);
      break;
    }
  }
  return out;
}

// is (x, y) inside the turned rectangle
export function contains({ cx, cy, w, h, angle }, x, y) {
  const [ux, uy] = [Math.cos(angle), Math.sin(angle)];
  const [dx, dy] = [x - cx, y - cy];
  return Math.abs(dx * ux + dy * uy) <= w / 2 && Math.abs(-dx * uy + dy * ux) <= h / 2;
}
