// Labels on the map as DOM text placed in screen pixels, greedily and without overlap: every
// candidate (a named point, a distance mark, an element, a formation, an IP) is tried in order of
// rank, each of its texts (full, then short) at each of its sides, and shown at the first spot that
// stays inside the pane and clear of every label already placed and of the obstacles (legend,
// controls, finding marks). A label that fits nowhere is hidden. The text is CSS pixels, so it is
// the same size at every zoom.
import { el } from "./dom.js";

// Ranks, first placed first: the selected element, the tribune, the other named points, then the
// elements and formations (nearest the tribune first), speed limits, air marks, distance marks.
export const RANK = { selected: 0, anchor: 1, point: 2, element: 3, stretch: 4, air: 5, tick: 6 };

const CLEARANCE_PX = 2; // the least gap between two labels, or a label and an obstacle
const STICKY_PX = 150; // a label shown the frame before counts as this much nearer the tribune (less flicker)
const FURTHER_PX = 18; // how much further out the second try of the selected element's label and the points' stands
const SHORT_MAX = 24; // a name cut for a label keeps at most this many characters

// "Turn-off: foot column leaves into a side street" -> "Turn-off"; "Tribune (Lenin Mausoleum)" -> "Tribune"
export function shortForm(text) {
  const cut = text.split(/:| \(|, | - | — /)[0].trim();
  if (cut && cut.length < text.length) return cut.length > SHORT_MAX ? `${cut.slice(0, SHORT_MAX - 1)}…` : cut;
  return text.length > SHORT_MAX ? `${text.slice(0, SHORT_MAX - 1)}…` : null;
}

// [text, its short form when it has one]
export function textsOf(text) {
  const short = shortForm(text);
  return short ? [text, short] : [text];
}

// where a label of w x h px goes beside a point (x, y), [gx, gy] px clear of it across and up or down, by side
const SIDES = {
  N: (x, y, w, h, [, gy]) => [x - w / 2, y - gy - h],
  S: (x, y, w, h, [, gy]) => [x - w / 2, y + gy],
  E: (x, y, w, h, [gx]) => [x + gx, y - h / 2],
  W: (x, y, w, h, [gx]) => [x - gx - w, y - h / 2],
  C: (x, y, w, h) => [x - w / 2, y - h / 2],
};

const overlaps = (a, b) => a.left < b.right + CLEARANCE_PX && b.left < a.right + CLEARANCE_PX
  && a.top < b.bottom + CLEARANCE_PX && b.top < a.bottom + CLEARANCE_PX;

export class MapLabels {
  constructor(container) {
    this.root = el("div", { class: "map-labels" });
    container.append(this.root);
    this.nodes = new Map(); // key -> its DOM node, made on first show
    this.shown = new Map(); // key -> [text index, side, sides in order, px further] it was shown at the frame before
    this.metrics = new Map(); // kind -> {font, extraPx, heightPx}
    this.widths = new Map(); // kind + text -> width px
    this.context = document.createElement("canvas").getContext("2d");
  }

  // the font, the padding and border, and the height of a label of that kind, read once from the CSS
  _metrics(kind) {
    let m = this.metrics.get(kind);
    if (!m) {
      const probe = el("div", { class: `map-label ${kind}`, style: "visibility:hidden" }, "M");
      this.root.append(probe);
      const style = getComputedStyle(probe);
      this.context.font = style.font;
      m = { font: style.font, extraPx: probe.offsetWidth - this.context.measureText("M").width, heightPx: probe.offsetHeight };
      probe.remove();
      this.metrics.set(kind, m);
    }
    return m;
  }

  _width(kind, text) {
    const key = `${kind}\n${text}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      const m = this._metrics(kind);
      this.context.font = m.font;
      w = Math.ceil(this.context.measureText(text).width + m.extraPx);
      this.widths.set(key, w);
    }
    return w;
  }

  // candidates: [{key, kind, texts, x, y, gap: [gx, gy], sides, rank, distance, colour?, selected?}] in pane pixels;
  // obstacles: [{left, top, right, bottom}]; the pane is width x height px. Shows what fits, hides the rest.
  place(candidates, obstacles, width, height) {
    const order = candidates.map((c) => ({ c, key: c.rank * 1e6 + c.distance - (this.shown.has(c.key) ? STICKY_PX : 0) }))
      .sort((a, b) => a.key - b.key);
    const placed = [...obstacles];
    const shown = new Map();
    for (const { c } of order) {
      const spot = this._spot(c, placed, width, height);
      if (!spot) continue;
      placed.push(spot.box);
      shown.set(c.key, [spot.textIndex, spot.side, c.sides.join(), spot.further]);
      this._show(c, spot);
    }
    for (const [key, node] of this.nodes) if (!shown.has(key) && !node.hidden) node.hidden = true;
    this.shown = shown;
  }

  // the first free spot of candidate c: the side and text it had the frame before first
  _spot(c, placed, width, height) {
    const { heightPx } = this._metrics(c.kind);
    const before = this.shown.get(c.key);
    const tries = [];
    if (before && before[2] === c.sides.join()) tries.push([before[0], before[1], before[3]]); // while the view does not turn
    c.texts.forEach((_, t) => c.sides.forEach((side) => tries.push([t, side])));
    // the selected element and the named points may also stand a step further out
    if (c.rank <= RANK.point) c.texts.forEach((_, t) => c.sides.forEach((side) => tries.push([t, side, FURTHER_PX])));
    for (const [textIndex, side, further = 0] of tries) {
      const text = c.texts[textIndex];
      if (!text) continue;
      const w = this._width(c.kind, text);
      const [left, top] = SIDES[side](c.x, c.y, w, heightPx, c.gap.map((g) => g + further)).map(Math.round);
      const box = { left, top, right: left + w, bottom: top + heightPx };
      if (left < 0 || top < 0 || box.right > width || box.bottom > height) continue;
      if (placed.some((p) => overlaps(box, p))) continue;
      return { box, text, textIndex, side, further, width: w };
    }
    return null;
  }

  _show(c, { box, text, width }) {
    let node = this.nodes.get(c.key);
    if (!node) {
      node = el("div", { class: "map-label" });
      node.view = {};
      this.root.append(node);
      this.nodes.set(c.key, node);
    }
    const view = node.view; // what the node shows now, to touch the DOM only where it changes
    const cls = `map-label ${c.kind}${c.selected ? " selected" : ""}`;
    if (view.cls !== cls) node.className = view.cls = cls;
    if (view.text !== text) node.textContent = view.text = text;
    if (view.width !== width) {
      node.style.width = `${width}px`;
      view.width = width;
    }
    if (view.colour !== c.colour) {
      node.style.borderLeftColor = c.colour || "";
      view.colour = c.colour;
    }
    if (view.left !== box.left || view.top !== box.top) {
      node.style.transform = `translate(${box.left}px, ${box.top}px)`;
      view.left = box.left;
      view.top = box.top;
    }
    if (node.hidden) node.hidden = false;
  }

  clear() {
    for (const node of this.nodes.values()) node.hidden = true;
    this.shown = new Map();
  }

  // the labels on screen now, measured from the page: [{text, kind, left, top, width, height}]
  boxes() {
    return [...this.nodes.values()].filter((n) => !n.hidden).map((n) => {
      const r = n.getBoundingClientRect();
      return { text: n.textContent, kind: n.view.cls.split(" ")[1], left: r.left, top: r.top, width: r.width, height: r.height };
    });
  }
}
