// The air on the map, drawn by deck.gl in 3D: each formation's track (hold, hold exit, IP, run-in,
// break-away) at its altitude, faint and beneath the agents, and the aircraft flying it. The track
// has a deck.gl canvas of its own, under the agents', drawn again only when the view changes: with
// the agents', every frame, it would halve the frame rate of a software renderer.
import { KIND } from "./agents.js";
import { metresPerDegree } from "./geo.js";
import { AIR_TRACK } from "./maplegend.js";

const { ScatterplotLayer, SolidPolygonLayer, PathLayer, LineLayer, PathStyleExtension } = globalThis.deck;

export const AIR_KINDS = new Set(["hold", "hold-exit", "run-in", "break-away", "ip", "hold-fix"]);

// line kind -> [opacity 0-255, width px, dash [on, off] px or [0, 0] for solid]
const LINES = {
  hold: [120, 1.5, [0, 0]],
  "hold-exit": [90, 1.5, [3, 2]],
  "run-in": [110, 2, [0, 0]],
  "break-away": [60, 1.5, [1, 2]],
};

// the altitude (m) of a coordinate of an air feature: its third value, else the feature's altitude_m, else 0
export const altitude = (coord, props) => coord[2] ?? props.altitude_m ?? 0;

// The deck.gl layers of the air features of the plan's geometry (hold, hold-exit, run-in, break-away
// lines; IP and hold-fix marks), each point at [lon, lat, altitude m].
export function airTrackLayers(features) {
  const lines = [];
  const marks = [];
  for (const { properties: p, geometry: g } of features) {
    if (!AIR_KINDS.has(p.kind)) continue;
    if (g.type === "Point") marks.push({ kind: p.kind, position: [g.coordinates[0], g.coordinates[1], altitude(g.coordinates, p)] });
    else lines.push({ kind: p.kind, path: g.coordinates.map((c) => [c[0], c[1], altitude(c, p)]) });
  }
  if (!lines.length && !marks.length) return [];
  return [
    new PathLayer({
      id: "air-track", data: lines, getPath: (d) => d.path, getColor: (d) => [...AIR_TRACK, LINES[d.kind][0]],
      getWidth: (d) => LINES[d.kind][1], widthUnits: "pixels", getDashArray: (d) => LINES[d.kind][2], dashJustified: true,
      extensions: [new PathStyleExtension({ dash: true })],
    }),
    new ScatterplotLayer({
      id: "air-marks", data: marks, getPosition: (d) => d.position, radiusUnits: "pixels", lineWidthUnits: "pixels",
      getRadius: (d) => (d.kind === "ip" ? 4 : 3.5), stroked: true, getLineWidth: 1.5,
      getFillColor: (d) => (d.kind === "ip" ? [...AIR_TRACK, 170] : [15, 19, 26, 170]),
      getLineColor: (d) => (d.kind === "ip" ? [15, 19, 26, 170] : [...AIR_TRACK, 170]),
    }),
  ];
}

// The aircraft on their trips now (a: the Agents; pos, slots: scratch arrays of the map), coloured by
// col(element index): {layers, count, leads: Map element index -> [lon, lat, alt] of its first aircraft}.
export function aircraftLayers(a, pos, slots, col) {
  let n = 0;
  const stalks = [];
  const leads = new Map();
  for (let i = 0; i < a.n; i++) {
    if (!a.active[i] || a.kind[i] !== KIND.aircraft) continue;
    pos.set(a.pos.subarray(3 * i, 3 * i + 3), 3 * n);
    slots[n++] = i;
    const p = [a.pos[3 * i], a.pos[3 * i + 1], a.pos[3 * i + 2]];
    stalks.push({ from: [p[0], p[1], 0], to: p });
    if (!leads.has(a.element[i])) leads.set(a.element[i], p);
  }
  if (!n) return { layers: [], count: 0, leads };
  const shapes = [];
  for (let s = 0; s < n; s++) {
    const i = slots[s];
    const [kx, ky] = metresPerDegree(a.pos[3 * i + 1]);
    const sin = Math.sin(a.heading[i]);
    const cos = Math.cos(a.heading[i]);
    const at = (along, across) => [a.pos[3 * i] + (along * sin + across * cos) / kx, a.pos[3 * i + 1] + (along * cos - across * sin) / ky, a.pos[3 * i + 2]];
    const hl = a.length[i] / 2;
    const hw = a.width[i] / 2;
    shapes.push({ slot: s, element: a.element[i], ring: [at(hl, 0), at(-hl, hw), at(-hl * 0.5, 0), at(-hl, -hw), at(hl, 0)] });
  }
  return { count: n, leads, layers: [
    new LineLayer({ id: "aircraft-altitude", data: stalks, getSourcePosition: (d) => d.from, getTargetPosition: (d) => d.to,
      getColor: [...AIR_TRACK, 90], getWidth: 1 }),
    new SolidPolygonLayer({ id: "aircraft-shapes", data: shapes, getPolygon: (d) => d.ring, getFillColor: (d) => col(d.element), pickable: true }),
    new ScatterplotLayer({ id: "aircraft", pickable: true,
      data: { length: n, attributes: { getPosition: { value: pos, size: 3 } } },
      getFillColor: [...AIR_TRACK], radiusUnits: "pixels", getRadius: 3, stroked: true, getLineColor: [15, 19, 26], lineWidthUnits: "pixels", getLineWidth: 1 }),
  ] };
}
