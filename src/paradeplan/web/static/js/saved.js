// When a version was saved, in the reader's own time zone and saying which: the server stores and
// sends save times in UTC (ISO 8601); a list that shows them as wall-clock times must name the zone.

const FORMAT = new Intl.DateTimeFormat("en-GB", {
  day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23",
});

// the reader's zone, for a column header: "Europe/Berlin", "America/New York", or "UTC"
export function readerZone() {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  return /^(Etc\/)?(UTC|GMT|Universal|Zulu)$/.test(zone) ? "UTC" : zone.replaceAll("_", " ");
}

// the reader's offset from UTC at a moment: "UTC", "UTC+1", "UTC+5:30", "UTC−3"
export function offsetLabel(date) {
  const offsetMin = -date.getTimezoneOffset();
  if (offsetMin === 0) return "UTC";
  const absMin = Math.abs(offsetMin);
  const minutes = absMin % 60;
  return `UTC${offsetMin > 0 ? "+" : "−"}${Math.floor(absMin / 60)}${minutes ? `:${String(minutes).padStart(2, "0")}` : ""}`;
}

// "2026-11-29T20:50:00+00:00" read in Europe/Berlin -> "29 Nov 2026, 21:50 UTC+1"
export function savedTime(iso) {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${FORMAT.format(date)} ${offsetLabel(date)}`;
}
