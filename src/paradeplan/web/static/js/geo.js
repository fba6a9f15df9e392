// Geometry in metres near the parade: metres per degree at a latitude (WGS84), the route as a
// measured line, and ribbons (the route at its real width) and boxes around groups of agents.

const RAD = Math.PI / 180;

// [metres per degree of longitude, metres per degree of latitude] at `lat`
export function metresPerDegree(lat) {
  const p = lat * RAD;
  return [
    111412.84 * Math.cos(p) - 93.5 * Math.cos(3 * p) + 0.118 * Math.cos(5 * p),
    111132.92 - 559.82 * Math.cos(2 * p) + 1.175 * Math.cos(4 * p) - 0.0023 * Math.cos(6 * p),
  ];
}

// [lon, lat] moved `east` and `north` metres
export function offset(lon, lat, east, north) {
  const [kx, ky] = metresPerDegree(lat);
  return [lon + east / kx, lat + north / ky];
}

export class MeasuredLine {
  // lonlats: [[lon, lat], ...]; lengthM: the planner's length of the same line (distances are scaled to it)
  constructor(lonlats, lengthM) {
    this.coords = lonlats.map(([lon, lat]) => [lon, lat]);
    const raw = [0];
    this.dirs = [];
    for (let i = 1; i < this.coords.length; i++) {
      const [a, b] = [this.coords[i - 1], this.coords[i]];
      const [kx, ky] = metresPerDegree((a[1] + b[1]) / 2);
      const dx = (b[0] - a[0]) * kx;
      const dy = (b[1] - a[1]) * ky;
      const len = Math.hypot(dx, dy) || 1e-9;
      raw.push(raw[i - 1] + len);
      this.dirs.push([dx / len, dy / len]);
    }
    const scale = lengthM ? lengthM / raw[raw.length - 1] : 1;
    this.cumulative = raw.map((d) => d * scale);
    this.length = this.cumulative[this.cumulative.length - 1];
  }

  _segment(d) {
    const c = this.cumulative;
    let i = 0;
    while (i < c.length - 2 && d > c[i + 1]) i++;
    return i;
  }

  at(d) {
    const i = this._segment(d);
    const c = this.cumulative;
    const f = (d - c[i]) / (c[i + 1] - c[i] || 1);
    const [a, b] = [this.coords[i], this.coords[i + 1]];
    return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
  }

  // unit direction of march [east, north] at distance d
  direction(d) {
    return this.dirs[this._segment(d)];
  }

  // The line between `from` and `to` at the width widthAt(d) gives, as one closed ring of [lon, lat];
  // `breaks` are extra distances where the width steps.
  ribbon(from, to, widthAt, breaks = []) {
    const ds = [...new Set([from, to, ...this.cumulative, ...breaks].filter((d) => d >= from && d <= to))].sort((a, b) => a - b);
    const left = [];
    const right = [];
    for (const d of ds) {
      // at a step in width, one sample just before and one just after
      const widths = breaks.includes(d) && d > from && d < to ? [widthAt(d - 1e-6), widthAt(d + 1e-6)] : [widthAt(d)];
      const normal = this._miter(d);
      const [lon, lat] = this.at(d);
      const [kx, ky] = metresPerDegree(lat);
      for (const w of widths) {
        const h = w / 2;
        left.push([lon - (normal[0] * h) / kx, lat - (normal[1] * h) / ky]);
        right.push([lon + (normal[0] * h) / kx, lat + (normal[1] * h) / ky]);
      }
    }
    const ring = [...left, ...right.reverse()];
    ring.push(ring[0]);
    return ring;
  }

  // the right-hand normal at d, mitred at a vertex so the ribbon keeps its width through a bend
  _miter(d) {
    const i = this.cumulative.indexOf(d);
    const right = ([x, y]) => [y, -x];
    if (i <= 0 || i >= this.cumulative.length - 1) return right(this.direction(d));
    const [a, b] = [right(this.dirs[i - 1]), right(this.dirs[i])];
    const m = [a[0] + b[0], a[1] + b[1]];
    const len = Math.hypot(m[0], m[1]) || 1;
    const cos = Math.max(0.25, (m[0] * a[0] + m[1] * a[1]) / len);
    return [m[0] / len / cos, m[1] / len / cos];
  }
}

// A racetrack hold as a closed line of [lon, lat]: the inbound leg (legM long) ends at the fix on
// track inboundDeg, then half-turns of radius radiusM to the `turn` side.
export function racetrack(lon, lat, inboundDeg, legM, radiusM, turn) {
  const th = inboundDeg * RAD;
  const f = [Math.sin(th), Math.cos(th)];
  const side = turn === "left" ? -1 : 1;
  const r = [f[1] * side, -f[0] * side];
  const c1 = [r[0] * radiusM, r[1] * radiusM];
  const c2 = [c1[0] - f[0] * legM, c1[1] - f[1] * legM];
  const pts = [[-f[0] * legM, -f[1] * legM]];
  for (let k = 0; k <= 16; k++) {
    const a = (Math.PI * k) / 16;
    pts.push([c1[0] + radiusM * (-Math.cos(a) * r[0] + Math.sin(a) * f[0]), c1[1] + radiusM * (-Math.cos(a) * r[1] + Math.sin(a) * f[1])]);
  }
  for (let k = 0; k <= 16; k++) {
    const a = (Math.PI * k) / 16;
    pts.push([c2[0] + radiusM * (Math.cos(a) * r[0] - Math.sin(a) * f[0]), c2[1] + radiusM * (Math.cos(a) * r[1] - Math.sin(a) * f[1])]);
  }
  return pts.map(([e, n]) => offset(lon, lat, e, n));
}
