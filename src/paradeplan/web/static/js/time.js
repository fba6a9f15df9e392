// Times of the plan JSON ("2025-05-07T11:29:59.8+05:00") and the one rule for showing them:
// - a planned time is shown as the clock part of its string, digits as they are: "11:29:59.8";
// - where a screen shows whole seconds (the clock, the tribune view), a time is rounded to the
//   nearest second, never cut off;
// - a countdown shows the seconds left rounded up, so it reaches 0:00 only at the moment itself.
// Clock seconds are the planner's own: wall-clock seconds after local midnight of the parade day.

const ISO = /^(\d{4}-\d\d-\d\d)T(\d\d):(\d\d):(\d\d(?:\.\d+)?)(Z|[+-]\d\d:\d\d)$/;
const DAY_S = 86400;
const DAY_MS = DAY_S * 1000;

function parts(iso) {
  const match = ISO.exec(iso);
  if (!match) throw new Error(`not an ISO 8601 time with offset: ${iso}`);
  const [, date, hours, minutes, seconds, offset] = match;
  return { date, hours, minutes, seconds, offset };
}

// "2025-05-07T11:29:59.8+05:00" -> "11:29:59.8"
export function clockText(iso) {
  const { hours, minutes, seconds } = parts(iso);
  return `${hours}:${minutes}:${seconds}`;
}

// clock seconds of an ISO time on the parade day `date` ("2025-05-07"); past midnight counts on
export function secondsOf(iso, date) {
  const p = parts(iso);
  const days = (Date.parse(`${p.date}T00:00:00Z`) - Date.parse(`${date}T00:00:00Z`)) / DAY_MS;
  return days * DAY_S + Number(p.hours) * 3600 + Number(p.minutes) * 60 + Number(p.seconds);
}

// the offset from UTC during the parade, from one of the plan's times: "+05:00"
function paradeOffset(plan) {
  const { summary } = plan;
  return parts(summary.first_at_anchor || summary.step_off || plan.air[0].over_tribune).offset;
}

// the parade's time zone and its offset that day: "Asia/Almaty (UTC+05:00)"
export function zoneLabel(plan) {
  const offset = paradeOffset(plan);
  return `${plan.timezone} (UTC${offset === "Z" ? "" : offset})`;
}

// the moment (epoch ms) of clock second 0 of the parade day, at the offset in force during the parade
export function midnightMs(plan) {
  return Date.parse(`${plan.date}T00:00:00${paradeOffset(plan)}`);
}

const pad = (n) => String(n).padStart(2, "0");

// clock seconds to the nearest whole second: 41399.8 -> "11:30:00"
export function wholeClock(t) {
  const whole = ((Math.round(t) % DAY_S) + DAY_S) % DAY_S;
  return `${pad(Math.floor(whole / 3600))}:${pad(Math.floor(whole / 60) % 60)}:${pad(whole % 60)}`;
}

// hours and minutes of a whole-second clock: 41399.8 -> "11:30"
export function shortClock(t) {
  return wholeClock(t).slice(0, 5);
}

// the time left to a moment, the seconds rounded up: 64.2 -> "1:05", 3725 -> "1:02:05"; "0:00" once it has come
export function countdown(seconds) {
  const left = Math.max(0, Math.ceil(seconds));
  const hours = Math.floor(left / 3600);
  const minutes = Math.floor(left / 60) % 60;
  return hours ? `${hours}:${pad(minutes)}:${pad(left % 60)}` : `${minutes}:${pad(left % 60)}`;
}
