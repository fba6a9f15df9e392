// The time-distance chart of movement doctrine (FM 55-10 App. E): time across, distance up, each
// ground element a band between its head line and its tail line. Where two bands touch, the plan
// has a conflict. Air formations are marks at the tribune; findings are marked where and when
// they happen; a cursor follows the workspace clock.
import { colourOf, css, ERROR, WARNING } from "./colours.js";

const MARGIN = { left: 150, right: 16, top: 22, bottom: 26 };
const STEPS = [10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];

export class Chart {
  constructor(canvas, { timebase, onSelect, onSeek }) {
    this.canvas = canvas;
    this.timebase = timebase;
    this.onSelect = onSelect;
    this.onSeek = onSeek;
    this.static = document.createElement("canvas");
    this.selected = -1;
    this.cursor = null;
    this.view = null;
    this.bands = [];
    this.marks = [];
    new ResizeObserver(() => this._resize()).observe(canvas.parentElement);
    this._bindPointer();
  }

  // plan: plan JSON; elements: ground then air entries [{id, kind, index, flag, ...}]; timeOf: ISO -> clock seconds
  setPlan(plan, elements, timeOf) {
    this.points = plan.points; // in route order
    const at = new Map(this.points.map((p) => [p.name, p.at_m]));
    this.length = plan.route_length_m;
    this.anchor = plan.anchor;
    this.bands = elements.filter((e) => e.group === "ground").map((e) => {
      const stops = Object.entries(e.times).map(([name, ht]) => ({ d: at.get(name), head: timeOf(ht.head), tail: timeOf(ht.tail) }))
        .sort((a, b) => a.d - b.d);
      return { element: e, stops, flag: e.flag };
    });
    const tribuneM = at.get(plan.anchor);
    this.marks = elements.filter((e) => e.group === "air").map((e) => ({ element: e, t: timeOf(e.over_tribune), d: tribuneM, flag: e.flag }));
    this.findings = plan.findings.filter((f) => f.time).map((f) => ({ ...f, t: timeOf(f.time) }));
    const times = [...this.bands.flatMap((b) => b.stops.flatMap((s) => [s.head, s.tail])), ...this.marks.map((m) => m.t)];
    this.extent = times.length ? [Math.min(...times) - 60, Math.max(...times) + 60] : [0, 3600];
    if (!this.view) this.view = [...this.extent];
    this._redraw();
  }

  setSelected(index) {
    this.selected = index;
    this._redraw();
  }

  setCursor(t) {
    if (t === this.cursor) return;
    this.cursor = t;
    this._paint();
  }

  // make sure time t is in view (a finding's time), keeping the zoom
  showTime(t) {
    const span = this.view[1] - this.view[0];
    if (t < this.view[0] || t > this.view[1]) this.view = [t - span / 2, t + span / 2];
    this._redraw();
  }

  resetView() {
    this.view = [...this.extent];
    this._redraw();
  }

  // pixel <-> value
  _x(t) { return MARGIN.left + ((t - this.view[0]) / (this.view[1] - this.view[0])) * this._plotW; }
  _t(x) { return this.view[0] + ((x - MARGIN.left) / this._plotW) * (this.view[1] - this.view[0]); }
  _y(d) { return MARGIN.top + (1 - d / this.length) * this._plotH; }

  _resize() {
    const box = this.canvas.parentElement.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    for (const c of [this.canvas, this.static]) {
      c.width = Math.max(1, Math.round(box.width * ratio));
      c.height = Math.max(1, Math.round(box.height * ratio));
    }
    this.canvas.style.width = `${box.width}px`;
    this.canvas.style.height = `${box.height}px`;
    this._w = box.width;
    this._h = box.height;
    this._ratio = ratio;
    this._plotW = Math.max(10, box.width - MARGIN.left - MARGIN.right);
    this._plotH = Math.max(10, box.height - MARGIN.top - MARGIN.bottom);
    this._redraw();
  }

