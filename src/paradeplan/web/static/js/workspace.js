// The workspace for one scenario: editor, map, time-distance chart, tables, findings and the
// element card, all on one clock and one selection.
import { getJSON, restoreVersion } from "./api.js";
import { Agents } from "./agents.js";
import { renderCard } from "./card.js";
import { Chart } from "./chart.js";
import { Clock, mountTransport } from "./clock.js";
import { KIND_COLOURS, swatch } from "./colours.js";
import { el, readJSONScript, showProblems } from "./dom.js";
import { Editor } from "./editor.js";
import { renderFindings } from "./findings.js";
import { ParadeMap } from "./map.js";
import { mountSplitters } from "./panes.js";
import { Tables } from "./table.js";
import { TimeBase } from "./time.js";

const config = readJSONScript("workspace-config");
const api = `${config.api_url}/scenarios/${config.scenario_id}`;
const versionQuery = (version) => (version ? `?version=${version}` : "");

// State the browser tests and the benchmark read; nothing in the app reads it back.
const state = {
  clock_s: null, playing: false, speed: 1, frames: 0, agentsDrawn: 0, agentsActive: 0, agentsTotal: 0, marchersDrawn: 0, lod: null,
  selected: null, lastValidation: null, version: config.version, planLoaded: false, tripsLoaded: false,
  firstFullFrameMs: null,
  // page coordinates of an element on the map now, and of its head at the tribune on the chart
  locate: (id) => (ws.byId.has(id) ? map.screenOf(ws.byId.get(id).index) : null),
  chartPoint: (id) => (ws.byId.has(id) ? chart.anchorPoint(ws.byId.get(id).index) : null),
  // [id, lon, lat, alt] of the agents on their trips now
  positions: () => {
    const a = ws.agents;
    const out = [];
    if (!a) return out;
    for (let i = 0; i < a.n; i++) if (a.active[i]) out.push([a.ids[i], a.pos[3 * i], a.pos[3 * i + 1], a.pos[3 * i + 2]]);
    return out;
  },
};
window.paradeplan = state;

const ws = { plan: null, elements: [], byId: new Map(), agents: null, timebase: null, clock: null, editor: null, selected: -1 };

function buildElements(plan) {
  const flags = new Map();
  for (const f of plan.findings) for (const id of f.elements) if (flags.get(id) !== "error") flags.set(id, f.severity);
  const ground = plan.ground.map((g, i) => ({ ...g, group: "ground", index: i, flag: flags.get(g.id) }));
  const air = plan.air.map((a, j) => ({ ...a, group: "air", kind: "air", index: ground.length + j, flag: flags.get(a.id) }));
  return [...ground, ...air];
}

function select(index) {
  ws.selected = index === null || index === undefined ? -1 : index;
  const element = ws.elements[ws.selected] || null;
  state.selected = element ? element.id : null;
  map.setSelected(ws.selected);
  chart.setSelected(ws.selected);
  tables.setSelected(ws.selected);
  if (element) ws.editor.reveal(element.id);
  updateCard();
}

function updateCard() {
  const element = ws.elements[ws.selected] || null;
  const t = ws.clock.now();
  let now = null;
  if (element && element.group === "ground") now = chart.describe(element.index, t);
  renderCard(document.getElementById("card-body"), element, { plan: ws.plan, timebase: ws.timebase, timeOf, now });
  ws.cardShownAt = t;
}

const timeOf = (iso) => ws.timebase.seconds(iso);

// a finding: clock to its time, map to its place, chart to both, its first element selected
function jumpTo(finding) {
  if (finding.time) {
    const t = timeOf(finding.time);
    ws.clock.pause();
    ws.clock.seek(t);
    chart.showTime(t);
  }
  if (finding.at_m !== undefined && finding.at_m !== null) map.showDistance(finding.at_m);
  const first = finding.elements.map((id) => ws.byId.get(id)).find(Boolean);
  if (first) {
    select(first.index);
    if (first.group === "air" && finding.at_m == null) map.showPosition(first.ip_position.lon, first.ip_position.lat);
  }
}

function legend() {
  const used = new Set(ws.elements.map((e) => e.kind));
  document.getElementById("map-legend").replaceChildren(...Object.entries(KIND_COLOURS).filter(([k]) => used.has(k))
    .map(([k, c]) => el("span", {}, swatch(c), k)));
}

