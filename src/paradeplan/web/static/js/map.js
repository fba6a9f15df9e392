// The map: MapLibre GL for the base map and the plan's geometry as the server computed it (the
// road at its real width, distance marks, named points, each formation's hold, hold exit, IP,
// run-in and break-away), deck.gl (overlaid through MapboxOverlay) for every agent moving.
import * as maplibregl from "maplibre-gl";
import { KIND } from "./agents.js";
import { colourOf, SELECTED } from "./colours.js";
import { el } from "./dom.js";
import { feet } from "./format.js";
import { MeasuredLine, metresPerDegree } from "./geo.js";

const { MapboxOverlay, ScatterplotLayer, SolidPolygonLayer, PathLayer, TextLayer, LineLayer } = globalThis.deck;

// From this zoom on every marcher and vehicle is drawn; below it, each ground element is one shape.
const DETAIL_ZOOM = 16.5;
// a distance mark's label sits this many mark lengths beyond the mark, away from the road
const TICK_LABEL_BEYOND = 1.4;

function baseStyle(tilesUrl) {
  const style = {
    version: 8,
    sources: {},
    layers: [{ id: "background", type: "background", paint: { "background-color": "#171c24" } }],
  };
  if (tilesUrl) {
    style.sources.basemap = { type: "raster", tiles: [tilesUrl], tileSize: 256 };
    style.layers.push({ id: "basemap", type: "raster", source: "basemap", paint: { "raster-opacity": 0.55, "raster-saturation": -0.6 } });
  }
  return style;
}

const kind = (name) => ["==", ["get", "kind"], name];
const AIR = "#22d3ee";

// How each kind of feature of the plan's GeoJSON is drawn, bottom to top.
const PLAN_LAYERS = [
  { id: "road", type: "fill", filter: kind("road"), paint: { "fill-color": "#3a4250" } },
  { id: "route", type: "line", filter: kind("route"), paint: { "line-color": "#5c6676", "line-width": 1 } },
  { id: "slow-stretch", type: "line", filter: ["all", kind("stretch"), ["to-boolean", ["get", "max_speed_kmh"]]],
    paint: { "line-color": "#f59e0b", "line-width": 3, "line-opacity": 0.8, "line-dasharray": [2, 1] } },
  { id: "tick", type: "line", filter: kind("tick"), paint: { "line-color": "#78828f", "line-width": 1 } },
  { id: "hold", type: "line", filter: kind("hold"), paint: { "line-color": AIR, "line-opacity": 0.65, "line-width": 2 } },
  { id: "hold-exit", type: "line", filter: kind("hold-exit"),
    paint: { "line-color": AIR, "line-opacity": 0.45, "line-width": 1.5, "line-dasharray": [3, 2] } },
  { id: "run-in", type: "line", filter: kind("run-in"), paint: { "line-color": AIR, "line-opacity": 0.45, "line-width": 2 } },
  { id: "break-away", type: "line", filter: kind("break-away"),
    paint: { "line-color": AIR, "line-opacity": 0.25, "line-width": 1.5, "line-dasharray": [1, 2] } },
  { id: "hold-fix", type: "circle", filter: kind("hold-fix"),
    paint: { "circle-color": "#0f131a", "circle-radius": 4, "circle-stroke-color": AIR, "circle-stroke-width": 2 } },
  { id: "ip", type: "circle", filter: kind("ip"),
    paint: { "circle-color": AIR, "circle-radius": 5, "circle-stroke-color": "#0f131a", "circle-stroke-width": 2 } },
  { id: "point", type: "circle", filter: kind("point"), paint: {
    "circle-color": ["case", ["get", "anchor"], "#facc15", "#e2e8f0"], "circle-radius": ["case", ["get", "anchor"], 8, 6],
    "circle-stroke-color": "#0f131a", "circle-stroke-width": 2 } },
];

// The text beside the plan's features: [{position, text, kind, offset}] for DOM markers. Labels of
// the same kind at the same place (formations sharing an IP) become one, a line each.
function planLabels(features) {
  const labels = [];
  const byPlace = new Map();
  let points = 0;
  for (const { properties: p, geometry: g } of features) {
    if (p.kind === "tick" && p.label) {
      const [[x0, y0], [x1, y1]] = g.coordinates;
      const position = [x1 + (x1 - x0) * TICK_LABEL_BEYOND, y1 + (y1 - y0) * TICK_LABEL_BEYOND];
      labels.push({ position, text: p.label, kind: "tick" });
    } else if (p.kind === "point") {
      const text = p.anchor ? `★ ${p.label}` : p.flypast ? `✈ ${p.label}` : p.label;
      labels.push({ position: g.coordinates, text, kind: p.anchor ? "anchor" : "point", offset: [0, points++ % 2 ? -30 : -12] });
    } else if (p.kind === "stretch" && p.max_speed_kmh) {
      labels.push({ position: g.coordinates[Math.floor(g.coordinates.length / 2)], text: `max ${p.max_speed_kmh} km/h`, kind: "stretch" });
    } else if (p.kind === "ip" || p.kind === "hold-fix") {
      const place = `${p.kind} ${g.coordinates}`;
      const shared = byPlace.get(place);
      if (shared) shared.text += `\n${p.label}`;
      else {
        const airLabel = { position: g.coordinates, text: p.label, kind: "air", offset: [0, -8] };
        byPlace.set(place, airLabel);
        labels.push(airLabel);
      }
    }
  }
  return labels;
}

