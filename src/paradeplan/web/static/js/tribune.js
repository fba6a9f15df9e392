// Tribune view: for a screen at the stand — what passes now, what comes next, and the countdown
// to each, from the planned times. The clock is the real time in the scenario's zone, or, with
// ?at=HH:MM:SS, a rehearsal clock that starts at that time of the parade day and runs at real speed.
import { getJSON } from "./api.js";
import { el, readJSONScript } from "./dom.js";
import { duration, TimeBase } from "./time.js";

const config = readJSONScript("tribune-config");
const plan = await getJSON(`${config.api_url}/scenarios/${config.scenario_id}/plan`);
const timebase = new TimeBase(plan.date, plan.timezone, plan.summary.first_at_anchor);
const anchor = plan.points.find((p) => p.name === plan.anchor);
document.getElementById("tribune-name").textContent = `${plan.name} · ${anchor.label || anchor.name}`;
document.getElementById("zone").textContent = `${plan.timezone} (${timebase.zoneName})`;

// every element past the tribune: [start, end] of its passing, ground and air together, in order
const passes = [
  ...plan.ground.filter((g) => g.times[plan.anchor]).map((g) => ({
    name: g.name,
    detail: g.vehicles ? `${g.vehicles} vehicles · ${(g.speed_mps * 3.6).toFixed(0)} km/h` : `${g.personnel} personnel · ${g.kind}`,
    start: timebase.seconds(g.times[plan.anchor].head),
    end: timebase.seconds(g.times[plan.anchor].tail),
  })),
  ...plan.air.map((a) => {
    const t = timebase.seconds(a.over_tribune);
    return { name: a.name, detail: `${a.count} × ${a.aircraft_name} · ${Math.round(a.altitude_ft).toLocaleString("en")} ft`, start: t, end: t + 5, air: true };
  }),
].sort((a, b) => a.start - b.start);

const at = new URLSearchParams(window.location.search).get("at");
const match = at && /^(\d\d?):(\d\d)(?::(\d\d))?$/.exec(at);
const wallStart = performance.now();
const rehearsalStart = match ? Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] || 0) : null;
const now = () => (rehearsalStart === null ? (Date.now() - timebase.midnightMs) / 1000 : rehearsalStart + (performance.now() - wallStart) / 1000);
document.getElementById("clock-source").textContent = rehearsalStart === null ? "real time" : `rehearsal from ${at}`;

const $ = (id) => document.getElementById(id);
const set = (id, text) => { if ($(id).textContent !== text) $(id).textContent = text; };

function show() {
  const t = now();
  set("clock", timebase.format(t));
  const current = passes.filter((p) => p.start <= t && t <= p.end);
  const upcoming = passes.filter((p) => p.start > t);
  if (current.length) {
    set("now-name", current.map((p) => p.name).join(" · "));
    set("now-detail", current.map((p) => p.detail).join(" · "));
    set("now-countdown", `clear in ${duration(Math.max(...current.map((p) => p.end)) - t)}`);
  } else {
    set("now-name", upcoming.length === passes.length ? "The parade has not reached the tribune" : upcoming.length ? "Gap" : "The parade has passed");
    set("now-detail", "");
    set("now-countdown", "");
  }
  const next = upcoming[0];
  set("next-name", next ? next.name : "—");
  set("next-detail", next ? `${next.detail} · at ${timebase.format(next.start)}` : "");
  set("next-countdown", next ? `in ${duration(next.start - t)}` : "");
  const list = upcoming.slice(1, 7).map((p) => el("li", {}, el("span", {}, p.air ? `✈ ${p.name}` : p.name),
    el("span", { class: "t" }, timebase.format(p.start)), el("span", { class: "in" }, duration(p.start - t))));
  $("upcoming").replaceChildren(...list);
  window.paradeplan = { clock_s: t, now: current.map((p) => p.name), next: next ? next.name : null };
}

show();
setInterval(show, 250);
