// The board's lists, each from the store: the records as they come (newest first, a voided one struck
// through), the corrections to issue or dismiss, the orders issued (with their alert when the advice
// moved), and the findings run on the forecast. The air page shows corrections and orders the same way.
import { clockSecondsAt, decide, mayDecide } from "./boardtime.js";
import { el } from "./dom.js";
import { dayNow } from "./livestream.js";
import { clockText, wholeClock } from "./time.js";

const RECORDS_SHOWN = 300; // the newest records listed; GET /live/events has them all
const KIND_NAMES = { "ground-speed": "ground speed", hold: "hold", "air-speed": "air speed", "air-hold": "air hold", "air-for-ground": "air for ground" };

// element id -> its short name, from the store's elements
const namesOf = (elements) => new Map(elements.map((e) => [e.id, e.label || e.name]));

// when a record arrived (the server's UTC time), on the day's clock, to the second: "11:05:12"
function dayClockAt(plan, day, utcIso) {
  return wholeClock(clockSecondsAt(plan, dayNow(day, Date.parse(utcIso))));
}

// a correction's own figures, in words: ["130 paces a minute", "still 12 s late", ...]
export function correctionFigures(c) {
  const time = (iso) => (iso ? clockText(iso) : null);
  return [
    c.cadence_spm != null ? `${Math.round(c.cadence_spm)} paces a minute` : null,
    c.speed_kmh != null ? `${c.speed_kmh.toFixed(1)} km/h` : null,
    c.step_off ? `step off ${time(c.step_off)}` : null,
    c.tas_kt != null ? `TAS ${Math.round(c.tas_kt)} kt from the ${c.from_point === "ip" ? "IP" : c.from_point}` : null,
    c.hold_exit ? `exit the hold ${time(c.hold_exit)}` : null,
    c.ip && c.kind === "air-hold" ? `cross the IP ${time(c.ip)}` : null,
    c.over_tribune ? `over the tribune ${time(c.over_tribune)}` : null,
    c.lose_s != null ? `lose ${c.lose_s.toFixed(1)} s` : null,
    c.formations && c.formations.length > 1 ? `${c.formations.length} formations` : null,
    c.still_late_s ? `still ${c.still_late_s.toFixed(1)} s late` : null,
    c.recovers_s ? `corrects ${Math.abs(c.recovers_s).toFixed(1)} s` : null,
  ].filter(Boolean);
}

// One correction with Issue and Dismiss buttons (while the day runs, where this page may decide); state:
// {busy: Set, errors: Map}.
export function correctionItem(c, names, { api, may, running, state, rerender }) {
  const act = async (action) => {
    state.busy.add(c.key);
    state.errors.delete(c.key);
    rerender();
    try {
      await decide(api, c.key, action);
    } catch (error) {
      state.busy.delete(c.key);
      state.errors.set(c.key, error.message);
      rerender();
    }
  };
  const busy = state.busy.has(c.key);
  const buttons = running && mayDecide(may, c) ? el("div", { class: "actions" },
    el("button", { type: "button", class: "primary issue", disabled: busy, onclick: () => act("issue") }, "Issue"),
    c.dismissed ? null : el("button", { type: "button", class: "dismiss", disabled: busy, onclick: () => act("dismiss") }, "Dismiss")) : null;
  return el("li", { class: `correction kind-${c.kind}${c.dismissed ? " dismissed" : ""}`, dataset: { key: c.key, element: c.element } },
    el("div", { class: "item-head" }, el("span", { class: "badge" }, KIND_NAMES[c.kind] || c.kind), el("strong", {}, names.get(c.element) || c.element)),
    el("div", { class: "message" }, c.message),
    el("div", { class: "figures" }, correctionFigures(c).join(" · ")),
    state.errors.has(c.key) ? el("div", { class: "error" }, state.errors.get(c.key)) : null,
    buttons);
}

// The corrections offered and not yet decided, then those dismissed (folded); filter: which to show.
export function mountCorrections(list, count, store, { api, may, filter = () => true }) {
  const state = { busy: new Set(), errors: new Map() };
  const render = () => {
    const { live, elements, day } = store.get();
    if (!live) return;
    const names = namesOf(elements);
    const running = Boolean(day && day.live);
    const shown = live.corrections.filter(filter);
    const open = shown.filter((c) => !c.issued && !c.dismissed);
    const dismissed = shown.filter((c) => c.dismissed && !c.issued);
    for (const key of state.busy) if (!open.some((c) => c.key === key)) state.busy.delete(key); // decided: the forecast says so
    const item = (c) => correctionItem(c, names, { api, may, running, state, rerender: render });
    count.textContent = open.length ? `${open.length} to decide` : "none";
    count.dataset.kind = open.length ? "warning" : "ok";
    list.replaceChildren(
      ...(open.length ? open.map(item) : [el("li", { class: "empty" }, "No correction: the forecast keeps the plan.")]),
      ...(dismissed.length ? [el("li", { class: "folded" }, el("details", {}, el("summary", {}, `Dismissed (${dismissed.length})`),
        el("ol", { class: "live-list" }, dismissed.map(item))))] : []));
  };
  store.subscribe(["live", "day"], render);
}