const label = (id, data, extra = {}) => new TextLayer({
  id, data, characterSet: "auto", getText: (d) => d.text, getPosition: (d) => d.position, getSize: 12,
  getColor: [226, 232, 240], fontFamily: "system-ui, sans-serif", fontWeight: 600,
  outlineWidth: 3, outlineColor: [15, 19, 26, 255], fontSettings: { sdf: true },
  getTextAnchor: "start", getAlignmentBaseline: "center", getPixelOffset: [10, 0], ...extra,
});

export class ParadeMap {
  // store: the workspace's (plan, elements, agents, selected, time); a click on an agent selects its element
  constructor(container, store, { tilesUrl }) {
    this.store = store;
    this.viewFromAddress = /[#&]map=/.test(window.location.hash);
    this.map = new maplibregl.Map({
      container, style: baseStyle(tilesUrl), center: [0, 0], zoom: 2, attributionControl: tilesUrl ? { compact: true } : false,
      maxPitch: 70, fadeDuration: 0, hash: "map", // the view is kept in the address: #map=zoom/lat/lon/bearing/pitch
    });
    this.map.addControl(new maplibregl.NavigationControl({ visualizePitch: true }), "top-right");
    this.map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-left");
    this.overlay = new MapboxOverlay({
      interleaved: false, layers: [],
      onClick: (info) => store.set({ selected: info.picked ? this.elements[this._pickedElement(info)].id : null }),
      getCursor: ({ isHovering }) => (isHovering ? "pointer" : "grab"),
      onAfterRender: () => this._rendered(),
      pickingRadius: 6,
    });
    this.map.addControl(this.overlay);
    this.frames = 0; // frames deck.gl has drawn
    this.agentFrames = 0; // of them, frames that showed the agents at a new time
    this.map.on("move", () => this._redraw());
    new ResizeObserver(() => this.map.resize()).observe(container);
    this.loaded = new Promise((resolve) => this.map.once("load", resolve));
    this.selected = -1;
    this.agents = null;
    this.elements = [];
    this.dirty = true;
    store.subscribe(["elements"], (s) => this.setPlan(s.plan, s.elements));
    store.subscribe(["agents"], (s) => this.setAgents(s.agents));
    store.subscribe(["selected", "elements"], (s) => {
      this.selected = s.elements.findIndex((e) => e.id === s.selected);
      this._redraw();
    });
    store.subscribe(["time"], (s) => this.draw(s.time));
  }

  // plan: the plan JSON, whose "geometry" is drawn as it comes; elements: ground then air, as indexed by the agents
  setPlan(plan, elements) {
    this.elements = elements;
    const features = plan.geometry.features;
    const source = this.map.getSource("plan");
    if (source) source.setData(plan.geometry);
    else {
      this.map.addSource("plan", { type: "geojson", data: plan.geometry });
      for (const layer of PLAN_LAYERS) this.map.addLayer({ source: "plan", ...layer });
    }
    this._setLabels(planLabels(features));
    const route = features.find((f) => f.properties.kind === "route");
    this.line = new MeasuredLine(route.geometry.coordinates, plan.route_length_m);
    this.routeBounds = this._bounds(features.find((f) => f.properties.kind === "road").geometry.coordinates[0]);
    this._redraw();
  }

  // Labels as DOM markers: crisp text with no glyph files to fetch, and no cost while animating.
  _setLabels(labels) {
    for (const marker of this.labels || []) marker.remove();
    this.labels = labels.map((l) => new maplibregl.Marker({
      element: el("div", { class: `map-label ${l.kind}` }, l.text), anchor: l.kind === "tick" ? "center" : "bottom", offset: l.offset || [0, 0],
    }).setLngLat(l.position).addTo(this.map));
  }

  // agents: the trips of the plan shown, or null while they load
  setAgents(agents) {
    this.agents = agents;
    if (!agents) {
      this.overlay.setProps({ layers: [] });
      return;
    }
    const n = agents.n;
    this.slots = new Int32Array(agents.marchers);
    this.marcherPos = new Float64Array(agents.marchers * 3);
    this.marcherCol = new Uint8Array(agents.marchers * 4);
    this.vehiclePoly = new Float64Array(n * 15);
    this.vehicleCol = new Uint8Array(n * 20);
    this.vehicleStarts = new Uint32Array(n + 1);
    this.vehicleSlots = new Int32Array(n);
    this.airPos = new Float64Array(n * 3);
    this.airSlots = new Int32Array(n);
    this._redraw();
  }

  // draw the agents again at the next frame, at the same time: the view, the selection or the agents changed
  _redraw() {
    this.dirty = true;
    if (this._redrawQueued) return;
    this._redrawQueued = true;
    requestAnimationFrame(() => {
      this._redrawQueued = false;
      this.draw(this.store.get().time);
    });
  }

  fit() {
    const [[w, s], [e, n]] = this.routeBounds;
    // turn the map so the parade marches left to right across the pane, start to end
    const [start, end] = [this.line.coords[0], this.line.coords[this.line.coords.length - 1]];
    const [kx, ky] = metresPerDegree((start[1] + end[1]) / 2);
    const bearing = ((Math.atan2((end[0] - start[0]) * kx, (end[1] - start[1]) * ky) * 180) / Math.PI) - 90;
    const camera = this.map.cameraForBounds([[w, s], [e, n]], { padding: 60, bearing });
    this.map.jumpTo({ ...camera, bearing, pitch: 0 });
  }

  // Centre on the route at distance `atM` (a finding's place), close enough to see the agents.
  showDistance(atM) {
    const [lon, lat] = this.line.at(Math.max(0, Math.min(this.line.length, atM)));
    this.map.easeTo({ center: [lon, lat], zoom: Math.max(this.map.getZoom(), DETAIL_ZOOM + 0.5), duration: 600 });
  }

  showPosition(lon, lat) {
    this.map.easeTo({ center: [lon, lat], duration: 600 });
  }

  get lod() {
    return this.map.getZoom() >= DETAIL_ZOOM ? "agents" : "shapes";
  }

  // Draw the agents at clock time t (only when t, the view or the selection changed).
  draw(t) {
    const a = this.agents;
    if (!a || t === null || (!this.dirty && t === a.time)) return;
    this.dirty = false;
    a.update(t);
    const detail = this.lod === "agents";
    const layers = [];
    const col = (el) => (el === this.selected ? SELECTED : colourOf(this.elements[el]));
    let drawn = a.activeCount;
    if (detail) {
      // close in, only what is in view (with a margin of a vehicle's length or two) is drawn
      const bounds = this.map.getBounds();
      const margin = 0.0005;
      const [west, south, east, north] = [bounds.getWest() - margin, bounds.getSouth() - margin, bounds.getEast() + margin, bounds.getNorth() + margin];
      let m = 0;
      let v = 0;
      let k = 0;
      drawn = 0;
      for (let i = 0; i < a.n; i++) {
        if (!a.active[i] || a.kind[i] === KIND.aircraft) continue;
        const [lon, lat] = [a.pos[3 * i], a.pos[3 * i + 1]];
        if (lon < west || lon > east || lat < south || lat > north) continue;
        drawn++;
        if (a.kind[i] === KIND.rank) {
          const end = a.writeMarchers(i, this.marcherPos, m);
          const colour = col(a.element[i]);
          for (; m < end; m++) {
            this.marcherCol.set(colour, 4 * m);
            this.slots[m] = i;
          }
        } else if (a.kind[i] === KIND.vehicle) {
          this.vehicleStarts[v] = v * 5;
          k = a.writeRectangle(i, this.vehiclePoly, k);
          for (let c = 0; c < 5; c++) this.vehicleCol.set(col(a.element[i]), 20 * v + 4 * c);
          this.vehicleSlots[v++] = i;
        }
      }
      this.vehicleStarts[v] = v * 5;
      layers.push(
        new ScatterplotLayer({
          id: "marchers", pickable: true,
          data: { length: m, attributes: { getPosition: { value: this.marcherPos, size: 3 }, getFillColor: { value: this.marcherCol, size: 4, normalized: true } } },
          radiusUnits: "meters", getRadius: 0.35, radiusMinPixels: 1.5,
        }),
        new SolidPolygonLayer({
          id: "vehicles", pickable: true, _normalize: false,
          data: { length: v, startIndices: this.vehicleStarts, attributes: {
            getPolygon: { value: this.vehiclePoly, size: 3 }, getFillColor: { value: this.vehicleCol, size: 4, normalized: true } } },
        }),
      );
      this.marchersDrawn = m;
    } else {
      this.marchersDrawn = 0;
      // each element one bar from its tail to its head, at its real width but never thinner than 5 px
      const shapes = a.elementBoxes(this.elements.length).map((b) => ({ ...b, colour: col(b.element) }));
      layers.push(new PathLayer({
        id: "element-shapes", pickable: true, data: shapes, getPath: (d) => d.path, getColor: (d) => d.colour,
        getWidth: (d) => d.width, widthUnits: "meters", widthMinPixels: 5, capRounded: false, billboard: false,
      }));
    }
    const aircraft = this._aircraftLayers(col);
    layers.push(...aircraft.layers);
    this.overlay.setProps({ layers });
    this._agentsPending = true;
    this.agentsDrawn = detail ? drawn + aircraft.count : a.activeCount;
  }

  _aircraftLayers(col) {
    const a = this.agents;
    let n = 0;
    const stalks = [];
    const leads = new Map();
    for (let i = 0; i < a.n; i++) {
      if (!a.active[i] || a.kind[i] !== KIND.aircraft) continue;
      this.airPos.set(a.pos.subarray(3 * i, 3 * i + 3), 3 * n);
      this.airSlots[n++] = i;
      const p = [a.pos[3 * i], a.pos[3 * i + 1], a.pos[3 * i + 2]];
      stalks.push({ from: [p[0], p[1], 0], to: p });
      if (!leads.has(a.element[i])) leads.set(a.element[i], p);
    }
    if (!n) return { layers: [], count: 0 };
    const shapes = [];
    for (let s = 0; s < n; s++) {
      const i = this.airSlots[s];
      const [kx, ky] = metresPerDegree(a.pos[3 * i + 1]);
      const sin = Math.sin(a.heading[i]);
      const cos = Math.cos(a.heading[i]);
      const at = (along, across) => [a.pos[3 * i] + (along * sin + across * cos) / kx, a.pos[3 * i + 1] + (along * cos - across * sin) / ky, a.pos[3 * i + 2]];
      const hl = a.length[i] / 2;
      const hw = a.width[i] / 2;
      shapes.push({ slot: s, element: a.element[i], ring: [at(hl, 0), at(-hl, hw), at(-hl * 0.5, 0), at(-hl, -hw), at(hl, 0)] });
    }
    const labels = [...leads].map(([index, p]) => {
      const f = this.elements[index];
      return { position: p, text: `${f.id} · ${feet(f.altitude_ft)}` };
    });
    return { count: n, layers: [
      new LineLayer({ id: "aircraft-altitude", data: stalks, getSourcePosition: (d) => d.from, getTargetPosition: (d) => d.to,
        getColor: [34, 211, 238, 90], getWidth: 1 }),
      new SolidPolygonLayer({ id: "aircraft-shapes", data: shapes, getPolygon: (d) => d.ring, getFillColor: (d) => col(d.element), pickable: true }),
      new ScatterplotLayer({ id: "aircraft", pickable: true,
        data: { length: n, attributes: { getPosition: { value: this.airPos, size: 3 } } },
        getFillColor: [34, 211, 238], radiusUnits: "pixels", getRadius: 3, stroked: true, getLineColor: [15, 19, 26], lineWidthUnits: "pixels", getLineWidth: 1 }),
      label("aircraft-labels", labels, { getColor: [125, 226, 245] }),
    ] };
  }

  // where element `id` is on the screen now (its first agent on its trip), in page coordinates
  screenOf(id) {
    const a = this.agents;
    const index = this.elements.findIndex((e) => e.id === id);
    for (let i = 0; a && i < a.n; i++) {
      if (!a.active[i] || a.element[i] !== index) continue;
      const p = this.map.project([a.pos[3 * i], a.pos[3 * i + 1]]);
      const box = this.map.getContainer().getBoundingClientRect();
      return [box.left + p.x, box.top + p.y];
    }
    return null;
  }

  _rendered() {
    this.frames++;
    if (this._agentsPending) {
      this._agentsPending = false;
      this.agentFrames++;
    }
  }

  _pickedElement(info) {
    const id = info.layer.id;
    if (id === "element-shapes" || id === "aircraft-shapes") return info.object.element;
    if (id === "marchers") return this.agents.element[this.slots[info.index]];
    if (id === "vehicles") return this.agents.element[this.vehicleSlots[info.index]];
    if (id === "aircraft") return this.agents.element[this.airSlots[info.index]];
    return null;
  }

  _bounds(ring) {
    let [w, s, e, n] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [lon, lat] of ring) {
      w = Math.min(w, lon); e = Math.max(e, lon); s = Math.min(s, lat); n = Math.max(n, lat);
    }
    return [[w, s], [e, n]];
  }
}
