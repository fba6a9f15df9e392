// Checkpoint page: a marshal's phone at one point of the route (or, for an air liaison, a formation
// point). It shows the next element expected there on the forecast, with its forecast times at this
// point and a countdown on the day's clock, and records "head passed" / "tail passed" at the day's now,
// "undo" as a void of my last record. Records wait on the phone (checkqueue.js) until the server has
// them; the forecast the page last had is kept too, and a service worker keeps the page itself, so
// that it opens and records without network.
//
// Which element is next at my point: the elements that pass it, in their order there (their planned
// order: the forecast never reorders them), from the last one recorded here on; the head button
// records the first of them whose head is not recorded, the tail button the first whose tail is not.
// A record still on the phone, or not yet in the forecast, counts as recorded (a void as its undoing).
import { getJSON } from "./api.js";
import { RecordQueue } from "./checkqueue.js";
import { el, readJSONScript } from "./dom.js";
import { dayNow, dayNowIso, delayWords, offsetOf, openLive } from "./livestream.js";
import { clockText, countdown, secondsOf, wholeClock } from "./time.js";

const RETRY_S = 5;
const TICK_MS = 250;
const AIR_POINTS = { "hold-exit": "Hold exit (formations)", ip: "IP (formations)", tribune: "Over the tribune (formations)" };

const config = readJSONScript("checkpoint-config");
const $ = (id) => document.getElementById(id);
const set = (id, text) => { if ($(id).textContent !== text) $(id).textContent = text; };
const KEPT_FORECAST = `paradeplan.live.${config.scenario_id}.forecast`;
const KEPT_POINT = `paradeplan.live.${config.scenario_id}.point`;
const forecastUrl = `${config.api_url}/scenarios/${config.scenario_id}/live/forecast`;
const planUrl = `${config.api_url}/scenarios/${config.scenario_id}/plan`;

let plan = null;  // what the page needs of the forecast: {date, offset, points, elements, seq}
let day = null;
let source = "server";  // "server", "plan" (no day yet: the planned times), "kept" (the copy on the phone)
let stream = null;
let status = "connecting";
let offlineReady = false;
let choice = startingChoice();

const queue = new RecordQueue(config.api_url, config.scenario_id, {
  onChange: () => {
    // a record made before the day started belongs to the day that took it
    const taken = queue.items.filter((i) => i.state === "acknowledged" && i.about.day === null && day);
    for (const item of taken) item.about.day = day.day;
    if (taken.length) queue.save();
    render();
  },
  onRefused: (item) => say(`Not recorded: ${item.error}`),
});

function startingChoice() {
  if (config.point) return { point: config.point, air: Boolean(config.air) };
  try {
    const kept = JSON.parse(localStorage.getItem(KEPT_POINT));
    return kept && typeof kept.point === "string" ? kept : null;
  } catch {
    return null;
  }
}

function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// a formation's planned times by point, as the forecast names its points
function airPlanned(f) {
  return { ...(f.hold_exit ? { "hold-exit": { head: f.hold_exit } } : {}), ip: { head: f.ip }, tribune: { head: f.over_tribune } };
}

// the forecast JSON (or, before any day, the plan JSON) cut to what this page shows and keeps
function trimmed(f) {
  const details = Object.fromEntries((f.passes || []).map((p) => [p.id, p.detail]));
  const element = (e, air, planned) => ({
    id: e.id, name: e.name, label: e.label, description: e.description || "", detail: details[e.id] || "", air, planned,
    forecast: e.forecast || planned, recorded: e.recorded || {}, delay_s: e.delay_s ?? null,
  });
  const sample = f.summary.step_off || f.summary.first_at_anchor || f.air[0].over_tribune;
  return {
    date: f.date, offset: offsetOf(sample), points: f.points.map((p) => ({ name: p.name, label: p.label })),
    elements: [...f.ground.map((g) => element(g, false, g.times)), ...f.air.map((a) => element(a, true, airPlanned(a)))],
    seq: f.seq ?? 0, orders: f.orders || [],
  };
}

function keep() {
  try {
    localStorage.setItem(KEPT_FORECAST, JSON.stringify({ ...plan, day }));
  } catch {
    // a full localStorage keeps the records, which matter; the forecast is fetched again
  }
}

async function load() {
  try {
    const f = await getJSON(forecastUrl);
    plan = trimmed(f);
    day = f.day;
    source = "server";
    keep();
  } catch (error) {
    if (error.status === 404) {
      try {
        plan = trimmed(await getJSON(planUrl));
        day = null;
        source = "plan";
      } catch {
        plan = null;
      }
    }
    if (!plan) {
      const kept = JSON.parse(localStorage.getItem(KEPT_FORECAST) || "null");
      if (kept) {
        plan = kept;
        day = kept.day;
        source = "kept";
      }
    }
  }
  if (!plan) {
    say(`Cannot load the forecast (no network?). Trying again in ${RETRY_S} s.`);
    setTimeout(load, RETRY_S * 1000);
    return;
  }
  fillPoints();
  render();
  if (!stream) follow();
}

