// What the control board and the air page share: the day's clock in clock seconds, delays as text
// and colours, record ids, decisions on corrections, and the day's figures read from the forecast
// the server sent (livestream.js follows the stream and keeps the day's clock). No planning here: every delay and forecast
// time is the server's.
import { postJSON } from "./api.js";
import { midnightMs } from "./time.js";

// within this many seconds of the plan an element is on time (the forecast's `late` warnings start beyond it)
const ON_TIME_S = 5;
// later than this, very late
const VERY_LATE_S = 30;
// a formation's points in the order it flies them
export const AIR_POINTS = ["hold-exit", "ip", "tribune"];
export const AIR_POINT_NAMES = { "hold-exit": "Hold exit", ip: "IP", tribune: "Over tribune" };

// the day's clock (a Date, from livestream.js's dayNow) in clock seconds of the parade day
export function clockSecondsAt(plan, date) {
  return (date.getTime() - midnightMs(plan)) / 1000;
}

// "on-time", "late", "very-late" or "early": the colour of a delay (late positive, seconds)
export function delayClass(delayS) {
  if (Math.abs(delayS) <= ON_TIME_S) return "on-time";
  if (delayS < 0) return "early";
  return delayS > VERY_LATE_S ? "very-late" : "late";
}

// a delay to the tenth, signed: 40 -> "+40.0 s", -3.25 -> "−3.3 s", 95 -> "+1 min 35.0 s"
export function delayText(delayS) {
  const tenths = Math.round(Math.abs(delayS) * 10) / 10;
  if (tenths === 0) return "±0.0 s";
  const sign = delayS > 0 ? "+" : "−";
  const minutes = Math.floor(tenths / 60);
  const rest = (tenths - minutes * 60).toFixed(1);
  return minutes ? `${sign}${minutes} min ${rest} s` : `${sign}${rest} s`;
}

// a new record id (the server keeps it, so a resend never doubles the record)
export function newId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16)); // a page served over plain HTTP beyond loopback has no randomUUID
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const hex = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// the live part of GET /live/forecast, in the shape of a forecast event of the stream
export function liveOf(full) {
  const entry = (e, air) => [e.id, { air, delay_s: e.delay_s, own_delay_s: e.own_delay_s, held_by: e.held_by, forecast: e.forecast, recorded: e.recorded }];
  return {
    seq: full.seq,
    elements: Object.fromEntries([...full.ground.map((e) => entry(e, false)), ...full.air.map((e) => entry(e, true))]),
    corrections: full.corrections, orders: full.orders, findings: full.findings, passes: full.passes,
  };
}

// an element's furthest record: {point, edge, time} (ground: by route position, a tail beyond a head at one
// point; formations: hold exit, IP, tribune), or null without one. pointOrder: point names in route order.
export function furthestRecord(recorded, pointOrder) {
  let best = null;
  for (const [point, edges] of Object.entries(recorded || {})) {
    for (const edge of ["head", "tail"]) {
      if (!edges[edge]) continue;
      const rank = pointOrder.indexOf(point) * 2 + (edge === "tail" ? 1 : 0);
      if (!best || rank > best.rank) best = { point, edge, time: edges[edge], rank };
    }
  }
  return best;
}

// the planned and forecast time (ISO) of an element at the anchor: a ground element's head at the anchor,
// a formation over the tribune
export function atAnchor(plan, element, live) {
  const air = live ? live.air : "over_tribune" in element;
  const planned = air ? element.over_tribune : element.times[plan.anchor] && element.times[plan.anchor].head;
  const point = air ? "tribune" : plan.anchor;
  const forecast = live && live.forecast[point] ? live.forecast[point].head : null;
  return { planned, forecast };
}

// Issue or dismiss a correction (a decision record, with an id of its own).
export function decide(apiBase, key, action) {
  return postJSON(`${apiBase}/live/corrections`, { id: newId(), correction: key, action });
}

// May this page issue or dismiss this correction: the run-day permission, or air for an air correction.
export function mayDecide(may, correction) {
  return Boolean(may.run_day || (may.air && correction.kind.startsWith("air-")));
}
