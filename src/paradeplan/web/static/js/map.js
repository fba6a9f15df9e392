// The map: MapLibre GL for the base map and the plan's ground geometry as the server computed it
// (the road at its real width, distance marks, named points), deck.gl (overlaid through two
// MapboxOverlays: the air track at its altitude, still; above it every agent moving), and DOM on
// top for the labels (placed without overlap, maplabels.js), the finding marks, the legend and the
// view buttons (mapcontrols.js).
import * as maplibregl from "maplibre-gl";
import { KIND } from "./agents.js";
import { colourOf, css, SELECTED } from "./colours.js";
import { feet } from "./format.js";
import { MeasuredLine, metresPerDegree } from "./geo.js";
import { aircraftLayers, AIR_KINDS, airTrackLayers, altitude } from "./mapair.js";
import { FindingMarks, ViewControl } from "./mapcontrols.js";
import { MapLabels, RANK, textsOf } from "./maplabels.js";
import { ANCHOR, POINT, renderLegend, SLOW, TICK } from "./maplegend.js";

const { MapboxOverlay, ScatterplotLayer, SolidPolygonLayer, PathLayer, WebMercatorViewport } = globalThis.deck;

// From this zoom on every marcher and vehicle is drawn; below it, each ground element is one shape.
const DETAIL_ZOOM = 16.5;
// a distance mark's label sits this many mark lengths beyond the mark, away from the road
const TICK_LABEL_BEYOND = 1.4;
const EARTH_CIRCUMFERENCE_M = 40075016.686;
const TILE_PX = 512; // MapLibre's world is this many px wide at zoom 0
const CAMERA_HEIGHTS = 1.5; // MapLibre's (and deck.gl's) camera is this many pane heights above the centre
const LABEL_BELOW_CAMERA = 0.8; // a label at altitude is shown only below this share of the camera's height
const LABEL_GAP_PX = 3; // an element's label stands this far clear of its shape
const MARK_GAP_PX = [10, 10]; // a named point's label stands at least this far clear of its mark,
const MAX_ROAD_GAP_PX = 120; // and clear of the road, up to this far
const AIR_TRACK_WAIT_MS = 1000; // the air track is drawn when the page is idle after the first frame of agents, or after this
const TURN_MS = 500; // the map turns to north-up or the parade's direction in this long
const FIT_PADDING_PX = 40; // the whole route is shown this far inside the pane's edges
const ROAD_PROBE_M = 10; // the road's direction at a point: towards the route this far on

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
const hex = ([r, g, b]) => `rgb(${r}, ${g}, ${b})`;

// How each kind of ground feature of the plan's GeoJSON is drawn, bottom to top (the air's are deck.gl's).
const PLAN_LAYERS = [
  { id: "road", type: "fill", filter: kind("road"), paint: { "fill-color": "#3a4250" } },
  { id: "route", type: "line", filter: kind("route"), paint: { "line-color": "#5c6676", "line-width": 1 } },
  { id: "slow-stretch", type: "line", filter: ["all", kind("stretch"), ["to-boolean", ["get", "max_speed_kmh"]]],
    paint: { "line-color": hex(SLOW), "line-width": 3, "line-opacity": 0.8, "line-dasharray": [2, 1] } },
  { id: "tick", type: "line", filter: kind("tick"), paint: { "line-color": hex(TICK), "line-width": 1 } },
  { id: "point", type: "circle", filter: kind("point"), paint: {
    "circle-color": ["case", ["get", "anchor"], hex(ANCHOR), hex(POINT)], "circle-radius": ["case", ["get", "anchor"], 8, 6],
    "circle-stroke-color": "#0f131a", "circle-stroke-width": 2 } },
];

