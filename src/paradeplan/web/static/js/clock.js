// The workspace clock: driven by wall-clock time (performance.now()), never by counting frames, so
// a slow renderer shows fewer frames of the same parade rather than a slower parade. It keeps the
// store's time, playing, speed and range ([first, last] clock seconds) up to date.
import { el } from "./dom.js";
import { wholeClock, zoneLabel } from "./time.js";

export class Clock {
  constructor(store) {
    this.store = store;
    this._t = null; // clock seconds at wall time this._wall
    this._wall = performance.now();
  }

  // where the clock is now, stopping it at the end of its range
  _now() {
    const { playing, speed, range } = this.store.get();
    if (!playing) return this._t;
    return Math.min(range[1], this._t + ((performance.now() - this._wall) / 1000) * speed);
  }

  _rebase() {
    this._t = this._now();
    this._wall = performance.now();
  }

  // set the store's time to now; called once per animation frame
  tick() {
    if (this._t === null) return;
    const t = this._now();
    const { playing, range } = this.store.get();
    if (playing && t >= range[1]) {
      this._rebase();
      this.store.set({ time: t, playing: false });
    } else {
      this.store.set({ time: t });
    }
  }

  play() {
    const { range } = this.store.get();
    if (this._t >= range[1]) this._t = range[0];
    this._wall = performance.now();
    this.store.set({ playing: true });
  }

  pause() {
    this._rebase();
    this.store.set({ playing: false, time: this._t });
  }

  toggle() {
    if (this.store.get().playing) this.pause();
    else this.play();
  }

  setSpeed(speed) {
    this._rebase();
    this.store.set({ speed });
  }

  seek(t) {
    const [min, max] = this.store.get().range;
    this._t = Math.min(max, Math.max(min, t));
    this._wall = performance.now();
    this.store.set({ time: this._t });
  }

  // a new range (a new plan); the clock starts at `start` the first time
  setRange(range, start) {
    this._rebase();
    this.store.set({ range });
    this.seek(this._t === null ? start : this._t);
  }
}

const SPEEDS = [1, 10, 60];

// Play/pause, x1/x10/x60, the time slider and the clock in the parade's time zone, from the store.
export function mountTransport(root, store, clock) {
  const play = el("button", { type: "button", class: "play", id: "play", title: "Play / pause (space)", onclick: () => clock.toggle() });
  const speeds = SPEEDS.map((s) => el("button", { type: "button", class: "speed", dataset: { speed: s }, onclick: () => clock.setSpeed(s) }, `x${s}`));
  const slider = el("input", { type: "range", id: "time-slider", step: 1, "aria-label": "Time" });
  const readout = el("output", { class: "clock", id: "clock" });
  const zone = el("span", { class: "zone" });
  root.replaceChildren(play, el("span", { class: "speeds" }, speeds), slider, el("span", { class: "clock-box" }, readout, zone));

  let dragging = false;
  slider.addEventListener("input", () => {
    dragging = true;
    clock.seek(Number(slider.value));
  });
  slider.addEventListener("change", () => { dragging = false; });

  store.subscribe(["playing", "speed", "range"], (s) => {
    play.textContent = s.playing ? "❚❚ Pause" : "▶ Play";
    play.classList.toggle("on", s.playing);
    for (const b of speeds) b.classList.toggle("on", Number(b.dataset.speed) === s.speed);
    [slider.min, slider.max] = s.range;
  });
  store.subscribe(["time"], (s) => {
    const text = wholeClock(s.time);
    if (readout.textContent !== text) readout.textContent = text;
    if (!dragging) slider.value = s.time;
  });
  store.subscribe(["plan"], (s) => {
    zone.textContent = zoneLabel(s.plan);
  });

  document.addEventListener("keydown", (event) => {
    if (event.code !== "Space" || event.target.closest(".cm-editor, input, textarea, select, button")) return;
    event.preventDefault();
    clock.toggle();
  });
}