  // everything but the cursor, into an offscreen canvas
  _redraw() {
    if (!this.bands || !this._w || !this.view) return;
    const ctx = this.static.getContext("2d");
    ctx.setTransform(this._ratio, 0, 0, this._ratio, 0, 0);
    ctx.clearRect(0, 0, this._w, this._h);
    ctx.fillStyle = "#11161d";
    ctx.fillRect(0, 0, this._w, this._h);
    ctx.font = "11px system-ui, sans-serif";

    // distance axis: the named points
    ctx.textBaseline = "middle";
    for (const p of this.points) {
      const y = this._y(p.at_m);
      const isAnchor = p.name === this.anchor;
      ctx.strokeStyle = isAnchor ? "rgba(250, 204, 21, 0.55)" : "rgba(148, 163, 184, 0.22)";
      ctx.setLineDash(isAnchor ? [] : [4, 4]);
      ctx.beginPath();
      ctx.moveTo(MARGIN.left, y);
      ctx.lineTo(MARGIN.left + this._plotW, y);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.textAlign = "right";
      ctx.fillStyle = "#64748b";
      const metres = `${Math.round(p.at_m).toLocaleString("en")} m`;
      ctx.fillText(metres, MARGIN.left - 8, y);
      ctx.fillStyle = isAnchor ? "#facc15" : "#cbd5e1";
      ctx.fillText(p.name, MARGIN.left - 14 - ctx.measureText(metres).width, y);
    }

    // time axis
    const span = this.view[1] - this.view[0];
    const step = STEPS.find((s) => (s / span) * this._plotW >= 70) || STEPS[STEPS.length - 1];
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    for (let t = Math.ceil(this.view[0] / step) * step; t <= this.view[1]; t += step) {
      const x = this._x(t);
      ctx.strokeStyle = "rgba(148, 163, 184, 0.12)";
      ctx.beginPath();
      ctx.moveTo(x, MARGIN.top);
      ctx.lineTo(x, MARGIN.top + this._plotH);
      ctx.stroke();
      ctx.fillStyle = "#94a3b8";
      ctx.fillText(step < 60 ? this.timebase.format(t) : this.timebase.formatShort(t), x, MARGIN.top + this._plotH + 6);
    }

    ctx.save();
    ctx.beginPath();
    ctx.rect(MARGIN.left, MARGIN.top - 12, this._plotW, this._plotH + 24);
    ctx.clip();
    // bands
    for (const band of this.bands) {
      const path = new Path2D();
      band.stops.forEach((s, i) => (i ? path.lineTo(this._x(s.head), this._y(s.d)) : path.moveTo(this._x(s.head), this._y(s.d))));
      for (const s of [...band.stops].reverse()) path.lineTo(this._x(s.tail), this._y(s.d));
      path.closePath();
      band.path = path;
      const selected = band.element.index === this.selected;
      ctx.fillStyle = css(colourOf(band.element), selected ? 0.95 : 0.6);
      ctx.fill(path);
      ctx.lineWidth = selected ? 2 : 1;
      ctx.strokeStyle = selected ? "#ffffff" : band.flag === "error" ? css(ERROR) : band.flag === "warning" ? css(WARNING) : css(colourOf(band.element), 0.95);
      ctx.stroke(path);
      if (selected) {
        const first = band.stops[0];
        ctx.fillStyle = "#ffffff";
        ctx.textAlign = "left";
        ctx.textBaseline = "bottom";
        ctx.fillText(band.element.name, this._x(first.head) + 6, this._y(first.d) - 4);
      }
    }
    // air formations over the tribune; labels in three rows, left out where they would overlap
    const rowsEnd = [-Infinity, -Infinity, -Infinity];
    for (const mark of [...this.marks].sort((a, b) => a.t - b.t)) {
      const x = this._x(mark.t);
      const y = this._y(mark.d);
      const selected = mark.element.index === this.selected;
      ctx.beginPath();
      ctx.moveTo(x, y - 8); ctx.lineTo(x + 6, y); ctx.lineTo(x, y + 8); ctx.lineTo(x - 6, y); ctx.closePath();
      ctx.fillStyle = selected ? "#ffffff" : css(colourOf(mark.element));
      ctx.fill();
      ctx.lineWidth = mark.flag ? 2 : 1;
      ctx.strokeStyle = mark.flag === "error" ? css(ERROR) : mark.flag === "warning" ? css(WARNING) : "#0b0f14";
      ctx.stroke();
      ctx.textAlign = "center";
      ctx.textBaseline = "bottom";
      const w = ctx.measureText(mark.element.id).width;
      const row = rowsEnd.findIndex((end) => x - w / 2 > end + 6);
      if (row >= 0 || selected) {
        const r = Math.max(row, 0);
        rowsEnd[r] = x + w / 2;
        ctx.fillStyle = selected ? "#ffffff" : "#7de2f5";
        ctx.fillText(mark.element.id, x, y - 10 - r * 13);
      }
    }
    // findings: where and when
    for (const f of this.findings) {
      const x = this._x(f.t);
      const y = f.at_m != null ? this._y(f.at_m) : MARGIN.top;
      ctx.beginPath();
      ctx.arc(x, y, 7, 0, 2 * Math.PI);
      ctx.lineWidth = 2;
      ctx.strokeStyle = f.severity === "error" ? css(ERROR) : css(WARNING);
      ctx.stroke();
    }
    ctx.restore();
    this._paint();
  }

