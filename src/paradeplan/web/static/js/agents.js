// Every agent of the trips JSON, flattened into typed arrays, and placed at a clock time by linear
// interpolation between its timestamped points. No deck.gl TripsLayer: positions are computed here,
// once per frame, for all agents at once.
import { metresPerDegree } from "./geo.js";

// a rank of marchers abreast, a vehicle, an aircraft (trips kinds: docs/simulation.md)
export const KIND = { rank: 0, vehicle: 1, aircraft: 2 };
const KIND_OF = { foot: KIND.rank, band: KIND.rank, mounted: KIND.rank, vehicle: KIND.vehicle, "fixed-wing": KIND.aircraft, helicopter: KIND.aircraft };

export class Agents {
  // trips: [{id, element, kind, width_m, length_m, files?, path: [[lon, lat, alt], ...], timestamps: [s after local midnight]}]
  // elementIndex: element id -> index in the workspace's element list
  constructor(trips, elementIndex) {
    const n = trips.length;
    this.n = n;
    this.ids = trips.map((a) => a.id);
    this.kind = new Uint8Array(n);
    this.element = new Int32Array(n);
    this.width = new Float32Array(n);
    this.length = new Float32Array(n);
    this.files = new Uint16Array(n); // marchers abreast in a rank, 1 for a vehicle or an aircraft
    this.start = new Int32Array(n + 1);
    let total = 0;
    trips.forEach((a, i) => {
      this.start[i] = total;
      total += a.timestamps.length;
    });
    this.start[n] = total;
    this.T = new Float64Array(total);
    this.P = new Float64Array(total * 3);
    trips.forEach((a, i) => {
      if (!(a.kind in KIND_OF)) throw new Error(`agent ${a.id}: unknown kind ${a.kind}`);
      if (!elementIndex.has(a.element)) throw new Error(`agent ${a.id}: element ${a.element} is not in the plan`);
      this.kind[i] = KIND_OF[a.kind];
      this.files[i] = a.files || 1;
      this.element[i] = elementIndex.get(a.element);
      this.width[i] = a.width_m;
      this.length[i] = a.length_m;
      let k = this.start[i];
      for (let j = 0; j < a.timestamps.length; j++, k++) {
        this.T[k] = a.timestamps[j];
        const p = a.path[j];
        this.P[3 * k] = p[0];
        this.P[3 * k + 1] = p[1];
        this.P[3 * k + 2] = p[2] || 0;
      }
    });
    this.cursor = new Int32Array(n);
    for (let i = 0; i < n; i++) this.cursor[i] = this.start[i];
    this.active = new Uint8Array(n);
    this.pos = new Float64Array(n * 3);
    this.heading = new Float32Array(n); // radians clockwise from north
    this.activeCount = 0;
    this.marchers = this.files.reduce((sum, f, i) => sum + (this.kind[i] === KIND.rank ? f : 0), 0);
    this.time = NaN;
    const [kx, ky] = metresPerDegree(n ? this.P[1] : 0);
    this.kx = kx;
    this.ky = ky;
  }

  // Place every agent at clock time t; returns how many are on their trip at t.
  update(t) {
    const { T, P, start, cursor, pos, active, heading, kx, ky } = this;
    let count = 0;
    for (let i = 0; i < this.n; i++) {
      const s = start[i];
      const e = start[i + 1] - 1;
      if (e < s || t < T[s] || t > T[e]) {
        active[i] = 0;
        continue;
      }
      let c = cursor[i];
      while (c < e - 1 && T[c + 1] < t) c++;
      while (c > s && T[c] > t) c--;
      cursor[i] = c;
      const c1 = Math.min(c + 1, e);
      const span = T[c1] - T[c];
      const f = span > 0 ? (t - T[c]) / span : 0;
      const a = 3 * c;
      const b = 3 * c1;
      pos[3 * i] = P[a] + (P[b] - P[a]) * f;
      pos[3 * i + 1] = P[a + 1] + (P[b + 1] - P[a + 1]) * f;
      pos[3 * i + 2] = P[a + 2] + (P[b + 2] - P[a + 2]) * f;
      if (c1 !== c) heading[i] = Math.atan2((P[b] - P[a]) * kx, (P[b + 1] - P[a + 1]) * ky);
      active[i] = 1;
      count++;
    }
    this.activeCount = count;
    this.time = t;
    return count;
  }

