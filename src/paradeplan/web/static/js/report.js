// Report of the day: planned against recorded for every element at every point it passes (ground: head
// and tail at each named point; formations: their lead at hold exit, IP and over the tribune), the
// difference coloured, a chart of each element's delay at the tribune in order of march, the CSV, and
// a link to replay the day in the workspace. Every time and every difference comes from the server's
// forecast JSON (`recorded_off_s`, `anchor_off_s`); the page computes none.
import { getJSON } from "./api.js";
import { el, readJSONScript, showProblems } from "./dom.js";
import { clockText } from "./time.js";

const SVG = "http://www.w3.org/2000/svg";
const MINUS = "\u2212";
const OK_S = 5;  // within this of the plan: on time (the forecast's own "late" warning starts past 5 s)
const VERY_LATE_S = 60;
const BAR_W = 12;
const BAR_GAP = 4;
const CHART_H = 220;
const LABELS_H = 150;
const AXIS_W = 110;  // the tick labels, and room for the first element's name slanting left
const AIR_POINTS = [["hold-exit", "hold_exit", "Hold exit"], ["ip", "ip", "IP"], ["tribune", "over_tribune", "Over the tribune"]];

const config = readJSONScript("report-config");
const $ = (id) => document.getElementById(id);
const svg = (tag, attrs = {}, text = null) => {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== null) node.textContent = text;
  return node;
};

// the server's seconds from the planned time to the recorded one at a point and edge; null when not recorded
const offAt = (element, point, edge) => (((element.recorded_off_s || {})[point] || {})[edge] ?? null);

function kind(seconds) {
  if (seconds === null) return "none";
  if (Math.abs(seconds) <= OK_S) return "ok";
  if (seconds < 0) return "early";
  return seconds > VERY_LATE_S ? "very-late" : "late";
}

// +40.0 s, −12.4 s, +2:05.3
function signed(seconds) {
  if (seconds === null) return "—";
  const sign = seconds > 0 ? "+" : seconds < 0 ? MINUS : "±";
  const a = Math.abs(seconds);
  if (a < 60) return `${sign}${a.toFixed(1)} s`;
  const minutes = Math.floor(a / 60);
  return `${sign}${minutes}:${(a - minutes * 60).toFixed(1).padStart(4, "0")}`;
}

const time = (iso) => (iso ? clockText(iso) : "—");

// each element's rows: [{point, planned: {head, tail}, recorded: {head, tail}}] in route order
function rowsOf(f) {
  const order = f.points.map((p) => p.name);
  const ground = f.ground.map((g) => ({ element: g, air: false, points: order.filter((n) => g.times[n]).map((n) => ({
    name: n, label: f.points.find((p) => p.name === n).label || n, planned: g.times[n], recorded: (g.recorded || {})[n] || {},
    off: { head: offAt(g, n, "head"), tail: offAt(g, n, "tail") } })) }));
  const air = f.air.map((a) => ({ element: a, air: true, points: AIR_POINTS.filter(([, key]) => a[key]).map(([n, key, label]) => ({
    name: n, label, planned: { head: a[key] }, recorded: (a.recorded || {})[n] || {}, off: { head: offAt(a, n, "head") } })) }));
  return [...ground, ...air];
}

function cell(planned, recorded, d) {
  return [el("td", { class: "t" }, time(planned)), el("td", { class: recorded ? "t" : "t none" }, time(recorded)),
    el("td", { class: "diff", dataset: { kind: kind(d) } }, signed(d))];
}

function showTable(rows) {
  const body = $("report-table").tBodies[0];
  body.replaceChildren(...rows.flatMap(({ element, air, points }) => points.map((p, i) => el("tr",
    { class: i === 0 ? "first" : null, dataset: { element: element.id, point: p.name } },
    el("td", { title: element.name }, i === 0 ? (air ? `✈ ${element.label}` : element.label) : ""),
    el("td", {}, p.label),
    ...cell(p.planned.head, p.recorded.head, p.off.head),
    ...(air ? [el("td", { colspan: 3, class: "none" }, "")] : cell(p.planned.tail, p.recorded.tail, p.off.tail))))));
  $("report-table").hidden = false;
}

