// Tribune view: for a screen at the stand — what passes now, what comes next, the countdown to
// each, and what passed last, from the planned times; between two elements a calm "interval".
// The clock is the real time in the parade's zone, or, with ?at=HH:MM:SS, a rehearsal clock that
// starts at that time of the parade day and runs at real speed.
// Until the plan loads, it says why not and tries again.
import { getJSON } from "./api.js";
import { el, readJSONScript } from "./dom.js";
import { passesOf, passingAt } from "./passing.js";
import { countdown, midnightMs, wholeClock, zoneLabel } from "./time.js";

const RETRY_S = 5;
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

const CALM = {
  before: () => "The parade has not reached the tribune",
  interval: (next, t) => `Interval · next in ${countdown(next.start - t)}`,
  after: () => "The parade has passed",
};

function show(passes, now) {
  const t = now();
  set("clock", wholeClock(t));
  const { state, now: current, upcoming, next, last: lastPassed } = passingAt(passes, t);
  $("now").dataset.state = state;
  if (state === "passing") {
    set("now-name", current.map((p) => p.name).join(" · "));
    set("now-detail", current.map((p) => p.detail).join(" · "));
    set("now-countdown", `clear in ${countdown(Math.max(...current.map((p) => p.end)) - t)}`);
  } else {
    set("now-name", CALM[state](next, t));
    set("now-detail", "");
    set("now-countdown", "");
  }
  $("last-passed").hidden = !lastPassed;
  set("last-passed-name", lastPassed ? lastPassed.name : "");
  set("last-passed-at", lastPassed ? wholeClock(lastPassed.end) : "");
  set("next-name", next ? next.name : "—");
  set("next-detail", next ? `${next.detail} · at ${wholeClock(next.start)}` : "");
  set("next-countdown", next ? `in ${countdown(next.start - t)}` : "");
  $("upcoming").replaceChildren(...upcoming.slice(1, 1 + UPCOMING).map((p) => el("li", {},
    el("span", {}, p.air ? `✈ ${p.name}` : p.name), el("span", { class: "t" }, wholeClock(p.start)), el("span", { class: "in" }, countdown(p.start - t)))));
  window.paradeplan = {
    clock_s: t, now: current.map((p) => p.name), next: next ? next.name : null,
    lastPassed: lastPassed ? lastPassed.name : null, state,
  };
}

const plan = await loadPlan();
const anchor = plan.points.find((p) => p.name === plan.anchor);
$("tribune-name").textContent = `${plan.name} · ${anchor.label || anchor.name}`;
$("zone").textContent = zoneLabel(plan);
const passes = passesOf(plan);
const now = clockOf(plan);
show(passes, now);
setInterval(() => show(passes, now), 250);