  _paint() {
    if (!this._w) return;
    const ctx = this.canvas.getContext("2d");
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.static, 0, 0);
    if (this.cursor === null || !this.view) return;
    ctx.setTransform(this._ratio, 0, 0, this._ratio, 0, 0);
    const x = this._x(this.cursor);
    if (x < MARGIN.left || x > MARGIN.left + this._plotW) return;
    ctx.strokeStyle = "#f8fafc";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x, MARGIN.top - 4);
    ctx.lineTo(x, MARGIN.top + this._plotH);
    ctx.stroke();
    const text = this.timebase.format(this.cursor);
    ctx.font = "600 11px system-ui, sans-serif";
    const w = ctx.measureText(text).width + 10;
    ctx.fillStyle = "#f8fafc";
    ctx.fillRect(x - w / 2, 2, w, 16);
    ctx.fillStyle = "#0b0f14";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(text, x, 10);
  }

  // what is under (x, y): an air mark or a band, as an element index, or null
  _hit(x, y) {
    const ctx = this.static.getContext("2d");
    ctx.setTransform(this._ratio, 0, 0, this._ratio, 0, 0);
    const mark = this.marks.find((m) => Math.hypot(this._x(m.t) - x, this._y(m.d) - y) < 9);
    if (mark) return mark.element.index;
    const band = this.bands.find((b) => b.path && ctx.isPointInPath(b.path, x * this._ratio, y * this._ratio));
    return band ? band.element.index : null;
  }

  _bindPointer() {
    const c = this.canvas;
    let drag = null;
    const local = (e) => {
      const r = c.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    };
    c.addEventListener("pointerdown", (e) => {
      drag = { x: e.clientX, view: [...this.view], moved: false };
      c.setPointerCapture(e.pointerId);
    });
    c.addEventListener("pointermove", (e) => {
      if (drag) {
        const dx = e.clientX - drag.x;
        if (Math.abs(dx) > 3) drag.moved = true;
        if (drag.moved) {
          const dt = (dx / this._plotW) * (drag.view[1] - drag.view[0]);
          this.view = [drag.view[0] - dt, drag.view[1] - dt];
          this._redraw();
        }
        return;
      }
      const [x, y] = local(e);
      c.style.cursor = this._hit(x, y) !== null ? "pointer" : x > MARGIN.left ? "crosshair" : "default";
    });
    c.addEventListener("pointerup", (e) => {
      const wasDrag = drag && drag.moved;
      drag = null;
      if (wasDrag) return;
      const [x, y] = local(e);
      const hit = this._hit(x, y);
      if (hit !== null) this.onSelect(hit);
      else if (x > MARGIN.left) this.onSeek(this._t(x));
    });
    c.addEventListener("wheel", (e) => {
      e.preventDefault();
      const [x] = local(e);
      const t = this._t(x);
      const k = Math.exp(e.deltaY * 0.0015);
      const span = Math.min(this.extent[1] - this.extent[0] + 3600, Math.max(30, (this.view[1] - this.view[0]) * k));
      const f = (x - MARGIN.left) / this._plotW;
      this.view = [t - f * span, t - f * span + span];
      this._redraw();
    }, { passive: false });
    c.addEventListener("dblclick", () => this.resetView());
  }

  // the middle of element `index`'s band at the tribune (halfway from head to tail), in page coordinates
  anchorPoint(index) {
    const band = this.bands.find((b) => b.element.index === index);
    const stop = band && band.stops.find((s) => s.d === this.points.find((p) => p.name === this.anchor).at_m);
    if (!stop) return null;
    const box = this.canvas.getBoundingClientRect();
    return [box.left + this._x((stop.head + stop.tail) / 2), box.top + this._y(stop.d)];
  }

  // the band's lane at the cursor: "head 1,234 m, tail 1,210 m" for the element card
  describe(index, t) {
    const band = this.bands.find((b) => b.element.index === index);
    if (!band) return null;
    const s = band.stops;
    const at = (key) => {
      for (let i = 0; i < s.length - 1; i++) {
        if (t >= s[i][key] && t <= s[i + 1][key]) return s[i].d + ((t - s[i][key]) / (s[i + 1][key] - s[i][key])) * (s[i + 1].d - s[i].d);
      }
      return null;
    };
    const head = at("head");
    const tail = at("tail");
    if (head === null && tail === null) {
      const first = s[0].head;
      return t < first ? `not on the route yet: steps off at ${this.timebase.format(first)}` : "clear of the route";
    }
    const m = (d) => (d === null ? "off route" : `${Math.round(d).toLocaleString("en")} m`);
    return `head ${m(head)}, tail ${m(tail)}`;
  }
}
