// The time-distance chart of movement doctrine (FM 55-10 App. E): time across, distance up, each
// ground element a band between its head edge and its tail edge, drawn through every entry of its
// trajectory in the plan, so it bends where the plan bends (a slow corner). Where two bands touch,
// the plan has a conflict. Air formations are marks at the point the flypast is timed to; findings
// are marked where and when they happen; a cursor follows the workspace clock.
import { colourOf, css, ERROR, WARNING } from "./colours.js";
import { metres } from "./format.js";
import { secondsOf, shortClock, wholeClock } from "./time.js";
import { edgesOf } from "./trajectory.js";

const MARGIN = { left: 150, right: 16, top: 22, bottom: 26 };
const STEPS = [10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200];

export class Chart {
  // store: the workspace's (plan, elements, selected, time); onSeek(t): a click on empty chart moves the clock there
  constructor(canvas, store, { onSeek }) {
    this.canvas = canvas;
    this.store = store;
    this.onSeek = onSeek;
    this.static = document.createElement("canvas");
    this.selected = null;
    this.cursor = null;
    this.view = null;
    this.bands = [];
    this.marks = [];
    new ResizeObserver(() => this._resize()).observe(canvas.parentElement);
    this._bindPointer();
    store.subscribe(["elements"], (s) => this.setPlan(s.plan, s.elements));
    store.subscribe(["selected"], (s) => this.setSelected(s.selected));
    store.subscribe(["time"], (s) => this.setCursor(s.time));
  }

  // plan: plan JSON; elements: ground then air entries [{id, group, kind, flag, ...}]
  setPlan(plan, elements) {
    const { date } = plan;
    this.date = date;
    this.points = plan.points; // in route order
    this.slowStretches = plan.stretches.filter((s) => s.max_speed_kmh !== null);
    this.length = plan.route_length_m;
    this.anchor = plan.anchor;
    this.bands = elements.filter((e) => e.group === "ground").map((e) => ({ element: e, flag: e.flag, ...edgesOf(e, date) }));
    const flypastM = plan.flypast_point.at_m;
    this.marks = elements.filter((e) => e.group === "air").map((e) => ({ element: e, t: secondsOf(e.over_tribune, date), d: flypastM, flag: e.flag }));
    this.findings = plan.findings.filter((f) => f.time).map((f) => ({ ...f, t: secondsOf(f.time, date) }));
    const times = [...this.bands.flatMap((b) => [b.head[0][1], b.tail[b.tail.length - 1][1]]), ...this.marks.map((m) => m.t)];
    this.extent = times.length ? [Math.min(...times) - 60, Math.max(...times) + 60] : [0, 3600];
    if (!this.view) this.view = [...this.extent];
    this._redraw();
  }

  setSelected(id) {
    this.selected = id;
    this._redraw();
  }

  setCursor(t) {
    if (t === this.cursor) return;
    this.cursor = t;
    this._paint();
  }

  // the edge ("head" or "tail") of element `id` as drawn: [[distance m, clock s], ...]
  edge(id, end) {
    const band = this.bands.find((b) => b.element.id === id);
    return band ? band[end] : null;
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

    // stretches with a speed limit, where the bands bend
    ctx.fillStyle = "rgba(245, 158, 11, 0.08)";
    for (const s of this.slowStretches) {
      const [top, bottom] = [this._y(Math.min(s.to_m, this.length)), this._y(s.from_m)];
      ctx.fillRect(MARGIN.left, top, this._plotW, bottom - top);
    }

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
      const distance = metres(p.at_m);
      ctx.fillText(distance, MARGIN.left - 8, y);
      ctx.fillStyle = isAnchor ? "#facc15" : "#cbd5e1";
      ctx.fillText(p.name, MARGIN.left - 14 - ctx.measureText(distance).width, y);
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
      ctx.fillText(step < 60 ? wholeClock(t) : shortClock(t), x, MARGIN.top + this._plotH + 6);
    }

    ctx.save();
    ctx.beginPath();
    ctx.rect(MARGIN.left, MARGIN.top - 12, this._plotW, this._plotH + 24);
    ctx.clip();
    // bands: along the head edge, back along the tail edge
    for (const band of this.bands) {
      const path = new Path2D();
      for (const [d, t] of band.head) path.lineTo(this._x(t), this._y(d));
      for (const [d, t] of [...band.tail].reverse()) path.lineTo(this._x(t), this._y(d));
      path.closePath();
      band.path = path;
      const selected = band.element.id === this.selected;
      ctx.fillStyle = css(colourOf(band.element), selected ? 0.95 : 0.6);
      ctx.fill(path);
      ctx.lineWidth = selected ? 2 : 1;
      ctx.strokeStyle = selected ? "#ffffff" : band.flag === "error" ? css(ERROR) : band.flag === "warning" ? css(WARNING) : css(colourOf(band.element), 0.95);
      ctx.stroke(path);
      if (selected) {
        const [d, t] = band.head[0];
        ctx.fillStyle = "#ffffff";
        ctx.textAlign = "left";
        ctx.textBaseline = "bottom";
        ctx.fillText(band.element.name, this._x(t) + 6, this._y(d) - 4);
      }
    }
    // air formations over the flypast point; labels in three rows, left out where they would overlap
    const rowsEnd = [-Infinity, -Infinity, -Infinity];
    for (const mark of [...this.marks].sort((a, b) => a.t - b.t)) {
      const x = this._x(mark.t);
      const y = this._y(mark.d);
      const selected = mark.element.id === this.selected;
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
    const text = wholeClock(this.cursor);
    ctx.font = "600 11px system-ui, sans-serif";
    const w = ctx.measureText(text).width + 10;
    ctx.fillStyle = "#f8fafc";
    ctx.fillRect(x - w / 2, 2, w, 16);
    ctx.fillStyle = "#0b0f14";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(text, x, 10);
  }

  // what is under (x, y): an air mark or a band, as an element id, or null
  _hit(x, y) {
    const ctx = this.static.getContext("2d");
    ctx.setTransform(this._ratio, 0, 0, this._ratio, 0, 0);
    const mark = this.marks.find((m) => Math.hypot(this._x(m.t) - x, this._y(m.d) - y) < 9);
    if (mark) return mark.element.id;
    const band = this.bands.find((b) => b.path && ctx.isPointInPath(b.path, x * this._ratio, y * this._ratio));
    return band ? band.element.id : null;
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
      if (hit !== null) this.store.set({ selected: hit });
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

  // the middle of element `id`'s band at the anchor (halfway from head to tail), in page coordinates
  anchorPoint(id) {
    const band = this.bands.find((b) => b.element.id === id);
    const times = band && band.element.times[this.anchor];
    if (!times) return null;
    const middle = (secondsOf(times.head, this.date) + secondsOf(times.tail, this.date)) / 2;
    const box = this.canvas.getBoundingClientRect();
    return [box.left + this._x(middle), box.top + this._y(this.points.find((p) => p.name === this.anchor).at_m)];
  }
}
