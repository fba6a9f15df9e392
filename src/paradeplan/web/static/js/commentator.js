// Commentator and tribune page: what passes the tribune now and what comes next, on the day's forecast
// (the forecast's passes: every element past the anchor at its forecast times), with each element's
// description and how late or early it runs, followed live as the checkpoints record. The clock is
// the day's (dayNow). Before any day has run it shows the planned times and says so.
import { getJSON } from "./api.js";
import { el, readJSONScript } from "./dom.js";
import { dayNow, delayKind, delayWords, isoAt, offsetOf, openLive } from "./livestream.js";
import { passesOf, passingAt } from "./passing.js";
import { countdown, secondsOf, wholeClock, zoneLabel } from "./time.js";

const RETRY_S = 5;
const UPCOMING = 6;
const TICK_MS = 250;

const config = readJSONScript("commentator-config");
const $ = (id) => document.getElementById(id);
const set = (id, text) => { if ($(id).textContent !== text) $(id).textContent = text; };
const base = `${config.api_url}/scenarios/${config.scenario_id}`;

let plan = null;  // {date, offset, passes (clock seconds), about: id -> {description, delay_s}}
let day = null;
let planned = false;  // no day yet: the plan's own times
let seq = 0;
let stream = null;

function status(text) {
  $("tribune-status").textContent = text || "";
  $("tribune-status").hidden = !text;
}

async function fetchForecast() {
  try {
    return { forecast: await getJSON(`${base}/live/forecast`), planned: false };
  } catch (error) {
    if (error.status !== 404) throw error;
    return { forecast: await getJSON(`${base}/plan`), planned: true };
  }
}

async function load() {
  for (;;) {
    try {
      const got = await fetchForecast();
      const f = got.forecast;
      planned = got.planned;
      day = f.day || null;
      seq = f.seq || 0;
      const about = {};
      for (const e of [...f.ground, ...f.air]) about[e.id] = { description: e.description || "", delay_s: e.delay_s ?? null };
      plan = { date: f.date, passesJSON: f.passes, passes: passesOf(f), about,
               offset: offsetOf(f.passes.length ? f.passes[0].start : f.summary.step_off) };
      const anchor = f.points.find((p) => p.name === f.anchor);
      set("tribune-name", `${f.name} · ${anchor ? anchor.label || anchor.name : f.anchor}`);
      set("zone", zoneLabel(f));
      set("foot", planned ? "No day has run yet: planned times of the latest saved version."
        : "Forecast times of the day, pushed as the checkpoints record.");
      status(null);
      return;
    } catch (error) {
      status(`Could not load the forecast: ${error.message}. Trying again in ${RETRY_S} s.`);
      await new Promise((resolve) => { setTimeout(resolve, RETRY_S * 1000); });
    }
  }
}

function follow() {
  stream = openLive(config.api_url, config.scenario_id, {
    after: seq,
    onStatus: (s) => { set("conn", s); $("conn").dataset.status = s; },
    onForecast: (state) => {
      seq = state.seq;
      planned = false;
      plan.passesJSON = state.passes;
      plan.passes = passesOf({ passes: state.passes, date: plan.date });
      for (const [id, e] of Object.entries(state.elements)) {
        if (plan.about[id]) plan.about[id].delay_s = e.delay_s;
      }
      show();
    },
    onDay: async (d) => {
      const other = !day || d.day !== day.day;
      day = d;
      if (other) await load();
      show();
    },
  });
}

// how late or early an element runs, in words ("1 min 30 s late"), or short for the list ("+1:30")
function delayNode(id, short = false) {
  const delay = plan.about[id] ? plan.about[id].delay_s : null;
  if (delay === null || planned) return null;
  const kind = delayKind(delay);
  const text = !short || kind === "ok" ? delayWords(delay) : `${delay > 0 ? "+" : "\u2212"}${countdown(Math.abs(delay))}`;
  return el("span", { class: "live-delay", title: delayWords(delay), dataset: { kind } }, text);
}

function detail(id, parts) {
  const delay = delayNode(id);
  return [parts.filter(Boolean).join(" · "), delay ? " · " : null, delay].filter(Boolean);
}

function show() {
  if (!plan) return;
  const t = secondsOf(isoAt(dayNow(day), plan.offset), plan.date);
  set("clock", wholeClock(t));
  set("clock-source", !day ? "real time" : day.ended ? "the day has ended" : day.clock.rate !== 1 ? `day clock ×${day.clock.rate}` : "day clock");
  const { state, now, upcoming, next, last } = passingAt(plan.passes, t);
  $("now").dataset.state = state;
  if (state === "passing") {
    set("now-name", now.map((p) => p.name).join(" · "));
    $("now-detail").replaceChildren(...now.flatMap((p) => detail(p.id, [p.detail])));
    set("now-description", now.map((p) => plan.about[p.id].description).filter(Boolean).join(" · "));
    set("now-countdown", `clear in ${countdown(Math.max(...now.map((p) => p.end)) - t)}`);
  } else {
    const calm = { before: "The parade has not reached the tribune", after: "The parade has passed",
      interval: next ? `Interval · next in ${countdown(next.start - t)}` : "Interval" };
    set("now-name", calm[state]);
    $("now-detail").replaceChildren();
    set("now-description", "");
    set("now-countdown", "");
  }
  $("last-passed").hidden = !last;
  set("last-passed-name", last ? last.name : "");
  set("last-passed-at", last ? wholeClock(last.end) : "");
  set("next-name", next ? next.name : "—");
  $("next-detail").replaceChildren(...(next ? detail(next.id, [next.detail, `at ${wholeClock(next.start)}`]) : []));
  set("next-description", next ? plan.about[next.id].description : "");
  set("next-countdown", next ? `in ${countdown(next.start - t)}` : "");
  $("upcoming").replaceChildren(...upcoming.slice(1, 1 + UPCOMING).map((p) => el("li", {},
    el("span", {}, p.air ? `✈ ${p.name}` : p.name), delayNode(p.id, true), el("span", { class: "t" }, wholeClock(p.start)),
    el("span", { class: "in" }, countdown(p.start - t)))));
  const nextJSON = next ? plan.passesJSON.find((p) => p.id === next.id) : null;
  window.paradeplan = {
    clock_s: t, state, now: now.map((p) => p.name), next: next ? next.name : null, nextStart: nextJSON ? nextJSON.start : null,
    nextDelay_s: next && plan.about[next.id] ? plan.about[next.id].delay_s : null,
    lastPassed: last ? last.name : null, seq, planned, live: Boolean(stream),
  };
}

await load();
follow();
show();
setInterval(show, TICK_MS);
