// The Fit panel: the goals of `paradeplan fit` (a duration, a finish time or a tribune window, the flypast's
// place after the ground, whether speeds and fixed times may change) sent with the editor's text to POST
// /api/fit; the server fits and answers what it changed (element, gap, speed, head at the anchor, moved), the
// flypast's move and the new summary, or the sentences that say why the goals cannot be met. "Apply as an unsaved
// edit" puts the revised text in the editor, where it is checked and shown as the what-if, to save as a new
// version with the save bar. Nothing is worked out here: the panel shows what the server sent.
import { postJSON } from "./api.js";
import { el } from "./dom.js";
import { plural } from "./format.js";

// the text goals, as the command line's options: [key, label, placeholder, what it means]
const TEXT_GOALS = [
  ["duration", "Duration at the anchor", "24m", "first head to last tail at the anchor: 24m, 1h5m, 90s or mm:ss"],
  ["finish_by", "or finish by", "11:50:00", "the last tail clear of the release point by then"],
  ["tribune_window", "or tribune window", "11:20-11:50", "FROM-TO: the first head no earlier, the last tail no later"],
  ["flypast_after_ground", "Flypast after ground", "30s", "the first formation over the tribune this long after the last ground tail"],
];
const CHOICES = [["speeds", "speeds may change"], ["move_fixed", "fixed times may move"]];

// a problem as one line: the fit's sentences are strings, the loader's and the request's have `text`
const problemText = (p) => (typeof p === "string" ? p : p.text || p.message);

// the changes the server listed, as a table (cells as sent)
function changesTable(changes) {
  if (!changes.length) return el("p", { class: "empty" }, "The ground segment already fits: no gap or speed changes.");
  return el("table", { class: "grid compact", id: "fit-changes" },
    el("thead", {}, el("tr", {}, el("th", {}, "Element"), el("th", { class: "num" }, "Gap"), el("th", { class: "num" }, "Speed"),
      el("th", { class: "num" }, "Head at anchor"), el("th", { class: "num" }, "Moved"))),
    el("tbody", {}, changes.map((c) => el("tr", { dataset: { id: c.id } },
      el("td", { title: c.id }, c.name), el("td", { class: "num" }, c.gap), el("td", { class: "num" }, c.speed),
      el("td", { class: "num" }, c.at_anchor), el("td", { class: "num" }, c.moved)))));
}

function summaryPart(before, after) {
  return el("div", { class: "fit-summary", id: "fit-summary" },
    el("h3", { class: "section-title" }, "New summary"),
    el("ul", { class: "fit-lines" }, after.map((line) => el("li", {}, line))),
    el("details", {}, el("summary", {}, "Summary before"), el("ul", { class: "fit-lines muted" }, before.map((line) => el("li", {}, line)))));
}

// Mount the panel: `button` opens `dialog`; `editor` gives the text and takes the revised one; `url`: POST /api/fit.
export function mountFit({ button, dialog, editor, url }) {
  const inputs = {};
  const fields = TEXT_GOALS.map(([key, label, placeholder, title]) => {
    inputs[key] = el("input", { type: "text", id: `fit-${key}`, name: key, placeholder, title, maxlength: 100, autocomplete: "off" });
    return el("label", { class: "fit-field", for: `fit-${key}` }, el("span", {}, label), inputs[key]);
  });
  const boxes = CHOICES.map(([key, label]) => {
    inputs[key] = el("input", { type: "checkbox", id: `fit-${key}`, name: key });
    return el("label", { class: "fit-choice" }, inputs[key], label);
  });
  const fitButton = el("button", { type: "submit", class: "primary", id: "fit-run" }, "Fit");
  const status = el("span", { class: "fit-status", id: "fit-status", role: "status" });
  const form = el("form", { class: "fit-goals", id: "fit-form" }, fields,
    el("div", { class: "fit-choices" }, boxes),
    el("p", { class: "hint" }, "One of duration, finish by and tribune window. A goal left blank keeps the scenario's own fit: block; the boxes always count."),
    el("div", { class: "fit-run" }, fitButton, status));
  const result = el("div", { class: "fit-result", id: "fit-result" });
  const close = el("button", { type: "button", class: "close", onclick: () => dialog.close() }, "Close");
  dialog.replaceChildren(el("header", { class: "pane-head" }, el("h2", {}, "Fit the parade to its slot"), close),
    el("div", { class: "fit-body" }, form, result));

  let asked = null; // the text the answer shown was fitted from
  let applyButton = null;
  const stale = () => editor.text !== asked;
  editor.addEventListener("change", () => {
    if (applyButton) applyButton.disabled = stale();
  });

  const goals = () => {
    const chosen = {};
    for (const [key] of TEXT_GOALS) if (inputs[key].value.trim()) chosen[key] = inputs[key].value.trim();
    for (const [key] of CHOICES) chosen[key] = inputs[key].checked;
    return chosen;
  };

  const apply = (yaml) => {
    const doc = editor.view.state.doc;
    editor.view.dispatch({ changes: { from: 0, to: doc.length, insert: yaml } }); // the editor checks it as a what-if
    dialog.close();
  };

  const showFitted = (answer) => {
    applyButton = el("button", { type: "button", class: "primary", id: "fit-apply", onclick: () => apply(answer.yaml) },
      "Apply as an unsaved edit");
    applyButton.disabled = stale();
    result.replaceChildren(
      el("h3", { class: "section-title" }, `What the fit changes (${plural(answer.changes.length, "element")})`),
      changesTable(answer.changes),
      answer.air ? el("p", { class: "fit-air", id: "fit-air" }, answer.air) : null,
      summaryPart(answer.summary_before, answer.summary_after),
      el("div", { class: "fit-apply" }, applyButton,
        el("span", { class: "hint" }, "The revised text goes in the editor, unsaved: save it as a new version with the save bar.")),
    );
  };

  const showProblems = (lines) => {
    applyButton = null;
    result.replaceChildren(el("h3", { class: "section-title" }, "Not fitted"),
      el("ul", { class: "fit-problems", id: "fit-problems" }, lines.map((line) => el("li", { class: "problem" }, line))));
  };

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const text = editor.text;
    fitButton.disabled = true;
    status.textContent = "Fitting…";
    try {
      const answer = await postJSON(url, { yaml: text, filename: editor.filename, goals: goals() });
      asked = text;
      showFitted(answer);
      status.textContent = "";
    } catch (error) {
      const body = error.body || {};
      const problems = Array.isArray(body.problems) ? body.problems.map(problemText) : [];
      // the fit's own sentences stand alone; the loader's and the request's follow the detail that counts them
      showProblems(body.fitted === false ? problems : [error.message, ...problems]);
      status.textContent = "";
    } finally {
      fitButton.disabled = false;
    }
  });

  button.addEventListener("click", () => {
    if (!dialog.open) dialog.showModal();
    inputs.duration.focus();
  });
}
