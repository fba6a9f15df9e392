// "Compare with saved": the unsaved text against the last saved version, side by side, in a dialog
// over the workspace. The server compares (POST /api/scenarios/{id}/compare, the diff JSON with `to`
// null for the edit): what changed in findings and spans first, then every element whose tribune
// time moved, then the findings and the text diff one click away.
import { postJSON } from "./api.js";
import { el } from "./dom.js";
import { duration, plural, signedDuration } from "./format.js";
import { clockText } from "./time.js";

const counts = (c) => `${plural(c.errors, "error")}, ${plural(c.warnings, "warning")}`;

// the counts before and after, first; the findings themselves, one click away (after the times)
function findingsCounts(findings) {
  return findings ? el("p", { class: "compare-counts", id: "compare-findings-counts" }, el("span", { class: "strip-label" }, "Findings"),
    counts(findings.from), " → ", el("strong", { class: findings.to.errors > findings.from.errors ? "worse" : "" }, counts(findings.to))) : null;
}

function findingsLists(findings) {
  if (!findings) return null;
  const list = (title, items, kind) => (items.length ? el("details", { class: `compare-findings ${kind}` },
    el("summary", {}, `${title} (${items.length})`),
    el("ul", {}, items.map((f) => el("li", { class: `sev-${f.severity}` }, el("code", {}, f.code), " ", f.message)))) : null);
  return [list("Findings new in your edit", findings.added, "added"), list("Findings gone in your edit", findings.removed, "removed")];
}

function spansPart(spans) {
  if (!spans) return null;
  const line = (label, s) => (s && s.from_s != null && s.to_s != null ? el("p", { class: "compare-span" }, el("span", { class: "strip-label" }, label),
    `${duration(s.from_s)} → ${duration(s.to_s)} (${signedDuration(s.delta_s ?? s.to_s - s.from_s)})`) : null);
  return [line("Tribune span", spans.tribune), line("Parade span", spans.parade)];
}

function movedPart(moved, savedLabel) {
  if (!moved.length) return el("p", { class: "empty" }, "No element's tribune time moved.");
  const time = (iso) => (iso ? clockText(iso) : "—");
  return el("table", { class: "grid compact", id: "compare-moved" },
    el("thead", {}, el("tr", {}, el("th", {}, "Element"), el("th", { class: "num" }, `Saved (${savedLabel})`),
      el("th", { class: "num" }, "Your edit"), el("th", { class: "num" }, "Change"))),
    el("tbody", {}, moved.map((m) => el("tr", { dataset: { id: m.id } },
      el("td", { title: m.id }, m.name), el("td", { class: "num" }, time(m.from_time)), el("td", { class: "num" }, time(m.to_time)),
      el("td", { class: `num ${m.delta_s > 0 ? "later" : "earlier"}` }, m.delta_s == null ? (m.to_time ? "new" : "dropped") : `${m.delta_s > 0 ? "+" : ""}${m.delta_s.toFixed(1)} s`)))));
}

// Open `dialog` on the comparison of `yaml` with saved version `version` at `url`.
export async function openCompare(dialog, url, yaml, version) {
  const savedLabel = `v${version}`;
  const close = el("button", { type: "button", class: "close", onclick: () => dialog.close() }, "Close");
  const body = el("div", { class: "compare-body" }, el("p", { class: "muted" }, "Comparing…"));
  dialog.replaceChildren(el("header", { class: "pane-head" }, el("h2", {}, `Your unsaved edit compared with ${savedLabel}`), close), body);
  if (!dialog.open) dialog.showModal();
  let diff;
  try {
    diff = await postJSON(url, { yaml, version });
  } catch (error) {
    const why = error.status === 404 || error.status === 405 ? "this server cannot compare an unsaved text yet" : error.message;
    body.replaceChildren(el("p", { class: "problem" }, `Could not compare: ${why}.`));
    return;
  }
  body.replaceChildren(
    el("section", { class: "compare-summary" }, findingsCounts(diff.findings), spansPart(diff.spans)),
    el("h3", { class: "section-title" }, `Tribune times: ${plural(diff.moved.length, "element")} moved`),
    movedPart(diff.moved, savedLabel),
    findingsLists(diff.findings),
    diff.text_diff ? el("details", { class: "compare-text" }, el("summary", {}, "Text changes"),
      el("pre", { class: "diff-text" }, diff.text_diff.split("\n").map((line) => el("span", {
        class: line.startsWith("+++") || line.startsWith("---") ? "file" : line.startsWith("@@") ? "hunk" : line.startsWith("+") ? "add" : line.startsWith("-") ? "del" : "",
      }, line)))) : null,
  );
}
