// The workspace for one scenario: editor, map, time-distance chart, tables, findings and the
// element card. Their shared state (the plan, the clock, the selection) is one store that each
// view subscribes to; this module loads the plan and the trips into it and wires the editor.
import { getJSON, restoreVersion } from "./api.js";
import { Agents, elementsOf } from "./agents.js";
import { mountCard } from "./card.js";
import { Chart } from "./chart.js";
import { Clock, mountTransport } from "./clock.js";
import { el, readJSONScript, showProblems } from "./dom.js";
import { Editor } from "./editor.js";
import { mountFit } from "./fit.js";
import { mountFindings } from "./findings.js";
import { ParadeMap } from "./map.js";
import { mountSplitters } from "./panes.js";
import { mountPassing } from "./passing.js";
import { mountReplay } from "./replay.js";
import { createStore } from "./store.js";
import { mountSummary } from "./summary.js";
import { Tables } from "./table.js";
import { secondsOf } from "./time.js";
import { WhatIf } from "./whatif.js";

const config = readJSONScript("workspace-config");
const api = `${config.api_url}/scenarios/${config.scenario_id}`;
const shownVersion = config.read_only ? config.version : null; // null: the latest
const versionQuery = (version) => (version ? `?version=${version}` : "");
const CLOCK_MARGIN_S = 60; // the clock runs from a minute before the first time of the plan to a minute after the last

const store = createStore({
  plan: null, // the plan JSON shown: the saved version's, or the editor's unsaved text's (edited)
  elements: [], // its ground elements then its formations, each with group, index and flag
  agents: null, // every agent's trip of that plan (Agents), null while they load
  version: config.version, // the last saved version (or the one opened read-only)
  selected: null, // an element id
  time: null, // clock seconds
  playing: false,
  speed: 1,
  range: null, // [first, last] clock seconds the clock runs over
  validation: null, // the last /api/validate answer, with `text` and `ms`
  finding: null, // {index} into plan.findings: the finding chosen (a new object on each choice)
  edited: false, // the plan shown is the editor's unsaved text (the what-if)
});

const agentsOf = (trips, elements) => new Agents(trips.agents, new Map(elements.map((e) => [e.id, e.index])));

// [first, last] clock seconds of the plan's times, with a margin
function clockRange(plan) {
  const times = [
    ...plan.ground.flatMap((g) => [g.trajectory[0].head, g.trajectory[g.trajectory.length - 1].tail]),
    ...plan.air.flatMap((a) => [a.hold_exit || a.ip, a.over_tribune]),
  ].map((iso) => secondsOf(iso, plan.date));
  return [Math.min(...times) - CLOCK_MARGIN_S, Math.max(...times) + CLOCK_MARGIN_S];
}

const clock = new Clock(store);
const map = new ParadeMap(document.getElementById("map"), store, { tilesUrl: config.tiles_url, legend: document.getElementById("map-legend") });
const chart = new Chart(document.getElementById("chart"), store, { onSeek: (t) => clock.seek(t) });
new Tables(document.getElementById("march-table"), document.getElementById("air-table"), store);
mountTransport(document.getElementById("transport"), store, clock);
mountCard(document.getElementById("card-body"), store);
mountFindings(document.getElementById("findings"), document.getElementById("findings-count"), document.getElementById("findings-source"), store);
mountSummary(document.getElementById("summary"), store);
const nowPassing = mountPassing(document.getElementById("passing"), store);
mountSplitters(document.getElementById("panes"));
const mapStatus = document.getElementById("map-status");

store.subscribe(["version"], ({ version }) => {
  document.querySelector(".crumb.version").textContent = `v${version}`;
});
store.subscribe(["edited"], ({ edited }) => document.body.classList.toggle("edited", edited));

// a finding chosen: the clock to when it is seen there (show_at: its time, or when its element gets to its
// place), the map to its place, the chart to that time, its first element selected
store.subscribe(["finding"], ({ finding, plan, elements }) => {
  const f = finding && plan.findings[finding.index];
  if (!f) return;
  clock.pause();
  if (f.show_at) {
    const t = secondsOf(f.show_at, plan.date);
    clock.seek(t);
    chart.showTime(t);
  }
  const first = f.elements.map((id) => elements.find((e) => e.id === id)).find(Boolean);
  if (f.at_m != null) map.showDistance(f.at_m);
  else if (first && first.group === "air") map.showPosition(first.ip_position.lon, first.ip_position.lat);
  if (first) store.set({ selected: first.id });
});

