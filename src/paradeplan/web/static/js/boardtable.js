// The board's forecast table (every ground element in order of march, then every formation: planned
// and forecast time at the anchor, the forecast delay coloured, its own delay, its furthest record)
// and the next passings at each point (the next element expected at each named point, and the next
// formation at each of the formations' points, on the day's clock).
import { AIR_POINT_NAMES, AIR_POINTS, atAnchor, delayClass, delayText, furthestRecord } from "./boardtime.js";
import { colourOf, swatch } from "./colours.js";
import { el } from "./dom.js";
import { clockText, countdown, secondsOf, wholeClock } from "./time.js";

const COLUMNS = ["#", "Element", "Planned", "Forecast", "Delay"];

// under the name: its furthest record with its own delay there, and the element that holds it back
function statusLine(state, last, names) {
  const point = last && (state.air ? AIR_POINT_NAMES[last.point] : last.point);
  return [
    last ? el("span", { class: "record", title: "its furthest record, and its own delay there" },
      `${point} ${last.edge} ${clockText(last.time)} · own ${delayText(state.own_delay_s)}`) : null,
    state.held_by ? el("span", { class: "held" }, `held by ${names.get(state.held_by) || state.held_by}`) : null,
  ].filter(Boolean);
}

function row(plan, e, order, state, names) {
  const { planned, forecast } = atAnchor(plan, e, state);
  const last = furthestRecord(state.recorded, state.air ? AIR_POINTS : plan.points.map((p) => p.name));
  const kind = delayClass(state.delay_s);
  return el("tr", { dataset: { id: e.id }, class: `delay-row ${kind}` },
    el("td", { class: "num" }, state.air ? "✈" : order + 1),
    el("td", { class: "name", title: `${e.name} (${e.id})` },
      el("span", { class: "swatch-name" }, swatch(colourOf(e)), e.label || e.name), ...statusLine(state, last, names)),
    el("td", { class: "num t" }, planned ? clockText(planned) : "—"),
    el("td", { class: "num t" }, forecast ? clockText(forecast) : "—"),
    el("td", { class: `num delay ${kind}`, title: "the forecast delay" }, delayText(state.delay_s)));
}

// The forecast table in `table` (its pane's title says at which point), again on every forecast; a row click
// selects its element, then calls onPick(id).
export function mountForecastTable(table, title, store, { onPick }) {
  const head = el("thead", {}, el("tr", {}, COLUMNS.map((c, i) => el("th", { class: i >= 2 ? "num" : "" }, c))));
  const body = el("tbody");
  table.replaceChildren(head, body);
  body.addEventListener("click", (event) => {
    const tr = event.target.closest("tr[data-id]");
    if (!tr) return;
    store.set({ selected: tr.dataset.id });
    onPick(tr.dataset.id);
  });
  const markSelected = (selected) => {
    for (const tr of body.rows) tr.classList.toggle("selected", tr.dataset.id === selected);
  };
  store.subscribe(["live"], ({ plan, elements, live, selected }) => {
    if (!plan || !live) return;
    title.textContent = `Forecast at ${plan.anchor}`;
    const names = new Map(elements.map((e) => [e.id, e.label || e.name]));
    body.replaceChildren(...elements.filter((e) => live.elements[e.id]).map((e, i) => row(plan, e, i, live.elements[e.id], names)));
    markSelected(selected);
  });
  store.subscribe(["selected"], ({ selected }) => {
    markSelected(selected);
    const tr = [...body.rows].find((r) => r.dataset.id === selected);
    if (tr) tr.scrollIntoView({ block: "nearest" });
  });
}

// the next element expected at `point` after clock second t: {element, t} by its forecast head time, or null
function nextAt(elements, live, point, t, date) {
  let best = null;
  for (const e of elements) {
    const times = live.elements[e.id] && live.elements[e.id].forecast[point];
    if (!times || !times.head) continue;
    const at = secondsOf(times.head, date);
    if (at > t && (!best || at < best.t)) best = { element: e, t: at, iso: times.head };
  }
  return best;
}

// The next passings in `table`: one row per named point of the route, then one per formation point.
// Again each second of the day's clock and on every forecast; `nowBox` shows the clock they count from.
export function mountNextPassings(table, nowBox, store) {
  let shown = {};
  const render = ({ plan, elements, live, time }) => {
    if (!plan || !live || time === null) return;
    if (live === shown.live && Math.round(time) === shown.second) return;
    shown = { live, second: Math.round(time) };
    const [ground, air] = [elements.filter((e) => e.group === "ground"), elements.filter((e) => e.group === "air")];
    const rows = [
      ...plan.points.map((p) => ({ label: p.label || p.name, point: p.name, elements: ground })),
      ...AIR_POINTS.filter((p) => p !== "hold-exit" || air.some((a) => a.hold_exit))
        .map((p) => ({ label: `✈ ${AIR_POINT_NAMES[p]}`, point: p, elements: air })),
    ].filter((r) => r.elements.length);
    const found = rows.map((r) => ({ ...r, next: nextAt(r.elements, live, r.point, time, plan.date) }));
    nowBox.textContent = `day clock ${wholeClock(time)}`;
    table.replaceChildren(
      el("thead", {}, el("tr", {}, el("th", {}, "Point"), el("th", {}, "Next"), el("th", { class: "num" }, "Expected"), el("th", { class: "num" }, "In"))),
      el("tbody", {}, found.map((r) => el("tr", { dataset: { point: r.point } },
        el("td", { class: "point", title: r.point }, r.label),
        r.next ? el("td", { title: r.next.element.name }, el("span", { class: "swatch-name" }, swatch(colourOf(r.next.element)), r.next.element.label || r.next.element.name))
          : el("td", { class: "muted" }, "all passed"),
        el("td", { class: "num t" }, r.next ? clockText(r.next.iso) : ""),
        el("td", { class: "num t countdown" }, r.next ? countdown(r.next.t - time) : "")))));
  };
  store.subscribe(["time", "live"], render);
}
