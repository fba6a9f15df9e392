// Scenarios page: list (with the latest version's findings, and save times in the reader's zone),
// import a YAML file, new from an example, duplicate, archive.
import { getJSON, postJSON, problemLines } from "./api.js";
import { el, readJSONScript, showProblems } from "./dom.js";
import { readerZone, savedTime } from "./saved.js";

const tbody = document.querySelector("#scenario-table tbody");
const problems = document.getElementById("problems");
const showArchived = document.getElementById("show-archived");

const COLUMNS = 10;
const counted = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

// the latest version's findings: "2 errors · 1 warning" in red, "1 warning" in amber, "none" in green
function findingsCell(s) {
  const parts = [s.errors ? counted(s.errors, "error") : null, s.warnings ? counted(s.warnings, "warning") : null];
  const kind = s.errors ? "error" : s.warnings ? "warning" : "ok";
  return el("td", { class: "findings-count", dataset: { kind } }, parts.filter(Boolean).join(" · ") || "none");
}

function row(s) {
  const action = (name, label) => el("button", { type: "button", onclick: () => act(s.id, name) }, label);
  return el("tr", { dataset: { id: s.id }, class: s.archived ? "archived" : null },
    el("td", {}, el("a", { href: `/scenarios/${s.id}` }, s.name), s.archived ? el("span", { class: "tag" }, "archived") : null),
    el("td", {}, s.date),
    el("td", { class: "num" }, s.elements),
    el("td", { class: "num" }, s.personnel.toLocaleString()),
    el("td", { class: "num" }, s.vehicles),
    el("td", { class: "num" }, s.aircraft),
    findingsCell(s),
    el("td", {}, el("time", { datetime: s.last_saved }, savedTime(s.last_saved))),
    el("td", { class: "num" }, el("a", { href: `/scenarios/${s.id}/versions` }, `v${s.latest_version}`)),
    el("td", {}, el("div", { class: "row-actions" },
      el("a", { class: "button", href: `/scenarios/${s.id}/tribune` }, "Tribune"),
      action("duplicate", "Duplicate"),
      s.archived ? action("unarchive", "Unarchive") : action("archive", "Archive"))));
}

function render(list) {
  tbody.replaceChildren(...(list.length ? list.map(row)
    : [el("tr", {}, el("td", { colspan: COLUMNS, class: "empty" }, "No scenarios yet: import a YAML file or start from an example."))]));
}

async function reload() {
  render(await getJSON(`/api/scenarios${showArchived.checked ? "?archived=true" : ""}`));
}

async function run(task) {
  showProblems(problems, []);
  try {
    await task();
  } catch (error) {
    showProblems(problems, problemLines(error));
  }
}

function act(id, name) {
  return run(async () => {
    await postJSON(`/api/scenarios/${id}/${name}`);
    await reload();
  });
}

document.getElementById("import-file").addEventListener("change", (event) => {
  const file = event.target.files[0];
  if (!file) return;
  run(async () => {
    const created = await postJSON("/api/scenarios", { yaml: await file.text(), filename: file.name, message: `Imported from ${file.name}` });
    window.location.href = `/scenarios/${created.id}`;
  });
  event.target.value = "";
});

document.getElementById("from-example").addEventListener("submit", (event) => {
  event.preventDefault();
  run(async () => {
    const created = await postJSON("/api/scenarios/from-example", { example: document.getElementById("example").value });
    window.location.href = `/scenarios/${created.id}`;
  });
});

showArchived.addEventListener("change", () => run(reload));
document.getElementById("last-saved-head").textContent = `Last saved (${readerZone()})`;
render(readJSONScript("initial-scenarios"));
