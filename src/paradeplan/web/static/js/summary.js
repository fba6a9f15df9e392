// The summary strip: the figures the terminal prints under its tables (`paradeplan plan`), from the
// plan's summary: first head and last tail at the tribune, step-off and completion, head counts and
// findings. Times in the parade's zone, to the nearest second (the tables give the tenths).
import { el } from "./dom.js";
import { duration, plural } from "./format.js";
import { clockText, secondsOf, wholeClock } from "./time.js";

// "11:20:00 – 11:46:05 (26 min 5 s)" from two plan times and the span the plan gives; null without them
function span(plan, from, to, spanS) {
  if (!from || !to || spanS == null) return null;
  return `${wholeClock(secondsOf(from, plan.date))} – ${wholeClock(secondsOf(to, plan.date))} (${duration(spanS)})`;
}

// the strip's items: [label or null, text, title]; the findings last
export function summaryItems(plan) {
  const s = plan.summary;
  const anchor = plan.points.find((p) => p.name === plan.anchor);
  const counts = [plural(s.elements, "element"), `${s.personnel.toLocaleString("en")} personnel`,
    s.vehicles ? plural(s.vehicles, "vehicle") : null, s.aircraft ? `${s.aircraft.toLocaleString("en")} aircraft` : null];
  const tenths = (iso) => (iso ? clockText(iso) : "—");
  return [
    ["Past the tribune", span(plan, s.first_at_anchor, s.last_clear_of_anchor, s.tribune_span_s),
      `${anchor ? anchor.label || anchor.name : plan.anchor}: first head ${tenths(s.first_at_anchor)}, last tail ${tenths(s.last_clear_of_anchor)}`],
    ["Route", span(plan, s.step_off, s.completion, s.parade_span_s), `first step-off ${tenths(s.step_off)}, completion ${tenths(s.completion)}`],
    [null, counts.filter(Boolean).join(" · "), `${s.personnel.toLocaleString("en")} marching, ${s.crew.toLocaleString("en")} crew`],
    [null, `${plural(s.errors, "error")}, ${plural(s.warnings, "warning")}`, null],
  ].filter(([, text]) => text);
}

// The strip in `root`, again whenever the plan changes.
export function mountSummary(root, store) {
  store.subscribe(["plan"], ({ plan }) => {
    const { errors, warnings } = plan.summary;
    const items = summaryItems(plan);
    root.replaceChildren(...items.map(([label, text, title], i) => el("span", {
      class: `summary-item${i === items.length - 1 ? ` findings-${errors ? "error" : warnings ? "warning" : "ok"}` : ""}`, title,
    }, label ? el("span", { class: "strip-label" }, label) : null, text)));
  });
}