async function loadPlan(version) {
  const plan = await getJSON(`${api}/plan${versionQuery(version)}`);
  ws.plan = plan;
  ws.elements = buildElements(plan);
  ws.byId = new Map(ws.elements.map((e) => [e.id, e]));
  if (!ws.timebase) {
    ws.timebase = new TimeBase(plan.date, plan.timezone, plan.summary.first_at_anchor || plan.summary.step_off);
  }
  const times = ws.elements.flatMap((e) => (e.group === "ground" ? Object.values(e.times).flatMap((ht) => [ht.head, ht.tail])
    : [e.hold_exit || e.ip, e.over_tribune])).map(timeOf);
  const [first, last] = [Math.min(...times), Math.max(...times)];
  if (!ws.clock) {
    ws.clock = new Clock(timeOf(plan.summary.first_at_anchor) - 60, first - 60, last + 60);
    ws.transportUpdate = mountTransport(document.getElementById("transport"), ws.clock, ws.timebase);
    ws.clock.addEventListener("state", () => { state.playing = ws.clock.playing; state.speed = ws.clock.speed; });
  } else {
    ws.clock.setRange(first - 60, last + 60);
  }
  map.setPlan(plan, ws.elements);
  chart.setPlan(plan, ws.elements, timeOf);
  tables.setPlan(plan, ws.elements, timeOf);
  renderFindings(document.getElementById("findings"), document.getElementById("findings-count"), plan.findings,
    { timebase: ws.timebase, timeOf, onJump: jumpTo });
  legend();
  state.planLoaded = true;
  const keep = ws.elements[ws.selected];
  select(keep ? (ws.byId.get(keep.id) || {}).index ?? -1 : -1);
  return plan;
}

async function loadTrips(version) {
  const status = document.getElementById("map-status");
  status.textContent = "Loading every agent's trip…";
  status.hidden = false;
  const trips = await getJSON(`${api}/trips${versionQuery(version)}`);
  const index = new Map(ws.elements.map((e) => [e.id, e.index]));
  ws.agents = new Agents(trips.agents, index);
  map.setAgents(ws.agents);
  state.agentsTotal = ws.agents.n;
  state.tripsLoaded = true;
  status.hidden = true;
}

function frame() {
  if (ws.clock) {
    const t = ws.clock.now();
    state.clock_s = t;
    ws.transportUpdate(t);
    chart.setCursor(t);
    if (map.draw(t)) {
      state.agentsDrawn = map.agentsDrawn;
      state.marchersDrawn = map.marchersDrawn;
      state.agentsActive = ws.agents.activeCount;
      state.lod = map.lod;
    }
    if (ws.selected >= 0 && Math.abs(t - ws.cardShownAt) >= 1) updateCard();
  }
  state.frames = map.frames;
  if (state.firstFullFrameMs === null && state.tripsLoaded && map.agentFrames > 0) {
    state.firstFullFrameMs = performance.now();
  }
  requestAnimationFrame(frame);
}

const map = new ParadeMap(document.getElementById("map"), { tilesUrl: config.tiles_url, onPick: (i) => select(i) });
const chart = new Chart(document.getElementById("chart"), {
  timebase: { format: (t) => ws.timebase.format(t), formatShort: (t) => ws.timebase.formatShort(t) },
  onSelect: (i) => select(i),
  onSeek: (t) => ws.clock.seek(t),
});
const tables = new Tables(document.getElementById("march-table"), document.getElementById("air-table"), {
  timebase: { format: (t) => ws.timebase.format(t) }, onSelect: (i) => select(i),
});
mountSplitters(document.getElementById("panes"));

async function start() {
  const editor = new Editor(document.getElementById("editor-pane"), {
    yamlText: config.yaml, filename: config.filename, readOnly: config.read_only, saveUrl: `${api}/versions`,
    validateUrl: `${config.api_url}/validate`,
  });
  ws.editor = editor;
  editor.addEventListener("validated", (e) => { state.lastValidation = e.detail; });
  if (config.read_only) {
    document.getElementById("restore").addEventListener("click", () => restoreVersion(config.api_url, config.scenario_id, config.version));
  } else {
    const form = document.getElementById("save-form");
    const result = document.getElementById("save-result");
    const message = document.getElementById("save-message");
    const save = async () => {
      if (!message.value.trim()) {
        message.focus();
        message.reportValidity();
        return;
      }
      form.classList.add("busy");
      try {
        const number = await editor.save(message.value.trim());
        message.value = "";
        state.version = number;
        document.querySelector(".crumb.version").textContent = `v${number}`;
        showProblems(result, [`Saved as version ${number}.`]);
        result.dataset.kind = "ok";
        await loadPlan(number);
        await loadTrips(number);
      } catch (error) {
        showProblems(result, [`Not saved: ${error.message}`]);
        result.dataset.kind = "error";
      } finally {
        form.classList.remove("busy");
      }
    };
    form.addEventListener("submit", (e) => { e.preventDefault(); save(); });
    const unsaved = document.getElementById("unsaved");
    editor.addEventListener("change", () => { unsaved.hidden = !editor.dirty; });
    editor.addEventListener("save-requested", save);
  }
  await map.loaded;
  await loadPlan(config.read_only ? config.version : null);
  if (!map.viewFromAddress) map.fit();
  requestAnimationFrame(frame);
  await loadTrips(config.read_only ? config.version : null);
}

start().catch((error) => {
  const status = document.getElementById("map-status");
  status.textContent = `Could not load the workspace: ${error.message}`;
  status.hidden = false;
  status.dataset.kind = "error";
  throw error;
});
