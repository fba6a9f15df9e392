// The map: MapLibre GL for the base map, deck.gl (interleaved through MapboxOverlay) for the route,
// its points, the air segment's holds, IPs and run-ins, and every agent moving.
import * as maplibregl from "../vendor/maplibre-gl-6.17.0/maplibre-gl.mjs";
import { KIND } from "./agents.js";
import { MeasuredLine, metresPerDegree, offset, racetrack } from "./geo.js";
import { colourOf, SELECTED } from "./colours.js";
import { el } from "./dom.js";

const { MapboxOverlay, ScatterplotLayer, SolidPolygonLayer, PathLayer, TextLayer, LineLayer } = globalThis.deck;

// From this zoom on every marcher and vehicle is drawn; below it, each ground element is one shape.
const DETAIL_ZOOM = 16.5;
const KT = 1852 / 3600;

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

const label = (id, data, extra = {}) => new TextLayer({
  id, data, characterSet: "auto", getText: (d) => d.text, getPosition: (d) => d.position, getSize: 12,
  getColor: [226, 232, 240], fontFamily: "system-ui, sans-serif", fontWeight: 600,
  outlineWidth: 3, outlineColor: [15, 19, 26, 255], fontSettings: { sdf: true },
  getTextAnchor: "start", getAlignmentBaseline: "center", getPixelOffset: [10, 0], ...extra,
});

