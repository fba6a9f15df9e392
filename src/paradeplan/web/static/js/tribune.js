// Tribune view: for a screen at the stand — what passes now, what comes next, and the countdown
// to each, from the planned times. The clock is the real time in the parade's zone, or, with
// ?at=HH:MM:SS, a rehearsal clock that starts at that time of the parade day and runs at real speed.
// Until the plan loads, it says why not and tries again.
import { getJSON } from "./api.js";
import { el, readJSONScript } from "./dom.js";
import { feet, kmh } from "./format.js";
import { countdown, midnightMs, secondsOf, wholeClock, zoneLabel } from "./time.js";

const RETRY_S = 5;
const AIR_PASSING_S = 5; // a formation is shown as passing for this long from its time over the tribune
const UPCOMING = 6;

const config = readJSONScript("tribune-config");
const $ = (id) => document.getElementById(id);
const set = (id, text) => { if ($(id).textContent !== text) $(id).textContent = text; };

async function loadPlan() {
  const status = $("tribune-status");
  for (;;) {
    try {
      const plan = await getJSON(`${config.api_url}/scenarios/${config.scenario_id}/plan`);
      status.hidden = true;
      return plan;
    } catch (error) {
      status.textContent = `Could not load the plan: ${error.message}. Trying again in ${RETRY_S} s.`;
      status.hidden = false;
      await new Promise((resolve) => { setTimeout(resolve, RETRY_S * 1000); });
    }
  }
}

// every element past the tribune: [start, end] of its passing in clock seconds, ground and air together, in order
function passesOf(plan) {
  const at = (iso) => secondsOf(iso, plan.date);
  return [
    ...plan.ground.filter((g) => g.times[plan.anchor]).map((g) => ({
      name: g.name,
      detail: g.vehicles ? `${g.vehicles} vehicles · ${kmh(g.speed_mps, 0)} km/h` : `${g.personnel} personnel · ${g.kind}`,
      start: at(g.times[plan.anchor].head),
      end: at(g.times[plan.anchor].tail),
    })),
    ...plan.air.map((a) => ({
      name: a.name, detail: `${a.count} × ${a.aircraft_name} · ${feet(a.altitude_ft)}`, air: true,
      start: at(a.over_tribune), end: at(a.over_tribune) + AIR_PASSING_S,
    })),
  ].sort((a, b) => a.start - b.start);
}

// clock seconds now: real time, or the rehearsal clock of ?at=HH:MM:SS
function clockOf(plan) {
  const at = new URLSearchParams(window.location.search).get("at");
  const match = at && /^(\d\d?):(\d\d)(?::(\d\d))?$/.exec(at);
  $("clock-source").textContent = match ? `rehearsal from ${at}` : "real time";
  if (!match) {
    const midnight = midnightMs(plan);
    return () => (Date.now() - midnight) / 1000;
  }
  const start = Number(match[1]) * 3600 + Number(match[2]) * 60 + Number(match[3] || 0);
  const wallStart = performance.now();
  return () => start + (performance.now() - wallStart) / 1000;
}

function show(passes, now) {
  const t = now();
  set("clock", wholeClock(t));
  const current = passes.filter((p) => p.start <= t && t <= p.end);
  const upcoming = passes.filter((p) => p.start > t);
  if (current.length) {
    set("now-name", current.map((p) => p.name).join(" · "));
    set("now-detail", current.map((p) => p.detail).join(" · "));
    set("now-countdown", `clear in ${countdown(Math.max(...current.map((p) => p.end)) - t)}`);
  } else {
    set("now-name", upcoming.length === passes.length ? "The parade has not reached the tribune" : upcoming.length ? "Gap" : "The parade has passed");
    set("now-detail", "");
    set("now-countdown", "");
  }
  const next = upcoming[0];
  set("next-name", next ? next.name : "—");
  set("next-detail", next ? `${next.detail} · at ${wholeClock(next.start)}` : "");
  set("next-countdown", next ? `in ${countdown(next.start - t)}` : "");
  $("upcoming").replaceChildren(...upcoming.slice(1, 1 + UPCOMING).map((p) => el("li", {},
    el("span", {}, p.air ? `✈ ${p.name}` : p.name), el("span", { class: "t" }, wholeClock(p.start)), el("span", { class: "in" }, countdown(p.start - t)))));
  window.paradeplan = { clock_s: t, now: current.map((p) => p.name), next: next ? next.name : null };
}

const plan = await loadPlan();
const anchor = plan.points.find((p) => p.name === plan.anchor);
$("tribune-name").textContent = `${plan.name} · ${anchor.label || anchor.name}`;
$("zone").textContent = zoneLabel(plan);
const passes = passesOf(plan);
const now = clockOf(plan);
show(passes, now);
setInterval(() => show(passes, now), 250);
