// What sits on the map besides the plan: the north arrow with the turn button, and a mark for each
// finding that has a place (clickable: it chooses the finding).
import { el } from "./dom.js";

const NORTH_UP_DEG = 0.5; // within this of 0 the map counts as north-up
const MARK_PX = 18; // a finding mark's size
const SPACING_PX = 24; // marks at the same place stand side by side, this far apart
const CHOSEN_PX = 28; // the chosen finding's mark (as in map.css)

// A MapLibre control: a north arrow that turns with the map (and says the bearing when it is not
// north-up) and a button that turns the map between north-up and the parade's direction.
export class ViewControl {
  // onTurn(northUp): turn the map away from north-up (to the parade's direction) or back to it
  constructor(onTurn) {
    this.onTurn = onTurn;
  }

  onAdd(map) {
    this.map = map;
    this.arrow = el("span", { class: "north-arrow", "aria-hidden": "true" }, "▲");
    this.readout = el("span", { class: "bearing" });
    this.button = el("button", { type: "button", class: "turn", onclick: () => this.toggle() });
    this.root = el("div", { class: "maplibregl-ctrl map-view-ctrl" },
      el("div", { class: "compass", title: "Where north is" }, this.arrow, el("span", { class: "n" }, "N"), this.readout),
      this.button);
    this.update = () => this._update();
    map.on("rotate", this.update);
    this._update();
    return this.root;
  }

  onRemove() {
    this.map.off("rotate", this.update);
    this.root.remove();
  }

  get northUp() {
    return Math.abs(this.map.getBearing()) < NORTH_UP_DEG;
  }

  toggle() {
    this.onTurn(this.northUp);
  }

  _update() {
    const bearing = this.map.getBearing();
    this.arrow.parentElement.style.setProperty("--turn", `${-bearing}deg`);
    this.readout.textContent = this.northUp ? "north up" : `${Math.round((bearing + 360) % 360)}°`;
    this.button.textContent = this.northUp ? "Parade direction" : "North up";
    this.button.title = this.northUp ? "Turn the map so the parade runs left to right" : "Turn the map so north is up";
  }
}

// One button per finding that has a place, drawn where it is on screen; a click chooses the finding.
export class FindingMarks {
  constructor(container, onChoose) {
    this.root = el("div", { class: "finding-marks" });
    container.append(this.root);
    this.onChoose = onChoose;
    this.marks = []; // [{index, lonlat, node, offsetPx}]
  }

  // findings: the plan's; placeOf(f): its [lon, lat] or null
  set(findings, placeOf) {
    const atPlace = new Map();
    this.marks = [];
    findings.forEach((f, index) => {
      const lonlat = placeOf(f);
      if (!lonlat) return;
      const key = lonlat.join(",");
      atPlace.set(key, [...(atPlace.get(key) || []), index]);
      const node = el("button", { type: "button", class: `finding-mark sev-${f.severity}`, title: `${f.severity}: ${f.message}`,
        "aria-label": `${f.severity}: ${f.message}`, dataset: { index } }, "!");
      // a press on a mark is the mark's, not the map's (no drag, no deselect)
      for (const type of ["pointerdown", "mousedown", "click", "dblclick"]) node.addEventListener(type, (e) => e.stopPropagation());
      node.addEventListener("click", () => this.onChoose(index));
      this.marks.push({ index, lonlat, node, key });
    });
    for (const m of this.marks) {
      const group = atPlace.get(m.key);
      m.offsetPx = (group.indexOf(m.index) - (group.length - 1) / 2) * SPACING_PX;
    }
    this.root.replaceChildren(...this.marks.map((m) => m.node));
  }

  choose(index) {
    for (const m of this.marks) m.node.classList.toggle("chosen", m.index === index);
  }

  // put each mark where its place is now (project: [lon, lat] -> [x, y] pane px); returns their boxes
  place(project, width, height) {
    const boxes = [];
    for (const m of this.marks) {
      const [x, y] = project(m.lonlat);
      const cx = Math.round(x + m.offsetPx);
      const cy = Math.round(y);
      const inside = cx > -MARK_PX && cy > -MARK_PX && cx < width + MARK_PX && cy < height + MARK_PX;
      if (m.node.hidden === inside) m.node.hidden = !inside;
      if (!inside) continue;
      const transform = `translate(${cx}px, ${cy}px) translate(-50%, -50%)`;
      if (m.transform !== transform) m.node.style.transform = m.transform = transform;
      const half = (m.node.classList.contains("chosen") ? CHOSEN_PX : MARK_PX) / 2 + 2;
      boxes.push({ left: cx - half, top: cy - half, right: cx + half, bottom: cy + half });
    }
    return boxes;
  }

  // the marks on screen: [{index, x, y (page px of the centre), chosen, severity}]
  positions() {
    return this.marks.filter((m) => !m.node.hidden).map((m) => {
      const r = m.node.getBoundingClientRect();
      return { index: m.index, x: r.left + r.width / 2, y: r.top + r.height / 2, width: r.width,
        chosen: m.node.classList.contains("chosen"), severity: m.node.classList.contains("sev-error") ? "error" : "warning" };
    });
  }
}
