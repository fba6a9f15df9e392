// Resizable panes: drag a splitter to change the CSS size variable it names on the pane container.

export function mountSplitters(container) {
  for (const splitter of container.querySelectorAll(".splitter")) {
    const variable = splitter.dataset.var;
    const sign = Number(splitter.dataset.sign);
    const min = Number(splitter.dataset.min);
    const max = Number(splitter.dataset.max);
    const vertical = splitter.classList.contains("vertical");
    splitter.addEventListener("pointerdown", (event) => {
      event.preventDefault();
      splitter.setPointerCapture(event.pointerId);
      splitter.classList.add("dragging");
      const start = vertical ? event.clientX : event.clientY;
      const before = parseFloat(getComputedStyle(container).getPropertyValue(variable));
      const move = (e) => {
        const delta = ((vertical ? e.clientX : e.clientY) - start) * sign;
        container.style.setProperty(variable, `${Math.min(max, Math.max(min, before + delta))}px`);
      };
      const up = () => {
        splitter.classList.remove("dragging");
        splitter.removeEventListener("pointermove", move);
        splitter.removeEventListener("pointerup", up);
      };
      splitter.addEventListener("pointermove", move);
      splitter.addEventListener("pointerup", up);
    });
  }
}
