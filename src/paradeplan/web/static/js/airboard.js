// The air page of the day, for the air liaison: a card per formation with its hold exit, IP and
// tribune times planned, forecast and recorded, its forecast delay, the air correction for it with the
// figure to read out large (the TAS to fly from the IP, or the time to lose), the orders issued for it,
// and buttons that record its lead passing the hold exit, the IP or the tribune now (on the day's clock).
// Everything comes from the server (boardfeed.js); nothing is worked out here.
import { postJSON } from "./api.js";
import { mountDayBar } from "./boardday.js";
import { feedDay, followDayClock } from "./boardfeed.js";
import { correctionItem, orderItem } from "./boardlists.js";
import { AIR_POINT_NAMES, AIR_POINTS, delayClass, delayText, newId } from "./boardtime.js";
import { colourOf, swatch } from "./colours.js";
import { el, readJSONScript } from "./dom.js";
import { dayNowIso, offsetOf } from "./livestream.js";
import { createStore } from "./store.js";
import { clockText } from "./time.js";

const config = readJSONScript("air-config");
const api = `${config.api_url}/scenarios/${config.scenario_id}`;
const root = document.getElementById("formations");

const store = createStore({
  plan: null, elements: [], live: null, day: undefined, records: [], status: "connecting", time: null,
});
const decisions = { busy: new Set(), errors: new Map() }; // corrections being decided here, and refusals
const said = new Map(); // formation id -> {text, kind}: what its last record button got

// the planned time (ISO) of a formation at one of its points
const plannedAt = (f, point) => ({ "hold-exit": f.hold_exit, ip: f.ip, tribune: f.over_tribune })[point];

// the corrections that concern formation f: its own, and an air-for-ground that names it
const correctionsOf = (live, f) => live.corrections.filter((c) => c.kind.startsWith("air-")
  && (c.element === f.id || (c.formations && c.formations.includes(f.id))));

// the figure to read out: the TAS to fly from the IP, or the time to lose
function readout(c, names) {
  if (!c) return null;
  const ordered = c.issued ? el("span", { class: "ordered" }, "ordered") : null;
  if (c.kind === "air-speed") {
    return el("div", { class: "tas-readout", dataset: { element: c.element } },
      el("span", { class: "label" }, `TAS to fly from the ${c.from_point === "ip" ? "IP" : c.from_point}`),
      el("span", { class: "value" }, Math.round(c.tas_kt)), el("span", { class: "unit" }, "kt"), ordered);
  }
  const lose = c.kind === "air-for-ground" ? c.lose_s : c.advice_s;
  const label = c.kind === "air-hold" ? (c.hold_exit ? "Lose in the hold" : "Lose before the IP") : `Lose, for the column (with ${names.get(c.element) || c.element})`;
  return el("div", { class: "tas-readout lose" },
    el("span", { class: "label" }, label), el("span", { class: "value" }, Math.round(lose)), el("span", { class: "unit" }, "s"), ordered);
}

async function record(f, point) {
  const { day, plan } = store.get();
  said.set(f.id, { text: `Recording ${AIR_POINT_NAMES[point]}…`, kind: "" });
  render();
  try {
    const time = dayNowIso(day, offsetOf(plan.summary.first_at_anchor || f.over_tribune));
    const stored = await postJSON(`${api}/live/events`, { id: newId(), element: f.id, point, edge: "head", time });
    said.set(f.id, { text: `${AIR_POINT_NAMES[point]} recorded ${clockText(stored.time)} (#${stored.seq})`, kind: "ok" });
  } catch (error) {
    said.set(f.id, { text: `Not recorded: ${error.message}`, kind: "error" });
  }
  render();
}

function card(f, state, live, names, orders, decidedBy) {
  const points = AIR_POINTS.filter((p) => plannedAt(f, p));
  const row = (label, times, cls = "") => el("tr", {}, el("th", {}, label),
    ...points.map((p) => el("td", { class: cls, dataset: { point: p } }, times(p) ? clockText(times(p)) : "—")));
  const corrections = correctionsOf(live, f);
  const standing = corrections.filter((c) => !c.dismissed);
  const pending = corrections.filter((c) => !c.issued); // the issued ones are among the orders
  const main = standing.find((c) => c.element === f.id) || standing[0];
  const running = Boolean(store.get().day && store.get().day.live);
  const note = said.get(f.id);
  const kind = delayClass(state.delay_s);
  return el("section", { class: `air-card ${kind}`, dataset: { id: f.id } },
    el("header", {}, swatch(colourOf(f)), el("h3", {}, f.label || f.name), el("span", { class: "aircraft" }, `${f.count} × ${f.aircraft_name}`),
      el("span", { class: `delay ${kind}`, title: state.held_by ? `held by ${names.get(state.held_by)}` : "the forecast delay" }, delayText(state.delay_s))),
    el("table", { class: "air-times" },
      el("thead", {}, el("tr", {}, el("th", {}, ""), ...points.map((p) => el("th", {}, AIR_POINT_NAMES[p])))),
      el("tbody", {},
        row("Planned", (p) => plannedAt(f, p)),
        row("Forecast", (p) => state.forecast[p] && state.forecast[p].head),
        row("Recorded", (p) => state.recorded[p] && state.recorded[p].head, "recorded"))),
    readout(main, names),
    pending.length ? el("ol", { class: "live-list" }, pending
      .map((c) => correctionItem(c, names, { api, may: config.may, running, state: decisions, rerender: render }))) : null,
    orders.length ? el("ol", { class: "live-list" }, orders.map((o) => orderItem(o, names, decidedBy, store.get()))) : null,
    config.may.air ? el("div", { class: "air-record" },
      ...points.map((p) => el("button", { type: "button", dataset: { point: p }, disabled: !running, onclick: () => record(f, p) }, `${AIR_POINT_NAMES[p]} now`)),
      note ? el("span", { class: "said", dataset: { kind: note.kind } }, note.text) : null) : null);
}

function render() {
  const { plan, elements, live, records } = store.get();
  if (!plan || !live) return;
  const formations = elements.filter((e) => e.group === "air");
  if (!formations.length) {
    root.replaceChildren(el("p", { class: "air-empty" }, "This scenario has no formation."));
    return;
  }
  const names = new Map(elements.map((e) => [e.id, e.label || e.name]));
  const byRecord = new Map(records.filter((r) => r.kind === "decision").map((r) => [r.id, r]));
  for (const key of decisions.busy) if (!live.corrections.some((c) => c.key === key && !c.issued && !c.dismissed)) decisions.busy.delete(key);
  root.replaceChildren(...formations.filter((f) => live.elements[f.id]).map((f) => card(f, live.elements[f.id], live, names,
    live.orders.filter((o) => o.kind.startsWith("air-") && o.element === f.id), byRecord)));
}

store.subscribe(["live", "records", "day"], render);
const say = (text, kind = "") => {
  if (text && !store.get().live) root.replaceChildren(el("p", { class: `air-empty ${kind}` }, text));
};
const feed = feedDay(store, { apiUrl: config.api_url, scenarioId: config.scenario_id, say });
mountDayBar(store, { api, may: { run_day: false }, onStarted: feed.started });

followDayClock(store);

// What the browser tests read; nothing in the app reads it back.
window.paradeplan = {
  store,
  get live() { return store.get().live; },
  get status() { return store.get().status; },
  get clock_s() { return store.get().time; },
};

feed.start();