// put a plan (saved or edited) and its agents in the store; the clock keeps its time, the selection
// stays when the element is still there, a chosen finding goes with the plan it was in
function show({ plan, elements, agents }, edited) {
  const before = store.get();
  if (plan !== before.plan) {
    const start = secondsOf(plan.summary.first_at_anchor || plan.air[0].over_tribune, plan.date) - CLOCK_MARGIN_S;
    clock.setRange(clockRange(plan), start);
  }
  store.set({
    plan, elements, agents, edited,
    selected: elements.some((e) => e.id === before.selected) ? before.selected : null,
    finding: plan === before.plan ? before.finding : null,
  });
}

let whatIf = null; // the what-if, while editing (not on a version opened read-only)
let readOnlyView = null; // the version opened read-only

const planOf = (version) => getJSON(`${api}/plan${versionQuery(version)}`);
const tripsOf = (version) => getJSON(`${api}/trips${versionQuery(version)}`);

// fetched: the plan's request, when it was sent before (the first load sends both requests at once)
async function loadPlan(version, fetched = planOf(version)) {
  const plan = await fetched;
  if (whatIf) whatIf.setSaved(plan);
  else {
    readOnlyView = { plan, elements: elementsOf(plan), agents: null };
    show(readOnlyView, false);
  }
}

async function loadTrips(version, fetched = tripsOf(version)) {
  mapStatus.textContent = "Loading every agent's trip…";
  mapStatus.hidden = false;
  const trips = await fetched;
  if (whatIf) whatIf.setSavedTrips(trips);
  else {
    readOnlyView.agents = agentsOf(trips, readOnlyView.elements);
    show(readOnlyView, false);
  }
  mapStatus.hidden = true;
}

async function load(version) {
  await loadPlan(version);
  await loadTrips(version);
}

// What the browser tests and the benchmark read; nothing in the app reads it back.
let firstFullFrameMs = null;
window.paradeplan = {
  // the views themselves and the store, for tests to ask what they draw (map.labelBoxes() and the like)
  map,
  chart,
  store,
  get clock_s() { return store.get().time; },
  get playing() { return store.get().playing; },
  get speed() { return store.get().speed; },
  get selected() { return store.get().selected; },
  get lastValidation() { return store.get().validation; },
  get version() { return store.get().version; },
  get planLoaded() { return store.get().plan !== null; },
  // the plan shown is the editor's unsaved text
  get edited() { return store.get().edited; },
  // the agents shown are those of the plan shown (not, for a moment, those of the plan before an edit)
  get tripsFollowPlan() { return store.get().agents !== null && (!whatIf || whatIf.agentsFollow); },
  get summary() { return document.getElementById("summary").textContent; },
  get nowPassing() { return { ...nowPassing }; },
  get tripsLoaded() { return store.get().agents !== null; },
  get agentsTotal() { return store.get().agents ? store.get().agents.n : 0; },
  get agentsActive() { return store.get().agents ? store.get().agents.activeCount : 0; },
  get agentsDrawn() { return map.agentsDrawn; },
  get marchersDrawn() { return map.marchersDrawn; },
  get lod() { return map.lod; },
  get frames() { return map.frames; },
  // performance.now() at the first frame drawn with every agent placed
  get firstFullFrameMs() { return firstFullFrameMs; },
  // move the clock to clock second t (as the time slider does)
  seek: (t) => clock.seek(t),
  // page coordinates of an element on the map now, and of the middle of its band at the anchor on the chart
  locate: (id) => map.screenOf(id),
  chartPoint: (id) => chart.anchorPoint(id),
  // the edge ("head" or "tail") of a ground element's band as the chart draws it: [[distance m, clock s], ...]
  chartEdge: (id, end) => chart.edge(id, end),
  // [id, lon, lat, alt] of the agents on their trips now
  positions: () => {
    const a = store.get().agents;
    const out = [];
    for (let i = 0; a && i < a.n; i++) if (a.active[i]) out.push([a.ids[i], a.pos[3 * i], a.pos[3 * i + 1], a.pos[3 * i + 2]]);
    return out;
  },
};

