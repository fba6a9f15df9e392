// The time-distance chart of movement doctrine (FM 55-10 App. E): time across, distance up, each
// ground element a band between its head edge and its tail edge, drawn through every entry of its
// trajectory in the plan, so it bends where the plan bends (a slow corner). Where two bands touch,
// the plan has a conflict. Air formations are marks at the point the flypast is timed to; findings
// are rings where and when they happen; a cursor follows the workspace clock.
// Both axes zoom and pan, so that the bands of a dense column come apart and each can be named
// (chartlabels.js) and picked with a few pixels' tolerance (chartpick.js).
import { drawDistanceAxis, drawTimeAxis } from "./chartaxes.js";
import { contains, corners } from "./chartlabels.js";
import { drawNames, FONT, GROUP_NAMES } from "./chartnames.js";
import { pick, readout } from "./chartpick.js";
import { colourOf, css, ERROR, WARNING } from "./colours.js";
import { el } from "./dom.js";
import { secondsOf, wholeClock } from "./time.js";
import { distanceAt, edgesOf, timeAt } from "./trajectory.js";

const MARGIN = { left: 150, right: 16, top: 22, bottom: 30 };
const MIN_SPAN_S = 30; // the narrowest time window
const MIN_SPAN_M = 20; // the shortest stretch of route in view
const MARK_R_PX = 7; // a formation's diamond, centre to tip
const RING_R_PX = 6; // a finding's ring
const CHOSEN_R_PX = 10; // the chosen finding's ring
const WHEEL_RATE = 0.0015; // zoom factor per wheel delta unit, as exp(delta * rate)
const HINT = "wheel: zoom · shift+wheel or wheel on an axis: one axis · drag: pan · click: select";
const SEEK_HINT = " · click the time axis: set the clock";

export class Chart {
  // store: the workspace's (plan, elements, selected, time, finding); onSeek(t): a click on the time axis moves the
  // clock there (null: the clock is not the reader's to set, as on the control board)
  constructor(canvas, store, { onSeek }) {
    this.canvas = canvas;
    this.host = canvas.parentElement;
    this.store = store;
    this.onSeek = onSeek;
    this.static = document.createElement("canvas");
    this.selected = null;
    this.chosen = null; // index of the chosen finding
    this.cursor = null;
    this.hover = null;
    this.overlay = null; // draw(ctx, chart) over the bands: a second set of them (the live board's forecast)
    this._pending = false; // a redraw is asked for the next frame
    this.view = null; // [first, last] clock seconds across
    this.dview = null; // [lowest, highest] metres up
    this.bands = [];
    this.marks = [];
    this.findings = [];
    this.bandLabels = [];
    this.markLabels = [];
    this.groupLabels = [];
    this.axisBoxes = [];
    this._mountControls();
    new ResizeObserver(() => this._resize()).observe(this.host);
    this._bindPointer();
    store.subscribe(["elements"], (s) => this.setPlan(s.plan, s.elements));
    store.subscribe(["selected"], (s) => this.setSelected(s.selected));
    store.subscribe(["time"], (s) => this.setCursor(s.time));
    store.subscribe(["finding"], (s) => this.setFinding(s.finding));
    store.subscribe(["overlay"], (s) => {
      this.overlay = s.overlay;
      this._redraw();
    });
  }

  // the readout under the pointer, the "zoom to" list, and the hint in the pane's head
  _mountControls() {
    const hint = document.querySelector(".chart-pane .hint");
    if (hint) hint.textContent = HINT + (this.onSeek ? SEEK_HINT : "");
    this.readoutBox = el("div", { id: "chart-readout", hidden: true });
    Object.assign(this.readoutBox.style, {
      position: "absolute", pointerEvents: "none", zIndex: 2, maxWidth: "380px", padding: "4px 7px", borderRadius: "4px",
      background: "rgba(15, 20, 28, 0.94)", border: "1px solid #334155", color: "#e2e8f0", font: FONT, lineHeight: "1.4",
    });
    this.zoomSelect = el("select", { id: "chart-zoom", title: "Zoom the chart to a column, the formations or the selection" });
    Object.assign(this.zoomSelect.style, {
      position: "absolute", left: "4px", bottom: "4px", width: `${MARGIN.left - 12}px`, height: "21px", boxSizing: "border-box",
      padding: "0 4px", zIndex: 2, font: FONT,
      background: "#0f172a", color: "#cbd5e1", border: "1px solid #334155", borderRadius: "3px",
    });
    this.zoomSelect.addEventListener("change", () => {
      const group = this.zoomSelect.value;
      this.zoomSelect.value = "";
      if (group) this.zoomTo(group);
    });
    this.host.append(this.readoutBox, this.zoomSelect);
  }

