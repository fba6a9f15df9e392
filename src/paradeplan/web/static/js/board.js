// The control board of the day: the forecast table, the next passings at each point, the records as
// they come, the corrections to issue, the re-plan beside them and the orders issued, the forecast's findings, and the map and
// the time-distance chart on the day's clock with the planned and forecast bands side by side.
// Everything comes from the server (boardfeed.js: GET /live/forecast, then the stream). The map and
// the chart are the workspace's own modules, on a store of the same keys.
import { getJSON } from "./api.js";
import { Agents } from "./agents.js";
import { mountDayBar } from "./boardday.js";
import { feedDay, followDayClock } from "./boardfeed.js";
import { mountCorrections, mountFindings, mountOrders, mountRecords } from "./boardlists.js";
import { mountReplan } from "./boardreplan.js";
import { mountForecastTable, mountNextPassings } from "./boardtable.js";
import { drawForecast, forecastOf, shiftAgents } from "./boardtrack.js";
import { Chart } from "./chart.js";
import { readJSONScript } from "./dom.js";
import { ParadeMap } from "./map.js";
import { createStore } from "./store.js";

const config = readJSONScript("board-config");
const api = `${config.api_url}/scenarios/${config.scenario_id}`;

const store = createStore({
  plan: null, // the day's forecast JSON: the baseline's plan JSON, its findings and passes on the forecast
  elements: [], // its ground elements then its formations, each with group, index and flag (as the workspace's)
  agents: null, // every agent's trip of the baseline, moved by its element's forecast delay
  selected: null, // an element id
  time: null, // the day's clock, clock seconds
  finding: null, // the map and the chart take it; the board chooses none
  overlay: null, // the chart's forecast bands: draw(ctx, chart)
  live: null, // the latest forecast: {seq, elements: {id: {air, delay_s, own_delay_s, held_by, forecast, recorded}}, corrections, orders, findings, passes}
  day: undefined, // the day JSON; null when the scenario never ran one (undefined while loading)
  records: [], // stored records in seq order
  status: "connecting", // the stream: "connecting", "live", "reconnecting"
});

const mapStatus = document.getElementById("map-status");
const say = (text, kind = "") => {
  mapStatus.textContent = text;
  mapStatus.dataset.kind = kind;
  mapStatus.hidden = !text;
};
const map = new ParadeMap(document.getElementById("map"), store, { legend: document.getElementById("map-legend") });
const chart = new Chart(document.getElementById("chart"), store, { onSeek: null }); // the day's clock is not set by a click
// a row picked: the chart shows its band and its neighbours' where they pass the anchor, planned and forecast
mountForecastTable(document.getElementById("forecast-table"), document.getElementById("forecast-title"), store,
  { onPick: () => chart.zoomTo("selected") });
mountNextPassings(document.getElementById("next-table"), document.getElementById("next-now"), store);
mountRecords(document.getElementById("records"), document.getElementById("records-count"), store);
mountCorrections(document.getElementById("corrections"), document.getElementById("corrections-count"), store, { api, may: config.may });
mountReplan(document.getElementById("replan"), document.getElementById("replan-count"), document.getElementById("replan-summary"), store, { api });
mountOrders(document.getElementById("orders"), document.getElementById("orders-count"), store);
mountFindings(document.getElementById("board-findings"), document.getElementById("findings-count"), store);

let trips = null; // {version, agents, plannedT}: the baseline's trips and their planned times, loaded once per version
let fitted = false;

// each forecast: the chart's forecast bands, and every agent moved by its element's delay
store.subscribe(["live"], ({ plan, live, elements }) => {
  store.set({ overlay: drawForecast(forecastOf(plan, live)) });
  if (trips && live) shiftAgents(trips.agents, trips.plannedT, elements, live);
});

// a day's forecast is in: the whole route in view (once), then the baseline's trips for the map
async function onLoaded(day) {
  if (!fitted) {
    document.querySelector("#map-legend details").open = false; // folded: the board's map pane is small
    if (!map.viewFromAddress) map.fit();
  }
  fitted = true;
  if (trips && trips.version === day.version) return;
  say("Loading every agent's trip…");
  const loaded = await getJSON(`${api}/trips?version=${day.version}`);
  const { elements, live } = store.get();
  const agents = new Agents(loaded.agents, new Map(elements.map((e) => [e.id, e.index])));
  trips = { version: day.version, agents, plannedT: agents.T.slice() };
  shiftAgents(agents, trips.plannedT, elements, live);
  store.set({ agents });
}

const feed = feedDay(store, { apiUrl: config.api_url, scenarioId: config.scenario_id, beforeShow: () => map.loaded, onLoaded, say });
mountDayBar(store, { api, may: config.may, onStarted: feed.started });

followDayClock(store);

// What the browser tests read; nothing in the app reads it back.
window.paradeplan = {
  store, map, chart,
  get day() { return store.get().day; },
  get live() { return store.get().live; },
  get records() { return store.get().records; },
  get status() { return store.get().status; },
  get clock_s() { return store.get().time; },
  get tripsLoaded() { return store.get().agents !== null; },
  // the forecast band of a ground element as the chart draws it ({head, tail}: [[distance m, clock s], ...]), or null
  forecastBand: (id) => forecastOf(store.get().plan, store.get().live).bands.find((b) => b.id === id) || null,
};

feed.start();