  // One shape per ground element around its active agents, along the direction of its first active
  // agent: [{element, path: [back centre, front centre] as [lon, lat], width (m), count}].
  elementBoxes(elementCount) {
    const { pos, heading, active, element, kind, width, length, kx, ky } = this;
    const ref = new Int32Array(elementCount).fill(-1);
    const lo = new Float64Array(elementCount * 2).fill(Infinity);
    const hi = new Float64Array(elementCount * 2).fill(-Infinity);
    const counts = new Int32Array(elementCount);
    for (let i = 0; i < this.n; i++) {
      if (!active[i] || kind[i] === KIND.aircraft) continue;
      const el = element[i];
      if (ref[el] < 0) ref[el] = i;
      const r = ref[el];
      const dx = (pos[3 * i] - pos[3 * r]) * kx;
      const dy = (pos[3 * i + 1] - pos[3 * r + 1]) * ky;
      const sin = Math.sin(heading[r]);
      const cos = Math.cos(heading[r]);
      const along = dx * sin + dy * cos;
      const across = dx * cos - dy * sin;
      const hl = Math.max(length[i], 0.5) / 2;
      const hw = Math.max(width[i], 0.5) / 2;
      lo[2 * el] = Math.min(lo[2 * el], along - hl);
      hi[2 * el] = Math.max(hi[2 * el], along + hl);
      lo[2 * el + 1] = Math.min(lo[2 * el + 1], across - hw);
      hi[2 * el + 1] = Math.max(hi[2 * el + 1], across + hw);
      counts[el]++;
    }
    const boxes = [];
    for (let el = 0; el < elementCount; el++) {
      const r = ref[el];
      if (r < 0) continue;
      const sin = Math.sin(heading[r]);
      const cos = Math.cos(heading[r]);
      const corner = (along, across) => [
        pos[3 * r] + (along * sin + across * cos) / kx,
        pos[3 * r + 1] + (along * cos - across * sin) / ky,
      ];
      const [a0, c0, a1, c1] = [lo[2 * el], lo[2 * el + 1], hi[2 * el], hi[2 * el + 1]];
      const middle = (c0 + c1) / 2;
      boxes.push({ element: el, path: [corner(a0, middle), corner(a1, middle)], width: c1 - c0, count: counts[el] });
    }
    return boxes;
  }

  // The marchers of rank i, one per file spread across its width, into out (lon, lat, alt) from slot k.
  writeMarchers(i, out, k) {
    const { pos, heading, width, files, kx, ky } = this;
    const f = files[i];
    const step = width[i] / f;
    const cos = Math.cos(heading[i]);
    const sin = Math.sin(heading[i]);
    for (let j = 0; j < f; j++) {
      const across = (j + 0.5) * step - width[i] / 2;
      out[3 * k] = pos[3 * i] + (across * cos) / kx;
      out[3 * k + 1] = pos[3 * i + 1] - (across * sin) / ky;
      out[3 * k + 2] = pos[3 * i + 2];
      k++;
    }
    return k;
  }

  // The four corners (closed, five points) of agent i at its real length and width, along its heading.
  writeRectangle(i, out, offsetIndex) {
    const { pos, heading, width, length, kx, ky } = this;
    const sin = Math.sin(heading[i]);
    const cos = Math.cos(heading[i]);
    const hl = length[i] / 2;
    const hw = width[i] / 2;
    const corners = [[-hl, -hw], [-hl, hw], [hl, hw], [hl, -hw], [-hl, -hw]];
    let k = offsetIndex;
    for (const [along, across] of corners) {
      out[k++] = pos[3 * i] + (along * sin + across * cos) / kx;
      out[k++] = pos[3 * i + 1] + (along * cos - across * sin) / ky;
      out[k++] = pos[3 * i + 2];
    }
    return k;
  }
}

// ground elements then formations, as the agents index them, each with its worst finding
export function elementsOf(plan) {
  const flags = new Map();
  for (const f of plan.findings) for (const id of f.elements) if (flags.get(id) !== "error") flags.set(id, f.severity);
  const ground = plan.ground.map((g, i) => ({ ...g, group: "ground", index: i, flag: flags.get(g.id) }));
  const air = plan.air.map((a, j) => ({ ...a, group: "air", kind: "air", index: ground.length + j, flag: flags.get(a.id) }));
  return [...ground, ...air];
}