function follow() {
  stream = openLive(config.api_url, config.scenario_id, {
    after: plan.seq,
    onStatus: (s) => { status = s; render(); },
    onRecord: (r) => queue.acknowledge(r.id, r.seq),
    onForecast: (state) => {
      if (!plan) return;
      for (const e of plan.elements) {
        const s = state.elements[e.id];
        if (s) Object.assign(e, { forecast: s.forecast, recorded: s.recorded, delay_s: s.delay_s });
      }
      plan.seq = state.seq;
      plan.orders = state.orders || [];
      source = "server";
      keep();
      render();
    },
    onDay: (d) => {
      const other = !day || d.day !== day.day;
      day = d;
      if (other) load();
      else render();
    },
  });
}

// ---- the point

function fillPoints() {
  const select = $("point");
  const groups = [];
  if (config.may["record-passings"]) {
    groups.push(el("optgroup", { label: "Route points" },
      plan.points.map((p) => el("option", { value: `ground:${p.name}` }, p.label && p.label !== p.name ? `${p.label} (${p.name})` : p.name))));
  }
  if (config.may.air) {
    const names = Object.keys(AIR_POINTS).filter((n) => plan.elements.some((e) => e.air && e.planned[n]));
    if (names.length) groups.push(el("optgroup", { label: "Formation points" }, names.map((n) => el("option", { value: `air:${n}` }, AIR_POINTS[n]))));
  }
  select.replaceChildren(el("option", { value: "" }, "Choose your point…"), ...groups);
  const value = choice ? `${choice.air ? "air" : "ground"}:${choice.point}` : "";
  if (choice && ![...select.options].some((o) => o.value === value)) {
    say(`There is no ${choice.air ? "formation " : ""}point named "${choice.point}" for you here: choose your point.`);
    choice = null;
  }
  select.value = choice ? value : "";
}

function choose(value) {
  const [kind, ...name] = value.split(":");
  choice = value ? { point: name.join(":"), air: kind === "air" } : null;
  localStorage.setItem(KEPT_POINT, JSON.stringify(choice));
  const query = choice ? `?point=${encodeURIComponent(choice.point)}${choice.air ? "&air=1" : ""}` : "";
  history.replaceState(null, "", window.location.pathname + query);
  $("element-choice").value = "";
  say(null);
  render();
}

function pointName() {
  if (!choice) return "";
  if (choice.air) return AIR_POINTS[choice.point] || choice.point;
  const p = plan.points.find((q) => q.name === choice.point);
  return p && p.label ? p.label : choice.point;
}

// ---- who is next

// a record of this day (acknowledged in it, or still on the phone), not one of an earlier day
const today = (item) => item.state === "queued" || item.about.day === (day ? day.day : null);

// what this phone knows that the forecast does not show yet: element|point|edge recorded, or voided
function pending() {
  const recorded = new Set();
  const voided = new Set();
  const byId = new Map(queue.items.map((i) => [i.id, i]));
  const key = (body) => `${body.element}|${body.point}|${body.edge}`;
  for (const item of queue.items) {
    const fresh = item.state === "queued" || (item.state === "acknowledged" && today(item) && (item.seq == null || item.seq > plan.seq));
    if (!fresh) continue;
    if (!item.body.void) {
      recorded.add(key(item.body));
      voided.delete(key(item.body));
    } else if (byId.has(item.body.void)) {
      const k = key(byId.get(item.body.void).body);
      recorded.delete(k);
      voided.add(k);
    }
  }
  return { recorded, voided };
}

function targets() {
  if (!plan || !choice) return { list: [], head: null, tail: null, next: null };
  const p = choice.point;
  const known = pending();
  const has = (e, edge) => {
    const k = `${e.id}|${p}|${edge}`;
    if (known.recorded.has(k)) return true;
    return !known.voided.has(k) && Boolean(e.recorded[p] && e.recorded[p][edge]);
  };
  const list = plan.elements.filter((e) => e.air === choice.air && e.planned[p] && e.forecast[p])
    .sort((a, b) => Date.parse(a.planned[p].head) - Date.parse(b.planned[p].head));
  let from = 0;
  list.forEach((e, i) => {
    if (has(e, choice.air ? "head" : "tail")) from = i + 1;
    else if (has(e, "head")) from = i;
  });
  const rest = list.slice(from);
  const head = rest.find((e) => !has(e, "head")) || null;
  const tail = choice.air ? null : rest.find((e) => !has(e, "tail")) || null;
  let next = null;
  if (tail && has(tail, "head")) next = { element: tail, edge: "tail" };
  else if (head) next = { element: head, edge: "head" };
  return { list, head, tail, next };
}

