// "Now passing" in the workspace: which element is at the tribune at the clock's time, which comes
// next and in how long, and which passed last, from the plan's passes (each element's start and end
// past the anchor, as the tribune view shows them).
import { el } from "./dom.js";
import { countdown, secondsOf } from "./time.js";

// every element past the tribune, in order (the plan's passes): {id, name, detail, air, start, end} in clock seconds
export function passesOf(plan) {
  const at = (iso) => secondsOf(iso, plan.date);
  return plan.passes.map((p) => ({ ...p, start: at(p.start), end: at(p.end) }));
}

// what is at the tribune at clock time t: state "before" (nothing has come yet), "passing", "interval"
// (between two elements) or "after" (everything has passed); now (passing), upcoming (in order), next
// (the first of them), last (of the elements clear of the tribune, the one that cleared last).
// The workspace's readout and the tribune view both show this.
export function passingAt(passes, t) {
  const now = passes.filter((p) => p.start <= t && t <= p.end);
  const upcoming = passes.filter((p) => p.start > t);
  const next = upcoming[0] || null;
  const passed = passes.filter((p) => p.end < t);
  const last = passed.length ? passed.reduce((a, b) => (b.end >= a.end ? b : a)) : null;
  const state = now.length ? "passing" : !last ? "before" : next ? "interval" : "after";
  return { state, now, upcoming, next, last };
}

const STATE_WORDS = { before: "Not at the tribune yet", interval: "Interval", after: "The parade has passed" };

// The readout in `root`, again whenever the clock shows another second or the plan changes; a name
// selects its element. Returns what it shows, for window.paradeplan.
export function mountPassing(root, store) {
  let passes = [];
  let shownKey = null;
  const shown = { state: null, now: [], next: null, countdown: null, last: null };
  const name = (p) => el("button", { type: "button", class: `passing-name${p.air ? " air" : ""}`, title: `${p.name} · ${p.detail}`,
    onclick: () => store.set({ selected: p.id }) }, p.air ? `✈ ${p.name}` : p.name);
  const render = (t) => {
    const { state, now, next, last } = passingAt(passes, t);
    const clearIn = now.length ? countdown(Math.max(...now.map((p) => p.end)) - t) : null;
    const nextIn = next ? countdown(next.start - t) : null;
    const key = [state, now.map((p) => p.id).join(), clearIn, next && next.id, nextIn, last && last.id].join("|");
    if (key === shownKey) return;
    shownKey = key;
    Object.assign(shown, { state, now: now.map((p) => p.name), next: next ? next.name : null, countdown: nextIn, last: last ? last.name : null });
    root.dataset.state = state;
    root.replaceChildren(...[
      el("span", { class: "passing-now" },
        el("span", { class: "strip-label" }, state === "passing" ? "Now passing" : "At the tribune"),
        ...(state === "passing" ? [...now.map(name), el("span", { class: "muted" }, `clear in ${clearIn}`)] : [el("span", { class: "passing-state" }, STATE_WORDS[state])])),
      next ? el("span", { class: "passing-next" }, el("span", { class: "strip-label" }, "Next"), name(next), el("span", { class: "countdown" }, `in ${nextIn}`)) : null,
      last && state !== "passing" ? el("span", { class: "passing-last" }, el("span", { class: "strip-label" }, "Last passed"), name(last)) : null,
    ].filter(Boolean));
  };
  store.subscribe(["plan"], (s) => {
    passes = passesOf(s.plan);
    shownKey = null;
    if (s.time !== null) render(s.time);
  });
  store.subscribe(["time"], (s) => { if (s.plan) render(s.time); });
  return shown;
}
