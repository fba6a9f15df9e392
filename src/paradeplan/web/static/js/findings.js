// The findings list of the plan shown (a saved version or the unsaved edit, and it says which): each
// finding says what is wrong, where and when; choosing one sets the store's `finding`, and the chosen
// one is highlighted.
import { el } from "./dom.js";
import { metres, plural } from "./format.js";
import { clockText } from "./time.js";

// "11:19:46.8 · 1,309 m · combined-band, colour-guard"; a place without a time: when the head gets there
function whereText(f) {
  const shownAt = f.show_at ? `${clockText(f.show_at)}${f.at_m != null ? " (head reaches it)" : ""}` : null;
  return [
    f.time ? clockText(f.time) : shownAt,
    f.at_m != null ? metres(f.at_m) : null,
    f.elements.length ? f.elements.join(", ") : null,
  ].filter(Boolean).join(" · ");
}

function render(list, countBadge, findings, choose) {
  const errors = findings.filter((f) => f.severity === "error").length;
  countBadge.textContent = findings.length ? `${plural(errors, "error")}, ${plural(findings.length - errors, "warning")}` : "none";
  countBadge.dataset.kind = errors ? "error" : findings.length ? "warning" : "ok";
  if (!findings.length) {
    list.replaceChildren(el("li", { class: "empty" }, "No findings: the plan keeps every gap, width and limit it checks."));
    return;
  }
  list.replaceChildren(...findings.map((f, i) => {
    const where = whereText(f);
    return el("li", { class: `finding sev-${f.severity}`, dataset: { index: i }, tabindex: 0, onclick: () => choose(i),
      onkeydown: (e) => { if (e.key === "Enter") choose(i); } },
    el("div", { class: "finding-head" }, el("span", { class: "badge" }, f.severity), el("code", {}, f.code)),
    el("div", { class: "finding-msg" }, f.message),
    where ? el("div", { class: "finding-where" }, where) : null);
  }));
}

// The findings of the plan shown in `list`, their count in `countBadge` and whose plan they are in
// `source`; a click (or Enter) chooses one.
export function mountFindings(list, countBadge, source, store) {
  const choose = (index) => store.set({ finding: { index } });
  store.subscribe(["plan"], (s) => render(list, countBadge, s.plan.findings, choose));
  store.subscribe(["finding", "plan"], ({ finding }) => {
    for (const item of list.querySelectorAll("li.finding")) {
      const chosen = finding !== null && Number(item.dataset.index) === finding.index;
      item.classList.toggle("chosen", chosen);
      if (chosen) item.setAttribute("aria-current", "true");
      else item.removeAttribute("aria-current");
      if (chosen) item.scrollIntoView({ block: "nearest" });
    }
  });
  store.subscribe(["edited", "version", "plan"], ({ edited, version }) => {
    source.textContent = edited ? "your edit" : `v${version}`;
    source.dataset.kind = edited ? "edit" : "saved";
  });
}