function chosenElement() {
  const id = $("element-choice").value;
  return id ? plan.elements.find((e) => e.id === id) || null : null;
}

// ---- recording

function record(edge) {
  const t = targets();
  const element = chosenElement() || (edge === "head" ? t.head : t.tail);
  if (!element || !choice) return;
  const body = { id: newId(), element: element.id, point: choice.point, edge, time: dayNowIso(day, plan.offset) };
  queue.add(body, { name: element.name, label: element.label, point: pointName(), edge, time: body.time, day: day ? day.day : null });
  $("element-choice").value = "";
  say(null);
}

function lastMine() {
  const voided = new Set(queue.items.filter((i) => i.body.void && i.state !== "failed").map((i) => i.body.void));
  return [...queue.items].reverse().find((i) => !i.body.void && i.state !== "failed" && today(i) && !voided.has(i.id)) || null;
}

function offerUndo() {
  const last = lastMine();
  if (!last) {
    say("Nothing of yours to undo.");
    return;
  }
  $("undo-box").dataset.target = last.id;
  set("undo-what", `Void ${last.about.label} ${last.about.edge} passed at ${last.about.point}, ${clockText(last.about.time)}?`);
  $("undo-box").hidden = false;
  $("undo-reason").select();
}

function undo(event) {
  event.preventDefault();
  const target = queue.items.find((i) => i.id === $("undo-box").dataset.target);
  $("undo-box").hidden = true;
  if (!target) return;
  const reason = $("undo-reason").value.trim() || "pressed by mistake";
  queue.add({ id: newId(), void: target.id, reason }, { ...target.about, void: true, reason, time: dayNowIso(day, plan.offset), day: day ? day.day : null });
}

// ---- showing it

function say(text) {
  $("message").textContent = text || "";
  $("message").hidden = !text;
}

function waitingWords() {
  const n = queue.waiting();
  if (!navigator.onLine) return [`offline: ${n} waiting`, n ? "offline" : "none"];
  if (n) return [`${n} waiting${queue.held ? ` · ${queue.held}` : ": sending"}`, "waiting"];
  return ["all records sent", "none"];
}

const STATES = { queued: "queued", acknowledged: "acknowledged", failed: "failed" };

function recordItem(item, voided) {
  const state = item.state === "queued" && queue.sending === item.id ? "sent" : STATES[item.state];
  const a = item.about;
  const what = item.body.void ? `Undo ${a.label} ${a.edge} · ${a.reason}` : `${a.label} · ${a.edge} passed`;
  const badge = state === "acknowledged" && item.seq ? `acknowledged #${item.seq}` : state;
  return el("li", { dataset: { id: item.id, state }, class: voided ? "voided" : null },
    el("span", { class: "t" }, clockText(a.time).slice(0, 10)),
    el("span", { class: "what" }, what, el("small", {}, a.point)),
    el("span", { class: "state" }, voided ? `${badge} · voided` : badge),
    item.error ? el("div", { class: "error" }, item.error) : null);
}

function showNext(t, chosen) {
  const shown = chosen ? { element: chosen, edge: null } : t.next;
  $("next").hidden = false;
  if (!shown) {
    set("next-label", "Next expected");
    set("next-name", t.list.length ? `Everything has passed ${pointName()}` : `No ${choice.air ? "formation" : "element"} passes ${pointName()}`);
    for (const id of ["next-detail", "next-times", "next-countdown"]) set(id, "");
    $("next").dataset.delay = "ok";
    return;
  }
  const e = shown.element;
  const at = e.forecast[choice.point];
  set("next-label", chosen ? "Recording for" : `Next expected · ${e.air ? "lead over" : shown.edge}`);
  set("next-name", e.name);
  set("next-detail", [e.detail, e.description].filter(Boolean).join(" · "));
  const times = e.air ? `over ${clockText(at.head)}` : `head ${clockText(at.head)} · tail ${clockText(at.tail)}`;
  const delay = e.delay_s === null ? "" : ` · ${delayWords(e.delay_s)}`;
  set("next-times", `${source === "plan" ? "planned" : "forecast"} ${times}${delay}`);
  $("next").dataset.delay = e.delay_s === null ? "ok" : e.delay_s > 5 ? "late" : e.delay_s < -5 ? "early" : "ok";
}

