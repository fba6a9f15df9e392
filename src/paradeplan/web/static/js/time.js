// Times of the plan JSON ("2025-05-07T11:20:00.0+05:00") as seconds since the scenario's local
// midnight, the planner's own clock, and back to text in the scenario's time zone.

const ISO = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d(?:\.\d+)?)(Z|[+-]\d\d:\d\d)$/;

function epochMs(iso) {
  const m = ISO.exec(iso);
  if (!m) throw new Error(`not an ISO 8601 time with offset: ${iso}`);
  const [, y, mo, d, h, mi, s, zone] = m;
  const offsetMin = zone === "Z" ? 0 : (zone[0] === "-" ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return Date.UTC(+y, +mo - 1, +d, +h, +mi, 0) + Number(s) * 1000 - offsetMin * 60000;
}

export class TimeBase {
  // date: "2025-05-07"; timezone: IANA name; sample: any ISO time of the plan (gives the offset)
  constructor(date, timezone, sample) {
    this.timezone = timezone;
    const zone = ISO.exec(sample)[7];
    this.midnightMs = epochMs(`${date}T00:00:00${zone}`);
    this.clock = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" });
    this.short = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    this.zoneName = new Intl.DateTimeFormat("en-GB", { timeZone: timezone, timeZoneName: "shortOffset" })
      .formatToParts(new Date(this.midnightMs)).find((p) => p.type === "timeZoneName").value;
  }

  seconds(iso) {
    return (epochMs(iso) - this.midnightMs) / 1000;
  }

  // "11:20:05" in the scenario's zone
  format(t) {
    return this.clock.format(new Date(this.midnightMs + t * 1000));
  }

  formatShort(t) {
    return this.short.format(new Date(this.midnightMs + t * 1000));
  }
}

// 75 -> "1:15", 3725 -> "1:02:05"; signed
export function duration(seconds) {
  const sign = seconds < 0 ? "-" : "";
  let s = Math.round(Math.abs(seconds));
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const pad = (n) => String(n).padStart(2, "0");
  return h ? `${sign}${h}:${pad(m)}:${pad(s)}` : `${sign}${m}:${pad(s)}`;
}