  // plan: plan JSON; elements: ground then air entries [{id, group, kind, flag, ...}]
  setPlan(plan, elements) {
    if (!plan) return;
    const { date } = plan;
    this.plan = plan;
    this.hover = null;
    this.date = date;
    this.points = plan.points; // in route order
    this.slowStretches = plan.stretches.filter((s) => s.max_speed_kmh !== null);
    const lengthChanged = this.length !== plan.route_length_m;
    this.length = plan.route_length_m;
    this.anchor = plan.anchor;
    this.flypast = plan.flypast_point.name;
    const anchorM = this.points.find((p) => p.name === this.anchor).at_m;
    const flypastM = plan.flypast_point.at_m;
    this.bands = elements.filter((e) => e.group === "ground").map((e) => ({ element: e, flag: e.flag, ...edgesOf(e, date) }));
    this.marks = elements.filter((e) => e.group === "air").map((e) => ({ element: e, t: secondsOf(e.over_tribune, date), d: flypastM, flag: e.flag }));
    const air = new Set(this.marks.map((m) => m.element.id));
    // a finding at its place and time; without a place, on the flypast row (a formation's) or the anchor's
    this.findings = plan.findings.map((f, index) => {
      const when = f.show_at || f.time;
      if (!when) return null;
      const d = f.at_m != null ? f.at_m : f.elements.some((id) => air.has(id)) ? flypastM : anchorM;
      return { index, finding: f, t: secondsOf(when, date), d };
    }).filter(Boolean);
    const times = [...this.bands.flatMap((b) => [b.head[0][1], b.tail[b.tail.length - 1][1]]), ...this.marks.map((m) => m.t)];
    this.extent = times.length ? [Math.min(...times) - 60, Math.max(...times) + 60] : [0, 3600];
    if (!this.view) this.view = [...this.extent];
    if (!this.dview || lengthChanged) this.dview = [0, this.length];
    this._fillZoomList();
    this._redraw();
  }

