// The map's legend: every colour and mark the map draws for this plan, in a box that folds away.
import { css, ERROR, KIND_COLOURS, SELECTED, WARNING } from "./colours.js";
import { el } from "./dom.js";

export const AIR_TRACK = [34, 211, 238]; // hold, run-in, IP: the air track's colour
export const ANCHOR = [250, 204, 21];
export const POINT = [226, 232, 240];
export const TICK = [120, 130, 143];
export const SLOW = [245, 158, 11];

const KIND_NAMES = { band: "band", foot: "foot block", mounted: "mounted", vehicle: "vehicles", air: "formation" };

// a small drawing of a mark: "line", "dash", "dot", "ring", "tick", "block"
const icon = (shape, colour) => el("i", { class: `legend-icon ${shape}`, style: `--c:${css(colour)}` });
const entry = (shape, colour, text, key) => el("li", { dataset: { entry: key } }, icon(shape, colour), text);

// Fill `root` with the legend of `plan` (whose ground and air elements are `elements`).
export function renderLegend(root, plan, elements) {
  const kinds = new Set(elements.map((e) => e.kind));
  const groups = [
    ["Elements", [
      ...Object.entries(KIND_NAMES).filter(([k]) => kinds.has(k)).map(([k, name]) => entry("block", KIND_COLOURS[k], name, `kind-${k}`)),
      entry("block", SELECTED, "selected", "selected"),
    ]],
    ["Route", [
      entry("dot", ANCHOR, "tribune (anchor)", "anchor"),
      entry("dot", POINT, "named point", "point"),
      entry("tick", TICK, "100 m ticks", "ticks"),
      plan.stretches.some((s) => s.max_speed_kmh) ? entry("dash", SLOW, "speed limit", "speed-limit") : null,
    ]],
    plan.air.length ? ["Air", [
      entry("ring", AIR_TRACK, "hold fix", "hold-fix"),
      entry("loop", AIR_TRACK, "hold", "hold"),
      entry("dash", AIR_TRACK, "hold exit", "hold-exit"),
      entry("dot", AIR_TRACK, "IP", "ip"),
      entry("line", AIR_TRACK, "run-in", "run-in"),
      entry("dots", AIR_TRACK, "break-away", "break-away"),
    ]] : null,
    ["Findings", [
      entry("ring", ERROR, "error", "finding-error"),
      entry("ring", WARNING, "warning", "finding-warning"),
    ]],
  ].filter(Boolean);
  const open = root.querySelector("details")?.open ?? true;
  root.replaceChildren(el("details", { class: "legend", open },
    el("summary", {}, "Legend"),
    ...groups.map(([title, entries]) => el("section", {}, el("h3", {}, title), el("ul", {}, ...entries)))));
}