// One order: whom, the words as issued, who issued it and when, its alert, and whether it still stands.
export function orderItem(o, names, decisions, { plan, day }) {
  const issued = decisions.get(o.record);
  return el("li", { class: `order kind-${o.kind}${o.alert ? " alerting" : ""}`, dataset: { key: o.key, element: o.element } },
    el("div", { class: "item-head" }, el("span", { class: "badge" }, KIND_NAMES[o.kind] || o.kind), el("strong", {}, names.get(o.element) || o.element),
      issued ? el("span", { class: "who" }, `issued ${dayClockAt(plan, day, issued.arrived)} by ${issued.recorded_by}`) : null),
    el("div", { class: "message" }, o.message),
    o.alert ? el("div", { class: "alert", role: "alert" }, `⚠ ${o.alert}`) : null,
    o.current ? null : el("div", { class: "muted" }, "No longer advised: the forecast no longer calls for it."));
}

// The orders issued (the newest first); filter: which to show.
export function mountOrders(list, count, store, { filter = () => true } = {}) {
  const render = () => {
    const { live, elements, records } = store.get();
    if (!live) return;
    const orders = live.orders.filter(filter);
    const decisions = new Map(records.filter((r) => r.kind === "decision").map((r) => [r.id, r]));
    const alerts = orders.filter((o) => o.alert).length;
    count.textContent = orders.length ? `${orders.length}${alerts ? `, ${alerts} to look at again` : ""}` : "none";
    count.dataset.kind = alerts ? "error" : "";
    const names = namesOf(elements);
    list.replaceChildren(...(orders.length ? [...orders].reverse().map((o) => orderItem(o, names, decisions, store.get()))
      : [el("li", { class: "empty" }, "No order issued.")]));
  };
  store.subscribe(["live", "records"], render);
}

// a record as one line: passing, void or decision
function recordItem(r, names, seqOf, voided) {
  const who = el("span", { class: "who" }, r.recorded_by);
  const seq = el("span", { class: "seq" }, `#${r.seq}`);
  if (r.kind === "void") {
    return el("li", { class: "record void", dataset: { seq: r.seq } }, seq, el("span", { class: "what" },
      `void of ${seqOf.has(r.void) ? `#${seqOf.get(r.void)}` : "a record"}: ${r.reason}`), who);
  }
  if (r.kind === "decision") {
    return el("li", { class: `record decision ${r.action}`, dataset: { seq: r.seq } }, seq, el("span", { class: "what" },
      `${r.action === "issue" ? "issued" : "dismissed"}: ${r.message}`), who);
  }
  return el("li", { class: `record passing${voided.has(r.id) ? " voided" : ""}`, dataset: { seq: r.seq, element: r.element } },
    seq, el("span", { class: "t" }, clockText(r.time)),
    el("span", { class: "what", title: r.note || "" }, `${names.get(r.element) || r.element} · ${r.point} ${r.edge}`), who);
}

// The records, the newest first.
export function mountRecords(list, count, store) {
  store.subscribe(["records", "elements"], ({ records, elements }) => {
    const names = namesOf(elements);
    const seqOf = new Map(records.map((r) => [r.id, r.seq]));
    const voided = new Set(records.filter((r) => r.kind === "void").map((r) => r.void));
    const newest = records.slice(-RECORDS_SHOWN).reverse();
    count.textContent = records.length ? String(records.length) : "none";
    list.replaceChildren(...(records.length ? newest.map((r) => recordItem(r, names, seqOf, voided)) : [el("li", { class: "empty" }, "No record yet.")]),
      ...(records.length > RECORDS_SHOWN ? [el("li", { class: "muted" }, `and ${records.length - RECORDS_SHOWN} older records`)] : []));
  });
}

// The findings run on the forecast.
export function mountFindings(list, count, store) {
  store.subscribe(["live"], ({ live, elements }) => {
    if (!live) return;
    const names = namesOf(elements);
    const errors = live.findings.filter((f) => f.severity === "error").length;
    count.textContent = live.findings.length ? `${errors} errors, ${live.findings.length - errors} warnings` : "none";
    count.dataset.kind = errors ? "error" : live.findings.length ? "warning" : "ok";
    list.replaceChildren(...(live.findings.length ? live.findings.map((f) => el("li", { class: `finding sev-${f.severity}` },
      el("div", { class: "finding-head" }, el("span", { class: "badge" }, f.severity), el("code", {}, f.code)),
      el("div", { class: "finding-msg" }, f.message),
      el("div", { class: "finding-where" }, [f.time ? clockText(f.time) : null, ...f.elements.map((id) => names.get(id) || id)].filter(Boolean).join(" · "))))
      : [el("li", { class: "empty" }, "No finding on the forecast.")]));
  });
}
