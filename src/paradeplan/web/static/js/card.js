// The element card: what a planner asks about one element — times, size, speed, findings.
import { colourOf, swatch } from "./colours.js";
import { el } from "./dom.js";
import { duration } from "./time.js";

const row = (label, value) => (value === null || value === undefined || value === "" ? null : el("tr", {}, el("th", {}, label), el("td", {}, value)));

export function renderCard(body, element, { plan, timebase, timeOf, now }) {
  if (!element) {
    body.replaceChildren(el("p", { class: "empty" }, "Click an element on the map, the chart or a table."));
    return;
  }
  const findings = plan.findings.filter((f) => f.elements.includes(element.id));
  const title = el("div", { class: "card-title" }, swatch(colourOf(element)),
    el("strong", {}, element.name), el("span", { class: "muted" }, ` ${element.id} · ${element.kind}`));
  const fmt = (iso) => timebase.format(timeOf(iso));
  let facts;
  let times;
  if (element.group === "ground") {
    facts = [
      row("Strength", element.vehicles ? `${element.vehicles} vehicles, ${element.personnel} crew` : `${element.personnel} personnel`),
      row("Size", `${element.length_m.toFixed(1)} m long × ${element.width_m.toFixed(1)} m wide`),
      row("Speed", `${(element.speed_mps * 3.6).toFixed(1)} km/h (${element.speed_mps.toFixed(2)} m/s)`),
      row("Pass time", `${element.pass_time_s.toFixed(1)} s`),
      row("Gap before", element.gap_before_s === null ? "" : `${element.gap_before_s.toFixed(0)} s`),
      row("Now", now),
    ];
    const points = plan.points.filter((p) => element.times[p.name]);
    times = el("table", { class: "grid compact times" },
      el("thead", {}, el("tr", {}, el("th", {}, "Point"), el("th", { class: "num" }, "Head"), el("th", { class: "num" }, "Tail"))),
      el("tbody", {}, points.map((p) => el("tr", { class: p.name === plan.anchor ? "anchor" : "" }, el("td", { title: p.label || p.name }, p.name),
        el("td", { class: "num" }, fmt(element.times[p.name].head)), el("td", { class: "num" }, fmt(element.times[p.name].tail))))));
  } else {
    facts = [
      row("Aircraft", `${element.count} × ${element.aircraft_name}, ${element.shape}`),
      row("Altitude", `${Math.round(element.altitude_ft).toLocaleString("en")} ft (${Math.round(element.altitude_ft * 0.3048)} m)`),
      row("Speed", `${Math.round(element.tas_kt)} kt TAS · ${Math.round(element.ground_speed_kt)} kt GS · track ${Math.round(element.track_deg)}°`),
      row("Now", now),
    ];
    const over = timeOf(element.over_tribune);
    times = el("table", { class: "grid compact times" }, el("tbody", {},
      element.hold_exit ? el("tr", {}, el("td", {}, "Leave hold"), el("td", { class: "num" }, fmt(element.hold_exit))) : null,
      el("tr", {}, el("td", {}, `IP (${element.ip_distance_km} km)`), el("td", { class: "num" }, fmt(element.ip))),
      el("tr", { class: "anchor" }, el("td", {}, "Over the tribune"), el("td", { class: "num" }, fmt(element.over_tribune))),
      el("tr", {}, el("td", {}, "IP to tribune"), el("td", { class: "num" }, duration(over - timeOf(element.ip))))));
  }
  body.replaceChildren(
    title,
    el("table", { class: "facts" }, el("tbody", {}, facts)),
    times,
    findings.length ? el("ul", { class: "card-findings" }, findings.map((f) => el("li", { class: `sev-${f.severity}` }, f.message)))
      : el("p", { class: "ok" }, "No findings for this element."),
  );
}