// The labels of the plan's features, placed anew each frame: [{key, kind, texts, position, gap, sides, rank}]
// (a named point's also has atM, its distance along the route).
// IPs shared by several formations get one label. byId: element id -> element, for the formations' names.
function planLabels(features, byId) {
  const labels = [];
  const ips = new Map();
  const nameOf = (id) => (byId.get(id) ? byId.get(id).label || byId.get(id).name : id);
  for (const { properties: p, geometry: g } of features) {
    const at = g.coordinates;
    if (p.kind === "tick" && p.label) {
      const [[x0, y0], [x1, y1]] = at;
      const position = [x1 + (x1 - x0) * TICK_LABEL_BEYOND, y1 + (y1 - y0) * TICK_LABEL_BEYOND, 0];
      labels.push({ key: `tick ${p.at_m}`, kind: "tick", texts: [p.label], position, gap: [0, 0], sides: ["C"], rank: RANK.tick });
    } else if (p.kind === "point") {
      const text = p.anchor ? `★ ${p.label}` : p.flypast ? `✈ ${p.label}` : p.label;
      labels.push({ key: `point ${p.name}`, kind: p.anchor ? "anchor" : "point", texts: textsOf(text), position: [...at, 0],
        atM: p.at_m, gap: MARK_GAP_PX, sides: ["N", "S", "E", "W"], rank: p.anchor ? RANK.anchor : RANK.point });
    } else if (p.kind === "stretch" && p.max_speed_kmh) {
      labels.push({ key: `stretch ${p.index}`, kind: "stretch", texts: [`max ${p.max_speed_kmh} km/h`],
        position: [...at[Math.floor(at.length / 2)], 0], gap: [6, 6], sides: ["N", "S", "E", "W"], rank: RANK.stretch });
    } else if (p.kind === "hold-fix") {
      const name = nameOf(p.formation);
      labels.push({ key: `hold ${p.formation}`, kind: "air", texts: [`Hold ${name}`, "Hold"], position: [at[0], at[1], altitude(at, p)],
        gap: [7, 7], sides: ["N", "E", "S", "W"], rank: RANK.air });
    } else if (p.kind === "ip") {
      const place = `${at[0]},${at[1]}`;
      const shared = ips.get(place);
      if (shared) shared.names.push(nameOf(p.formation));
      else {
        const ip = { key: `ip ${place}`, kind: "air", names: [nameOf(p.formation)], position: [at[0], at[1], altitude(at, p)],
          gap: [8, 8], sides: ["E", "W", "N", "S"], rank: RANK.air };
        ips.set(place, ip);
        labels.push(ip);
      }
    }
  }
  for (const ip of ips.values()) {
    ip.texts = ip.names.length > 1 ? [`IP · ${ip.names.length} formations`, "IP"] : [`IP ${ip.names[0]}`, "IP"];
  }
  return labels;
}

