// Placing things on the map near the parade: metres per degree at a latitude (WGS84), and the
// route's centre line measured, to find the place at a distance along it.

const RAD = Math.PI / 180;

// [metres per degree of longitude, metres per degree of latitude] at `lat`
export function metresPerDegree(lat) {
  const p = lat * RAD;
  return [
    111412.84 * Math.cos(p) - 93.5 * Math.cos(3 * p) + 0.118 * Math.cos(5 * p),
    111132.92 - 559.82 * Math.cos(2 * p) + 1.175 * Math.cos(4 * p) - 0.0023 * Math.cos(6 * p),
  ];
}

export class MeasuredLine {
  // lonlats: [[lon, lat], ...]; lengthM: the planner's length of the same line (distances are scaled to it)
  constructor(lonlats, lengthM) {
    this.coords = lonlats;
    const raw = [0];
    for (let i = 1; i < lonlats.length; i++) {
      const [a, b] = [lonlats[i - 1], lonlats[i]];
      const [kx, ky] = metresPerDegree((a[1] + b[1]) / 2);
      raw.push(raw[i - 1] + Math.hypot((b[0] - a[0]) * kx, (b[1] - a[1]) * ky));
    }
    const scale = lengthM / raw[raw.length - 1];
    this.cumulative = raw.map((d) => d * scale);
    this.length = lengthM;
  }

  // [lon, lat] at distance d along the line
  at(d) {
    const c = this.cumulative;
    let i = 0;
    while (i < c.length - 2 && d > c[i + 1]) i++;
    const f = (d - c[i]) / (c[i + 1] - c[i] || 1);
    const [a, b] = [this.coords[i], this.coords[i + 1]];
    return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f];
  }
}