export class ParadeMap {
  constructor(container, { tilesUrl, onPick }) {
    this.viewFromAddress = /[#&]map=/.test(window.location.hash);
    this.map = new maplibregl.Map({
      container, style: baseStyle(tilesUrl), center: [0, 0], zoom: 2, attributionControl: tilesUrl ? { compact: true } : false,
      maxPitch: 70, fadeDuration: 0, hash: "map", // the view is kept in the address: #map=zoom/lat/lon/bearing/pitch
    });
    this.map.addControl(new maplibregl.NavigationControl({ visualizePitch: true }), "top-right");
    this.map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-left");
    this.overlay = new MapboxOverlay({
      interleaved: false, layers: [],
      onClick: (info) => onPick(info.picked ? this._pickedElement(info) : null),
      getCursor: ({ isHovering }) => (isHovering ? "pointer" : "grab"),
      onAfterRender: () => this._rendered(),
      pickingRadius: 6,
    });
    this.map.addControl(this.overlay);
    this.frames = 0; // frames deck.gl has drawn
    this.agentFrames = 0; // of them, frames that showed the agents at a new time
    this.map.on("zoom", () => { this.dirty = true; });
    new ResizeObserver(() => this.map.resize()).observe(container);
    this.loaded = new Promise((resolve) => this.map.once("load", resolve));
    this.selected = -1;
    this.agents = null;
    this.dirty = true;
  }

  // plan: the plan JSON with "geometry"; elements: [{id, kind, ...}] ground then air, as indexed by the agents
  setPlan(plan, elements) {
    const g = plan.geometry;
    this.elements = elements;
    this.line = new MeasuredLine(g.route, plan.route_length_m);
    const stretches = g.stretches || [];
    const widthAt = (d) => {
      const s = stretches.find((x) => x.width_m != null && d >= x.from_m && d <= x.to_m);
      return s ? s.width_m : g.width_m;
    };
    const breaks = stretches.flatMap((s) => [s.from_m, s.to_m]);
    const road = this.line.ribbon(0, this.line.length, widthAt, breaks);
    const ticks = [];
    for (let d = 100; d < this.line.length; d += 100) {
      const [lon, lat] = this.line.at(d);
      const [dx, dy] = this.line.direction(d);
      const right = [dy, -dx];
      const edge = widthAt(d) / 2;
      const len = d % 500 === 0 ? 10 : 4;
      const out = (m) => offset(lon, lat, right[0] * m, right[1] * m);
      ticks.push({ d, path: [out(edge), out(edge + len)], labelPos: out(edge + len + 14) });
    }
    const anchor = plan.anchor;
    const pointData = g.points.map((p, i) => ({
      ...p, position: [p.lon, p.lat], text: p.name === anchor ? `★ ${p.label}` : p.label, isAnchor: p.name === anchor,
      offset: [0, i % 2 ? -30 : -12],
    }));
    const air = (g.air || []).map((a) => ({ ...a, plan: (plan.air || []).find((f) => f.id === a.id) }));
    const holds = air.filter((a) => a.hold && a.plan && a.plan.hold).map((a) => {
      const v = a.plan.tas_kt * KT;
      const radius = (v * v) / (9.81 * Math.tan((25 * Math.PI) / 180));
      const leg = a.plan.ground_speed_kt * KT * a.plan.hold.leg_min * 60;
      return { id: a.id, path: racetrack(a.hold.lon, a.hold.lat, a.plan.hold.exit_track_deg, leg, radius, a.plan.hold.turn),
        position: [a.hold.lon, a.hold.lat], text: `Hold ${a.id}` };
    });
    const runIns = air.map((a) => ({ id: a.id, path: [[a.ip.lon, a.ip.lat], [a.tribune.lon, a.tribune.lat]] }));
    const ips = air.map((a) => ({ id: a.id, position: [a.ip.lon, a.ip.lat], text: `IP ${a.id}` }));
    const feature = (type, coordinates, properties = {}) => ({ type: "Feature", properties, geometry: { type, coordinates } });
    const collection = (features) => ({ type: "FeatureCollection", features });
    this._setScene({
      road: collection([feature("Polygon", [road])]),
      "centre-line": collection([feature("LineString", this.line.coords)]),
      ticks: collection(ticks.map((t) => feature("LineString", t.path))),
      holds: collection(holds.map((h) => feature("LineString", h.path))),
      "run-ins": collection(runIns.map((r) => feature("LineString", r.path))),
      ips: collection(ips.map((i) => feature("Point", i.position))),
      points: collection(pointData.map((p) => feature("Point", p.position, { anchor: p.isAnchor }))),
    });
    this._setLabels([
      ...ticks.filter((t) => t.d % 500 === 0).map((t) => ({ position: t.labelPos, text: `${t.d} m`, kind: "tick" })),
      ...[...ips, ...holds].map((a) => ({ position: a.position, text: a.text, kind: "air", offset: [0, -8] })),
      ...pointData.map((p) => ({ position: p.position, text: p.text, kind: p.isAnchor ? "anchor" : "point", offset: p.offset })),
    ]);
    this.routeBounds = this._bounds(road);
    this.dirty = true;
  }

  // The route, its points and the air segment's tracks, in MapLibre's own canvas: drawn again only
  // when the view moves, not on every frame of the animation as deck.gl's layers are.
  _setScene(sources) {
    const style = {
      road: { type: "fill", paint: { "fill-color": "#3a4250" } },
      "centre-line": { type: "line", paint: { "line-color": "#5c6676", "line-width": 1 } },
      ticks: { type: "line", paint: { "line-color": "#78828f", "line-width": 1 } },
      holds: { type: "line", paint: { "line-color": "#22d3ee", "line-opacity": 0.65, "line-width": 2 } },
      "run-ins": { type: "line", paint: { "line-color": "#22d3ee", "line-opacity": 0.45, "line-width": 2 } },
      ips: { type: "circle", paint: { "circle-color": "#22d3ee", "circle-radius": 5, "circle-stroke-color": "#0f131a", "circle-stroke-width": 2 } },
      points: { type: "circle", paint: {
        "circle-color": ["case", ["get", "anchor"], "#facc15", "#e2e8f0"], "circle-radius": ["case", ["get", "anchor"], 8, 6],
        "circle-stroke-color": "#0f131a", "circle-stroke-width": 2 } },
    };
    for (const [id, data] of Object.entries(sources)) {
      const source = this.map.getSource(id);
      if (source) source.setData(data);
      else {
        this.map.addSource(id, { type: "geojson", data });
        this.map.addLayer({ id, source: id, ...style[id] });
      }
    }
  }

  // Labels as DOM markers: crisp text with no glyph files to fetch, and no cost while animating.
  _setLabels(labels) {
    for (const marker of this.labels || []) marker.remove();
    this.labels = labels.map((l) => new maplibregl.Marker({
      element: el("div", { class: `map-label ${l.kind}` }, l.text), anchor: l.kind === "tick" ? "center" : "bottom", offset: l.offset || [0, 0],
    }).setLngLat(l.position).addTo(this.map));
  }

  setAgents(agents) {
    this.agents = agents;
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
    this.dirty = true;
  }

  setSelected(index) {
    this.selected = index;
    this.dirty = true;
  }

  fit() {
    const [[w, s], [e, n]] = this.routeBounds;
    // turn the map so the parade marches left to right across the pane, start to end
    const [start, end] = [this.line.at(0), this.line.at(this.line.length)];
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

  // Draw the agents at clock time t (only when t, the zoom or the selection changed).
  draw(t) {
    const a = this.agents;
    if (!a || (!this.dirty && t === a.time)) return false;
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
    return true;
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
      return { position: p, text: `${f.id} · ${Math.round(f.altitude_ft).toLocaleString("en")} ft` };
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

  // where element `index` is on the screen now (its first agent on its trip), in page coordinates
  screenOf(index) {
    const a = this.agents;
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
