// The findings list: each one says what is wrong, where and when; a click jumps there.
import { el } from "./dom.js";

export function renderFindings(list, countBadge, findings, { timebase, timeOf, onJump }) {
  const errors = findings.filter((f) => f.severity === "error").length;
  countBadge.textContent = findings.length ? `${errors} error${errors === 1 ? "" : "s"}, ${findings.length - errors} warning${findings.length - errors === 1 ? "" : "s"}` : "none";
  countBadge.dataset.kind = errors ? "error" : findings.length ? "warning" : "ok";
  if (!findings.length) {
    list.replaceChildren(el("li", { class: "empty" }, "No findings: the plan keeps every gap, width and limit it checks."));
    return;
  }
  list.replaceChildren(...findings.map((f, i) => {
    const where = [
      f.time ? timebase.format(timeOf(f.time)) : null,
      f.at_m != null ? `${Math.round(f.at_m).toLocaleString("en")} m` : null,
      f.elements.length ? f.elements.join(", ") : null,
    ].filter(Boolean).join(" · ");
    return el("li", { class: `finding sev-${f.severity}`, dataset: { index: i }, tabindex: 0, onclick: () => onJump(f),
      onkeydown: (e) => { if (e.key === "Enter") onJump(f); } },
    el("div", { class: "finding-head" }, el("span", { class: "badge" }, f.severity), el("code", {}, f.code)),
    el("div", { class: "finding-msg" }, f.message),
    where ? el("div", { class: "finding-where" }, where) : null);
  }));
}