// each element's delay over the tribune, in the order they reach it: the server's recorded (else forecast)
// time there less the planned one
function anchorDelays(f) {
  const byId = new Map([...f.ground, ...f.air].map((e) => [e.id, e]));
  return f.passes.map((p) => {
    const e = byId.get(p.id);
    const at = p.air ? "tribune" : f.anchor;
    const recorded = ((e.recorded || {})[at] || {}).head || null;
    return { id: p.id, label: p.air ? `✈ ${p.label}` : p.label, recorded: Boolean(recorded), delay_s: e.anchor_off_s };
  });
}

function niceCeiling(value) {
  const steps = [10, 15, 30, 60, 120, 180, 300, 600, 900, 1800, 3600];
  return steps.find((s) => s >= value) || Math.ceil(value / 3600) * 3600;
}

function showChart(delays) {
  const top = niceCeiling(Math.max(OK_S, ...delays.map((d) => Math.abs(d.delay_s || 0))));
  const width = AXIS_W + delays.length * (BAR_W + BAR_GAP) + 10;
  const mid = CHART_H / 2;
  const y = (s) => mid - (s / top) * (mid - 6);
  const chart = svg("svg", { width, height: CHART_H + LABELS_H, role: "img", "aria-label": "Delay at the tribune per element" });
  for (const s of [-top, -top / 2, 0, top / 2, top]) {
    chart.append(svg("line", { x1: AXIS_W - 4, x2: width, y1: y(s), y2: y(s), class: s === 0 ? "zero" : "axis" }));
    chart.append(svg("text", { x: AXIS_W - 8, y: y(s) + 4, "text-anchor": "end" }, signed(s).replace(".0 s", " s").replace(/\.0$/, "")));
  }
  delays.forEach((d, i) => {
    const x = AXIS_W + i * (BAR_W + BAR_GAP);
    const value = d.delay_s || 0;
    const bar = svg("rect", { x, width: BAR_W, y: Math.min(y(value), mid), height: Math.max(1, Math.abs(y(value) - mid)),
      class: `bar-${kind(d.delay_s)}`, "fill-opacity": d.recorded ? 1 : 0.45, "data-element": d.id, "data-delay": d.delay_s });
    bar.append(svg("title", {}, `${d.label}: ${signed(d.delay_s)}${d.recorded ? "" : " (forecast, not recorded there)"}`));
    chart.append(bar);
    chart.append(svg("text", { x: x + BAR_W / 2, y: CHART_H + 6, transform: `rotate(-60 ${x + BAR_W / 2} ${CHART_H + 6})`, "text-anchor": "end" }, d.label));
  });
  $("delay-chart").replaceChildren(chart);
  $("chart-box").hidden = false;
}

function showSummary(f, day) {
  const when = (iso) => new Date(iso).toLocaleString([], { dateStyle: "medium", timeStyle: "short" });
  const recorded = [...f.ground, ...f.air].filter((e) => Object.keys(e.recorded || {}).length).length;
  $("summary").replaceChildren(
    el("span", {}, "Day on ", el("strong", {}, `version ${day.version}`)),
    el("span", {}, "started ", el("strong", {}, when(day.started)), ` by ${day.started_by}`),
    el("span", {}, day.ended ? ["ended ", el("strong", {}, when(day.ended)), day.ended_by ? ` by ${day.ended_by}` : ""] : el("strong", {}, "still running")),
    el("span", {}, el("strong", {}, String(day.records)), " records"),
    el("span", {}, el("strong", {}, `${recorded} of ${f.ground.length + f.air.length}`), " elements recorded"));
}

async function main() {
  let f;
  try {
    f = await getJSON(`${config.api_url}/scenarios/${config.scenario_id}/live/forecast`);
  } catch (error) {
    showProblems($("problems"), [error.status === 404 ? "No day has run for this scenario yet: nothing to report." : `Could not load the day: ${error.message}`]);
    for (const link of document.querySelectorAll("a.download")) link.hidden = true;
    return;
  }
  showSummary(f, f.day);
  const replay = $("replay");
  replay.href = `/scenarios/${config.scenario_id}/versions/${f.day.version}?live=1`;
  replay.hidden = false;
  const anchor = f.points.find((p) => p.name === f.anchor);
  $("chart-title").textContent = `Delay at ${anchor ? anchor.label || anchor.name : f.anchor}, in order of march (faint: forecast, not recorded there)`;
  const delays = anchorDelays(f);
  showChart(delays);
  showTable(rowsOf(f));
  window.paradeplan = { loaded: true, rows: $("report-table").tBodies[0].rows.length, delays };
}

main();