export class ParadeMap {
  // store: the workspace's (plan, elements, agents, selected, time, finding); a click on an agent selects
  // its element, a click on a finding mark chooses the finding. legend: the element to fill with the legend.
  constructor(container, store, { tilesUrl, legend }) {
    this.store = store;
    this.legend = legend;
    this.viewFromAddress = /[#&]map=/.test(window.location.hash);
    this.labelsOn = !/[?#&]labels=off/.test(window.location.search + window.location.hash);
    this.map = new maplibregl.Map({
      container, style: baseStyle(tilesUrl), center: [0, 0], zoom: 2, attributionControl: tilesUrl ? { compact: true } : false,
      maxPitch: 70, fadeDuration: 0, hash: "map", // the view is kept in the address: #map=zoom/lat/lon/bearing/pitch
    });
    this.map.addControl(new maplibregl.NavigationControl({ visualizePitch: true }), "top-right");
    this.map.addControl(new ViewControl((northUp) => this.turnTo(northUp ? this.paradeBearing() : 0)), "top-right");
    this.map.addControl(new maplibregl.ScaleControl({ unit: "metric" }), "bottom-left");
    // the air track, under the agents and on a canvas of its own: still while the parade plays, it is not drawn again in every frame
    this.airOverlay = new MapboxOverlay({ interleaved: false, layers: [] });
    this.map.addControl(this.airOverlay);
    this.overlay = new MapboxOverlay({
      interleaved: false, layers: [],
      onClick: (info) => store.set({ selected: info.picked ? this.elements[this._pickedElement(info)].id : null }),
      getCursor: ({ isHovering }) => (isHovering ? "pointer" : "grab"),
      onAfterRender: () => this._rendered(),
      pickingRadius: 6,
    });
    this.map.addControl(this.overlay);
    this.labels = new MapLabels(container);
    this.marks = new FindingMarks(container, (index) => store.set({ finding: { index } }));
    this.frames = 0; // frames deck.gl has drawn
    this.agentFrames = 0; // of them, frames that showed the agents at a new time
    this.map.on("move", () => this._redraw());
    // the pane's size, read here and on a resize only: reading it while drawing would make the
    // browser lay out the whole page again in every frame
    this.size = [container.clientWidth, container.clientHeight];
    const resized = new ResizeObserver(() => {
      this.size = [container.clientWidth, container.clientHeight];
      this.map.resize();
      this.obstacles = null;
      this._redraw();
    });
    resized.observe(container);
    resized.observe(legend);
    for (const control of container.querySelectorAll(".maplibregl-ctrl")) resized.observe(control);
    this.loaded = new Promise((resolve) => this.map.once("load", resolve));
    this.selected = -1;
    this.agents = null;
    this.elements = [];
    this.plan = null;
    this.dirty = true;
    store.subscribe(["elements"], (s) => this.setPlan(s.plan, s.elements));
    store.subscribe(["agents"], (s) => this.setAgents(s.agents));
    store.subscribe(["selected", "elements"], (s) => {
      this.selected = s.elements.findIndex((e) => e.id === s.selected);
      this._redraw();
    });
    store.subscribe(["finding"], (s) => {
      this.marks.choose(s.finding ? s.finding.index : null);
      this.obstacles = null;
      this._redraw();
    });
    store.subscribe(["time"], (s) => this.draw(s.time));
  }

  // plan: the plan JSON, whose "geometry" is drawn as it comes; elements: ground then air, as indexed by the agents
  setPlan(plan, elements) {
    this.plan = plan;
    this.elements = elements;
    const features = plan.geometry.features;
    const ground = { ...plan.geometry, features: features.filter((f) => !AIR_KINDS.has(f.properties.kind)) };
    const source = this.map.getSource("plan");
    if (source) source.setData(ground);
    else {
      this.map.addSource("plan", { type: "geojson", data: ground });
      for (const layer of PLAN_LAYERS) this.map.addLayer({ source: "plan", ...layer });
    }
    this.planLabels = planLabels(features, new Map(elements.map((e) => [e.id, e])));
    this.airLayers = airTrackLayers(features);
    if (this.agentFrames) this.airOverlay.setProps({ layers: this.airLayers });
    const anchor = features.find((f) => f.properties.kind === "point" && f.properties.anchor);
    this.anchorAt = anchor ? [...anchor.geometry.coordinates, 0] : null;
    const route = features.find((f) => f.properties.kind === "route");
    this.line = new MeasuredLine(route.geometry.coordinates, plan.route_length_m);
    this.roadWidthM = features.find((f) => f.properties.kind === "road").properties.width_m;
    for (const l of this.planLabels) {
      if (l.atM === undefined) continue;
      // a little further along the route (or back, at its end): which way the road runs on screen there
      const ahead = l.atM + ROAD_PROBE_M <= this.line.length ? l.atM + ROAD_PROBE_M : l.atM - ROAD_PROBE_M;
      l.ahead = [...this.line.at(ahead), 0];
    }
    this.routeBounds = this._bounds(features.find((f) => f.properties.kind === "road").geometry.coordinates[0]);
    this.marks.set(plan.findings, (f) => (f.position ? [f.position.lon, f.position.lat] : null));
    const { finding } = this.store.get();
    this.marks.choose(finding ? finding.index : null);
    renderLegend(this.legend, plan, elements);
    this._redraw();
  }

  // agents: the trips of the plan shown, or null while they load
  setAgents(agents) {
    this.agents = agents;
    if (agents) {
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
    }
    this._redraw();
  }

  // Labels on (the default) or off (for the benchmark, or `labels=off` in the address).
  setLabels(on) {
    this.labelsOn = on;
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

  // The whole route in view, north up.
  fit() {
    this.map.jumpTo({ ...this._fitCamera(0), bearing: 0, pitch: 0 });
  }

  // the camera that shows the whole route at `bearing`, clear of the legend (top left) and the buttons
  // (top right): below them or between them, whichever shows the route larger
  _fitCamera(bearing) {
    const pane = this.map.getContainer().getBoundingClientRect();
    const legend = this.legend.getBoundingClientRect();
    const buttons = [...this.map.getContainer().querySelectorAll(".maplibregl-ctrl-top-right .maplibregl-ctrl")].map((n) => n.getBoundingClientRect());
    const [buttonsLeft, buttonsBottom] = [Math.min(pane.right, ...buttons.map((r) => r.left)), Math.max(pane.top, ...buttons.map((r) => r.bottom))];
    const below = { top: Math.max(legend.bottom, buttonsBottom) - pane.top + FIT_PADDING_PX / 2, bottom: FIT_PADDING_PX, left: FIT_PADDING_PX, right: FIT_PADDING_PX };
    const beside = { top: FIT_PADDING_PX, bottom: FIT_PADDING_PX, left: legend.right - pane.left + FIT_PADDING_PX / 2, right: pane.right - buttonsLeft + FIT_PADDING_PX / 2 };
    const cameras = [below, beside].map((padding) => this.map.cameraForBounds(this.routeBounds, { padding, bearing }))
      .filter(Boolean);
    return cameras.reduce((best, c) => (c.zoom > best.zoom ? c : best), cameras[0] || { center: this.routeBounds[0] });
  }

  // Turn the map to `bearing` (deg): the whole route again if it was all in view, else about the
  // part of the route nearest the middle of the pane, so that it stays where it is.
  turnTo(bearing) {
    const canvas = this.map.getCanvas();
    const [w, h] = [canvas.clientWidth, canvas.clientHeight];
    const onScreen = this.line.coords.map((c) => this.map.project(c));
    if (onScreen.every((p) => p.x >= 0 && p.y >= 0 && p.x <= w && p.y <= h)) {
      this.map.easeTo({ ...this._fitCamera(bearing), bearing, pitch: 0, duration: TURN_MS });
      return;
    }
    const nearest = onScreen.reduce((best, p, i) => (Math.hypot(p.x - w / 2, p.y - h / 2) < best.d ? { d: Math.hypot(p.x - w / 2, p.y - h / 2), i } : best), { d: Infinity, i: -1 });
    const inView = nearest.i >= 0 && onScreen[nearest.i].x >= 0 && onScreen[nearest.i].x <= w && onScreen[nearest.i].y >= 0 && onScreen[nearest.i].y <= h;
    this.map.easeTo({ bearing, pitch: 0, duration: TURN_MS, ...(inView ? { around: this.line.coords[nearest.i] } : {}) });
  }

  // the bearing (deg) that turns the map so the parade marches left to right across the pane, start to end
  paradeBearing() {
    const [start, end] = [this.line.coords[0], this.line.coords[this.line.coords.length - 1]];
    const [kx, ky] = metresPerDegree((start[1] + end[1]) / 2);
    return ((Math.atan2((end[0] - start[0]) * kx, (end[1] - start[1]) * ky) * 180) / Math.PI) - 90;
  }

  get bearing() {
    return this.map.getBearing();
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

  // Draw the agents at clock time t, then place the labels and finding marks
  // (only when t, the view or the selection changed).
  draw(t) {
    const a = this.agents;
    if (!this.plan || (!this.dirty && (!a || t === a.time))) return;
    this.dirty = false;
    const layers = [];
    let shapes = [];
    let leads = new Map();
    if (a && t !== null) {
      a.update(t);
      const col = (el) => (el === this.selected ? SELECTED : colourOf(this.elements[el]));
      if (this.lod === "agents") {
        layers.push(...this._agentLayers(a, col));
        if (this.labelsOn) shapes = a.elementBoxes(this.elements.length);
      } else {
        this.marchersDrawn = 0;
        this.agentsDrawn = a.activeCount;
        // each element one bar from its tail to its head, at its real width but never thinner than 5 px
        shapes = a.elementBoxes(this.elements.length);
        const bars = shapes.map((b) => ({ ...b, colour: col(b.element) }));
        layers.push(new PathLayer({
          id: "element-shapes", pickable: true, data: bars, getPath: (d) => d.path, getColor: (d) => d.colour,
          getWidth: (d) => d.width, widthUnits: "meters", widthMinPixels: 5, capRounded: false, billboard: false,
        }));
      }
      const aircraft = aircraftLayers(a, this.airPos, this.airSlots, col);
      layers.push(...aircraft.layers);
      leads = aircraft.leads;
      if (this.lod === "agents") this.agentsDrawn += aircraft.count;
      this._agentsPending = true;
    }
    this.overlay.setProps({ layers });
    this._placeOverlays(shapes, leads);
  }

  // Close in, every marcher and vehicle in view (with a margin of a vehicle's length or two), one by one.
  _agentLayers(a, col) {
    const bounds = this.map.getBounds();
    const margin = 0.0005;
    const [west, south, east, north] = [bounds.getWest() - margin, bounds.getSouth() - margin, bounds.getEast() + margin, bounds.getNorth() + margin];
    let m = 0;
    let v = 0;
    let k = 0;
    let drawn = 0;
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
    this.marchersDrawn = m;
    this.agentsDrawn = drawn;
    return [
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
    ];
  }

  // the camera of the frame, as deck.gl draws it: projects [lon, lat, altitude m] to pane px
  _viewport() {
    const { lng, lat } = this.map.getCenter();
    const [width, height] = this.size;
    return new WebMercatorViewport({ width, height, longitude: lng, latitude: lat,
      zoom: this.map.getZoom(), pitch: this.map.getPitch(), bearing: this.map.getBearing() });
  }

  // The finding marks, then the labels of the plan, the elements (shapes: their boxes) and the
  // formations (leads: element index -> the first aircraft's [lon, lat, alt]), clear of each other.
  _placeOverlays(shapes, leads) {
    const vp = this._viewport();
    const { width, height } = vp;
    const marks = this.marks.place((p) => vp.project([p[0], p[1], 0]), width, height);
    if (!this.labelsOn) {
      this.labels.clear();
      return;
    }
    this.obstacles ||= this._fixedObstacles();
    const metresPerPx = (EARTH_CIRCUMFERENCE_M * Math.cos((vp.latitude * Math.PI) / 180)) / (TILE_PX * 2 ** vp.zoom);
    const ceilingM = LABEL_BELOW_CAMERA * CAMERA_HEIGHTS * height * metresPerPx * Math.cos((vp.pitch * Math.PI) / 180);
    const [ax, ay] = this.anchorAt ? vp.project(this.anchorAt) : [width / 2, height / 2];
    const candidates = [];
    const add = (c, [x, y]) => {
      if (x < -width || x > 2 * width || y < -height || y > 2 * height) return;
      candidates.push({ ...c, x, y, distance: Math.hypot(x - ax, y - ay) });
    };
    for (const l of this.planLabels) {
      if (l.position[2] >= ceilingM) continue;
      const [x, y] = vp.project(l.position);
      if (!l.ahead) add(l, [x, y]);
      else {
        // a named point's label beside the road, not on it (and on the marchers), where it fits
        const [x1, y1] = vp.project(l.ahead);
        const along = Math.abs(x1 - x) >= Math.abs(y1 - y);
        const clear = Math.min(MAX_ROAD_GAP_PX, this.roadWidthM / metresPerPx / 2 + LABEL_GAP_PX);
        add({ ...l, sides: along ? ["N", "S", "E", "W"] : ["E", "W", "N", "S"], gap: l.gap.map((g) => Math.max(g, clear)) }, [x, y]);
      }
    }
    for (const b of shapes) {
      const e = this.elements[b.element];
      const [x0, y0] = vp.project([...b.path[0], 0]);
      const [x1, y1] = vp.project([...b.path[1], 0]);
      const [dx, dy] = [Math.abs(x1 - x0), Math.abs(y1 - y0)];
      const length = Math.hypot(dx, dy) || 1;
      const half = Math.max(b.width / metresPerPx, 5) / 2; // as the bar is drawn, at least 5 px wide
      const gap = [dx / 2 + (half * dy) / length + LABEL_GAP_PX, dy / 2 + (half * dx) / length + LABEL_GAP_PX];
      add(this._elementLabel(e, b.element, this._names(e, b.element), gap, dx >= dy ? ["N", "S", "E", "W"] : ["E", "W", "N", "S"]),
        [(x0 + x1) / 2, (y0 + y1) / 2]);
    }
    for (const [index, p] of leads) {
      if (p[2] >= ceilingM) continue;
      const e = this.elements[index];
      const names = this._names(e, index);
      add(this._elementLabel(e, index, [`${names[0]} · ${feet(e.altitude_ft)}`, ...names], [8, 8], ["E", "W", "N", "S"]), vp.project(p));
    }
    this.labels.place(candidates, [...this.obstacles, ...marks], width, height);
  }

  // an element's label: its short label (the full name first when it is the selected one)
  _names(e, index) {
    const label = e.label || e.name;
    return index === this.selected && e.name !== label ? [e.name, label] : [label];
  }

  _elementLabel(e, index, texts, gap, sides) {
    const selected = index === this.selected;
    return { key: `element ${e.id}`, kind: e.group === "air" ? "formation" : "element", texts, gap, sides, selected,
      rank: selected ? RANK.selected : RANK.element, colour: css(colourOf(e)) };
  }

  // the legend and the map's controls, where no label may go: [{left, top, right, bottom}] in pane px
  _fixedObstacles() {
    const pane = this.map.getContainer().getBoundingClientRect();
    const boxes = [this.legend, ...this.map.getContainer().querySelectorAll(".maplibregl-ctrl")].map((node) => node.getBoundingClientRect());
    return boxes.filter((r) => r.width && r.height)
      .map((r) => ({ left: r.left - pane.left, top: r.top - pane.top, right: r.right - pane.left, bottom: r.bottom - pane.top }));
  }

  // the labels on screen now, in page px: [{text, kind, left, top, width, height}] (for tests)
  labelBoxes() {
    return this.labels.boxes();
  }

  // the finding marks on screen now: [{index, x, y (page px of the centre), width, chosen, severity}] (for tests)
  findingMarks() {
    return this.marks.positions();
  }

  // page px of [lon, lat] on the ground now (for tests)
  pagePoint(lon, lat) {
    const p = this.map.project([lon, lat]);
    const box = this.map.getContainer().getBoundingClientRect();
    return [box.left + p.x, box.top + p.y];
  }

  // where element `id` is on the screen now (its first agent on its trip), in page coordinates
  screenOf(id) {
    const a = this.agents;
    const index = this.elements.findIndex((e) => e.id === id);
    for (let i = 0; a && i < a.n; i++) {
      if (!a.active[i] || a.element[i] !== index) continue;
      return this.pagePoint(a.pos[3 * i], a.pos[3 * i + 1]);
    }
    return null;
  }

  _rendered() {
    this.frames++;
    if (this._agentsPending) {
      this._agentsPending = false;
      this.agentFrames++;
      // the air track once the agents are on screen: its lines' shaders take a second to build in a
      // software renderer, which the first view of the parade need not wait for
      if (this.agentFrames === 1) requestIdleCallback(() => this.airOverlay.setProps({ layers: this.airLayers }), { timeout: AIR_TRACK_WAIT_MS });
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