  _fillZoomList() {
    const kinds = [...new Set(this.bands.map((b) => b.element.kind))];
    const option = (value, text) => el("option", { value }, text);
    this.zoomSelect.replaceChildren(option("", "Zoom to…"), option("all", "Whole parade"),
      ...kinds.map((k) => option(k, `${GROUP_NAMES[k] || k} (${this.bands.filter((b) => b.element.kind === k).length})`)),
      ...(this.marks.length ? [option("air", `Air formations (${this.marks.length})`)] : []), option("selected", "Selected element"));
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

  // the chosen finding ({index} or null): highlighted, and brought into view keeping the zoom
  setFinding(choice) {
    this.chosen = choice ? choice.index : null;
    const f = this.findings.find((g) => g.index === this.chosen);
    if (f && this.view) {
      const span = this.view[1] - this.view[0];
      if (f.t < this.view[0] || f.t > this.view[1]) this.view = [f.t - span / 2, f.t + span / 2];
      if (f.d < this.dview[0] || f.d > this.dview[1]) this._setDistance(f.d - (this.dview[1] - this.dview[0]) / 2, f.d + (this.dview[1] - this.dview[0]) / 2);
    }
    this._redraw();
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
    this.dview = [0, this.length];
    this._redraw();
  }

  // Zoom to "all", "air", "selected" or a kind of ground element ("foot"): a column's bands are shown where
  // they pass the anchor, the distance scaled so that they run at about 45° and stand apart.
  zoomTo(group) {
    if (!this.plan) return;
    this._forgetHover();
    if (group === "all") return this.resetView();
    if (group === "air") return this._fitMarks(this.marks);
    if (group === "selected") {
      const i = this.bands.findIndex((b) => b.element.id === this.selected);
      if (i >= 0) return this._fitBands(this.bands.slice(Math.max(0, i - 1), i + 2));
      return this._fitMarks(this.marks.filter((m) => m.element.id === this.selected));
    }
    return this._fitBands(this.bands.filter((b) => b.element.kind === group));
  }

  _fitBands(bands) {
    if (!bands.length) return;
    const anchorM = this.points.find((p) => p.name === this.anchor).at_m;
    const [first] = bands;
    const c = bands.some((b) => timeAt(b.head, anchorM) !== null) ? anchorM : (first.head[0][0] + first.head[first.head.length - 1][0]) / 2;
    const heads = bands.map((b) => timeAt(b.head, c)).filter((t) => t !== null);
    const tails = bands.map((b) => timeAt(b.tail, c)).filter((t) => t !== null);
    const [t0, t1] = [Math.min(...heads), Math.max(...tails)];
    const pad = Math.max(15, 0.1 * (t1 - t0));
    this.view = [t0 - pad, t1 + pad];
    const speeds = bands.map((b) => b.element.speed_mps).sort((a, b) => a - b);
    const depth = speeds[Math.floor(speeds.length / 2)] * (this.view[1] - this.view[0]) * (this._plotH / this._plotW);
    this._setDistance(c - depth / 2, c + depth / 2);
    this._redraw();
  }

  _fitMarks(marks) {
    if (!marks.length) return;
    const times = marks.map((m) => m.t);
    const pad = Math.max(45, 0.1 * (Math.max(...times) - Math.min(...times)));
    this.view = [Math.min(...times) - pad, Math.max(...times) + pad];
    this.dview = [0, this.length];
    this._redraw();
  }

  // the distance window [d0, d1], at least MIN_SPAN_M and inside the route
  _setDistance(d0, d1) {
    const span = Math.min(this.length, Math.max(MIN_SPAN_M, d1 - d0));
    const low = Math.min(this.length - span, Math.max(0, (d0 + d1) / 2 - span / 2));
    this.dview = [low, low + span];
  }

  // pixel <-> value
  _x(t) { return MARGIN.left + ((t - this.view[0]) / (this.view[1] - this.view[0])) * this._plotW; }
  _t(x) { return this.view[0] + ((x - MARGIN.left) / this._plotW) * (this.view[1] - this.view[0]); }
  _y(d) { return MARGIN.top + (1 - (d - this.dview[0]) / (this.dview[1] - this.dview[0])) * this._plotH; }
  _d(y) { return this.dview[0] + (1 - (y - MARGIN.top) / this._plotH) * (this.dview[1] - this.dview[0]); }
  _plot() { return [MARGIN.left, MARGIN.top, MARGIN.left + this._plotW, MARGIN.top + this._plotH]; }

  _resize() {
    const box = this.host.getBoundingClientRect();
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

  // a redraw at the next frame, once however many drags and wheel steps come before it
  _schedule() {
    if (this._pending) return;
    this._pending = true;
    requestAnimationFrame(() => {
      this._pending = false;
      this._redraw();
    });
  }

  // everything but the cursor and the hover outline, into an offscreen canvas
  _redraw() {
    if (!this.plan || !this._w || !this.view) return;
    const ctx = this.static.getContext("2d");
    ctx.setTransform(this._ratio, 0, 0, this._ratio, 0, 0);
    ctx.clearRect(0, 0, this._w, this._h);
    ctx.fillStyle = "#11161d";
    ctx.fillRect(0, 0, this._w, this._h);
    ctx.font = FONT;
    const plot = this._plot();

    // stretches with a speed limit, where the bands bend
    ctx.fillStyle = "rgba(245, 158, 11, 0.08)";
    for (const s of this.slowStretches) {
      const [top, bottom] = [Math.max(plot[1], this._y(Math.min(s.to_m, this.length))), Math.min(plot[3], this._y(s.from_m))];
      if (bottom > top) ctx.fillRect(plot[0], top, this._plotW, bottom - top);
    }
    this.axisBoxes = drawDistanceAxis(ctx, this, MARGIN);
    drawTimeAxis(ctx, this, MARGIN);

    ctx.save();
    ctx.beginPath();
    ctx.rect(plot[0], plot[1], this._plotW, this._plotH);
    ctx.clip();
    this._drawBands(ctx);
    if (this.overlay) this.overlay(ctx, this);
    this._drawMarks(ctx);
    this._drawFindings(ctx);
    ctx.restore();
    Object.assign(this, drawNames(ctx, this, plot));
    this._paint();
  }

  // bands: along the head edge, back along the tail edge
  _drawBands(ctx) {
    const px = (edge) => edge.map(([d, t]) => [this._x(t), this._y(d)]);
    for (const band of this.bands) {
      const [head, tail] = [px(band.head), px(band.tail)];
      band.edgesPx = [head, tail];
      band.outline = [...head, ...[...tail].reverse()];
      band.centre = head.map(([x, y], i) => [(x + tail[i][0]) / 2, y]);
      const xs = band.outline.map((p) => p[0]);
      const ys = band.outline.map((p) => p[1]);
      band.box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
      const path = new Path2D();
      for (const [x, y] of band.outline) path.lineTo(x, y);
      path.closePath();
      band.path = path;
      const selected = band.element.id === this.selected;
      ctx.fillStyle = css(colourOf(band.element), selected ? 0.95 : 0.6);
      ctx.fill(path);
      ctx.lineWidth = selected ? 2 : 1;
      ctx.strokeStyle = selected ? "#ffffff" : band.flag === "error" ? css(ERROR) : band.flag === "warning" ? css(WARNING) : css(colourOf(band.element), 0.95);
      ctx.stroke(path);
    }
  }

  // air formations over the flypast point
  _drawMarks(ctx) {
    for (const mark of this.marks) {
      const [x, y] = [this._x(mark.t), this._y(mark.d)];
      Object.assign(mark, { x, y, r: MARK_R_PX });
      const selected = mark.element.id === this.selected;
      ctx.beginPath();
      ctx.moveTo(x, y - MARK_R_PX); ctx.lineTo(x + 6, y); ctx.lineTo(x, y + MARK_R_PX); ctx.lineTo(x - 6, y); ctx.closePath();
      ctx.fillStyle = selected ? "#ffffff" : css(colourOf(mark.element));
      ctx.fill();
      ctx.lineWidth = mark.flag ? 2 : 1;
      ctx.strokeStyle = mark.flag === "error" ? css(ERROR) : mark.flag === "warning" ? css(WARNING) : "#0b0f14";
      ctx.stroke();
    }
  }

  // findings: rings where and when; the chosen one larger and thicker
  _drawFindings(ctx) {
    for (const f of this.findings) {
      const chosen = f.index === this.chosen;
      Object.assign(f, { x: this._x(f.t), y: this._y(f.d), r: chosen ? CHOSEN_R_PX : RING_R_PX });
      const colour = f.finding.severity === "error" ? css(ERROR) : css(WARNING);
      ctx.beginPath();
      ctx.arc(f.x, f.y, f.r, 0, 2 * Math.PI);
      ctx.lineWidth = chosen ? 5.5 : 4;
      ctx.strokeStyle = "rgba(11, 15, 20, 0.85)";
      ctx.stroke();
      ctx.lineWidth = chosen ? 3.5 : 2;
      ctx.strokeStyle = colour;
      ctx.stroke();
    }
  }

  _paint() {
    if (!this._w) return;
    const ctx = this.canvas.getContext("2d");
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.static, 0, 0);
    if (!this.view) return;
    ctx.setTransform(this._ratio, 0, 0, this._ratio, 0, 0);
    this._paintHover(ctx);
    if (this.cursor === null) return;
    const x = this._x(this.cursor);
    if (x < MARGIN.left || x > MARGIN.left + this._plotW) return;
    ctx.strokeStyle = "#f8fafc";
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(x, MARGIN.top - 4);
    ctx.lineTo(x, MARGIN.top + this._plotH);
    ctx.stroke();
    const text = wholeClock(this.cursor);
    ctx.font = `600 ${FONT}`;
    const w = ctx.measureText(text).width + 10;
    ctx.fillStyle = "#f8fafc";
    ctx.fillRect(x - w / 2, 2, w, 16);
    ctx.fillStyle = "#0b0f14";
    ctx.textAlign = "center";
    ctx.textBaseline = "middle";
    ctx.fillText(text, x, 10);
  }

  // the pointer's readout and outline, stale once the view moves under it
  _forgetHover() {
    this.hover = null;
    this.readoutBox.hidden = true;
  }

  // an outline round what the pointer is over
  _paintHover(ctx) {
    if (!this.hover) return;
    ctx.save();
    ctx.beginPath();
    ctx.rect(MARGIN.left, MARGIN.top, this._plotW, this._plotH);
    ctx.clip();
    ctx.strokeStyle = "rgba(255, 255, 255, 0.85)";
    ctx.lineWidth = 1.5;
    if (this.hover.kind === "band") ctx.stroke(this.hover.band.path);
    else if (this.hover.kind !== "group") {
      const { x, y, r } = this.hover.kind === "air" ? this.hover.mark : this.findings.find((f) => f.index === this.hover.index);
      ctx.beginPath();
      ctx.arc(x, y, r + 3, 0, 2 * Math.PI);
      ctx.stroke();
    }
    ctx.restore();
  }

  // where (x, y) is: "plot", "distance" (the axis on the left), "time" (the axis below) or null
  _region(x, y) {
    const [left, top, right, bottom] = this._plot();
    if (y > bottom && x >= left && x <= right) return "time";
    if (x < left && y >= top && y <= bottom) return "distance";
    return x >= left && x <= right && y >= top && y <= bottom ? "plot" : null;
  }

  // what a click at (x, y) would choose: a label names its element (a column's name zooms to it), else pick()
  _hit(x, y) {
    if (this._region(x, y) !== "plot") return null;
    const on = (labels) => labels.find((l) => contains(l.rect, x, y));
    const mark = on(this.markLabels);
    if (mark) return { kind: "air", mark: this.marks.find((m) => m.element.id === mark.id) };
    const band = on(this.bandLabels);
    if (band) return { kind: "band", band: this.bands.find((b) => b.element.id === band.id) };
    const group = on(this.groupLabels);
    if (group) return { kind: "group", group: group.kind, text: group.text };
    return pick(x, y, this);
  }

  _showReadout(x, y, region, hit) {
    let lines = null;
    if (region === "plot") lines = readout(this, hit, x, y);
    else if (region === "time" && this.onSeek) lines = [`click: set the clock to ${wholeClock(this._t(x))}`];
    else if (region === "distance") {
      const near = this.points.filter((p) => Math.abs(this._y(p.at_m) - y) <= 6);
      lines = near.length ? near.map((p) => `${p.name}: ${p.label || p.name}`) : [`${Math.round(this._d(y))} m`];
    }
    const box = this.readoutBox;
    if (!lines) {
      box.hidden = true;
      return;
    }
    box.replaceChildren(...lines.map((line, i) => el("div", { style: i === 0 && hit ? "font-weight:600" : null }, line)));
    box.hidden = false;
    const [w, h] = [box.offsetWidth, box.offsetHeight];
    box.style.left = `${x + 14 + w > this._w ? Math.max(0, x - 14 - w) : x + 14}px`;
    box.style.top = `${y + 14 + h > this._h ? Math.max(0, y - 14 - h) : y + 14}px`;
  }

  _zoomTime(x, k) {
    const t = this._t(x);
    const span = Math.min(this.extent[1] - this.extent[0] + 3600, Math.max(MIN_SPAN_S, (this.view[1] - this.view[0]) * k));
    const f = (x - MARGIN.left) / this._plotW;
    this.view = [t - f * span, t - f * span + span];
  }

  _zoomDistance(y, k) {
    const d = this._d(y);
    const span = Math.min(this.length, Math.max(MIN_SPAN_M, (this.dview[1] - this.dview[0]) * k));
    const f = Math.min(1, Math.max(0, (y - MARGIN.top) / this._plotH)); // 0 at the top
    this._setDistance(d - (1 - f) * span, d + f * span);
  }

  _bindPointer() {
    const c = this.canvas;
    let drag = null;
    const local = (e) => {
      const r = c.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    };
    c.addEventListener("pointerdown", (e) => {
      const [x, y] = local(e);
      drag = { x: e.clientX, y: e.clientY, view: [...this.view], dview: [...this.dview], region: this._region(x, y), moved: false };
      c.setPointerCapture(e.pointerId);
    });
    c.addEventListener("pointermove", (e) => {
      const [x, y] = local(e);
      if (drag) {
        const [dx, dy] = [e.clientX - drag.x, e.clientY - drag.y];
        if (Math.hypot(dx, dy) > 3) drag.moved = true;
        if (!drag.moved) return;
        this._forgetHover();
        if (drag.region !== "distance") {
          const dt = (dx / this._plotW) * (drag.view[1] - drag.view[0]);
          this.view = [drag.view[0] - dt, drag.view[1] - dt];
        }
        if (drag.region === "plot" || drag.region === "distance") {
          const dd = (dy / this._plotH) * (drag.dview[1] - drag.dview[0]);
          this._setDistance(drag.dview[0] + dd, drag.dview[1] + dd);
        }
        this._schedule();
        return;
      }
      const region = this._region(x, y);
      const hit = this._hit(x, y);
      c.style.cursor = hit ? "pointer" : { plot: "crosshair", distance: "ns-resize", time: "pointer" }[region] || "default";
      this.hover = hit;
      this._paint();
      this._showReadout(x, y, region, hit);
    });
    c.addEventListener("pointerleave", () => {
      this._forgetHover();
      this._paint();
    });
    c.addEventListener("pointerup", (e) => {
      const wasDrag = drag && drag.moved;
      drag = null;
      if (wasDrag) return;
      const [x, y] = local(e);
      const region = this._region(x, y);
      if (region === "time") {
        if (this.onSeek) this.onSeek(this._t(x));
        return;
      }
      const hit = this._hit(x, y);
      if (!hit) return; // a miss does nothing
      if (hit.kind === "group") this.zoomTo(hit.group);
      else if (hit.kind === "finding") this.store.set({ finding: { index: hit.index } });
      else this.store.set({ selected: hit.kind === "air" ? hit.mark.element.id : hit.band.element.id });
    });
    c.addEventListener("wheel", (e) => {
      e.preventDefault();
      const [x, y] = local(e);
      const region = this._region(x, y);
      const k = Math.exp((e.deltaY || e.deltaX) * WHEEL_RATE); // shift turns the wheel sideways in some browsers
      // on the plot both axes (the bands keep their slope), shift: distance only; on an axis, along it only
      const along = region === "plot" ? (e.shiftKey ? "distance" : "both") : region;
      if (along === "distance" || along === "both") this._zoomDistance(y, k);
      if (along === "time" || along === "both") this._zoomTime(x, k);
      if (!along) return;
      this._forgetHover();
      this._schedule();
    }, { passive: false });
    c.addEventListener("dblclick", () => this.resetView());
  }

  // --- read-only, for tests: page coordinates of what is drawn ---

  // page coordinates of clock time t at distance d
  pagePoint(t, d) {
    const box = this.canvas.getBoundingClientRect();
    return [box.left + this._x(t), box.top + this._y(d)];
  }

  // the middle of element `id`'s band at the anchor (halfway from head to tail), in page coordinates
  anchorPoint(id) {
    const band = this.bands.find((b) => b.element.id === id);
    const times = band && band.element.times[this.anchor];
    if (!times) return null;
    const middle = (secondsOf(times.head, this.date) + secondsOf(times.tail, this.date)) / 2;
    return this.pagePoint(middle, this.points.find((p) => p.name === this.anchor).at_m);
  }

  // the middle of element `id`'s band at clock time t (halfway from its tail to its head), or null
  pointOfBand(id, t) {
    const band = this.bands.find((b) => b.element.id === id);
    const [head, tail] = band ? [distanceAt(band.head, t), distanceAt(band.tail, t)] : [null, null];
    return head === null || tail === null ? null : this.pagePoint(t, (head + tail) / 2);
  }

  // the ring of finding `index` (into plan.findings) as drawn, or null where it is not drawn
  findingPoint(index) {
    const f = this.findings.find((g) => g.index === index);
    return f ? this.pagePoint(f.t, f.d) : null;
  }

  // [left, top, right, bottom] of the plot (inside the axes), in page coordinates
  plotBox() {
    const box = this.canvas.getBoundingClientRect();
    const [left, top, right, bottom] = this._plot();
    return [box.left + left, box.top + top, box.left + right, box.top + bottom];
  }

  timeWindow() { return [...this.view]; }
  distanceWindow() { return [...this.dview]; }

  _pageLabels(labels) {
    const box = this.canvas.getBoundingClientRect();
    return labels.map(({ id, text, rect }) => ({ id, text, corners: corners(rect).map(([x, y]) => [box.left + x, box.top + y]) }));
  }

  // [{id, text, corners: [[x, y] x4]}] of the bands' names as drawn
  bandLabelBoxes() { return this._pageLabels(this.bandLabels); }

  // the same for the formations' names
  markLabelBoxes() { return this._pageLabels(this.markLabels); }

  // [{name (null for a round distance), left, top, right, bottom}] of the distance axis's labels
  axisLabelBoxes() {
    const box = this.canvas.getBoundingClientRect();
    return this.axisBoxes.map((b) => ({ ...b, left: box.left + b.left, right: box.left + b.right, top: box.top + b.top, bottom: box.top + b.bottom }));
  }
}
