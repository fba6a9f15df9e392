// The element card: what a planner asks about the selected element — times, size, speed, where it
// is at the clock's time, findings.
import { colourOf, swatch } from "./colours.js";
import { el } from "./dom.js";
import { feet, feetAsMetres, kmh, metres, seconds } from "./format.js";
import { clockText, secondsOf, wholeClock } from "./time.js";
import { distanceAt, edgesOf } from "./trajectory.js";

const EMPTY = "Click an element on the map, the chart or a table.";

const row = (label, value) => (value === null || value === undefined || value === "" ? null : el("tr", {}, el("th", {}, label), el("td", {}, value)));

// where a ground element is at clock time t: "head 1,234 m, tail 1,210 m", from its trajectory
function whereNow(element, date, t) {
  const { head, tail } = edgesOf(element, date);
  const [headAt, tailAt] = [distanceAt(head, t), distanceAt(tail, t)];
  if (headAt === null && tailAt === null) {
    return t < head[0][1] ? `not on the route yet: joins at ${clockText(element.trajectory[0].head)}` : "clear of the route";
  }
  // one edge on the route: the head has left its end, or the tail has not reached its start
  return `head ${headAt === null ? "clear of the route" : metres(headAt)}, tail ${tailAt === null ? "not stepped off yet" : metres(tailAt)}`;
}

function groundCard(element, plan, t) {
  const facts = [
    row("Strength", element.vehicles ? `${element.vehicles} vehicles, ${element.personnel} crew` : `${element.personnel} personnel`),
    row("Size", `${element.length_m.toFixed(1)} m long × ${element.width_m.toFixed(1)} m wide`),
    row("Speed", `${kmh(element.speed_mps)} km/h (${element.speed_mps.toFixed(2)} m/s)`),
    row("Pass time", seconds(element.pass_time_s)),
    row("Gap before", element.gap_before_s === null ? "" : seconds(element.gap_before_s, 0)),
    row(`Now (${wholeClock(t)})`, whereNow(element, plan.date, t)),
  ];
  const points = plan.points.filter((p) => element.times[p.name]);
  const times = el("table", { class: "grid compact times" },
    el("thead", {}, el("tr", {}, el("th", {}, "Point"), el("th", { class: "num" }, "Head"), el("th", { class: "num" }, "Tail"))),
    el("tbody", {}, points.map((p) => el("tr", { class: p.name === plan.anchor ? "anchor" : "" }, el("td", { title: p.label || p.name }, p.name),
      el("td", { class: "num" }, clockText(element.times[p.name].head)), el("td", { class: "num" }, clockText(element.times[p.name].tail))))));
  return { facts, times };
}

function airCard(element, plan) {
  const facts = [
    row("Aircraft", `${element.count} × ${element.aircraft_name}, ${element.shape}`),
    row("Altitude", `${feet(element.altitude_ft)} (${feetAsMetres(element.altitude_ft)})`),
    row("Speed", `${Math.round(element.tas_kt)} kt TAS · ${Math.round(element.ground_speed_kt)} kt GS · track ${Math.round(element.track_deg)}°`),
    element.hold ? row("Hold", `${element.hold.turn} turns, ${element.hold.leg_min} min legs, bank ${element.hold.bank_deg}°, radius ${metres(element.hold.turn_radius_m)}`) : null,
  ];
  const runIn = secondsOf(element.over_tribune, plan.date) - secondsOf(element.ip, plan.date);
  const times = el("table", { class: "grid compact times" }, el("tbody", {},
    element.hold_exit ? el("tr", {}, el("td", {}, "Leave hold"), el("td", { class: "num" }, clockText(element.hold_exit))) : null,
    el("tr", {}, el("td", {}, `IP (${element.ip_distance_km} km)`), el("td", { class: "num" }, clockText(element.ip))),
    el("tr", { class: "anchor" }, el("td", {}, "Over the tribune"), el("td", { class: "num" }, clockText(element.over_tribune))),
    el("tr", {}, el("td", {}, "IP to tribune"), el("td", { class: "num" }, seconds(runIn)))));
  return { facts, times };
}

function render(body, element, plan, t) {
  if (!element) {
    body.replaceChildren(el("p", { class: "empty" }, EMPTY));
    return;
  }
  const findings = plan.findings.filter((f) => f.elements.includes(element.id));
  const title = el("div", { class: "card-title" }, swatch(colourOf(element)),
    el("strong", {}, element.name), el("span", { class: "muted" }, ` ${element.id} · ${element.kind}`));
  const { facts, times } = element.group === "ground" ? groundCard(element, plan, t) : airCard(element, plan);
  body.replaceChildren(
    title,
    el("table", { class: "facts" }, el("tbody", {}, facts)),
    times,
    findings.length ? el("ul", { class: "card-findings" }, findings.map((f) => el("li", { class: `sev-${f.severity}` }, f.message)))
      : el("p", { class: "ok" }, "No findings for this element."),
  );
}

// Shows the selected element in `body`, again when the plan or the selection changes and, for a
// ground element, each time the clock shows another second.
export function mountCard(body, store) {
  let shownSecond = null;
  const show = (s) => {
    const element = s.elements.find((e) => e.id === s.selected) || null;
    shownSecond = Math.round(s.time);
    render(body, element, s.plan, s.time);
  };
  store.subscribe(["selected", "elements"], show);
  store.subscribe(["time"], (s) => {
    const element = s.selected && s.elements.find((e) => e.id === s.selected);
    if (element && element.group === "ground" && Math.round(s.time) !== shownSecond) show(s);
  });
}