function frame() {
  clock.tick();
  if (firstFullFrameMs === null && store.get().agents && map.agentFrames > 0) firstFullFrameMs = performance.now();
  requestAnimationFrame(frame);
}

function mountSave(editor) {
  const form = document.getElementById("save-form");
  const result = document.getElementById("save-result");
  const message = document.getElementById("save-message");
  const say = (kind, lines) => {
    showProblems(result, lines);
    result.dataset.kind = kind;
  };
  const save = async () => {
    if (!message.value.trim()) {
      message.focus();
      message.reportValidity();
      return;
    }
    form.classList.add("busy");
    try {
      let number;
      try {
        number = await editor.save(message.value.trim());
      } catch (error) {
        say("error", [`Not saved: ${error.message}`]);
        return;
      }
      message.value = "";
      store.set({ version: number });
      say("ok", [`Saved as version ${number}.`]);
      try {
        await load(number);
      } catch (error) {
        say("warning", [`Saved as version ${number}.`, `The plan of version ${number} could not be shown: ${error.message}. Reload the page to see it.`]);
      }
    } finally {
      form.classList.remove("busy");
    }
  };
  form.addEventListener("submit", (e) => { e.preventDefault(); save(); });
  const unsaved = document.getElementById("unsaved");
  editor.addEventListener("change", () => {
    unsaved.hidden = !editor.dirty;
    if (!form.classList.contains("busy")) say("", []); // what the last save said is about another text
  });
  editor.addEventListener("save-requested", save);
}

async function start() {
  // both requests go out at once, while the modules, the editor and the map start: the server works out the
  // trips while the browser draws the plan
  const planFetched = planOf(shownVersion);
  const tripsFetched = tripsOf(shownVersion);
  tripsFetched.catch(() => {}); // a failure is reported when the trips are awaited, not as unhandled
  const editor = new Editor(document.getElementById("editor-pane"), {
    yamlText: config.yaml, filename: config.filename, readOnly: config.read_only, saveUrl: `${api}/versions`,
    validateUrl: `${config.api_url}/validate`,
  });
  if (config.read_only) {
    document.getElementById("restore").addEventListener("click", () => restoreVersion(config.api_url, config.scenario_id, config.version));
    store.subscribe(["plan"], ({ plan }) => editor.show([], plan.findings));
  } else {
    // before the validation reaches the store, so the plan of a check is shown when its answer is
    whatIf = new WhatIf({
      editor, store, elementsOf, agentsOf, show,
      banner: document.getElementById("whatif"), dialog: document.getElementById("compare-dialog"),
      urls: { trips: `${config.api_url}/trips`, compare: `${api}/compare` },
    });
    mountSave(editor);
    mountFit({
      button: document.getElementById("fit-open"), dialog: document.getElementById("fit-dialog"), editor, url: `${config.api_url}/fit`,
    });
  }
  editor.addEventListener("validated", (e) => store.set({ validation: e.detail }));
  store.subscribe(["selected"], ({ selected }) => { if (selected) editor.reveal(selected); });
  await map.loaded;
  try {
    await loadPlan(shownVersion, planFetched);
  } catch (error) {
    if (error.status === 422 && error.body && error.body.problems) editor.show(error.body.problems, []);
    throw error;
  }
  if (!map.viewFromAddress) map.fit();
  requestAnimationFrame(frame);
  await loadTrips(shownVersion, tripsFetched);
  if (config.read_only && new URLSearchParams(window.location.search).has("live")) {
    window.paradeplan.replay = await mountReplay({ api, store, clock, banner: document.getElementById("whatif") });
  }
}

start().catch((error) => {
  mapStatus.textContent = `Could not load the workspace: ${error.message}`;
  mapStatus.hidden = false;
  mapStatus.dataset.kind = "error";
  throw error;
});
