// The workspace clock: driven by wall-clock time (performance.now()), never by counting frames, so
// a slow renderer shows fewer frames of the same parade rather than a slower parade.
import { el } from "./dom.js";

export class Clock extends EventTarget {
  constructor(start, min, max) {
    super();
    this.min = min;
    this.max = max;
    this.speed = 1;
    this.playing = false;
    this._t = start;
    this._wall = performance.now();
  }

  now() {
    if (!this.playing) return this._t;
    const t = this._t + ((performance.now() - this._wall) / 1000) * this.speed;
    if (t >= this.max) {
      this._t = this.max;
      this.playing = false;
      this.dispatchEvent(new Event("state"));
      return this.max;
    }
    return t;
  }

  _rebase() {
    this._t = this.now();
    this._wall = performance.now();
  }

  play() {
    if (this._t >= this.max) this._t = this.min;
    this._wall = performance.now();
    this.playing = true;
    this.dispatchEvent(new Event("state"));
  }

  pause() {
    this._rebase();
    this.playing = false;
    this.dispatchEvent(new Event("state"));
  }

  toggle() {
    if (this.playing) this.pause();
    else this.play();
  }

  setSpeed(speed) {
    this._rebase();
    this.speed = speed;
    this.dispatchEvent(new Event("state"));
  }

  seek(t) {
    this._t = Math.min(this.max, Math.max(this.min, t));
    this._wall = performance.now();
    this.dispatchEvent(new Event("seek"));
  }

  setRange(min, max) {
    this.min = min;
    this.max = max;
    this.seek(this._t);
  }
}

const SPEEDS = [1, 10, 60];

// Play/pause, x1/x10/x60, the time slider and the clock in the scenario's time zone.
export function mountTransport(root, clock, timebase) {
  const play = el("button", { type: "button", class: "play", id: "play", title: "Play / pause (space)", onclick: () => clock.toggle() });
  const speeds = SPEEDS.map((s) => el("button", { type: "button", class: "speed", dataset: { speed: s }, onclick: () => clock.setSpeed(s) }, `x${s}`));
  const slider = el("input", { type: "range", id: "time-slider", min: clock.min, max: clock.max, step: 1, value: clock.now(), "aria-label": "Time" });
  const readout = el("output", { class: "clock", id: "clock" });
  const zone = el("span", { class: "zone" }, `${timebase.timezone} (${timebase.zoneName})`);
  root.replaceChildren(play, el("span", { class: "speeds" }, speeds), slider, el("span", { class: "clock-box" }, readout, zone));

  let dragging = false;
  slider.addEventListener("input", () => {
    dragging = true;
    clock.seek(Number(slider.value));
  });
  slider.addEventListener("change", () => { dragging = false; });

  const showState = () => {
    play.textContent = clock.playing ? "❚❚ Pause" : "▶ Play";
    play.classList.toggle("on", clock.playing);
    for (const b of speeds) b.classList.toggle("on", Number(b.dataset.speed) === clock.speed);
    slider.min = clock.min;
    slider.max = clock.max;
  };
  clock.addEventListener("state", showState);
  clock.addEventListener("seek", showState);
  showState();

  document.addEventListener("keydown", (event) => {
    if (event.code !== "Space" || event.target.closest(".cm-editor, input, textarea, select, button")) return;
    event.preventDefault();
    clock.toggle();
  });

  let shown = null;
  return function update(t) {
    const text = timebase.format(t);
    if (text !== shown) {
      readout.textContent = text;
      shown = text;
    }
    if (!dragging) slider.value = t;
  };
}
