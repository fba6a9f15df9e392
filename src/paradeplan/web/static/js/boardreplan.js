// The control board's Re-plan panel: new step-off times and gaps for the elements not yet stepped off,
// offered beside the corrections, as advice to read out. The server works it out (GET /live/replan, an
// integer program too slow to push with every forecast), so the panel asks again whenever a forecast
// with a newer seq arrives, one request at a time; it shows only what the server sends.
import { getJSON } from "./api.js";
import { el } from "./dom.js";
import { clockText } from "./time.js";

// "7 s", or "6.7 s" when the server could not keep gaps to whole seconds
const gapText = (seconds, whole) => (seconds == null ? "–" : `${whole ? seconds.toFixed(0) : seconds.toFixed(1)} s`);

function rowItem(row, whole, anchor) {
  const figures = [
    `step off ${clockText(row.step_off)} (was ${clockText(row.published_step_off)})`,
    row.gap_s == null ? null : `gap ${gapText(row.gap_s, whole)} (was ${gapText(row.planned_gap_s, whole)})`,
    row.at_anchor ? `at ${anchor} ${clockText(row.at_anchor)}` : null,
  ].filter(Boolean);
  return el("li", { class: "replan-row", dataset: { element: row.id } },
    el("div", { class: "item-head" }, el("strong", {}, row.name),
      el("span", { class: "who" }, row.moved_s ? `${row.moved_s > 0 ? "+" : "−"}${Math.abs(row.moved_s).toFixed(1)} s` : "gap only")),
    el("div", { class: "figures" }, figures.join(" · ")));
}

// Fill `list`, `count` and `summary` from GET {api}/live/replan, asked again for each newer forecast.
export function mountReplan(list, count, summary, store, { api }) {
  let asking = false;
  let shown = null; // {seq, replan}
  const render = () => {
    const replan = shown ? shown.replan : null;
    if (!replan) {
      count.textContent = "none";
      count.dataset.kind = "ok";
      summary.textContent = "";
      list.replaceChildren(el("li", { class: "empty" }, shown ? "Nothing to re-plan: those stepped off keep the plan." : "Waiting for the forecast…"));
      return;
    }
    const moved = replan.rows.filter((row) => row.moved);
    count.textContent = `${moved.length} to move`;
    count.dataset.kind = moved.length ? "warning" : "ok";
    summary.textContent = replan.summary;
    const kept = replan.rows.length - moved.length;
    list.replaceChildren(...moved.map((row) => rowItem(row, replan.whole_seconds, replan.anchor)),
      ...(kept ? [el("li", { class: "muted" }, `${kept} more not yet stepped off keep their published times.`)] : []));
  };
  const ask = async () => {
    const { live } = store.get();
    if (asking || !live || (shown && shown.seq >= live.seq)) return;
    asking = true;
    try {
      shown = await getJSON(`${api}/live/replan`);
      render();
    } catch (error) {
      summary.textContent = `Could not load the re-plan: ${error.message}`;
    } finally {
      asking = false;
    }
    const latest = store.get().live;
    if (latest && shown && shown.seq < latest.seq) ask();
  };
  store.subscribe(["live"], () => { ask(); });
  render();
}