function tick() {
  if (!plan) return;
  const nowIso = dayNowIso(day, plan.offset);
  set("clock", wholeClock(secondsOf(nowIso, plan.date)));
  const words = !day ? "no day running · real time" : day.ended ? "the day has ended" : day.clock.rate !== 1 ? `day clock ×${day.clock.rate}` : "day clock";
  set("day-state", words + (source === "kept" ? " · forecast kept on the phone" : ""));
  const t = choice && !chosenElement() ? targets().next : null;
  if (!t) {
    set("next-countdown", "");
    return;
  }
  const due = t.element.forecast[choice.point][t.edge === "tail" ? "tail" : "head"];
  const left_s = (Date.parse(due) - dayNow(day).getTime()) / 1000;
  const edge = t.element.air ? "over" : t.edge;
  set("next-countdown", left_s >= 0 ? `${edge} in ${countdown(left_s)}` : `${edge} due ${countdown(-left_s)} ago`);
}

// the orders the control room issued for the elements still to pass my point: a marshal passes them on
function showOrders(t) {
  const coming = new Set(t.list.slice(t.list.indexOf(t.next ? t.next.element : null)).map((e) => e.id));
  const mine = t.next ? (plan.orders || []).filter((o) => coming.has(o.element)) : [];
  $("orders").hidden = mine.length === 0;
  $("order-list").replaceChildren(...mine.map((o) => el("li", { dataset: { key: o.key, alert: o.alert ? "yes" : "no" } },
    el("div", { class: "what" }, o.message), o.alert ? el("div", { class: "alert" }, o.alert) : null)));
}

function render() {
  if (!plan) return;
  const [words, kind] = waitingWords();
  set("waiting", words);
  $("waiting").dataset.kind = kind;
  const conn = navigator.onLine ? status : "offline";
  set("conn", conn);
  $("conn").dataset.status = conn;
  const t = targets();
  const chosen = chosenElement();
  const ready = Boolean(choice);
  $("buttons").hidden = !ready;
  $("tools").hidden = !ready;
  $("tail-passed").hidden = !ready || choice.air;
  set("head-word", ready && choice.air ? "Lead over" : "Head passed");
  set("head-target", (chosen || t.head) ? (chosen || t.head).label : "no one expected");
  set("tail-target", (chosen || t.tail) ? (chosen || t.tail).label : "no one expected");
  $("head-passed").disabled = !(chosen || t.head);
  $("tail-passed").disabled = !(chosen || t.tail);
  const options = $("element-choice");
  const ids = t.list.map((e) => e.id).join();
  if (options.dataset.ids !== ids) {
    const keepValue = options.value;
    options.replaceChildren(el("option", { value: "" }, "next expected"), ...t.list.map((e) => el("option", { value: e.id }, e.label)));
    options.value = t.list.some((e) => e.id === keepValue) ? keepValue : "";
    options.dataset.ids = ids;
  }
  if (ready) showNext(t, chosen);
  else $("next").hidden = true;
  showOrders(t);
  const voided = new Set(queue.items.filter((i) => i.body.void && i.state !== "failed").map((i) => i.body.void));
  $("my-records").replaceChildren(...[...queue.items].reverse().filter(today).map((i) => recordItem(i, voided.has(i.id))));
  tick();
  window.paradeplan = {
    point: choice ? choice.point : null, air: choice ? choice.air : null, status: conn, offlineReady, source,
    seq: plan.seq, waiting: queue.waiting(),
    next: t.next ? { element: t.next.element.id, edge: t.next.edge } : null,
    head: t.head ? t.head.id : null, tail: t.tail ? t.tail.id : null,
    orders: [...document.querySelectorAll("#order-list li")].map((li) => li.dataset.key),
    records: queue.items.map((i) => ({ id: i.id, state: i.state, seq: i.seq ?? null, void: i.body.void || null, error: i.error || null })),
  };
}

// ---- the page without network: the service worker keeps the page and what it loaded

async function keepForOffline() {
  if (!("serviceWorker" in navigator)) return;
  try {
    await navigator.serviceWorker.register(config.worker, { scope: config.scope });
    const registration = await navigator.serviceWorker.ready;
    const loaded = performance.getEntriesByType("resource").map((e) => new URL(e.name))
      .filter((u) => u.origin === window.location.origin && u.pathname.startsWith("/static/")).map((u) => u.href);
    const reply = await new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = (event) => resolve(event.data);
      registration.active.postMessage({ keep: [...new Set([window.location.href, ...loaded])] }, [channel.port2]);
    });
    offlineReady = !reply.error;
  } catch (error) {
    console.warn("the page will not open without network:", error);
  }
  render();
}

$("point").addEventListener("change", (event) => choose(event.target.value));
$("element-choice").addEventListener("change", () => render());
$("head-passed").addEventListener("click", () => record("head"));
$("tail-passed").addEventListener("click", () => record("tail"));
$("undo").addEventListener("click", offerUndo);
$("undo-box").addEventListener("submit", undo);
$("undo-cancel").addEventListener("click", () => { $("undo-box").hidden = true; });
window.addEventListener("online", () => render());
window.addEventListener("offline", () => render());
setInterval(tick, TICK_MS);
await load();
queue.pump();
keepForOffline();
