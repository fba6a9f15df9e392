// The day as it happens, for every live page: the server's stream of records, forecasts and the day
// (GET /api/scenarios/{id}/live/stream, Server-Sent Events), and the day's clock.
// - openLive follows the stream. The browser's EventSource reconnects by itself and resends the last
//   event id it saw (Last-Event-ID), so the server sends what was missed; when the server closes the
//   stream for good (it answered an error), openLive opens it again after a pause with ?after=<last seq
//   seen>. A page that knows a seq from before a full reload passes it as `after`.
// - dayNow is the day's clock: the parade time the controller set (drills, replays run it at another
//   rate), or the wall clock when none was set.

const REOPEN_S = 5;

// Follow the day: onRecord(stored record), onForecast({seq, ...live state}), onDay(day JSON),
// onStatus("live" | "reconnecting"). Returns {close(), lastSeq()}.
export function openLive(apiUrl, scenarioId, { onRecord, onForecast, onDay, onStatus, after = null } = {}) {
  const base = `${apiUrl}/scenarios/${scenarioId}/live/stream`;
  let lastSeq = after;
  let source = null;
  let reopen = null;
  let closed = false;
  let status = null;
  const tell = (next) => {
    if (next !== status) {
      status = next;
      if (onStatus) onStatus(next);
    }
  };
  const seen = (event) => {
    const seq = Number(event.lastEventId);
    if (event.lastEventId !== "" && Number.isFinite(seq) && (lastSeq === null || seq > lastSeq)) lastSeq = seq;
  };
  const open = () => {
    source = new EventSource(lastSeq === null ? base : `${base}?after=${lastSeq}`);
    source.onopen = () => tell("live");
    source.onerror = () => {
      tell("reconnecting");
      if (source.readyState === EventSource.CLOSED && !closed) {
        source = null;
        reopen = setTimeout(open, REOPEN_S * 1000);
      }
    };
    source.addEventListener("record", (event) => {
      seen(event);
      if (onRecord) onRecord(JSON.parse(event.data));
    });
    source.addEventListener("forecast", (event) => {
      seen(event);
      if (onForecast) onForecast(JSON.parse(event.data));
    });
    source.addEventListener("day", (event) => {
      if (onDay) onDay(JSON.parse(event.data));
    });
  };
  open();
  return {
    close() {
      closed = true;
      clearTimeout(reopen);
      if (source) source.close();
    },
    lastSeq: () => lastSeq,
  };
}

// the day's now as a Date: the clock's parade time at `at`, plus the wall time since, times its rate;
// the wall clock without a day
export function dayNow(day, wallMs = Date.now()) {
  if (!day || !day.clock) return new Date(wallMs);
  const { time, at, rate } = day.clock;
  return new Date(Date.parse(time) + (wallMs - Date.parse(at)) * rate);
}

// the offset of an ISO time: "2025-05-07T11:29:59.8+05:00" -> "+05:00" ("Z" for UTC)
export function offsetOf(iso) {
  const match = /(Z|[+-]\d\d:\d\d)$/.exec(iso);
  if (!match) throw new Error(`not an ISO 8601 time with offset: ${iso}`);
  return match[1];
}

// a moment as ISO 8601 at an offset, to the millisecond: (Date, "+05:00") -> "2025-05-07T11:29:59.800+05:00"
export function isoAt(date, offset) {
  const sign = offset === "Z" ? 0 : (offset[0] === "-" ? -1 : 1);
  const minutes = offset === "Z" ? 0 : sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6)));
  const shifted = new Date(date.getTime() + minutes * 60000).toISOString();  // ends in "Z": the local time there
  return shifted.slice(0, -1) + (offset === "Z" ? "Z" : offset);
}

// the day's now as ISO 8601 with the parade's offset (that of the day's clock time, else `fallbackOffset`)
export function dayNowIso(day, fallbackOffset) {
  return isoAt(dayNow(day), day && day.clock ? offsetOf(day.clock.time) : fallbackOffset);
}

// a delay in words: 40 -> "40 s late", -75 -> "1 min 15 s early", 0.4 -> "on time"
export function delayWords(seconds) {
  const whole = Math.round(Math.abs(seconds));
  if (whole === 0) return "on time";
  const minutes = Math.floor(whole / 60);
  const text = [minutes ? `${minutes} min` : null, whole % 60 || !minutes ? `${whole % 60} s` : null].filter(Boolean).join(" ");
  return `${text} ${seconds > 0 ? "late" : "early"}`;
}

// a delay's kind for its colour: "ok" within `within_s` of the plan, else "late" or "early"
export function delayKind(seconds, withinS = 5) {
  if (Math.abs(seconds) <= withinS) return "ok";
  return seconds > 0 ? "late" : "early";
}
