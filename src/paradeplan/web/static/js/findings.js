// The findings list: each one says what is wrong, where and when; a click jumps there.
import { el } from "./dom.js";
import { metres } from "./format.js";
import { clockText } from "./time.js";

const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

function render(list, countBadge, findings, onJump) {
  const errors = findings.filter((f) => f.severity === "error").length;
  countBadge.textContent = findings.length ? `${plural(errors, "error")}, ${plural(findings.length - errors, "warning")}` : "none";
  countBadge.dataset.kind = errors ? "error" : findings.length ? "warning" : "ok";
  if (!findings.length) {
    list.replaceChildren(el("li", { class: "empty" }, "No findings: the plan keeps every gap, width and limit it checks."));
    return;
  }
  list.replaceChildren(...findings.map((f, i) => {
    const where = [
      f.time ? clockText(f.time) : null,
      f.at_m != null ? metres(f.at_m) : null,
      f.elements.length ? f.elements.join(", ") : null,
    ].filter(Boolean).join(" · ");
    return el("li", { class: `finding sev-${f.severity}`, dataset: { index: i }, tabindex: 0, onclick: () => onJump(f),
      onkeydown: (e) => { if (e.key === "Enter") onJump(f); } },
    el("div", { class: "finding-head" }, el("span", { class: "badge" }, f.severity), el("code", {}, f.code)),
    el("div", { class: "finding-msg" }, f.message),
    where ? el("div", { class: "finding-where" }, where) : null);
  }));
}

// The plan's findings in `list`, their count in `countBadge`, again whenever the plan changes.
export function mountFindings(list, countBadge, store, onJump) {
  store.subscribe(["plan"], (s) => render(list, countBadge, s.plan.findings, onJump));
}
