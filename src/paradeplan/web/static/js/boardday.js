// The day bar of the board and the air page: the stream's status (live / reconnecting), the day's
// clock, which day runs (version, since when, by whom, records), and for those who may run the day the
// form that starts one (POST /live with the baseline version) and the button that ends it (POST
// /live/end, asked twice).
import { postJSON } from "./api.js";
import { isoAt, offsetOf } from "./livestream.js";
import { wholeClock } from "./time.js";

const STATUS_WORDS = { connecting: "connecting…", live: "live", reconnecting: "reconnecting…" };

// "11:02" on the parade's clock, of a UTC time the server gave
function startedAt(day) {
  const offset = day.clock ? offsetOf(day.clock.time) : "Z";
  return isoAt(new Date(day.started), offset).slice(11, 16);
}

function dayWords(day, records) {
  if (day === undefined) return "Loading the day…";
  if (day === null) return "No day has run on this scenario.";
  const rate = day.clock && day.clock.rate !== 1 ? ` · clock x${day.clock.rate}` : "";
  const state = day.live ? "Day running" : "Day ended";
  return `${state} on version ${day.version} · started ${startedAt(day)} by ${day.started_by} · ${records} records${rate}`;
}

// Fill the day bar of the page from the store (day, records, status, time); onStarted(day) once a day starts here.
export function mountDayBar(store, { api, may, onStarted }) {
  const status = document.getElementById("stream-status");
  const clock = document.getElementById("day-clock");
  const info = document.getElementById("day-info");
  const message = document.getElementById("day-message");
  const form = document.getElementById("start-form");
  const end = document.getElementById("end-day");
  const confirm = document.getElementById("end-confirm");
  const tell = (text, kind = "") => {
    message.textContent = text;
    message.dataset.kind = kind;
  };

  store.subscribe(["status"], (s) => {
    status.dataset.status = s.status;
    status.textContent = STATUS_WORDS[s.status] || s.status;
  });
  store.subscribe(["time"], (s) => {
    const text = s.time === null ? "--:--:--" : wholeClock(s.time);
    if (clock.textContent !== text) clock.textContent = text;
  });
  store.subscribe(["day", "records"], ({ day, records }) => {
    info.textContent = dayWords(day, records.length);
    document.body.dataset.day = day ? (day.live ? "running" : "ended") : "none";
    if (!may.run_day) return;
    form.hidden = day === undefined || Boolean(day && day.live);
    end.hidden = !(day && day.live);
    confirm.hidden = true;
  });
  if (!may.run_day) return;

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const version = Number(document.getElementById("start-version").value);
    form.classList.add("busy");
    tell("");
    try {
      const day = await postJSON(`${api}/live`, { version });
      tell(`Day started on version ${day.version}.`, "ok");
      onStarted(day);
    } catch (error) {
      tell(`Not started: ${error.message}`, "error");
    } finally {
      form.classList.remove("busy");
    }
  });
  end.addEventListener("click", () => {
    end.hidden = true;
    confirm.hidden = false;
    confirm.focus();
  });
  confirm.addEventListener("blur", () => {
    const { day } = store.get();
    if (confirm.hidden || !(day && day.live)) return;
    confirm.hidden = true;
    end.hidden = false;
  });
  confirm.addEventListener("mousedown", (event) => event.preventDefault()); // a click is not a blur
  confirm.addEventListener("click", async () => {
    confirm.disabled = true;
    try {
      const day = await postJSON(`${api}/live/end`);
      store.set({ day });
      tell("Day ended.", "ok");
    } catch (error) {
      tell(`Not ended: ${error.message}`, "error");
    } finally {
      confirm.disabled = false;
    }
  });
}

